// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The lead file window against a real service on 127.0.0.1 and a temporary SQLite file,
// offscreen. Invalid fields are rejected beside the field and change nothing. A save
// stores and audits only the changed fields. A save over someone else's change is
// rejected and keeps the user's edits until Reload, and a change elsewhere reaches a form
// without edits. Also covered: the timeline's time order across messages, calls and
// changes, the role table, the WhatsApp button and the main window's ways to open a file.

#include "AccountsTestSupport.h"
#include "ChatView.h"
#include "LeadFileDialog.h"
#include "LeadsModel.h"
#include "MainWindow.h"
#include "MessageBoxes.h"
#include "Session.h"
#include "core/Clock.h"
#include "operations/LeadService.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "storage/AuditRepository.h"
#include "storage/CampaignRepository.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Prospecta;
using Prospecta::Testing::ServiceHarness;

namespace {

constexpr qint64 NowMs = 1735740000000;
const QString Password = QStringLiteral("correct horse battery");

template<typename T>
T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

} // namespace

class LeadFileTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void formShowsStoredLead();
    void invalidFieldIsRefusedBesideIt_data();
    void invalidFieldIsRefusedBesideIt();
    void anotherLeadsPhoneIsRefusedNamingIt();
    void saveStoresChangedFieldsAndAudits();
    void staleSaveKeepsEditsUntilReload();
    void changeElsewhereUpdatesFormWithoutEdits();
    void timelineMergesMessagesCallsAndChanges();
    void roleDecidesWhetherFormIsEditable_data();
    void roleDecidesWhetherFormIsEditable();
    void whatsAppButtonShowsChatInMainWindow();
    void mainWindowOpensOneWindowPerLead();

private:
    qint64 createLead(const QString &name, const QString &phone, qint64 ownerUserId);
    std::unique_ptr<LeadFileDialog> openFile(Session *session, qint64 leadId);
    // Every row a lead edit may touch, to show that a refusal changed nothing.
    QString snapshot() const;
    Lead storedLead(qint64 id) const;
    Result<Lead> updateThroughService(const Actor &actor, qint64 leadId, const LeadInput &input);

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<Database> m_database; // the test's own connection, for setup and checks
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<SnapshotReader> m_reader;
    std::unique_ptr<Session> m_admin;
    std::unique_ptr<Session> m_agent;
    qint64 m_agentId = 0;
    qint64 m_colleagueId = 0;
    qint64 m_campaignId = 0;
    qint64 m_ownLead = 0;        // Ana: the agent's
    qint64 m_unassignedLead = 0; // Bruno: nobody's
    qint64 m_colleaguesLead = 0; // Carla: the colleague's
};

void LeadFileTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void LeadFileTest::init()
{
    MessageBoxes::clearPreparedAnswers();
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_database = std::make_unique<Database>();
    const Status prepared = m_harness->prepare(*m_database, QStringLiteral("test-leadfile"), NowMs);
    QVERIFY2(prepared.ok(), qPrintable(Testing::messageOf(prepared)));
    const Status aiOff = ServiceHarness::setSetting(*m_database, QStringLiteral("ai.enabled"), QStringLiteral("false"), NowMs);
    QVERIFY2(aiOff.ok(), qPrintable(Testing::messageOf(aiOff)));

    m_clock = std::make_shared<ManualClock>(NowMs);
    m_host = std::make_unique<ServiceHost>(m_harness->serviceOptions(m_clock));
    const Status started = m_host->start();
    QVERIFY2(started.ok(), qPrintable(Testing::messageOf(started)));

    const auto adminId = Testing::createFirstAdmin(*m_host, QStringLiteral("Ana Admin"), QStringLiteral("ana@example.com"), Password);
    QVERIFY2(adminId.ok(), qPrintable(Testing::messageOf(adminId)));
    const auto admin = Testing::resolve(*m_host, *adminId);
    QVERIFY2(admin.ok(), qPrintable(Testing::messageOf(admin)));
    m_admin = std::make_unique<Session>(*admin);
    const auto agentId = Testing::addUser(*m_host, m_admin->actor(), QStringLiteral("Beto Asesor"),
                                          QStringLiteral("beto@example.com"), UserRole::Agent, Password);
    QVERIFY2(agentId.ok(), qPrintable(Testing::messageOf(agentId)));
    m_agentId = *agentId;
    const auto colleagueId = Testing::addUser(*m_host, m_admin->actor(), QStringLiteral("Carmen Asesora"),
                                              QStringLiteral("carmen@example.com"), UserRole::Agent, Password);
    QVERIFY2(colleagueId.ok(), qPrintable(Testing::messageOf(colleagueId)));
    m_colleagueId = *colleagueId;
    const auto agent = Testing::resolve(*m_host, m_agentId);
    QVERIFY2(agent.ok(), qPrintable(Testing::messageOf(agent)));
    m_agent = std::make_unique<Session>(*agent);

    Campaign campaign;
    campaign.name = QStringLiteral("Verano");
    m_campaignId = CampaignRepository(*m_database).create(campaign, NowMs).valueOr(0);
    QVERIFY(m_campaignId > 0);
    m_ownLead = createLead(QStringLiteral("Ana Propia"), QStringLiteral("+51999000101"), m_agentId);
    m_unassignedLead = createLead(QStringLiteral("Bruno Libre"), QStringLiteral("+51999000102"), 0);
    m_colleaguesLead = createLead(QStringLiteral("Carla Ajena"), QStringLiteral("+51999000103"), m_colleagueId);
    QVERIFY(m_ownLead > 0 && m_unassignedLead > 0 && m_colleaguesLead > 0);

    m_reader = std::make_unique<SnapshotReader>(m_harness->location());
    m_reader->start();
    m_clock->advance(60000);
}

void LeadFileTest::cleanup()
{
    m_reader.reset();
    m_agent.reset();
    m_admin.reset();
    m_host.reset();
    m_database.reset();
    m_harness.reset();
    m_clock.reset();
}

qint64 LeadFileTest::createLead(const QString &name, const QString &phone, qint64 ownerUserId)
{
    Lead lead;
    lead.name = name;
    lead.phone = phone;
    lead.phoneKey = phone;
    lead.country = QStringLiteral("PE");
    lead.assignedUserId = ownerUserId;
    return LeadRepository(*m_database).create(lead, NowMs).valueOr(0);
}

std::unique_ptr<LeadFileDialog> LeadFileTest::openFile(Session *session, qint64 leadId)
{
    auto dialog = std::make_unique<LeadFileDialog>(m_host.get(), m_reader.get(), session, leadId);
    QSignalSpy loaded(dialog.get(), &LeadFileDialog::loaded);
    dialog->show();
    if (!loaded.wait(10000))
        qWarning("the lead file did not load within 10 s");
    return dialog;
}

QString LeadFileTest::snapshot() const
{
    QString dump;
    const QList<QPair<QString, QString>> tables = {
        {QStringLiteral("leads"), QStringLiteral("id")},
        {QStringLiteral("lead_tags"), QStringLiteral("lead_id, tag_key")},
        {QStringLiteral("audit_log"), QStringLiteral("id")},
    };
    for (const auto &[table, order] : tables) {
        auto query = m_database->exec(QStringLiteral("SELECT * FROM %1 ORDER BY %2").arg(table, order));
        if (!query)
            return QStringLiteral("error: ") + query.error().message;
        dump += table + QLatin1Char('\n');
        while (query->next()) {
            QStringList values;
            for (int i = 0; i < query->record().count(); ++i)
                values << query->value(i).toString();
            dump += values.join(QLatin1Char('|')) + QLatin1Char('\n');
        }
        query->finish();
    }
    return dump;
}

Lead LeadFileTest::storedLead(qint64 id) const
{
    auto found = LeadRepository(*m_database).findById(id);
    return found && *found ? **found : Lead{};
}

Result<Lead> LeadFileTest::updateThroughService(const Actor &actor, qint64 leadId, const LeadInput &input)
{
    return Testing::awaitService<Lead>(*m_host, [actor, leadId, input](ServiceCore &core, std::function<void(Result<Lead>)> reply) {
        reply(core.updateLead(actor, leadId, input));
    });
}

void LeadFileTest::formShowsStoredLead()
{
    LeadInput tagged;
    tagged.tags = QStringList{QStringLiteral("VIP"), QStringLiteral("Frío")};
    tagged.score = 35;
    tagged.campaignId = m_campaignId;
    QVERIFY(updateThroughService(m_admin->actor(), m_ownLead, tagged).ok());

    auto dialog = openFile(m_agent.get(), m_ownLead);
    QCOMPARE(child<QLineEdit>(dialog.get(), "nameEdit")->text(), QStringLiteral("Ana Propia"));
    QCOMPARE(child<QLineEdit>(dialog.get(), "phoneEdit")->text(), QStringLiteral("+51999000101"));
    QCOMPARE(child<QLineEdit>(dialog.get(), "countryEdit")->text(), QStringLiteral("PE"));
    QCOMPARE(child<QLineEdit>(dialog.get(), "tagsEdit")->text(), QStringLiteral("VIP, Frío"));
    QCOMPARE(child<QSpinBox>(dialog.get(), "scoreSpin")->value(), 35);
    QCOMPARE(child<QComboBox>(dialog.get(), "stageCombo")->currentData().toString(), QStringLiteral("new"));
    QCOMPARE(child<QComboBox>(dialog.get(), "ownerCombo")->currentData().toLongLong(), m_agentId);
    QCOMPARE(child<QComboBox>(dialog.get(), "campaignCombo")->currentText(), QStringLiteral("Verano"));
    QVERIFY(dialog->isEditable());
    QVERIFY(!dialog->hasUnsavedChanges());
    QVERIFY(!child<QPushButton>(dialog.get(), "saveButton")->isEnabled());

    child<QLineEdit>(dialog.get(), "nameEdit")->setText(QStringLiteral("Ana María"));
    QVERIFY(child<QPushButton>(dialog.get(), "saveButton")->isEnabled());
    child<QLineEdit>(dialog.get(), "nameEdit")->setText(QStringLiteral("Ana Propia"));
    QVERIFY(!child<QPushButton>(dialog.get(), "saveButton")->isEnabled());
}

void LeadFileTest::invalidFieldIsRefusedBesideIt_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("errorLabel");
    QTest::addColumn<QString>("messagePart");

    QString manyTags;
    for (int i = 1; i <= 21; ++i)
        manyTags += QStringLiteral("t%1,").arg(i);
    QTest::newRow("phone too short") << "phoneEdit" << "12" << "phoneError" << "";
    QTest::newRow("phone empty") << "phoneEdit" << "" << "phoneError" << "missing";
    QTest::newRow("email without domain") << "emailEdit" << "ana@" << "emailError" << "name@example.com";
    QTest::newRow("21 tags") << "tagsEdit" << manyTags << "tagsError" << "at most 20 tags";
    QTest::newRow("tag of 41 characters") << "tagsEdit" << (QStringLiteral("ok, ") + QString(41, QLatin1Char('x')))
                                          << "tagsError" << "longer than 40";
    QTest::newRow("unknown country") << "countryEdit" << "XX" << "countryError" << "ISO 3166";
}

void LeadFileTest::invalidFieldIsRefusedBesideIt()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, errorLabel);
    QFETCH(QString, messagePart);

    auto dialog = openFile(m_agent.get(), m_ownLead);
    const QString before = snapshot();
    QSignalSpy failed(dialog.get(), &LeadFileDialog::saveFailed);
    QSignalSpy saved(dialog.get(), &LeadFileDialog::saved);

    dialog->findChild<QLineEdit *>(field)->setText(value);
    auto *label = dialog->findChild<QLabel *>(errorLabel);
    QVERIFY(label);
    QVERIFY2(label->isVisible(), "the error shows beside the field as soon as it is typed");
    QVERIFY2(label->text().contains(messagePart), qPrintable(label->text()));

    dialog->save();
    QCOMPARE(failed.count(), 1);
    QCOMPARE(saved.count(), 0);
    QVERIFY(dialog->hasUnsavedChanges());
    QCOMPARE(snapshot(), before);
}

void LeadFileTest::anotherLeadsPhoneIsRefusedNamingIt()
{
    auto dialog = openFile(m_agent.get(), m_ownLead);
    const QString before = snapshot();
    QSignalSpy failed(dialog.get(), &LeadFileDialog::saveFailed);

    // The other lead's number, typed in its national form.
    child<QLineEdit>(dialog.get(), "phoneEdit")->setText(QStringLiteral("999 000 102"));
    dialog->save();
    QVERIFY(failed.wait(10000));
    auto *label = child<QLabel>(dialog.get(), "phoneError");
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(QStringLiteral("Lead %1").arg(m_unassignedLead)), qPrintable(label->text()));
    QCOMPARE(child<QLineEdit>(dialog.get(), "phoneEdit")->text(), QStringLiteral("999 000 102"));
    QCOMPARE(snapshot(), before);
}

void LeadFileTest::saveStoresChangedFieldsAndAudits()
{
    auto dialog = openFile(m_agent.get(), m_ownLead);
    child<QLineEdit>(dialog.get(), "nameEdit")->setText(QStringLiteral("Ana María"));
    child<QSpinBox>(dialog.get(), "scoreSpin")->setValue(70);
    child<QLineEdit>(dialog.get(), "tagsEdit")->setText(QStringLiteral(" vip , VIP, caliente"));
    child<QLineEdit>(dialog.get(), "emailEdit")->setText(QStringLiteral("Ana@Example.com"));
    auto *stage = child<QComboBox>(dialog.get(), "stageCombo");
    stage->setCurrentIndex(stage->findData(QStringLiteral("qualified")));

    QSignalSpy saved(dialog.get(), &LeadFileDialog::saved);
    auto *save = child<QPushButton>(dialog.get(), "saveButton");
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(save->text(), QStringLiteral("Saving…"));
    QVERIFY(!save->isEnabled());
    QVERIFY(saved.wait(10000));

    const Lead lead = storedLead(m_ownLead);
    QCOMPARE(lead.name, QStringLiteral("Ana María"));
    QCOMPARE(lead.score, 70);
    QCOMPARE(lead.email, QStringLiteral("ana@example.com"));
    QCOMPARE(toString(lead.status), QStringLiteral("qualified"));
    QCOMPARE(LeadRepository(*m_database).tags(m_ownLead).valueOr({}),
             (QStringList{QStringLiteral("vip"), QStringLiteral("caliente")}));
    QCOMPARE(child<QLineEdit>(dialog.get(), "tagsEdit")->text(), QStringLiteral("vip, caliente"));
    QCOMPARE(child<QLineEdit>(dialog.get(), "emailEdit")->text(), QStringLiteral("ana@example.com"));
    QTRY_VERIFY(!dialog->hasUnsavedChanges());
    QCOMPARE(save->text(), QStringLiteral("&Save"));

    AuditFilter filter;
    filter.targetKind = QStringLiteral("lead");
    filter.targetId = QString::number(m_ownLead);
    const auto rows = AuditRepository(*m_database).query(filter).valueOr({});
    QStringList actions;
    for (const AuditEntry &row : rows)
        actions << row.action + QLatin1Char('=') + row.detail + QLatin1Char('@') + row.actorName;
    actions.sort();
    QCOMPARE(actions, (QStringList{QStringLiteral("lead.edited=name, email, score 0 -> 70, tags@beto@example.com"),
                                   QStringLiteral("lead.status_changed=new -> qualified@beto@example.com")}));
}

void LeadFileTest::staleSaveKeepsEditsUntilReload()
{
    auto dialog = openFile(m_agent.get(), m_ownLead);
    child<QPlainTextEdit>(dialog.get(), "notesEdit")->setPlainText(QStringLiteral("Quiere precios"));

    // Meanwhile an administrator changes the score on another desktop.
    m_clock->advance(1000);
    LeadInput elsewhere;
    elsewhere.score = 55;
    QVERIFY(updateThroughService(m_admin->actor(), m_ownLead, elsewhere).ok());
    QTRY_VERIFY(child<QLabel>(dialog.get(), "changedLabel")->isVisible());
    QCOMPARE(child<QPlainTextEdit>(dialog.get(), "notesEdit")->toPlainText(), QStringLiteral("Quiere precios"));
    QCOMPARE(child<QSpinBox>(dialog.get(), "scoreSpin")->value(), 0);

    const QString before = snapshot();
    QSignalSpy failed(dialog.get(), &LeadFileDialog::saveFailed);
    dialog->save();
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("ana@example.com")), qPrintable(message));
    QVERIFY(child<QLabel>(dialog.get(), "messageLabel")->isVisible());
    QVERIFY(child<QPushButton>(dialog.get(), "reloadButton")->isVisible());
    QCOMPARE(snapshot(), before);
    QCOMPARE(child<QPlainTextEdit>(dialog.get(), "notesEdit")->toPlainText(), QStringLiteral("Quiere precios"));

    // Reload takes the administrator's score and keeps the agent's notes.
    QTest::mouseClick(child<QPushButton>(dialog.get(), "reloadButton"), Qt::LeftButton);
    QCOMPARE(child<QSpinBox>(dialog.get(), "scoreSpin")->value(), 55);
    QCOMPARE(child<QPlainTextEdit>(dialog.get(), "notesEdit")->toPlainText(), QStringLiteral("Quiere precios"));
    QSignalSpy saved(dialog.get(), &LeadFileDialog::saved);
    dialog->save();
    QVERIFY(saved.wait(10000));
    QCOMPARE(storedLead(m_ownLead).notes, QStringLiteral("Quiere precios"));
    QCOMPARE(storedLead(m_ownLead).score, 55);
}

void LeadFileTest::changeElsewhereUpdatesFormWithoutEdits()
{
    auto dialog = openFile(m_agent.get(), m_ownLead);
    LeadInput elsewhere;
    elsewhere.name = QStringLiteral("Ana Cambiada");
    elsewhere.tags = QStringList{QStringLiteral("nuevo")};
    QVERIFY(updateThroughService(m_admin->actor(), m_ownLead, elsewhere).ok());
    QTRY_COMPARE(child<QLineEdit>(dialog.get(), "nameEdit")->text(), QStringLiteral("Ana Cambiada"));
    QCOMPARE(child<QLineEdit>(dialog.get(), "tagsEdit")->text(), QStringLiteral("nuevo"));
    QVERIFY(!child<QLabel>(dialog.get(), "changedLabel")->isVisible());
    QVERIFY(!dialog->hasUnsavedChanges());
}

void LeadFileTest::timelineMergesMessagesCallsAndChanges()
{
    Conversation conversation;
    conversation.leadId = m_ownLead;
    conversation.providerAddress = QStringLiteral("51999000101");
    const qint64 conversationId = ConversationRepository(*m_database).create(conversation, NowMs).valueOr(0);
    QVERIFY(conversationId > 0);
    const auto insertMessage = [&](const QString &sender, const QString &text, qint64 atMs) {
        return m_database
            ->insert(QStringLiteral("INSERT INTO messages (conversation_id, sender, content_type, content, created_at) "
                                    "VALUES (?, ?, 'text', ?, ?) RETURNING id"),
                     {conversationId, sender, text, atMs})
            .ok();
    };
    // Written out of time order on purpose: the timeline sorts by time, not by id.
    QVERIFY(insertMessage(QStringLiteral("lead"), QStringLiteral("Hola, quiero info"), NowMs + 1000));
    QVERIFY(insertMessage(QStringLiteral("system"), QStringLiteral("Nota final"), NowMs + 5000));
    QVERIFY(m_database
                ->insert(QStringLiteral("INSERT INTO calls (lead_id, direction, status, start_at, end_at, duration_seconds, "
                                        "recording_url, call_sid, notes, created_at, updated_at) "
                                        "VALUES (?, 'outbound', 'completed', ?, ?, 42, '', 'CA1', '', ?, ?) RETURNING id"),
                         {m_ownLead, NowMs + 2000, NowMs + 44000, NowMs + 2000, NowMs + 2000})
                .ok());
    AuditEntry change;
    change.occurredMs = NowMs + 3000;
    change.actorKind = QStringLiteral("user");
    change.actorName = QStringLiteral("ana@example.com");
    change.action = QStringLiteral("lead.status_changed");
    change.targetKind = QStringLiteral("lead");
    change.targetId = QString::number(m_ownLead);
    change.detail = QStringLiteral("new -> contacted");
    QVERIFY(AuditRepository(*m_database).append(change).ok());
    // Another lead's change stays out of this timeline.
    change.targetId = QString::number(m_unassignedLead);
    change.occurredMs = NowMs + 4000;
    QVERIFY(AuditRepository(*m_database).append(change).ok());

    auto dialog = openFile(m_agent.get(), m_ownLead);
    auto *timeline = child<QListWidget>(dialog.get(), "timeline");
    QCOMPARE(timeline->count(), 4);
    const QList<TimelineEntry::Kind> kinds = {TimelineEntry::Kind::Message, TimelineEntry::Kind::Call,
                                              TimelineEntry::Kind::Change, TimelineEntry::Kind::Message};
    for (int row = 0; row < kinds.size(); ++row)
        QCOMPARE(timeline->item(row)->data(Qt::UserRole).toInt(), int(kinds.at(row)));
    QVERIFY(timeline->item(0)->text().contains(QStringLiteral("Hola, quiero info")));
    QVERIFY(timeline->item(1)->text().contains(QStringLiteral("42")));
    QVERIFY(timeline->item(2)->text().contains(QStringLiteral("ana@example.com")));
    QVERIFY(timeline->item(3)->text().contains(QStringLiteral("Nota final")));
    QVERIFY(!child<QLabel>(dialog.get(), "timelineNote")->isVisible());

    // A new message reaches the open window through the service's change notice.
    QVERIFY(insertMessage(QStringLiteral("lead"), QStringLiteral("¿Sigue ahí?"), NowMs + 6000));
    m_host->runOnServiceThread([](ServiceCore &core) { emit core.changed(QStringLiteral("messages"), 0); });
    QTRY_COMPARE(timeline->count(), 5);
    QVERIFY(timeline->item(4)->text().contains(QStringLiteral("¿Sigue ahí?")));
}

void LeadFileTest::roleDecidesWhetherFormIsEditable_data()
{
    QTest::addColumn<bool>("asAdmin");
    QTest::addColumn<QString>("lead");
    QTest::addColumn<bool>("editable");

    QTest::newRow("agent, own lead") << false << "own" << true;
    QTest::newRow("agent, unassigned lead") << false << "unassigned" << true;
    QTest::newRow("agent, colleague's lead") << false << "colleague" << false;
    QTest::newRow("administrator, colleague's lead") << true << "colleague" << true;
}

void LeadFileTest::roleDecidesWhetherFormIsEditable()
{
    QFETCH(bool, asAdmin);
    QFETCH(QString, lead);
    QFETCH(bool, editable);
    const qint64 leadId = lead == QLatin1String("own") ? m_ownLead
        : lead == QLatin1String("unassigned")          ? m_unassignedLead
                                                       : m_colleaguesLead;
    Session *session = asAdmin ? m_admin.get() : m_agent.get();

    auto dialog = openFile(session, leadId);
    QCOMPARE(dialog->isEditable(), editable);
    QCOMPARE(child<QLineEdit>(dialog.get(), "nameEdit")->isReadOnly(), !editable);
    QCOMPARE(child<QPlainTextEdit>(dialog.get(), "notesEdit")->isReadOnly(), !editable);
    QCOMPARE(child<QComboBox>(dialog.get(), "stageCombo")->isEnabled(), editable);
    QCOMPARE(child<QLabel>(dialog.get(), "messageLabel")->isVisible(), !editable);
    child<QLineEdit>(dialog.get(), "nameEdit")->setText(QStringLiteral("Otro nombre"));
    QCOMPARE(child<QPushButton>(dialog.get(), "saveButton")->isEnabled(), editable);

    // The core decides the same way, whatever the form shows.
    const QString before = snapshot();
    LeadInput input;
    input.name = QStringLiteral("Otro nombre");
    const auto result = updateThroughService(session->actor(), leadId, input);
    QCOMPARE(result.ok(), editable);
    if (!editable) {
        QCOMPARE(result.error().kind, ErrorKind::Forbidden);
        QCOMPARE(snapshot(), before);
    }
}

void LeadFileTest::whatsAppButtonShowsChatInMainWindow()
{
    MainWindow window(m_host.get(), m_reader.get(), m_agent.get());
    window.show();
    LeadFileDialog *dialog = window.showLeadFile(m_unassignedLead);
    QVERIFY(dialog);
    QTRY_COMPARE(dialog->file().lead.id, m_unassignedLead);
    QVERIFY(window.chatView()->leadId() != m_unassignedLead);

    QTest::mouseClick(child<QPushButton>(dialog, "chatButton"), Qt::LeftButton);
    QCOMPARE(window.chatView()->leadId(), m_unassignedLead);
}

void LeadFileTest::mainWindowOpensOneWindowPerLead()
{
    MainWindow window(m_host.get(), m_reader.get(), m_admin.get());
    window.show();
    QTableView *table = window.leadsView();
    QTRY_VERIFY(window.leadsModel()->rowCount() >= 3);

    // The action opens the selected lead's file; a second request shows the same window.
    const int row = window.leadsModel()->rowOfLead(m_colleaguesLead);
    QVERIFY(row >= 0);
    table->selectRow(row);
    QVERIFY(window.openLeadFileAction()->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_L));
    window.openLeadFileAction()->trigger();
    auto dialogs = window.findChildren<LeadFileDialog *>();
    QCOMPARE(dialogs.size(), 1);
    QCOMPARE(dialogs.first()->leadId(), m_colleaguesLead);
    QCOMPARE(window.showLeadFile(m_colleaguesLead), dialogs.first());

    // Double-clicking another row opens a second window, for that lead. The table may sit
    // in a tab behind another one; bring it to the front so that it gets the clicks.
    if (auto *tabs = window.findChild<QTabWidget *>())
        tabs->setCurrentWidget(table->parentWidget());
    QTRY_VERIFY(table->isVisible());
    const int other = window.leadsModel()->rowOfLead(m_ownLead);
    const QRect cell = table->visualRect(window.leadsModel()->index(other, 0));
    // A real double-click is press, release, double-click, release. QTest::mouseDClick
    // alone made no doubleClicked() here (Qt 6.4.2), so the first click comes separately.
    QSignalSpy doubleClicked(table, &QAbstractItemView::doubleClicked);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(doubleClicked.count(), 1);
    dialogs = window.findChildren<LeadFileDialog *>();
    QCOMPARE(dialogs.size(), 2);
    QVERIFY(window.showLeadFile(m_ownLead) != window.showLeadFile(m_colleaguesLead));

    // Enter on the current row opens that lead's file too.
    const int third = window.leadsModel()->rowOfLead(m_unassignedLead);
    table->setCurrentIndex(window.leadsModel()->index(third, 0));
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Return);
    dialogs = window.findChildren<LeadFileDialog *>();
    QCOMPARE(dialogs.size(), 3);
}

QTEST_MAIN(LeadFileTest)

#include "tst_leadfile.moc"
