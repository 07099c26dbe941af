// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatView.h"

#include "ComposerTools.h"
#include "DisplayNames.h"
#include "ReaderRequest.h"
#include "Session.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QJsonValue>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QTextBrowser>
#include <QTextDocument>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <algorithm>

namespace Prospecta {

namespace {

// The latest messages a conversation opens with, and how many older ones each scroll to
// the top loads.
constexpr int MessagePageSize = 50;
// A refresh reads the newest MessagePageSize shown messages again, for their delivery
// ticks, and the new ones after them, up to this many in all. When more arrived, the
// transcript starts over from the newest ones.
constexpr int RefreshMessageLimit = 4 * MessagePageSize;
constexpr int RefreshDelayMs = 100;
constexpr qint64 FreeTextWindowMs = 24LL * 60 * 60 * 1000;
constexpr int ThumbnailMaxWidth = 240;
// Media comes from leads: a small file may declare a huge image. Decoding stops above
// this many megabytes (QImageReader::setAllocationLimit), and images whose declared size
// needs more are not decoded at all.
constexpr int ImageAllocationLimitMb = 64;
const QString RetryScheme = QStringLiteral("prospecta-retry");
const QString ThumbnailScheme = QStringLiteral("prospecta-thumbnail");

QUrl thumbnailUrl(qint64 messageId)
{
    return QUrl(QStringLiteral("%1:%2").arg(ThumbnailScheme).arg(messageId));
}

// The heading of a day in the transcript: "Today", "Yesterday" or the date.
QString dayHeading(const QDate &day)
{
    const QDate today = QDate::currentDate();
    if (day == today)
        return QCoreApplication::translate("Prospecta::ChatView", "Today");
    if (day == today.addDays(-1))
        return QCoreApplication::translate("Prospecta::ChatView", "Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

bool affectsConversation(const QString &table)
{
    return table == QLatin1String("messages") || table == QLatin1String("conversations")
        || table == QLatin1String("leads");
}

bool isOutgoing(const Message &message)
{
    return message.sender == SenderKind::Ai || message.sender == SenderKind::Human;
}

// Escapes text for an HTML fragment. The bubbles keep line breaks with white-space: pre-wrap.
QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

// The time of a message: only the time for today's messages, date and time otherwise.
QString messageTime(qint64 epochMs)
{
    if (epochMs <= 0)
        return {};
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime();
    if (local.date() == QDate::currentDate())
        return QLocale().toString(local.time(), QLocale::ShortFormat);
    return QLocale().toString(local, QLocale::ShortFormat);
}

// Returns the HTML shown under a message's text for its metadata: a file's name, a
// location's name, its coordinates and a link to a map.
QString detailsHtml(const Message &message)
{
    QString html;
    const QString fileName = message.metadata.value(QLatin1String("fileName")).toString();
    if (!fileName.isEmpty())
        html += QStringLiteral("<br>%1").arg(escaped(fileName));

    const QString locationName = message.metadata.value(QLatin1String("locationName")).toString();
    if (!locationName.isEmpty())
        html += QStringLiteral("<br>%1").arg(escaped(locationName));
    const QJsonValue latitude = message.metadata.value(QLatin1String("latitude"));
    const QJsonValue longitude = message.metadata.value(QLatin1String("longitude"));
    if (latitude.isDouble() && longitude.isDouble()) {
        // Coordinates keep the dot as decimal separator whatever the locale, as maps
        // write them: with a decimal comma "-12,046374, -77,042793" would be ambiguous.
        const QString lat = QString::number(latitude.toDouble(), 'f', 6);
        const QString lon = QString::number(longitude.toDouble(), 'f', 6);
        QUrl map(QStringLiteral("https://www.openstreetmap.org/"));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("mlat"), lat);
        query.addQueryItem(QStringLiteral("mlon"), lon);
        map.setQuery(query);
        map.setFragment(QStringLiteral("map=16/%1/%2").arg(lat, lon));
        html += QStringLiteral("<br>%1, %2 <a href=\"%3\">%4</a>")
                    .arg(lat, lon, escaped(QString::fromUtf8(map.toEncoded())),
                         escaped(QCoreApplication::translate("Prospecta::ChatView", "Open map")));
    }
    return html;
}

} // namespace

ChatView::ChatView(SnapshotReader *reader, ServiceHost *host, Session *session, QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_host(host)
    , m_session(session)
{
    buildLayout();

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(RefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ChatView::requestSnapshot);

    connect(m_reader, &SnapshotReader::conversationReady, this, &ChatView::applySnapshot);
    m_request = new ReaderRequest(m_reader, m_session, this);
    connect(m_request, &ReaderRequest::failed, this, [this](const QString &message) {
        qCWarning(lcUi) << "Reading the conversation of lead" << m_lead.lead.id << "failed:" << message;
        m_sendStatus->setText(tr("Could not load the conversation: %1").arg(message));
    });
    connect(m_reader, &SnapshotReader::olderMessagesReady, this, &ChatView::applyOlderMessages);
    m_olderRequest = new ReaderRequest(m_reader, m_session, this);
    connect(m_olderRequest, &ReaderRequest::failed, this, [this](const QString &message) {
        qCWarning(lcUi) << "Reading older messages of lead" << m_lead.lead.id << "failed:" << message;
        // Scrolling to the top again tries again.
        m_loadingOlder = false;
        m_sendStatus->setText(tr("Could not load older messages: %1").arg(message));
    });
    if (m_host) {
        // Downloaded media is named relative to the service's media folder.
        m_host->call<QString>(
            this, [](ServiceCore &core) { return Result<QString>(core.mediaFolder()); },
            [this](const Result<QString> &folder) {
                if (!folder)
                    return;
                m_mediaFolder = *folder;
                if (m_loaded)
                    renderTranscript(false);
            });
        m_host->call<qint64>(
            this, [](ServiceCore &core) { return Result<qint64>(core.clock().nowMs() - QDateTime::currentMSecsSinceEpoch()); },
            [this](const Result<qint64> &offset) {
                if (!offset)
                    return;
                m_serviceClockOffsetMs = *offset;
                updateControls();
            });
        connect(m_host, &ServiceHost::changed, this, [this](const QString &table, qint64) {
            if (m_lead.lead.id != 0 && affectsConversation(table))
                scheduleRefresh();
        });
    }

    showLead(LeadRow{});
}

void ChatView::buildLayout()
{
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("chatTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_holderLabel = new QLabel(this);
    m_holderLabel->setObjectName(QStringLiteral("chatHolder"));
    m_holderLabel->setWordWrap(true);

    m_holdButton = new QPushButton(this);
    m_holdButton->setObjectName(QStringLiteral("holdButton"));
    connect(m_holdButton, &QPushButton::clicked, this, &ChatView::toggleHumanHold);

    m_needsHumanBanner = new QLabel(this);
    m_needsHumanBanner->setObjectName(QStringLiteral("needsHumanBanner"));
    m_needsHumanBanner->setTextFormat(Qt::PlainText);
    m_needsHumanBanner->setWordWrap(true);
    m_needsHumanBanner->setMargin(8);
    m_needsHumanBanner->setStyleSheet(
        QStringLiteral("QLabel { background-color: #fff3cd; color: #664d03; border: 1px solid #ffe69c; }"));
    m_needsHumanBanner->hide();

    m_transcript = new QTextBrowser(this);
    m_transcript->setObjectName(QStringLiteral("chatTranscript"));
    // Links come from leads' media: open only web links, and only in the user's browser.
    m_transcript->setOpenLinks(false);
    // The lead's bubbles are white, so a tinted background keeps them visible.
    m_transcript->setStyleSheet(QStringLiteral("QTextBrowser { background-color: #efeae2; }"));
    m_transcript->document()->setDocumentMargin(12);
    connect(m_transcript, &QTextBrowser::anchorClicked, this, &ChatView::openLink);
    connect(m_transcript->verticalScrollBar(), &QScrollBar::valueChanged, this, &ChatView::transcriptScrolled);
    // The range also changes after rendering, when the layout around the transcript
    // settles (the header and hints appear once a conversation is loaded).
    connect(m_transcript->verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int maximum) {
        if (!m_pinnedDistanceFromEnd)
            return;
        m_rendering = true;
        m_transcript->verticalScrollBar()->setValue(maximum - *m_pinnedDistanceFromEnd);
        m_rendering = false;
    });

    m_windowHint = new QLabel(this);
    m_windowHint->setObjectName(QStringLiteral("windowHint"));
    m_windowHint->setWordWrap(true);
    m_windowHint->setText(tr("More than 24 hours have passed since the lead last wrote: "
                             "WhatsApp accepts only templates until the lead writes again."));
    m_windowHint->hide();

    m_composer = new QPlainTextEdit(this);
    m_composer->setObjectName(QStringLiteral("composer"));
    m_composer->setPlaceholderText(tr("Write a reply… (%1 sends it)", "%1 is a keyboard shortcut")
                                       .arg(QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText)));
    m_composer->setMaximumHeight(m_composer->fontMetrics().lineSpacing() * 5);
    m_composer->setTabChangesFocus(true);

    m_sendButton = new QPushButton(tr("Send", "send a chat message"), this);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    connect(m_sendButton, &QPushButton::clicked, this, &ChatView::sendComposerText);
    for (const QKeySequence &keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, m_composer);
        shortcut->setContext(Qt::WidgetShortcut);
        connect(shortcut, &QShortcut::activated, this, &ChatView::sendComposerText);
    }
    connect(m_composer, &QPlainTextEdit::textChanged, this, &ChatView::updateControls);

    m_sendStatus = new QLabel(this);
    m_sendStatus->setObjectName(QStringLiteral("sendStatus"));
    m_sendStatus->setTextFormat(Qt::PlainText);
    m_sendStatus->setWordWrap(true);

    auto *titleColumn = new QVBoxLayout;
    titleColumn->addWidget(m_title);
    titleColumn->addWidget(m_holderLabel);
    auto *header = new QHBoxLayout;
    header->addLayout(titleColumn, 1);
    header->addWidget(m_holdButton, 0, Qt::AlignTop);

    // Free text is refused outside the 24-hour window, so the template panel of the tools
    // takes the composer's place there (updateControls).
    m_tools = new ComposerTools(m_host, m_session, this);
    m_tools->setObjectName(QStringLiteral("composerTools"));
    connect(m_tools, &ComposerTools::insertRequested, this, &ChatView::insertIntoComposer);
    connect(m_tools, &ComposerTools::statusChanged, this, &ChatView::showStatus);
    connect(m_tools, &ComposerTools::conversationChanged, this, &ChatView::requestSnapshot);
    connect(m_tools, &ComposerTools::attachmentChanged, this, &ChatView::updateControls);
    auto *cannedShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), m_composer);
    cannedShortcut->setContext(Qt::WidgetShortcut);
    connect(cannedShortcut, &QShortcut::activated, m_tools, &ComposerTools::popupCannedReplies);

    auto *composerRow = new QHBoxLayout;
    composerRow->addWidget(m_composer, 1);
    composerRow->addWidget(m_sendButton, 0, Qt::AlignBottom);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_needsHumanBanner);
    layout->addWidget(m_transcript, 1);
    layout->addWidget(m_windowHint);
    layout->addWidget(m_tools);
    layout->addLayout(composerRow);
    layout->addWidget(m_sendStatus);
}

void ChatView::showLead(const LeadRow &row)
{
    const bool sameLead = row.lead.id == m_lead.lead.id;
    if (!sameLead && m_lead.lead.id != 0)
        m_drafts.insert(m_lead.lead.id, m_composer->toPlainText());
    m_lead = row;

    if (row.lead.id == 0)
        m_title->clear();
    else if (row.lead.name.isEmpty())
        m_title->setText(row.lead.phone);
    else
        m_title->setText(tr("%1 (%2)", "chat title: lead name (phone)").arg(row.lead.name, row.lead.phone));
    if (sameLead) {
        // The owner may have changed, which the assign menu shows.
        updateControls();
        return;
    }

    m_refreshTimer.stop();
    m_conversation = Conversation{};
    m_messages.clear();
    m_loaded = false;
    m_hasOlderMessages = false;
    m_loadingOlder = false;
    m_olderRequest->cancel();
    m_sendStatus->clear();
    {
        // Restoring a draft is not an edit the user made.
        const QSignalBlocker blocker(m_composer);
        m_composer->setPlainText(m_drafts.take(row.lead.id));
    }
    renderTranscript(true);
    updateControls();
    if (row.lead.id != 0)
        requestSnapshot();
    else
        m_request->cancel();
}

void ChatView::requestSnapshot()
{
    m_refreshTimer.stop();
    if (m_lead.lead.id == 0)
        return;
    // The first snapshot reads the newest page. A refresh reads the newest page shown
    // again, for its delivery ticks, and whatever arrived after it, however many older
    // pages the user has loaded.
    m_requestedFirstId = 0;
    m_requestedLimit = MessagePageSize;
    if (m_loaded) {
        m_requestedLimit = RefreshMessageLimit;
        if (!m_messages.isEmpty())
            m_requestedFirstId = m_messages.at(std::max<qsizetype>(0, m_messages.size() - MessagePageSize)).id;
    }
    m_reader->requestConversation(m_request->next(), m_session->actor(), m_lead.lead.id, m_requestedFirstId,
                                  m_requestedLimit);
}

void ChatView::scheduleRefresh()
{
    // Not restarted by later changes, so a busy conversation still refreshes every 100 ms.
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void ChatView::applySnapshot(int requestId, qint64 leadId, const Conversation &conversation,
                             const QList<Message> &messages)
{
    if (leadId != m_lead.lead.id || !m_request->finish(requestId))
        return;

    QScrollBar *scrollBar = m_transcript->verticalScrollBar();
    const bool wasAtEnd = !m_loaded || scrollBar->value() >= scrollBar->maximum() - 4;
    const bool sameConversation = m_loaded && conversation.id == m_conversation.id;
    m_conversation = conversation;
    if (sameConversation) {
        mergeNewestMessages(messages);
    } else {
        // The first snapshot, or the lead's new conversation: its newest page. A full page
        // may have older messages before it, which the next scroll to the top requests.
        m_messages = messages;
        m_hasOlderMessages = messages.size() >= m_requestedLimit;
        m_loadingOlder = false;
        m_olderRequest->cancel();
    }
    m_loaded = true;
    renderTranscript(wasAtEnd);
    updateControls();
    markShownAsRead();
    emit conversationShown();
}

void ChatView::mergeNewestMessages(const QList<Message> &messages)
{
    // A result cut at the limit that does not reach back to the first message requested
    // may leave out messages between the shown ones and these: start over from these.
    const bool gap = messages.size() >= m_requestedLimit
        && (messages.isEmpty() || messages.first().id > m_requestedFirstId);
    if (gap) {
        m_messages = messages;
        m_hasOlderMessages = true;
        m_loadingOlder = false;
        m_olderRequest->cancel();
        return;
    }
    // Otherwise the result contains every message from m_requestedFirstId on.
    // NOTE: the delivery ticks of older messages are the ones read when they were shown.
    QList<Message> merged;
    for (const Message &message : std::as_const(m_messages)) {
        if (message.id >= m_requestedFirstId)
            break;
        merged << message;
    }
    merged += messages;
    m_messages = merged;
}

void ChatView::transcriptScrolled(int value)
{
    const QScrollBar *scrollBar = m_transcript->verticalScrollBar();
    if (m_rendering)
        return;
    m_pinnedDistanceFromEnd = value >= scrollBar->maximum() - 4 ? std::optional<int>(0) : std::nullopt;
    if (value != scrollBar->minimum() || scrollBar->maximum() == scrollBar->minimum())
        return;
    loadOlderMessages();
}

void ChatView::loadOlderMessages()
{
    if (!m_loaded || !m_hasOlderMessages || m_loadingOlder || m_lead.lead.id == 0 || m_conversation.id == 0
        || m_messages.isEmpty())
        return;
    // Only the page before the oldest message shown: its cost stays the same however
    // far back the user has scrolled.
    m_loadingOlder = true;
    m_reader->requestOlderMessages(m_olderRequest->next(), m_session->actor(), m_lead.lead.id, m_conversation.id,
                                   m_messages.first().id, MessagePageSize);
}

void ChatView::applyOlderMessages(int requestId, qint64 leadId, qint64 conversationId, qint64 beforeMessageId,
                                  const QList<Message> &messages)
{
    if (leadId != m_lead.lead.id || !m_olderRequest->finish(requestId))
        return;
    m_loadingOlder = false;
    // A refresh that started the transcript over, or the lead's new conversation, leaves
    // this page no longer next to the messages shown.
    if (conversationId != m_conversation.id || m_messages.isEmpty() || m_messages.first().id != beforeMessageId)
        return;
    m_hasOlderMessages = messages.size() >= MessagePageSize;
    if (messages.isEmpty())
        return;

    // Older messages go above what the user is reading: keeping the distance to the end
    // keeps the same message at the top of the viewport.
    QScrollBar *scrollBar = m_transcript->verticalScrollBar();
    const int distanceFromEnd = scrollBar->maximum() - scrollBar->value();
    m_messages = messages + m_messages;
    renderTranscript(false);
    m_pinnedDistanceFromEnd = distanceFromEnd;
    m_rendering = true;
    scrollBar->setValue(scrollBar->maximum() - distanceFromEnd);
    m_rendering = false;
    emit conversationShown();
}

void ChatView::markShownAsRead()
{
    if (!m_host || !m_loaded || m_conversation.id == 0 || m_messages.isEmpty())
        return;
    if (!isVisible() || !isActiveWindow())
        return;
    const qint64 alreadyRead = m_readConversationId == m_conversation.id ? m_readMessageId : 0;
    const bool unreadLeadMessage = std::any_of(m_messages.cbegin(), m_messages.cend(), [alreadyRead](const Message &message) {
        return message.sender == SenderKind::Lead && message.id > alreadyRead;
    });
    if (!unreadLeadMessage)
        return;

    const qint64 conversationId = m_conversation.id;
    const qint64 newestId = m_messages.last().id;
    m_readConversationId = conversationId;
    m_readMessageId = newestId;
    m_host->call<void>(
        this,
        [actor = m_session->actor(), conversationId, newestId](ServiceCore &core) {
            return core.markConversationRead(actor, conversationId, newestId);
        },
        [this, conversationId](const Status &status) {
            if (status.ok() || m_session->check(status.error()))
                return;
            qCWarning(lcUi) << "Marking conversation" << conversationId << "as read failed:" << status.error().message;
            // Try again with the next snapshot.
            if (m_readConversationId == conversationId)
                m_readMessageId = 0;
        });
}

bool ChatView::event(QEvent *event)
{
    // Messages that arrived while the window was in the background are read once the
    // user comes back to the conversation. QWidget passes WindowActivate on to its
    // visible children, unlike ActivationChange.
    if (event->type() == QEvent::WindowActivate)
        markShownAsRead();
    return QWidget::event(event);
}

void ChatView::renderTranscript(bool scrollToEnd)
{
    QString html;
    if (m_lead.lead.id == 0) {
        html = QStringLiteral("<p align=\"center\" style=\"color:#777777;\">%1</p>")
                   .arg(escaped(tr("Select a lead to see the conversation.")));
    } else if (!m_loaded) {
        html = QStringLiteral("<p align=\"center\" style=\"color:#777777;\">%1</p>")
                   .arg(escaped(tr("Loading the conversation…")));
    } else if (m_messages.isEmpty()) {
        html = QStringLiteral("<p align=\"center\" style=\"color:#777777;\">%1</p>")
                   .arg(escaped(tr("No messages with this lead yet.")));
    } else {
        QDate previousDay;
        for (const Message &message : std::as_const(m_messages)) {
            const QDate day = QDateTime::fromMSecsSinceEpoch(message.createdMs).toLocalTime().date();
            if (message.createdMs > 0 && day != previousDay) {
                html += QStringLiteral("<p class=\"day\" align=\"center\" style=\"color:#54656f; font-size:small;\">"
                                       "<b>%1</b></p>")
                            .arg(escaped(dayHeading(day)));
                previousDay = day;
            }
            html += messageHtml(message);
        }
    }

    const int previousScroll = m_transcript->verticalScrollBar()->value();
    m_rendering = true;
    // The thumbnails are resources of the document. They are added before the HTML, for
    // the layout that setHtml may run, and again after it in case setting the HTML
    // dropped them.
    addThumbnailResources();
    m_transcript->setHtml(html);
    addThumbnailResources();
    QScrollBar *scrollBar = m_transcript->verticalScrollBar();
    scrollBar->setValue(scrollToEnd ? scrollBar->maximum() : previousScroll);
    m_pinnedDistanceFromEnd = scrollToEnd ? std::optional<int>(0) : std::nullopt;
    m_rendering = false;
}

QString ChatView::senderName(const Message &message) const
{
    switch (message.sender) {
    case SenderKind::Lead:
        return m_lead.lead.name.isEmpty() ? m_lead.lead.phone : m_lead.lead.name;
    case SenderKind::Ai:
        return DisplayNames::aiAgent(message.agentType);
    case SenderKind::Human:
        return tr("Sales agent", "sender of a chat message: a person using Prospecta");
    case SenderKind::System:
        return {};
    }
    return {};
}

QString ChatView::messageHtml(const Message &message) const
{
    QString alignment;
    QString background;
    switch (message.sender) {
    case SenderKind::Lead:
        alignment = QStringLiteral("left");
        background = QStringLiteral("#ffffff");
        break;
    case SenderKind::Ai:
        alignment = QStringLiteral("right");
        background = QStringLiteral("#e1ecfb");
        break;
    case SenderKind::Human:
        alignment = QStringLiteral("right");
        background = QStringLiteral("#d9fdd3");
        break;
    case SenderKind::System:
        alignment = QStringLiteral("center");
        background = QStringLiteral("#fff5c4");
        break;
    }

    QString body;
    const QString kind = DisplayNames::contentKind(message.contentType);
    if (!kind.isEmpty())
        body += QStringLiteral("<i>[%1]</i> ").arg(escaped(kind));
    body += QStringLiteral("<span style=\"white-space: pre-wrap;\">%1</span>").arg(escaped(message.content));
    body += detailsHtml(message);
    body += mediaHtml(message);

    QString footer = escaped(messageTime(message.createdMs));
    const QString delivery = deliveryHtml(message);
    if (!delivery.isEmpty())
        footer += footer.isEmpty() ? delivery : QStringLiteral(" ") + delivery;

    const QString sender = senderName(message);
    const QString header = sender.isEmpty()
        ? QString()
        : QStringLiteral("<span style=\"font-size:small; color:#1f5fa8;\"><b>%1</b></span><br>").arg(escaped(sender));

    // One table per bubble: QTextDocument sizes an unconstrained table to its content and
    // aligns it as a whole, which gives chat bubbles without a custom delegate.
    return QStringLiteral("<table align=\"%1\" cellspacing=\"0\" cellpadding=\"8\" "
                          "style=\"background-color:%2; color:#111b21; margin-top:6px;\">"
                          "<tr><td>%3%4<br><span style=\"font-size:small; color:#667781;\">%5</span></td></tr>"
                          "</table>")
        .arg(alignment, background, header, body, footer);
}

QString ChatView::deliveryHtml(const Message &message) const
{
    if (!isOutgoing(message) || !message.deliveryStatus)
        return {};
    switch (*message.deliveryStatus) {
    case OutboundStatus::Queued:
    case OutboundStatus::Enqueued:
        return QStringLiteral("\U0001F553");
    case OutboundStatus::Sent:
        return QStringLiteral("\u2713");
    case OutboundStatus::Delivered:
        return QStringLiteral("\u2713\u2713");
    case OutboundStatus::Read:
        return QStringLiteral("<span style=\"color:#1d9bf0;\"><b>\u2713\u2713</b></span>");
    case OutboundStatus::Failed:
        // The reason stays in the bubble: the user decides from it whether a retry helps.
        return QStringLiteral("<span style=\"color:#b3261e;\">\u26A0 %1</span> <a href=\"%2:%3\">%4</a>")
            .arg(escaped(DisplayNames::deliveryStatus(OutboundStatus::Failed, message.deliveryError)), RetryScheme)
            .arg(message.id)
            .arg(escaped(tr("Retry", "send a failed chat message again")));
    case OutboundStatus::Cancelled:
        return escaped(DisplayNames::deliveryStatus(OutboundStatus::Cancelled, {}));
    }
    return {};
}

QString ChatView::mediaFilePath(const Message &message) const
{
    if (message.mediaState != QLatin1String("downloaded") || message.mediaPath.isEmpty() || m_mediaFolder.isEmpty())
        return {};
    const QString path = QDir::cleanPath(QDir(m_mediaFolder).filePath(message.mediaPath));
    // mediaPath is written by the MediaDownloader, but a path leaving the folder is never followed.
    if (!path.startsWith(QDir::cleanPath(m_mediaFolder) + QLatin1Char('/')))
        return {};
    // In team mode the file is only on the desktop that downloaded or sent it, so the
    // others link to the message's URL instead.
    if (!QFileInfo::exists(path))
        return {};
    return path;
}

QString ChatView::mediaHtml(const Message &message) const
{
    if (message.mediaState == QLatin1String("pending"))
        return QStringLiteral("<br><i>%1</i>").arg(escaped(tr("Downloading…")));
    if (message.mediaState == QLatin1String("failed")) {
        const QString reason = message.mediaError.isEmpty() ? tr("The attachment could not be downloaded.")
                                                            : tr("The attachment could not be downloaded: %1")
                                                                  .arg(message.mediaError);
        return QStringLiteral("<br><span style=\"color:#b3261e;\">%1</span>").arg(escaped(reason));
    }

    const QString path = mediaFilePath(message);
    if (!path.isEmpty() && message.contentType == QLatin1String("image")) {
        const QImage image = thumbnail(message);
        if (!image.isNull()) {
            return QStringLiteral("<br><a href=\"%1\"><img src=\"%2\" width=\"%3\" height=\"%4\"></a>")
                .arg(escaped(QString::fromUtf8(QUrl::fromLocalFile(path).toEncoded())),
                     escaped(thumbnailUrl(message.id).toString()))
                .arg(image.width())
                .arg(image.height());
        }
    }
    QUrl target;
    if (!path.isEmpty()) {
        target = QUrl::fromLocalFile(path);
    } else {
        const QUrl mediaUrl(message.mediaUrl);
        if (mediaUrl.isValid()
            && (mediaUrl.scheme() == QLatin1String("https") || mediaUrl.scheme() == QLatin1String("http")))
            target = mediaUrl;
    }
    if (target.isEmpty())
        return {};
    return QStringLiteral("<br><a href=\"%1\">%2</a>")
        .arg(escaped(QString::fromUtf8(target.toEncoded())), escaped(tr("Open attachment")));
}

QImage ChatView::thumbnail(const Message &message) const
{
    const QString path = mediaFilePath(message);
    if (path.isEmpty())
        return {};
    const auto cached = m_thumbnails.constFind(path);
    if (cached != m_thumbnails.constEnd())
        return *cached;

    QImage image;
    QImageReader reader(path);
    reader.setAllocationLimit(ImageAllocationLimitMb);
    const QSize declared = reader.size();
    const qint64 declaredBytes = qint64(declared.width()) * declared.height() * 4;
    if (!declared.isValid() || declaredBytes > qint64(ImageAllocationLimitMb) * 1024 * 1024) {
        qCWarning(lcUi) << "Not decoding the image of message" << message.id << "declared as" << declared;
    } else {
        if (declared.width() > ThumbnailMaxWidth)
            reader.setScaledSize(declared.scaled(ThumbnailMaxWidth, declared.height(), Qt::KeepAspectRatio));
        if (!reader.read(&image))
            qCWarning(lcUi) << "Could not decode the image of message" << message.id << ":" << reader.errorString();
    }
    m_thumbnails.insert(path, image);
    return image;
}

void ChatView::addThumbnailResources()
{
    QTextDocument *document = m_transcript->document();
    for (const Message &message : std::as_const(m_messages)) {
        if (message.contentType != QLatin1String("image"))
            continue;
        const QImage image = thumbnail(message);
        if (!image.isNull())
            document->addResource(QTextDocument::ImageResource, thumbnailUrl(message.id), image);
    }
}

void ChatView::retryMessage(qint64 messageId)
{
    if (!m_host || messageId <= 0)
        return;
    m_sendStatus->setStyleSheet(QString());
    m_sendStatus->setText(tr("Sending again…"));
    m_host->call<void>(
        this, [actor = m_session->actor(), messageId](ServiceCore &core) { return core.retryMessage(actor, messageId); },
        [this, messageId](const Status &status) {
            if (status.ok()) {
                m_sendStatus->clear();
            } else if (!m_session->check(status.error())) {
                qCWarning(lcUi) << "Sending message" << messageId << "again failed:" << status.error().message;
                m_sendStatus->setStyleSheet(QStringLiteral("color: #b3261e;"));
                m_sendStatus->setText(tr("The message was not sent again: %1").arg(status.error().message));
            }
            requestSnapshot();
        });
}

void ChatView::updateControls()
{
    const bool hasConversation = m_conversation.id != 0;
    const bool sending = m_sendingConversationId != 0;
    const bool humanHolds = m_conversation.humanUserId != 0;

    m_holdButton->setVisible(hasConversation);
    m_holdButton->setEnabled(hasConversation && !m_holdChangeInFlight);
    m_holdButton->setText(humanHolds ? tr("Give back to the AI") : tr("Take over", "take the conversation from the AI agent"));
    m_holderLabel->setVisible(hasConversation);
    m_holderLabel->setText(humanHolds ? tr("A person holds this conversation: the AI agents do not write.")
                                      : tr("The AI agents answer this conversation."));

    if (hasConversation && m_conversation.needsHuman) {
        m_needsHumanBanner->setText(m_conversation.needsHumanReason.isEmpty()
                                        ? tr("Needs a human")
                                        : tr("Needs a human: %1").arg(m_conversation.needsHumanReason));
        m_needsHumanBanner->show();
    } else {
        m_needsHumanBanner->hide();
    }

    // The service decides whether free text may go out. The hint only explains a refusal
    // in advance.
    const qint64 now = QDateTime::currentMSecsSinceEpoch() + m_serviceClockOffsetMs;
    const bool outsideWindow = hasConversation
        && (m_conversation.lastInboundMs <= 0 || now - m_conversation.lastInboundMs > FreeTextWindowMs);
    m_windowHint->setVisible(outsideWindow);
    m_tools->setConversation(m_lead, m_conversation, outsideWindow);
    m_composer->setVisible(!outsideWindow);
    m_sendButton->setVisible(!outsideWindow);

    m_composer->setEnabled(hasConversation);
    m_composer->setReadOnly(sending);
    // With a file attached the composer's text is its caption, which may be empty.
    const bool attaching = m_tools->hasAttachment();
    const QString shortcut = QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText);
    m_composer->setPlaceholderText(attaching
                                       ? tr("Add a caption… (%1 sends the attachment)", "%1 is a keyboard shortcut").arg(shortcut)
                                       : tr("Write a reply… (%1 sends it)", "%1 is a keyboard shortcut").arg(shortcut));
    m_sendButton->setEnabled(hasConversation && !sending
                             && (attaching || !m_composer->toPlainText().trimmed().isEmpty()));
}

void ChatView::sendComposerText()
{
    const QString text = m_composer->toPlainText().trimmed();
    // An attached file goes out with the text as its caption, which may be empty.
    const QString attachmentPath = m_tools->attachmentPath();
    if (!m_host || m_conversation.id == 0 || m_sendingConversationId != 0 || (text.isEmpty() && attachmentPath.isEmpty()))
        return;

    m_sendingConversationId = m_conversation.id;
    m_sendStatus->setStyleSheet(QString());
    m_sendStatus->setText(tr("Sending…"));
    updateControls();

    const qint64 conversationId = m_conversation.id;
    const bool attaching = !attachmentPath.isEmpty();
    auto done = [this, conversationId, attaching](const Status &status) {
        m_sendingConversationId = 0;
        const bool stillShown = m_conversation.id == conversationId;
        if (status.ok()) {
            if (stillShown) {
                m_composer->clear();
                m_sendStatus->clear();
                if (attaching)
                    m_tools->clearAttachment();
            }
        } else if (!m_session->check(status.error())) {
            qCWarning(lcUi) << "Sending a message in conversation" << conversationId
                            << "failed:" << status.error().message;
            m_sendStatus->setStyleSheet(QStringLiteral("color: #b3261e;"));
            m_sendStatus->setText(attaching ? tr("The attachment was not sent: %1").arg(status.error().message)
                                            : tr("The message was not sent: %1").arg(status.error().message));
        }
        updateControls();
    };
    if (!attaching) {
        m_host->sendHumanMessage(m_session->actor(), conversationId, text, this, done);
        return;
    }
    m_host->call<void>(
        this,
        [actor = m_session->actor(), conversationId, attachmentPath, text](ServiceCore &core) {
            return core.sendAttachment(actor, conversationId, attachmentPath, text);
        },
        done);
}

void ChatView::insertIntoComposer(const QString &text)
{
    if (m_composer->isReadOnly() || !m_composer->isEnabled())
        return;
    m_composer->insertPlainText(text);
    m_composer->setFocus();
}

void ChatView::showStatus(const QString &text, bool error)
{
    m_sendStatus->setStyleSheet(error ? QStringLiteral("color: #b3261e;") : QString());
    m_sendStatus->setText(text);
}

void ChatView::toggleHumanHold()
{
    if (!m_host || m_conversation.id == 0 || m_holdChangeInFlight)
        return;
    const bool holds = m_conversation.humanUserId == 0;
    m_holdChangeInFlight = true;
    updateControls();

    const qint64 conversationId = m_conversation.id;
    m_host->setHumanHolds(m_session->actor(), conversationId, holds, this, [this, conversationId, holds](const Status &status) {
        m_holdChangeInFlight = false;
        if (!status.ok() && m_session->check(status.error()))
            return;
        if (!status.ok()) {
            qCWarning(lcUi) << "Changing who holds conversation" << conversationId
                            << "failed:" << status.error().message;
            m_sendStatus->setStyleSheet(QStringLiteral("color: #b3261e;"));
            m_sendStatus->setText(holds ? tr("Could not take over the conversation: %1").arg(status.error().message)
                                        : tr("Could not give the conversation back to the AI: %1")
                                              .arg(status.error().message));
        }
        // ServiceHost::changed announces the new state too. Requesting a snapshot now shows
        // it even when that announcement was coalesced with an earlier one.
        requestSnapshot();
        updateControls();
    });
}

void ChatView::openLink(const QUrl &url)
{
    if (url.scheme() == RetryScheme) {
        retryMessage(url.path().toLongLong());
        return;
    }
    if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")) {
        QDesktopServices::openUrl(url);
        return;
    }
    // Downloaded media opens in the system's viewer, and only from the media folder.
    if (url.isLocalFile() && !m_mediaFolder.isEmpty()
        && QDir::cleanPath(url.toLocalFile()).startsWith(QDir::cleanPath(m_mediaFolder) + QLatin1Char('/')))
        QDesktopServices::openUrl(url);
}

} // namespace Prospecta
