// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The chat composer's tools against a real service on 127.0.0.1 and a fake Gupshup.
// Covered: assigning the lead from the chat, closing the conversation and the lead's
// next message reopening it, inserting a canned reply, sending an approved template
// outside the 24-hour window, and attaching a file that goes out with the composer's
// text as its caption. Refusals in the service change nothing.

#include "AccountsTestSupport.h"
#include "CannedRepliesDialog.h"
#include "MessageTemplatesDialog.h"
#include "ChatView.h"
#include "ComposerTools.h"
#include "FakeGupshup.h"
#include "FileDialogs.h"
#include "Fixtures.h"
#include "HttpTestClient.h"
#include "Session.h"
#include "core/Clock.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "storage/Database.h"
#include "storage/InboxRepository.h"
#include "storage/SettingsRepository.h"

#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QImage>
#include <QPushButton>
#include <QTextBrowser>
#include <QToolButton>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Prospecta;
using Prospecta::Testing::FakeGupshup;
using Prospecta::Testing::HttpTestClient;
using Prospecta::Testing::ServiceHarness;

namespace {

const QString WebhookToken = QStringLiteral("test-token-0123456789");
constexpr qint64 FixtureTimestampMs = 1735740000000;
constexpr qint64 NowMs = FixtureTimestampMs + 60'000;
constexpr qint64 HourMs = 60LL * 60 * 1000;
const QString TemplateBody = QStringLiteral("Hola {{1}}, su plan {{2}} vence el {{3}}.");

QAction *actionWithData(QMenu *menu, qint64 id)
{
    for (QAction *action : menu->actions()) {
        if (!action->isSeparator() && action->data().isValid() && action->data().toLongLong() == id)
            return action;
    }
    return nullptr;
}

} // namespace

class ComposerTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void assignFromChatAssignsAndAudits();
    void closeLeavesActiveListsUntilLeadWrites();
    void cannedReplyInsertsFirstName();
    void templateSentOutsideWindow();
    void refusalsChangeNothing_data();
    void refusalsChangeNothing();
    void cannedDialogAddsSharedReply();
    void templatesDialogShowsRejection();
    void attachmentSentWithCaption();
    void attachButtonNeedsPublicUrl();
    void rejectedFileNotAttached();

private:
    // Points server.publicUrl at this test's own server, as a tunnel would.
    void setPublicUrl(const QString &url);
    // Posts the text fixture again with another message id: the lead writes again.
    void leadWrites(const QString &messageId);
    QVariant scalar(const QString &sql, const QVariantList &values = {});
    qint64 saveTemplate();
    void openChat();

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<SnapshotReader> m_reader;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ChatView> m_chat;
    LeadRow m_leadRow;
    qint64 m_conversationId = 0;
    qint64 m_agentId = 0;
    HttpTestClient m_http{10000};
};

void ComposerTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void ComposerTest::init()
{
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_gupshup = std::make_unique<FakeGupshup>();
    QVERIFY(m_gupshup->start());
    const Status prepared = m_harness->prepareGupshupWithoutAi(m_gupshup->baseUrl(), WebhookToken, FixtureTimestampMs);
    QVERIFY2(prepared.ok(), qPrintable(Testing::messageOf(prepared)));

    m_clock = std::make_shared<ManualClock>(NowMs);
    ServiceOptions options = m_harness->serviceOptions(m_clock);
    options.downloadMedia = false;
    m_host = std::make_unique<ServiceHost>(options);
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
    const auto agentId = Testing::addUser(*m_host, m_session->actor(), QStringLiteral("Beto Asesor"),
                                          QStringLiteral("beto@example.com"), UserRole::Agent,
                                          QStringLiteral("correct horse battery"));
    QVERIFY2(agentId.ok(), qPrintable(Testing::messageOf(agentId)));
    m_agentId = *agentId;

    leadWrites({});
    QTRY_VERIFY(scalar(QStringLiteral("SELECT COUNT(*) FROM conversations")).toInt() == 1);
    m_conversationId = scalar(QStringLiteral("SELECT id FROM conversations")).toLongLong();
    m_leadRow.lead.id = scalar(QStringLiteral("SELECT lead_id FROM conversations")).toLongLong();
    m_leadRow.lead.name = scalar(QStringLiteral("SELECT name FROM leads")).toString();
    m_leadRow.lead.phone = scalar(QStringLiteral("SELECT phone FROM leads")).toString();
    QCOMPARE(m_leadRow.lead.name, QStringLiteral("Cliente Prueba"));
}

void ComposerTest::cleanup()
{
    m_chat.reset();
    m_session.reset();
    m_reader.reset();
    m_host.reset();
    m_gupshup.reset();
    m_harness.reset();
    m_clock.reset();
    m_conversationId = 0;
    m_leadRow = LeadRow{};
}

void ComposerTest::leadWrites(const QString &messageId)
{
    QByteArray body = Testing::fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json"));
    if (!messageId.isEmpty()) {
        QJsonObject event = QJsonDocument::fromJson(body).object();
        QJsonObject payload = event.value(QLatin1String("payload")).toObject();
        payload.insert(QStringLiteral("id"), messageId);
        event.insert(QStringLiteral("payload"), payload);
        event.insert(QStringLiteral("timestamp"), m_clock->nowMs());
        body = QJsonDocument(event).toJson(QJsonDocument::Compact);
    }
    const auto answer =
        m_http.request(m_host->port(), "POST", QStringLiteral("/api/webhooks/gupshup/") + WebhookToken, body);
    QCOMPARE(answer.status, 200);
}

QVariant ComposerTest::scalar(const QString &sql, const QVariantList &values)
{
    QVariant value;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        auto result = core.database().scalar(sql, values);
        if (result)
            value = *result;
    });
    return value;
}

qint64 ComposerTest::saveTemplate()
{
    qint64 id = 0;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        MessageTemplate messageTemplate;
        messageTemplate.name = QStringLiteral("baebff30-ad7a-4187-a545-f13ec0a5eea3");
        messageTemplate.language = QStringLiteral("es");
        messageTemplate.body = TemplateBody;
        auto saved = core.saveMessageTemplate(m_session->actor(), messageTemplate);
        id = saved ? *saved : 0;
    });
    return id;
}

void ComposerTest::openChat()
{
    m_chat = std::make_unique<ChatView>(m_reader.get(), m_host.get(), m_session.get());
    m_chat->resize(700, 600);
    m_chat->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_chat.get()));
    m_chat->showLead(m_leadRow);
    QTRY_COMPARE(m_chat->conversation().id, m_conversationId);
}

void ComposerTest::assignFromChatAssignsAndAudits()
{
    openChat();
    QMenu *menu = m_chat->composerTools()->assignMenu();
    QTRY_VERIFY(actionWithData(menu, m_agentId) != nullptr);

    actionWithData(menu, m_agentId)->trigger();

    QTRY_COMPARE(scalar(QStringLiteral("SELECT assigned_user_id FROM leads WHERE id = ?"), {m_leadRow.lead.id})
                     .toLongLong(),
                 m_agentId);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'lead.assigned' AND target_id = ?"),
                    {QString::number(m_leadRow.lead.id)})
                 .toInt(),
             1);
}

void ComposerTest::closeLeavesActiveListsUntilLeadWrites()
{
    openChat();
    auto *closeButton = m_chat->findChild<QPushButton *>(QStringLiteral("closeConversationButton"));
    QVERIFY(closeButton);
    QTRY_VERIFY(closeButton->isEnabled());

    QTest::mouseClick(closeButton, Qt::LeftButton);

    QTRY_COMPARE(scalar(QStringLiteral("SELECT status FROM conversations WHERE id = ?"), {m_conversationId}).toString(),
                 QStringLiteral("closed"));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'conversation.closed'")).toInt(), 1);
    QTRY_VERIFY(!closeButton->isEnabled());
    int unassigned = -1;
    int all = -1;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        InboxRepository inbox(core.database());
        unassigned = int(inbox.list(m_session->userId(), 0, InboxFilter::Unassigned, InboxRange{}).valueOr({}).size());
        all = int(inbox.list(m_session->userId(), 0, InboxFilter::All, InboxRange{}).valueOr({}).size());
    });
    QCOMPARE(unassigned, 0);
    QCOMPARE(all, 1);

    // The lead's next message reopens the same conversation, not a new one.
    m_clock->advance(60'000);
    leadWrites(QStringLiteral("wamid.composer-reopen-1"));
    QTRY_COMPARE(scalar(QStringLiteral("SELECT status FROM conversations WHERE id = ?"), {m_conversationId}).toString(),
                 QStringLiteral("active"));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM conversations")).toInt(), 1);
    QTRY_VERIFY(closeButton->isEnabled());
}

void ComposerTest::cannedReplyInsertsFirstName()
{
    qint64 replyId = 0;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        CannedReply reply;
        reply.title = QStringLiteral("Saludo");
        reply.body = QStringLiteral("Hola {name}, gracias por escribirnos.");
        reply.ownerUserId = 0;
        auto saved = core.saveCannedReply(m_session->actor(), reply);
        replyId = saved ? *saved : 0;
    });
    QVERIFY(replyId > 0);
    openChat();
    QMenu *menu = m_chat->composerTools()->cannedMenu();
    QTRY_VERIFY(actionWithData(menu, replyId) != nullptr);
    auto *composer = m_chat->findChild<QPlainTextEdit *>(QStringLiteral("composer"));
    QVERIFY(composer);
    QTRY_VERIFY(composer->isVisible());

    actionWithData(menu, replyId)->trigger();

    QCOMPARE(composer->toPlainText(), QStringLiteral("Hola Cliente, gracias por escribirnos."));
}

void ComposerTest::templateSentOutsideWindow()
{
    const qint64 templateId = saveTemplate();
    QVERIFY(templateId > 0);
    m_clock->advance(25 * HourMs);
    openChat();
    auto *panel = m_chat->findChild<QWidget *>(QStringLiteral("templatePanel"));
    auto *composer = m_chat->findChild<QPlainTextEdit *>(QStringLiteral("composer"));
    auto *sendTemplate = m_chat->findChild<QPushButton *>(QStringLiteral("sendTemplateButton"));
    QVERIFY(panel && composer && sendTemplate);
    QTRY_VERIFY(panel->isVisible());
    QVERIFY(!composer->isVisible());
    QTRY_VERIFY(m_chat->findChild<QLineEdit *>(QStringLiteral("templateParameter3")) != nullptr);
    QVERIFY(!sendTemplate->isEnabled());

    const QStringList values{QStringLiteral("Cliente Prueba"), QStringLiteral("Plan Empresarial"),
                             QStringLiteral("viernes 10 de enero")};
    for (int number = 1; number <= 3; ++number)
        QTest::keyClicks(m_chat->findChild<QLineEdit *>(QStringLiteral("templateParameter%1").arg(number)),
                         values.at(number - 1));
    const QString filled = QStringLiteral("Hola Cliente Prueba, su plan Plan Empresarial vence el viernes 10 de enero.");
    QCOMPARE(m_chat->findChild<QLabel *>(QStringLiteral("templatePreview"))->text(), filled);
    QVERIFY(sendTemplate->isEnabled());

    QTest::mouseClick(sendTemplate, Qt::LeftButton);

    QTRY_COMPARE(m_gupshup->sentMessages().size(), 1);
    const FakeGupshup::SentMessage &sent = m_gupshup->sentMessages().first();
    QCOMPARE(sent.templateId, QStringLiteral("baebff30-ad7a-4187-a545-f13ec0a5eea3"));
    QCOMPARE(sent.templateParams, values);
    QCOMPARE(m_gupshup->receivedForms().first().request.path(), QByteArray("/wa/api/v1/template/msg"));
    QCOMPARE(scalar(QStringLiteral("SELECT content FROM messages WHERE sender = 'human'")).toString(), filled);
    QTRY_COMPARE(scalar(QStringLiteral("SELECT status FROM outbound_messages WHERE kind = 'template'")).toString(),
                 QStringLiteral("enqueued"));
}

void ComposerTest::refusalsChangeNothing_data()
{
    QTest::addColumn<QString>("refusal");
    QTest::addColumn<int>("expectedKind");
    QTest::newRow("free text outside the window") << QStringLiteral("text") << int(ErrorKind::Forbidden);
    QTest::newRow("template with a missing parameter") << QStringLiteral("missing") << int(ErrorKind::InvalidArgument);
    QTest::newRow("template with a line break") << QStringLiteral("newline") << int(ErrorKind::InvalidArgument);
    QTest::newRow("closing a closed conversation") << QStringLiteral("close twice") << int(ErrorKind::Conflict);
}

void ComposerTest::refusalsChangeNothing()
{
    QFETCH(QString, refusal);
    QFETCH(int, expectedKind);
    const qint64 templateId = saveTemplate();
    QVERIFY(templateId > 0);
    m_clock->advance(25 * HourMs);
    if (refusal == QLatin1String("close twice")) {
        m_host->runOnServiceThread([&](ServiceCore &core) { QVERIFY(core.closeConversation(m_session->actor(), m_conversationId).ok()); });
    }
    const QString counts = QStringLiteral(
        "SELECT (SELECT COUNT(*) FROM messages) || '/' || (SELECT COUNT(*) FROM outbound_messages) || '/' || "
        "(SELECT COUNT(*) FROM audit_log) || '/' || (SELECT status || human_holds FROM conversations)");
    const QString before = scalar(counts).toString();

    Status status;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        const Actor actor = m_session->actor();
        if (refusal == QLatin1String("text"))
            status = core.sendHumanMessage(actor, m_conversationId, QStringLiteral("Hola"));
        else if (refusal == QLatin1String("missing"))
            status = core.sendTemplate(actor, m_conversationId, templateId,
                                       {QStringLiteral("Cliente"), QStringLiteral("Plan")});
        else if (refusal == QLatin1String("newline"))
            status = core.sendTemplate(actor, m_conversationId, templateId,
                                       {QStringLiteral("Cliente"), QStringLiteral("Plan\nB"), QStringLiteral("lunes")});
        else
            status = core.closeConversation(actor, m_conversationId);
    });

    QVERIFY(!status.ok());
    QCOMPARE(int(status.error().kind), expectedKind);
    QCOMPARE(scalar(counts).toString(), before);
    QVERIFY(m_gupshup->receivedForms().isEmpty());
}

void ComposerTest::cannedDialogAddsSharedReply()
{
    openChat();
    CannedRepliesDialog dialog(m_host.get(), m_session.get());
    dialog.show();
    dialog.findChild<QLineEdit *>(QStringLiteral("cannedTitle"))->setText(QStringLiteral("Horario"));
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("cannedBody"))->setPlainText(QStringLiteral("Atendemos de 9 a 18."));
    auto *shared = dialog.findChild<QCheckBox *>(QStringLiteral("cannedShared"));
    QVERIFY(shared->isVisible());
    shared->setChecked(true);

    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("cannedSave")), Qt::LeftButton);

    QTRY_COMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM canned_replies WHERE owner_user_id IS NULL")).toInt(), 1);
    // The chat's menu hears of the new reply.
    QTRY_COMPARE(m_chat->composerTools()->cannedReplies().size(), 1);
    QCOMPARE(m_chat->composerTools()->cannedReplies().first().title, QStringLiteral("Horario"));
}

void ComposerTest::templatesDialogShowsRejection()
{
    MessageTemplatesDialog dialog(m_host.get(), m_session.get());
    dialog.show();
    dialog.findChild<QLineEdit *>(QStringLiteral("templateName"))->setText(QStringLiteral("aviso"));
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("templateBody"))->setPlainText(QStringLiteral("Hola {{2}}"));

    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("templateSave")), Qt::LeftButton);

    auto *status = dialog.findChild<QLabel *>(QStringLiteral("templateStatus"));
    QTRY_VERIFY(status->text().contains(QStringLiteral("{{1}}")));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM message_templates")).toInt(), 0);

    dialog.findChild<QPlainTextEdit *>(QStringLiteral("templateBody"))->setPlainText(QStringLiteral("Hola {{1}}"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("templateSave")), Qt::LeftButton);
    QTRY_COMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM message_templates WHERE language = 'es'")).toInt(), 1);
}

void ComposerTest::setPublicUrl(const QString &url)
{
    m_host->runOnServiceThread([&](ServiceCore &core) {
        // A later updated_at than the settings stored at start, so the service reloads them.
        QVERIFY(SettingsRepository(core.database()).set(QStringLiteral("server.publicUrl"), url, m_clock->nowMs() + 1).ok());
        core.reloadConfiguration();
    });
}

void ComposerTest::attachmentSentWithCaption()
{
    const QString publicUrl = QStringLiteral("http://127.0.0.1:%1").arg(m_host->port());
    setPublicUrl(publicUrl);
    const QString path = m_harness->filePath(QStringLiteral("catalogo.png"));
    QImage image(48, 32, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QVERIFY(image.save(path, "PNG"));
    openChat();
    auto *attach = m_chat->findChild<QToolButton *>(QStringLiteral("attachButton"));
    auto *chip = m_chat->findChild<QWidget *>(QStringLiteral("attachmentChip"));
    auto *composer = m_chat->findChild<QPlainTextEdit *>(QStringLiteral("composer"));
    auto *send = m_chat->findChild<QPushButton *>(QStringLiteral("sendButton"));
    QVERIFY(attach && chip && composer && send);
    QTRY_VERIFY(attach->isEnabled());
    QVERIFY(!chip->isVisible());

    FileDialogs::preparePath(path);
    QTest::mouseClick(attach, Qt::LeftButton);

    QTRY_VERIFY(chip->isVisible());
    QVERIFY(m_chat->findChild<QLabel *>(QStringLiteral("attachmentName"))->text().startsWith(QStringLiteral("catalogo.png")));
    // A file alone may be sent; the text becomes its caption.
    QVERIFY(send->isEnabled());
    QVERIFY(composer->placeholderText().contains(QStringLiteral("caption")));
    // Ctrl+Enter is a shortcut of the composer, which needs the keyboard focus.
    m_chat->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_chat.get()));
    composer->setFocus();
    // QTest types ASCII only, so the accented caption is inserted as a paste would.
    composer->insertPlainText(QStringLiteral("Nuestro catálogo"));
    QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);

    QTRY_COMPARE(m_gupshup->sentMessages().size(), 1);
    const FakeGupshup::SentMessage &sent = m_gupshup->sentMessages().first();
    QCOMPARE(sent.type, QStringLiteral("image"));
    QCOMPARE(sent.caption, QStringLiteral("Nuestro catálogo"));
    QVERIFY2(sent.mediaUrl.startsWith(publicUrl + QStringLiteral("/media/")), qPrintable(sent.mediaUrl));
    QCOMPARE(sent.previewUrl, sent.mediaUrl);
    QTRY_VERIFY(!chip->isVisible());
    QCOMPARE(composer->toPlainText(), QString());
    QCOMPARE(scalar(QStringLiteral("SELECT content FROM messages WHERE content_type = 'image'")).toString(),
             QStringLiteral("Nuestro catálogo"));
    // The outgoing image shows as a thumbnail, read from the local copy.
    auto *transcript = m_chat->findChild<QTextBrowser *>(QStringLiteral("chatTranscript"));
    QTRY_VERIFY2(transcript->toHtml().contains(QStringLiteral("<img")), qPrintable(transcript->toHtml()));
}

void ComposerTest::attachButtonNeedsPublicUrl()
{
    openChat();
    auto *attach = m_chat->findChild<QToolButton *>(QStringLiteral("attachButton"));
    QVERIFY(attach);

    QTRY_VERIFY2(attach->toolTip().contains(QStringLiteral("administrator")), qPrintable(attach->toolTip()));
    QVERIFY(!attach->isEnabled());

    // Once an administrator sets it, the button works without reopening the chat.
    setPublicUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_host->port()));
    QTRY_VERIFY(attach->isEnabled());
}

void ComposerTest::rejectedFileNotAttached()
{
    setPublicUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_host->port()));
    const QString path = m_harness->filePath(QStringLiteral("foto.jpg"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("%PDF-1.7 not a photo");
    file.close();
    openChat();
    auto *attach = m_chat->findChild<QToolButton *>(QStringLiteral("attachButton"));
    QTRY_VERIFY(attach->isEnabled());
    const QString counts = QStringLiteral(
        "SELECT (SELECT COUNT(*) FROM messages) || '/' || (SELECT COUNT(*) FROM outbound_messages) || '/' || "
        "(SELECT COUNT(*) FROM outbound_media)");
    const QString before = scalar(counts).toString();

    FileDialogs::preparePath(path);
    QTest::mouseClick(attach, Qt::LeftButton);

    auto *status = m_chat->findChild<QLabel *>(QStringLiteral("sendStatus"));
    // "Checking foto.jpg…" comes first; the rejection names what the file should be.
    QTRY_VERIFY2(status->text().contains(QStringLiteral("JPEG")), qPrintable(status->text()));
    QVERIFY2(status->text().contains(QStringLiteral("foto.jpg")), qPrintable(status->text()));
    QVERIFY(!m_chat->findChild<QWidget *>(QStringLiteral("attachmentChip"))->isVisible());
    QVERIFY(!m_chat->composerTools()->hasAttachment());
    QCOMPARE(scalar(counts).toString(), before);
}

QTEST_MAIN(ComposerTest)
#include "tst_composer.moc"
