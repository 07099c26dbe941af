// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The inbox tab and its pages, the unread badge, new-message notifications and loading
// older messages in the chat, against a real service on 127.0.0.1 and a fake Gupshup. Leads write
// through Gupshup's webhook: each message is the recorded text-message fixture with
// its id, sender and text replaced.

#include "AccountsTestSupport.h"
#include "ChatView.h"
#include "FakeGupshup.h"
#include "Fixtures.h"
#include "HttpTestClient.h"
#include "InboxModel.h"
#include "InboxView.h"
#include "MainWindow.h"
#include "Session.h"
#include "core/Clock.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/InboxRepository.h"
#include "storage/LeadRepository.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTreeView>

#include <algorithm>
#include <limits>
#include <memory>

using namespace Prospecta;
using Prospecta::Testing::FakeGupshup;
using Prospecta::Testing::HttpTestClient;
using Prospecta::Testing::ServiceHarness;

Q_DECLARE_METATYPE(Prospecta::InboxFilter)

namespace {

const QString WebhookToken = QStringLiteral("test-token-0123456789");
constexpr qint64 FixtureTimestampMs = 1735740000000;
constexpr qint64 NowMs = FixtureTimestampMs + 60'000;
constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 60 * MinuteMs;
constexpr qint64 DayMs = 24 * HourMs;

// Gupshup's text-message fixture from `phone` (digits only, as Gupshup sends them).
QByteArray leadMessageBody(const QString &messageId, const QString &phone, const QString &name, const QString &text)
{
    QJsonObject root = QJsonDocument::fromJson(Testing::fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json")))
                           .object();
    QJsonObject payload = root.value(QLatin1String("payload")).toObject();
    payload.insert(QStringLiteral("id"), messageId);
    payload.insert(QStringLiteral("source"), phone);
    QJsonObject content = payload.value(QLatin1String("payload")).toObject();
    content.insert(QStringLiteral("text"), text);
    payload.insert(QStringLiteral("payload"), content);
    QJsonObject sender = payload.value(QLatin1String("sender")).toObject();
    sender.insert(QStringLiteral("phone"), phone);
    sender.insert(QStringLiteral("name"), name);
    sender.insert(QStringLiteral("dial_code"), phone.mid(2));
    payload.insert(QStringLiteral("sender"), sender);
    root.insert(QStringLiteral("payload"), payload);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace

class InboxTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void relativeTimeText_data();
    void relativeTimeText();
    void previewText_data();
    void previewText();
    void answeringText_data();
    void answeringText();

    void webhookMessageAppearsUnread();
    void filterButtonsSelectConversations_data();
    void filterButtonsSelectConversations();
    void filterShortcutShowsInboxTab();
    void newestActivityFirst();
    void enterOpensChatAndMarksRead();
    void inactiveWindowNotifiesAndClickOpensChat();
    void shownChatInActiveWindowDoesNotNotify();
    void shownChatIsReadWhenWindowActivates();
    void olderMessagesLoadOnScroll();
    void inboxPagesLoadOnScroll();
    void refreshKeepsLoadedPages();
    void olderMessagesReadOnePagePerStep();
    void olderMessagesBadRequestRejected();

private:
    void createWindow();
    void activateOther();
    void activateMainWindow();
    int postMessage(const QString &phone, const QString &name, const QString &text);
    // The lead and conversation of `phone` ("+51…"), once the service has stored them.
    QPair<qint64, qint64> leadAndConversation(const QString &phone);
    void execOnService(const QString &sql, const QVariantList &values);
    int rowOf(const QString &name) const;
    QStringList listedNames() const;
    InboxModel *inbox() const { return m_window->inboxView()->model(); }
    qint64 readMarker(qint64 conversationId);
    // `count` unassigned leads with one unread message each, written in one transaction
    // behind the service's back. Every fifth lead shares its message time with the four
    // before it. Returns the conversation ids in the inbox order.
    QList<qint64> insertConversations(int count);
    // `count` lead messages "Mensaje 0000"… in `conversationId`, a second apart and ending
    // a minute before the service's clock, in one transaction.
    void insertMessages(qint64 conversationId, int count);
    // The conversation ids the inbox lists, in order.
    QList<qint64> listedConversations() const;
    // Scrolls the inbox list to its end, which loads the next page.
    void scrollInboxToEnd();

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<SnapshotReader> m_reader;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<QWidget> m_other; // takes the activation away from the main window
    HttpTestClient m_http{10000};
    int m_messageCount = 0;
};

void InboxTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void InboxTest::init()
{
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_gupshup = std::make_unique<FakeGupshup>();
    QVERIFY(m_gupshup->start());
    const Status prepared = m_harness->prepareGupshupWithoutAi(m_gupshup->baseUrl(), WebhookToken, FixtureTimestampMs);
    QVERIFY2(prepared.ok(), qPrintable(Testing::messageOf(prepared)));

    m_host = std::make_unique<ServiceHost>(m_harness->serviceOptions(std::make_shared<ManualClock>(NowMs)));
    const Status started = m_host->start();
    QVERIFY2(started.ok(), qPrintable(Testing::messageOf(started)));
    m_reader = std::make_unique<SnapshotReader>(m_harness->location());
    m_reader->start();

    const auto adminId = Testing::createFirstAdmin(*m_host, QStringLiteral("Ana Admin"), QStringLiteral("ana@example.com"),
                                                   QStringLiteral("correct horse battery"));
    QVERIFY2(adminId.ok(), qPrintable(Testing::messageOf(adminId)));
    const auto admin = Testing::resolve(*m_host, *adminId);
    QVERIFY2(admin.ok(), qPrintable(Testing::messageOf(admin)));
    m_session = std::make_unique<Session>(*admin);
}

void InboxTest::cleanup()
{
    m_tester.reset();
    m_window.reset();
    m_other.reset();
    m_session.reset();
    m_reader.reset();
    m_host.reset();
    m_gupshup.reset();
    m_harness.reset();
}

void InboxTest::createWindow()
{
    m_window = std::make_unique<MainWindow>(m_host.get(), m_reader.get(), m_session.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(inbox(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(inbox()->hasSnapshot());
}

void InboxTest::activateOther()
{
    if (!m_other) {
        m_other = std::make_unique<QWidget>();
        m_other->resize(200, 100);
    }
    m_other->show();
    m_other->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_other.get()));
    QTRY_VERIFY(!m_window->isActiveWindow());
}

void InboxTest::activateMainWindow()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

int InboxTest::postMessage(const QString &phone, const QString &name, const QString &text)
{
    ++m_messageCount;
    const QString id = QStringLiteral("wamid.inbox-test-%1").arg(m_messageCount);
    return m_http
        .request(m_host->port(), "POST", QStringLiteral("/api/webhooks/gupshup/") + WebhookToken,
                 leadMessageBody(id, phone, name, text))
        .status;
}

QPair<qint64, qint64> InboxTest::leadAndConversation(const QString &phone)
{
    QPair<qint64, qint64> ids;
    const auto find = [&] {
        m_host->runOnServiceThread([&](ServiceCore &core) {
            auto query = core.database().exec(
                QStringLiteral("SELECT l.id, c.id FROM leads l JOIN conversations c ON c.lead_id = l.id WHERE l.phone = ?"),
                {phone});
            if (query && query->next())
                ids = {query->value(0).toLongLong(), query->value(1).toLongLong()};
        });
        return ids.second != 0;
    };
    if (!QTest::qWaitFor(find, 10000))
        qWarning() << "No conversation stored for" << phone;
    return ids;
}

void InboxTest::execOnService(const QString &sql, const QVariantList &values)
{
    bool ok = false;
    m_host->runOnServiceThread([&](ServiceCore &core) { ok = core.database().exec(sql, values).ok(); });
    QVERIFY2(ok, qPrintable(sql));
}

int InboxTest::rowOf(const QString &name) const
{
    for (int row = 0; row < inbox()->rowCount(); ++row) {
        if (inbox()->index(row, InboxModel::LeadColumn).data().toString() == name)
            return row;
    }
    return -1;
}

QStringList InboxTest::listedNames() const
{
    QStringList names;
    for (int row = 0; row < inbox()->rowCount(); ++row)
        names << inbox()->index(row, InboxModel::LeadColumn).data().toString();
    return names;
}

qint64 InboxTest::readMarker(qint64 conversationId)
{
    qint64 marker = -1;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        auto read = InboxRepository(core.database()).readMarker(m_session->userId(), conversationId);
        if (read)
            marker = *read;
    });
    return marker;
}

QList<qint64> InboxTest::insertConversations(int count)
{
    struct Created
    {
        qint64 conversationId = 0;
        qint64 activityMs = 0;
    };
    QList<Created> created;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        const Database &database = core.database();
        Transaction transaction(database);
        if (!transaction.started().ok())
            return;
        for (int i = 0; i < count; ++i) {
            Lead lead;
            lead.name = QStringLiteral("Cliente %1").arg(i, 4, 10, QLatin1Char('0'));
            lead.phone = QStringLiteral("+5198800%1").arg(i, 4, 10, QLatin1Char('0'));
            lead.phoneKey = lead.phone;
            lead.source = LeadSource::WhatsApp;
            auto leadId = LeadRepository(database).create(lead, NowMs - DayMs);
            if (!leadId)
                return;
            Conversation conversation;
            conversation.leadId = *leadId;
            conversation.providerAddress = lead.phone.mid(1);
            conversation.currentAgent = AgentType::Welcome;
            auto conversationId = ConversationRepository(database).create(conversation, NowMs - DayMs);
            if (!conversationId)
                return;
            Message message;
            message.conversationId = *conversationId;
            message.sender = SenderKind::Lead;
            message.contentType = QStringLiteral("text");
            message.content = QStringLiteral("hola");
            message.createdMs = NowMs - DayMs + 1000 * (i / 5);
            if (!MessageRepository(database).insert(message)
                || !ConversationRepository(database).recordMessage(*conversationId, message.createdMs, true, 0))
                return;
            created << Created{*conversationId, message.createdMs};
        }
        if (!transaction.commit().ok())
            created.clear();
    });
    if (created.size() != count)
        return {};

    std::sort(created.begin(), created.end(), [](const Created &left, const Created &right) {
        if (left.activityMs != right.activityMs)
            return left.activityMs > right.activityMs;
        return left.conversationId > right.conversationId;
    });
    QList<qint64> ids;
    for (const Created &conversation : std::as_const(created))
        ids << conversation.conversationId;
    return ids;
}

void InboxTest::insertMessages(qint64 conversationId, int count)
{
    bool inserted = false;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        const Database &database = core.database();
        Transaction transaction(database);
        if (!transaction.started().ok())
            return;
        for (int i = 0; i < count; ++i) {
            Message message;
            message.conversationId = conversationId;
            message.sender = SenderKind::Lead;
            message.contentType = QStringLiteral("text");
            message.content = QStringLiteral("Mensaje %1").arg(i, 4, 10, QLatin1Char('0'));
            message.createdMs = NowMs - MinuteMs - (count - i) * 1000;
            if (!MessageRepository(database).insert(message))
                return;
        }
        inserted = transaction.commit().ok();
    });
    QVERIFY2(inserted, "inserting the messages failed");
}

QList<qint64> InboxTest::listedConversations() const
{
    QList<qint64> ids;
    for (int row = 0; row < inbox()->rowCount(); ++row)
        ids << inbox()->index(row, 0).data(InboxModel::ConversationIdRole).toLongLong();
    return ids;
}

void InboxTest::scrollInboxToEnd()
{
    QTreeView *list = m_window->inboxView()->view();
    list->scrollToBottom();
}


// --- Text -----------------------------------------------------------------------------

void InboxTest::relativeTimeText_data()
{
    QTest::addColumn<qint64>("elapsedMs");
    QTest::addColumn<QString>("expected");
    QTest::newRow("just now") << qint64(0) << QStringLiteral("now");
    QTest::newRow("59 s") << qint64(59'000) << QStringLiteral("now");
    QTest::newRow("a clock slightly ahead") << qint64(-5'000) << QStringLiteral("now");
    QTest::newRow("1 min") << MinuteMs << QStringLiteral("1 min ago");
    QTest::newRow("5 min") << 5 * MinuteMs + 30'000 << QStringLiteral("5 min ago");
    QTest::newRow("59 min") << 59 * MinuteMs << QStringLiteral("59 min ago");
    QTest::newRow("1 h") << HourMs << QStringLiteral("1 h ago");
    QTest::newRow("23 h") << 23 * HourMs + 59 * MinuteMs << QStringLiteral("23 h ago");
    QTest::newRow("1 day") << DayMs << QStringLiteral("1 days ago");
    QTest::newRow("6 days") << 6 * DayMs << QStringLiteral("6 days ago");
    QTest::newRow("a week: the date")
        << 7 * DayMs
        << QLocale().toString(QDateTime::fromMSecsSinceEpoch(NowMs - 7 * DayMs).toLocalTime().date(), QLocale::ShortFormat);
}

void InboxTest::relativeTimeText()
{
    QFETCH(qint64, elapsedMs);
    QFETCH(QString, expected);
    QCOMPARE(InboxModel::relativeTime(NowMs - elapsedMs, NowMs), expected);
}

void InboxTest::previewText_data()
{
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text") << QStringLiteral("text") << QStringLiteral("Hola") << QStringLiteral("Hola");
    QTest::newRow("line breaks become spaces")
        << QStringLiteral("text") << QStringLiteral("Hola\n\nquisiera  precios\n") << QStringLiteral("Hola quisiera precios");
    QTest::newRow("image with caption") << QStringLiteral("image") << QStringLiteral("la fachada")
                                        << QStringLiteral("[Image] la fachada");
    QTest::newRow("audio") << QStringLiteral("audio") << QString() << QStringLiteral("[Audio]");
}

void InboxTest::previewText()
{
    QFETCH(QString, contentType);
    QFETCH(QString, content);
    QFETCH(QString, expected);
    QCOMPARE(InboxModel::previewText(contentType, content), expected);
}

void InboxTest::answeringText_data()
{
    QTest::addColumn<bool>("humanHolds");
    QTest::addColumn<QString>("humanName");
    QTest::addColumn<bool>("needsHuman");
    QTest::addColumn<bool>("optedOut");
    QTest::addColumn<bool>("aiEnabled");
    QTest::addColumn<QString>("expected");
    QTest::newRow("AI agent") << false << QString() << false << false << true << QStringLiteral("Sales AI agent");
    QTest::newRow("taken over") << true << QStringLiteral("Beto") << false << false << true << QStringLiteral("Beto");
    QTest::newRow("taken over wins over needs a human")
        << true << QStringLiteral("Beto") << true << false << true << QStringLiteral("Beto");
    QTest::newRow("needs a human") << false << QString() << true << false << true << QStringLiteral("Needs a human");
    QTest::newRow("opted out") << false << QString() << false << true << true << QStringLiteral("Opted out");
    QTest::newRow("AI paused") << false << QString() << false << false << false << QStringLiteral("AI paused");
}

void InboxTest::answeringText()
{
    QFETCH(bool, humanHolds);
    QFETCH(QString, humanName);
    QFETCH(bool, needsHuman);
    QFETCH(bool, optedOut);
    QFETCH(bool, aiEnabled);
    QFETCH(QString, expected);
    InboxEntry entry;
    entry.currentAgent = AgentType::Sales;
    entry.humanHolds = humanHolds;
    entry.humanName = humanName;
    entry.needsHuman = needsHuman;
    entry.leadOptedOut = optedOut;
    QCOMPARE(InboxModel::answeringText(entry, aiEnabled), expected);
}

// --- The inbox with a real service ----------------------------------------------------

void InboxTest::webhookMessageAppearsUnread()
{
    createWindow();
    inbox()->setClock(std::make_shared<ManualClock>(NowMs + 5 * MinuteMs));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Prospecta"));
    QCOMPARE(m_window->leftTabs()->currentWidget(), m_window->inboxView());

    QCOMPARE(postMessage(QStringLiteral("51999000111"), QStringLiteral("Cliente Prueba"),
                         QStringLiteral("Hola, quisiera información\nsobre precios")),
             200);
    QTRY_COMPARE(rowOf(QStringLiteral("Cliente Prueba")), 0);
    const auto index = [this](int column) { return inbox()->index(0, column); };
    QCOMPARE(index(InboxModel::PreviewColumn).data().toString(), QStringLiteral("Hola, quisiera información sobre precios"));
    QCOMPARE(index(InboxModel::TimeColumn).data().toString(), QStringLiteral("5 min ago"));
    QCOMPARE(index(InboxModel::UnreadColumn).data().toString(), QStringLiteral("1"));
    QCOMPARE(index(InboxModel::LeadColumn).data(Qt::FontRole).value<QFont>().bold(), true);
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("(1) Prospecta"));

    QCOMPARE(postMessage(QStringLiteral("51999000111"), QStringLiteral("Cliente Prueba"), QStringLiteral("¿Siguen ahí?")), 200);
    QTRY_COMPARE(index(InboxModel::UnreadColumn).data().toString(), QStringLiteral("2"));
    QCOMPARE(index(InboxModel::PreviewColumn).data().toString(), QStringLiteral("¿Siguen ahí?"));
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("(2) Prospecta"));
    QCOMPARE(inbox()->totalUnread(), 2);
}

void InboxTest::filterButtonsSelectConversations_data()
{
    QTest::addColumn<InboxFilter>("filter");
    QTest::addColumn<QStringList>("expected");
    // Messages in the order Mia, Noe, Olga: the newest activity first.
    QTest::newRow("all") << InboxFilter::All
                         << QStringList{QStringLiteral("Olga"), QStringLiteral("Noe"), QStringLiteral("Mia")};
    QTest::newRow("mine") << InboxFilter::Mine << QStringList{QStringLiteral("Mia")};
    QTest::newRow("unassigned") << InboxFilter::Unassigned << QStringList{QStringLiteral("Olga"), QStringLiteral("Noe")};
    QTest::newRow("needs a human") << InboxFilter::NeedsHuman << QStringList{QStringLiteral("Noe")};
}

void InboxTest::filterButtonsSelectConversations()
{
    QFETCH(InboxFilter, filter);
    QFETCH(QStringList, expected);

    createWindow();
    QCOMPARE(postMessage(QStringLiteral("51999000201"), QStringLiteral("Mia"), QStringLiteral("uno")), 200);
    const auto mia = leadAndConversation(QStringLiteral("+51999000201"));
    QCOMPARE(postMessage(QStringLiteral("51999000202"), QStringLiteral("Noe"), QStringLiteral("dos")), 200);
    const auto noe = leadAndConversation(QStringLiteral("+51999000202"));
    QCOMPARE(postMessage(QStringLiteral("51999000203"), QStringLiteral("Olga"), QStringLiteral("tres")), 200);
    QVERIFY(leadAndConversation(QStringLiteral("+51999000203")).second != 0);
    execOnService(QStringLiteral("UPDATE leads SET assigned_user_id = ? WHERE id = ?"), {m_session->userId(), mia.first});
    // Without an AI configured the service may flag new conversations for a person, so
    // the test sets every flag itself.
    execOnService(QStringLiteral("UPDATE conversations SET needs_human = CASE WHEN id = ? THEN 1 ELSE 0 END"), {noe.second});
    execOnService(QStringLiteral("UPDATE conversations SET human_holds = 1, human_user_id = ? WHERE id = ?"),
                  {m_session->userId(), mia.second});
    // The writes above bypass the service's change notices.
    inbox()->refresh();
    QTRY_COMPARE(listedNames().size(), 3);

    QAbstractButton *button = m_window->inboxView()->filterButton(filter);
    QVERIFY(button);
    // Clicking the checked button changes nothing; start from another filter.
    if (button->isChecked())
        m_window->inboxView()->filterButton(InboxFilter::Mine)->click();
    QTRY_VERIFY(!button->isChecked());
    button->click();
    QVERIFY(button->isChecked());
    QCOMPARE(inbox()->filter(), filter);
    QTRY_COMPARE(listedNames(), expected);

    // The person or AI agent replying to each lead, as the rows show it.
    const QMap<QString, QString> answering{{QStringLiteral("Mia"), QStringLiteral("Ana Admin")},
                                           {QStringLiteral("Noe"), QStringLiteral("Needs a human")},
                                           {QStringLiteral("Olga"), QStringLiteral("AI paused")}};
    for (const QString &name : expected)
        QCOMPARE(inbox()->index(rowOf(name), InboxModel::AnsweringColumn).data().toString(), answering.value(name));
}

void InboxTest::filterShortcutShowsInboxTab()
{
    createWindow();
    activateMainWindow();
    m_window->leftTabs()->setCurrentIndex(1);
    QVERIFY(m_window->leftTabs()->currentWidget() != m_window->inboxView());

    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::AltModifier);
    QCOMPARE(inbox()->filter(), InboxFilter::NeedsHuman);
    QVERIFY(m_window->inboxView()->filterButton(InboxFilter::NeedsHuman)->isChecked());
    QCOMPARE(m_window->leftTabs()->currentWidget(), m_window->inboxView());

    QTest::keyClick(m_window.get(), Qt::Key_4, Qt::AltModifier);
    QCOMPARE(inbox()->filter(), InboxFilter::All);
}

void InboxTest::newestActivityFirst()
{
    createWindow();
    QCOMPARE(postMessage(QStringLiteral("51999000301"), QStringLiteral("Primero"), QStringLiteral("a")), 200);
    QTRY_COMPARE(listedNames(), QStringList{QStringLiteral("Primero")});
    QCOMPARE(postMessage(QStringLiteral("51999000302"), QStringLiteral("Segundo"), QStringLiteral("b")), 200);
    // Both arrive at the same instant of the service's manual clock; the newer
    // conversation comes first.
    QTRY_COMPARE(listedNames(), (QStringList{QStringLiteral("Segundo"), QStringLiteral("Primero")}));

    // A later message moves its conversation to the top.
    const auto primero = leadAndConversation(QStringLiteral("+51999000301"));
    execOnService(QStringLiteral("UPDATE conversations SET last_message_at = ? WHERE id = ?"),
                  {NowMs + MinuteMs, primero.second});
    inbox()->refresh();
    QTRY_COMPARE(listedNames(), (QStringList{QStringLiteral("Primero"), QStringLiteral("Segundo")}));
}

void InboxTest::enterOpensChatAndMarksRead()
{
    createWindow();
    activateMainWindow();
    QCOMPARE(postMessage(QStringLiteral("51999000401"), QStringLiteral("Rosa"), QStringLiteral("hola")), 200);
    QCOMPARE(postMessage(QStringLiteral("51999000402"), QStringLiteral("Sara"), QStringLiteral("buenas")), 200);
    QTRY_COMPARE(listedNames(), (QStringList{QStringLiteral("Sara"), QStringLiteral("Rosa")}));
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("(2) Prospecta"));
    const auto rosa = leadAndConversation(QStringLiteral("+51999000401"));

    QTreeView *list = m_window->inboxView()->view();
    list->setFocus();
    list->setCurrentIndex(inbox()->index(0, 0));
    // The arrow keys move without opening.
    QTest::keyClick(list, Qt::Key_Down);
    QCOMPARE(list->currentIndex().row(), 1);
    QCOMPARE(m_window->chatView()->leadId(), 0);

    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(m_window->chatView()->leadId(), rosa.first);
    QTRY_COMPARE(m_window->chatView()->conversation().id, rosa.second);
    // Shown while the window is active: read.
    QTRY_VERIFY(readMarker(rosa.second) > 0);
    QTRY_COMPARE(inbox()->index(rowOf(QStringLiteral("Rosa")), InboxModel::UnreadColumn).data().toString(), QString());
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("(1) Prospecta"));
    QCOMPARE(inbox()->index(rowOf(QStringLiteral("Sara")), InboxModel::UnreadColumn).data().toString(), QStringLiteral("1"));
    // The refresh kept the current row on the opened lead.
    QCOMPARE(list->currentIndex().row(), rowOf(QStringLiteral("Rosa")));
}

void InboxTest::inactiveWindowNotifiesAndClickOpensChat()
{
    createWindow();
    QCOMPARE(postMessage(QStringLiteral("51999000501"), QStringLiteral("Tere"), QStringLiteral("primer mensaje")), 200);
    QTRY_COMPARE(listedNames(), QStringList{QStringLiteral("Tere")});
    const auto tere = leadAndConversation(QStringLiteral("+51999000501"));
    activateOther();

    QSignalSpy notified(m_window.get(), &MainWindow::leadMessageNotified);
    QCOMPARE(postMessage(QStringLiteral("51999000501"), QStringLiteral("Tere"),
                         QStringLiteral("¿Me pueden llamar\nhoy por la tarde?")),
             200);
    QTRY_COMPARE(notified.count(), 1);
    QCOMPARE(notified.at(0).at(0).toLongLong(), tere.first);
    QCOMPARE(notified.at(0).at(1).toString(), QStringLiteral("Tere"));
    QCOMPARE(notified.at(0).at(2).toString(), QStringLiteral("¿Me pueden llamar hoy por la tarde?"));
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("(2) Prospecta"));

    // Another lead writing notifies again.
    QCOMPARE(postMessage(QStringLiteral("51999000502"), QStringLiteral("Ugo"), QStringLiteral("otro")), 200);
    QTRY_COMPARE(notified.count(), 2);
    QCOMPARE(notified.at(1).at(1).toString(), QStringLiteral("Ugo"));

    // Clicking the notification opens the latest one's chat, and reading it clears its count.
    m_window->openNotifiedChat();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    const auto ugo = leadAndConversation(QStringLiteral("+51999000502"));
    QCOMPARE(m_window->leftTabs()->currentWidget(), m_window->inboxView());
    QCOMPARE(m_window->chatView()->leadId(), ugo.first);
    QTRY_COMPARE(m_window->chatView()->conversation().id, ugo.second);
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("(2) Prospecta"));
    QCOMPARE(notified.count(), 2);
}

void InboxTest::shownChatInActiveWindowDoesNotNotify()
{
    createWindow();
    activateMainWindow();
    QCOMPARE(postMessage(QStringLiteral("51999000601"), QStringLiteral("Vera"), QStringLiteral("hola")), 200);
    QTRY_COMPARE(listedNames(), QStringList{QStringLiteral("Vera")});
    const auto vera = leadAndConversation(QStringLiteral("+51999000601"));
    m_window->openLeadChat(vera.first);
    QTRY_COMPARE(m_window->chatView()->conversation().id, vera.second);
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("Prospecta"));

    QSignalSpy notified(m_window.get(), &MainWindow::leadMessageNotified);
    QCOMPARE(postMessage(QStringLiteral("51999000601"), QStringLiteral("Vera"), QStringLiteral("¿y el precio?")), 200);
    QTRY_COMPARE(m_window->chatView()->loadedMessageCount(), 2);
    // The chat marks the new message read, and the inbox refreshes to no unread.
    qint64 newestId = 0;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        auto newest = core.database().scalar(QStringLiteral("SELECT MAX(id) FROM messages WHERE conversation_id = ?"),
                                             {vera.second}, 0);
        if (newest)
            newestId = newest->toLongLong();
    });
    QTRY_COMPARE(readMarker(vera.second), newestId);
    QTRY_COMPARE(inbox()->index(0, InboxModel::PreviewColumn).data().toString(), QStringLiteral("¿y el precio?"));
    QTRY_COMPARE(inbox()->totalUnread(), 0);
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Prospecta"));
    QCOMPARE(notified.count(), 0);
}

void InboxTest::shownChatIsReadWhenWindowActivates()
{
    createWindow();
    activateMainWindow();
    QCOMPARE(postMessage(QStringLiteral("51999000801"), QStringLiteral("Yola"), QStringLiteral("hola")), 200);
    QTRY_COMPARE(listedNames(), QStringList{QStringLiteral("Yola")});
    const auto yola = leadAndConversation(QStringLiteral("+51999000801"));
    m_window->openLeadChat(yola.first);
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("Prospecta"));
    activateOther();

    // The chat shows the new message while the window is inactive, so it stays unread and notifies.
    QSignalSpy notified(m_window.get(), &MainWindow::leadMessageNotified);
    QCOMPARE(postMessage(QStringLiteral("51999000801"), QStringLiteral("Yola"), QStringLiteral("¿hay stock?")), 200);
    QTRY_COMPARE(m_window->chatView()->loadedMessageCount(), 2);
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("(1) Prospecta"));
    QTRY_COMPARE(notified.count(), 1);
    QCOMPARE(inbox()->index(0, InboxModel::UnreadColumn).data().toString(), QStringLiteral("1"));

    // Coming back to the window reads it.
    activateMainWindow();
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("Prospecta"));
    QCOMPARE(inbox()->index(0, InboxModel::UnreadColumn).data().toString(), QString());
}

void InboxTest::olderMessagesLoadOnScroll()
{
    createWindow();
    QCOMPARE(postMessage(QStringLiteral("51999000701"), QStringLiteral("Walter"), QStringLiteral("Mensaje 000")), 200);
    const auto walter = leadAndConversation(QStringLiteral("+51999000701"));
    // 120 more messages, a second apart, all on the same day.
    m_host->runOnServiceThread([&](ServiceCore &core) {
        for (int i = 1; i <= 120; ++i) {
            Message message;
            message.conversationId = walter.second;
            message.sender = SenderKind::Lead;
            message.content = QStringLiteral("Mensaje %1").arg(i, 3, 10, QLatin1Char('0'));
            message.createdMs = NowMs - (121 - i) * 1000;
            if (!MessageRepository(core.database()).insert(message))
                return;
        }
    });

    m_window->resize(1000, 600);
    m_window->openLeadChat(walter.first);
    ChatView *chat = m_window->chatView();
    QTRY_COMPARE(chat->loadedMessageCount(), 50);
    QVERIFY(chat->hasOlderMessages());
    auto *transcript = chat->findChild<QTextBrowser *>(QStringLiteral("chatTranscript"));
    QVERIFY(transcript);
    QVERIFY(transcript->toPlainText().contains(QStringLiteral("Mensaje 120")));
    QVERIFY(transcript->toPlainText().contains(QStringLiteral("Mensaje 071")));
    QVERIFY(!transcript->toPlainText().contains(QStringLiteral("Mensaje 070")));
    QScrollBar *scrollBar = transcript->verticalScrollBar();
    QTRY_COMPARE(scrollBar->value(), scrollBar->maximum());

    // The text of the bubble at height `y` of the viewport.
    const auto textAt = [transcript](int y) {
        return transcript->cursorForPosition(QPoint(40, y)).block().text();
    };
    // Scrolling to the top requests 50 more, which appear above what the user reads.
    scrollBar->setValue(0);
    int oldestY = -1;
    for (int y = 0; y < transcript->viewport()->height() && oldestY < 0; y += 4) {
        if (textAt(y).contains(QStringLiteral("Mensaje 071")))
            oldestY = y;
    }
    QVERIFY2(oldestY >= 0, "the oldest loaded message is not at the top of the transcript");
    QTRY_COMPARE(chat->loadedMessageCount(), 100);
    QVERIFY(transcript->toPlainText().contains(QStringLiteral("Mensaje 021")));
    QVERIFY(scrollBar->value() > 0);
    // The layout may settle after the snapshot is shown; the message must end up in place.
    QTRY_VERIFY2(textAt(oldestY).contains(QStringLiteral("Mensaje 071")), qPrintable(textAt(oldestY)));

    // The last page contains the remaining 21 and nothing older is left.
    scrollBar->setValue(0);
    QTRY_COMPARE(chat->loadedMessageCount(), 121);
    QVERIFY(!chat->hasOlderMessages());
    QVERIFY(transcript->toPlainText().contains(QStringLiteral("Mensaje 000")));
    // Scrolling to the top again requests no older messages. Refreshes from the webhook's
    // change notices may still arrive.
    QSignalSpy older(m_reader.get(), &SnapshotReader::olderMessagesReady);
    scrollBar->setValue(scrollBar->maximum());
    scrollBar->setValue(0);
    QVERIFY(!older.wait(300));
    QCOMPARE(chat->loadedMessageCount(), 121);
}

void InboxTest::inboxPagesLoadOnScroll()
{
    const QList<qint64> order = insertConversations(2500);
    QCOMPARE(order.size(), 2500);
    createWindow();
    m_window->resize(1000, 600);

    QCOMPARE(inbox()->rowCount(), InboxModel::PageSize);
    QCOMPARE(listedConversations(), order.mid(0, InboxModel::PageSize));
    QVERIFY(inbox()->canLoadMore());
    // Every conversation's unread message counts, listed or not, up to the limit the
    // title shows as "999+".
    QCOMPARE(inbox()->totalUnread(), InboxUnreadTotalLimit);
    QCOMPARE(m_window->windowTitle(), QStringLiteral("(999+) Prospecta"));

    // Each scroll to the end adds one page, until every conversation is listed once, in
    // the inbox order.
    for (int pages = 2; pages <= 25; ++pages) {
        scrollInboxToEnd();
        QTRY_COMPARE(inbox()->rowCount(), pages * InboxModel::PageSize);
        QVERIFY(inbox()->canLoadMore());
    }
    QCOMPARE(listedConversations(), order);
    // The 25th page was full, so one more request finds that nothing is left.
    scrollInboxToEnd();
    QTRY_VERIFY(!inbox()->canLoadMore());
    QCOMPARE(inbox()->rowCount(), 2500);
    QCOMPARE(inbox()->totalUnread(), InboxUnreadTotalLimit);
}

void InboxTest::refreshKeepsLoadedPages()
{
    const QList<qint64> order = insertConversations(500);
    QCOMPARE(order.size(), 500);
    createWindow();
    m_window->resize(1000, 600);
    const int loaded = 3 * InboxModel::PageSize;
    scrollInboxToEnd();
    QTRY_COMPARE(inbox()->rowCount(), 2 * InboxModel::PageSize);
    scrollInboxToEnd();
    QTRY_COMPARE(inbox()->rowCount(), loaded);
    QCOMPARE(listedConversations(), order.mid(0, loaded));

    QTreeView *list = m_window->inboxView()->view();
    list->setCurrentIndex(inbox()->index(150, 0));
    const qint64 currentLead = list->currentIndex().data(InboxModel::LeadIdRole).toLongLong();
    QVERIFY(currentLead != 0);
    list->scrollTo(list->currentIndex());
    QVERIFY(list->verticalScrollBar()->value() > 0);

    // A conversation on the third page gets a message, then a new lead writes.
    const qint64 moved = order.at(250);
    m_host->runOnServiceThread([&](ServiceCore &core) {
        Message message;
        message.conversationId = moved;
        message.sender = SenderKind::Lead;
        message.contentType = QStringLiteral("text");
        message.content = QStringLiteral("sigo interesado");
        message.createdMs = NowMs - MinuteMs;
        if (MessageRepository(core.database()).insert(message))
            (void)ConversationRepository(core.database()).recordMessage(moved, message.createdMs, true, 0);
    });
    QCOMPARE(postMessage(QStringLiteral("51999000901"), QStringLiteral("Nueva"), QStringLiteral("hola")), 200);

    // The refresh reads down to the last loaded conversation: no loaded row is lost, and
    // the new lead and the moved conversation come first.
    QTRY_COMPARE(inbox()->rowCount(), loaded + 1);
    const QList<qint64> listed = listedConversations();
    QCOMPARE(inbox()->index(0, InboxModel::LeadColumn).data().toString(), QStringLiteral("Nueva"));
    QCOMPARE(listed.at(1), moved);
    QList<qint64> rest = order.mid(0, loaded);
    rest.removeOne(moved);
    QCOMPARE(listed.mid(2), rest);
    QTRY_COMPARE(inbox()->totalUnread(), 502);

    // The rows moved in place: the current row stays on its lead, and the list was not
    // scrolled back to the top.
    QCOMPARE(list->currentIndex().data(InboxModel::LeadIdRole).toLongLong(), currentLead);
    QVERIFY(list->verticalScrollBar()->value() > 0);

    // Loading continues below the same last conversation.
    scrollInboxToEnd();
    QTRY_COMPARE(inbox()->rowCount(), loaded + 1 + InboxModel::PageSize);
    QCOMPARE(listedConversations().mid(loaded + 1), order.mid(loaded, InboxModel::PageSize));
}

void InboxTest::olderMessagesReadOnePagePerStep()
{
    createWindow();
    QCOMPARE(postMessage(QStringLiteral("51999000951"), QStringLiteral("Ximena"), QStringLiteral("primero")), 200);
    const auto ximena = leadAndConversation(QStringLiteral("+51999000951"));
    QVERIFY(ximena.second != 0);
    insertMessages(ximena.second, 5000);

    // Refreshes caused by change notices read messages too. The test subtracts what
    // conversationReady carried to count the older pages alone.
    QSignalSpy refreshes(m_reader.get(), &SnapshotReader::conversationReady);
    const auto refreshedRows = [&refreshes](qsizetype from) {
        qint64 rows = 0;
        for (qsizetype i = from; i < refreshes.size(); ++i)
            rows += refreshes.at(i).at(3).value<QList<Message>>().size();
        return rows;
    };

    m_window->resize(1000, 600);
    ChatView *chat = m_window->chatView();
    const qint64 readBeforeOpening = m_reader->chatMessagesRead();
    m_window->openLeadChat(ximena.first);
    QTRY_COMPARE(chat->loadedMessageCount(), 50);
    QTRY_COMPARE(m_reader->chatMessagesRead() - readBeforeOpening, 50 + refreshedRows(1));
    auto *transcript = chat->findChild<QTextBrowser *>(QStringLiteral("chatTranscript"));
    QVERIFY(transcript);
    QVERIFY(transcript->toPlainText().contains(QStringLiteral("Mensaje 4999")));
    QScrollBar *scrollBar = transcript->verticalScrollBar();

    // Each scroll to the top reads the 50 messages before the oldest shown, and nothing else.
    for (int step = 1; step <= 5; ++step) {
        const qint64 readBefore = m_reader->chatMessagesRead();
        const qsizetype refreshesBefore = refreshes.size();
        scrollBar->setValue(0);
        QTRY_COMPARE(chat->loadedMessageCount(), 50 * (step + 1));
        // The reader counts before it signals, so a refresh may be counted a moment
        // before the spy sees it.
        QTRY_COMPARE(m_reader->chatMessagesRead() - readBefore - refreshedRows(refreshesBefore), 50);
        const QString text = transcript->toPlainText();
        QVERIFY(text.contains(QStringLiteral("Mensaje %1").arg(5000 - 50 * (step + 1), 4, 10, QLatin1Char('0'))));
        QVERIFY(!text.contains(QStringLiteral("Mensaje %1").arg(5000 - 50 * (step + 1) - 1, 4, 10, QLatin1Char('0'))));
        QVERIFY(chat->hasOlderMessages());
    }

    // A new message appears below the loaded ones. Its refresh reads the newest page
    // shown and the new message, not every loaded message.
    const qsizetype refreshesBeforeNew = refreshes.size();
    QCOMPARE(postMessage(QStringLiteral("51999000951"), QStringLiteral("Ximena"), QStringLiteral("¿y el precio?")), 200);
    QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("¿y el precio?")));
    QCOMPARE(chat->loadedMessageCount(), 301);
    QVERIFY(refreshes.size() > refreshesBeforeNew);
    for (qsizetype i = refreshesBeforeNew; i < refreshes.size(); ++i)
        QVERIFY(refreshes.at(i).at(3).value<QList<Message>>().size() <= 51);

    // A reply's delivery tick follows its status after the user has loaded older pages.
    qint64 replyId = 0;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        const Database &database = core.database();
        Message message;
        message.conversationId = ximena.second;
        message.sender = SenderKind::Human;
        message.userId = m_session->userId();
        message.contentType = QStringLiteral("text");
        message.content = QStringLiteral("Le envío la cotización");
        message.createdMs = NowMs;
        auto inserted = MessageRepository(database).insert(message);
        if (!inserted)
            return;
        // The outbox would send a due message at once, so this one is due in a day.
        auto outbound = database.update(
            QStringLiteral("INSERT INTO outbound_messages (message_id, conversation_id, provider, destination, "
                           "body, status, attempts, next_attempt_at, last_error, created_at, updated_at) "
                           "VALUES (?, ?, 'gupshup', '51999000951', ?, 'sent', 1, ?, '', ?, ?)"),
            {*inserted, ximena.second, message.content, NowMs + DayMs, NowMs, NowMs});
        if (outbound)
            replyId = *inserted;
    });
    QVERIFY(replyId != 0);
    // The writes above bypass the service's change notices; a lead's message brings one.
    QCOMPARE(postMessage(QStringLiteral("51999000951"), QStringLiteral("Ximena"), QStringLiteral("gracias")), 200);
    QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("gracias")));
    QVERIFY(transcript->toPlainText().contains(QStringLiteral("Le envío la cotización")));
    QVERIFY(!transcript->toHtml().contains(QStringLiteral("#1d9bf0")));

    execOnService(QStringLiteral("UPDATE outbound_messages SET status = 'read' WHERE message_id = ?"), {replyId});
    QCOMPARE(postMessage(QStringLiteral("51999000951"), QStringLiteral("Ximena"), QStringLiteral("listo")), 200);
    QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("listo")));
    QTRY_VERIFY(transcript->toHtml().contains(QStringLiteral("#1d9bf0")));
    QCOMPARE(chat->loadedMessageCount(), 304);
    QVERIFY(transcript->toPlainText().contains(QStringLiteral("Mensaje 4700")));
}

void InboxTest::olderMessagesBadRequestRejected()
{
    QCOMPARE(postMessage(QStringLiteral("51999000961"), QStringLiteral("Yesenia"), QStringLiteral("hola")), 200);
    QCOMPARE(postMessage(QStringLiteral("51999000962"), QStringLiteral("Zoe"), QStringLiteral("hola")), 200);
    const auto yesenia = leadAndConversation(QStringLiteral("+51999000961"));
    const auto zoe = leadAndConversation(QStringLiteral("+51999000962"));
    QVERIFY(yesenia.second != 0 && zoe.second != 0);
    QSignalSpy failed(m_reader.get(), &SnapshotReader::failed);
    QSignalSpy older(m_reader.get(), &SnapshotReader::olderMessagesReady);
    const Actor viewer = m_session->actor();

    // Zoe's conversation asked for as if it were Yesenia's: the lead check covered Yesenia only.
    m_reader->requestOlderMessages(1, viewer, yesenia.first, zoe.second, std::numeric_limits<qint64>::max(), 50);
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).toInt(), 1);
    QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("The conversation no longer exists; select the lead again."));
    QCOMPARE(failed.at(0).at(2).toBool(), false);

    // A page of no messages is a caller's mistake, for older pages and snapshots alike.
    m_reader->requestOlderMessages(2, viewer, yesenia.first, yesenia.second, std::numeric_limits<qint64>::max(), 0);
    m_reader->requestConversation(3, viewer, yesenia.first, 0, -1);
    QTRY_COMPARE(failed.size(), 3);
    for (qsizetype i = 1; i < 3; ++i)
        QVERIFY2(failed.at(i).at(1).toString().contains(QStringLiteral("at least 1 message")),
                 qPrintable(failed.at(i).at(1).toString()));
    QCOMPARE(older.size(), 0);
}

QTEST_MAIN(InboxTest)
#include "tst_inbox.moc"
