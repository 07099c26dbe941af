// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runtime/SnapshotReader.h"

#include <QHash>
#include <QImage>
#include <QList>
#include <QTimer>
#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;
class QUrl;

namespace Prospecta {

class ComposerTools;
class ReaderRequest;
class ServiceHost;
class Session;

// The selected lead's conversation as a live chat. Each message is a bubble: the lead's
// on the left, AI agents' and people's on the right, system notes centred. Outgoing
// messages show their delivery status. A composer sends through the outbox, and a button
// takes the conversation from the AI or gives it back. The view reads snapshots from the
// SnapshotReader and writes through the ServiceHost, so it never runs SQL.
class ChatView : public QWidget
{
    Q_OBJECT

public:
    // Reads and writes as `session`'s user; a refusal because that user was deactivated
    // ends the session, which must outlive the view.
    ChatView(SnapshotReader *reader, ServiceHost *host, Session *session, QWidget *parent = nullptr);

    // Shows `row`'s conversation; a row with lead id 0 clears the view. Showing the lead
    // already shown only updates its header.
    void showLead(const LeadRow &row);
    qint64 leadId() const { return m_lead.lead.id; }
    const Conversation &conversation() const { return m_conversation; }
    // The messages shown: the latest 50 at first, and the 50 before the oldest shown each
    // time the user scrolls to the top while older ones exist.
    int loadedMessageCount() const { return int(m_messages.size()); }
    bool hasOlderMessages() const { return m_hasOlderMessages; }
    ComposerTools *composerTools() const { return m_tools; }

signals:
    // After each snapshot of the conversation is shown.
    void conversationShown();

protected:
    bool event(QEvent *event) override;

private:
    void buildLayout();
    void requestSnapshot();
    void scheduleRefresh();
    void applySnapshot(int requestId, qint64 leadId, const Prospecta::Conversation &conversation,
                       const QList<Prospecta::Message> &messages);
    // Replaces the messages that a refresh read again and adds the new ones after them.
    void mergeNewestMessages(const QList<Message> &messages);
    void renderTranscript(bool scrollToEnd);
    void transcriptScrolled(int value);
    void loadOlderMessages();
    void applyOlderMessages(int requestId, qint64 leadId, qint64 conversationId, qint64 beforeMessageId,
                            const QList<Prospecta::Message> &messages);
    // Moves the user's read marker to the newest message shown, when the window is
    // active and a lead message arrived since the marker last moved.
    void markShownAsRead();
    QString messageHtml(const Message &message) const;
    QString senderName(const Message &message) const;
    QString deliveryHtml(const Message &message) const;
    QString mediaHtml(const Message &message) const;
    // The downloaded image of `message` scaled for its bubble, decoded once; null when the
    // file is missing, too large or not an image.
    QImage thumbnail(const Message &message) const;
    QString mediaFilePath(const Message &message) const;
    void addThumbnailResources();
    void retryMessage(qint64 messageId);
    void updateControls();
    void sendComposerText();
    // Inserts `text` at the composer's cursor (a canned reply).
    void insertIntoComposer(const QString &text);
    void showStatus(const QString &text, bool error);
    void toggleHumanHold();
    void openLink(const QUrl &url);

    SnapshotReader *m_reader;
    ServiceHost *m_host;
    Session *m_session;
    QTimer m_refreshTimer;
    ReaderRequest *m_request = nullptr;      // the conversation and its newest messages
    ReaderRequest *m_olderRequest = nullptr; // a page of older messages

    LeadRow m_lead;
    Conversation m_conversation;
    QList<Message> m_messages;       // oldest first, by id
    bool m_loaded = false;           // a snapshot of m_lead's conversation has arrived
    // The messages the pending snapshot reads: the newest `m_requestedLimit` from id
    // m_requestedFirstId on.
    qint64 m_requestedFirstId = 0;
    int m_requestedLimit = 0;
    bool m_hasOlderMessages = false; // messages older than the first shown may exist
    bool m_loadingOlder = false;     // a page of older messages is on its way
    bool m_rendering = false;        // scroll bar changes come from rendering, not the user
    // The distance from the end that the scroll position keeps whenever the range changes.
    // 0 follows the end as messages arrive. After older messages were added, it keeps the
    // message the user was reading in place while the layout settles. Unset once the user
    // scrolls away from the end.
    std::optional<int> m_pinnedDistanceFromEnd = 0;
    qint64 m_readConversationId = 0; // the conversation and message the read marker was
    qint64 m_readMessageId = 0;      // last moved to by this view
    QHash<qint64, QString> m_drafts; // unsent composer text by lead id
    qint64 m_sendingConversationId = 0;
    bool m_holdChangeInFlight = false;
    QString m_mediaFolder;                        // the service's, asked for once at start
    // The service's clock minus this desktop's, asked for once at start: the 24-hour
    // window is decided on the service's clock, which tests set by hand.
    qint64 m_serviceClockOffsetMs = 0;
    mutable QHash<QString, QImage> m_thumbnails;  // by file path; a null image if it failed

    QLabel *m_title = nullptr;
    QLabel *m_holderLabel = nullptr;
    QPushButton *m_holdButton = nullptr;
    QLabel *m_needsHumanBanner = nullptr;
    QTextBrowser *m_transcript = nullptr;
    QLabel *m_windowHint = nullptr;
    ComposerTools *m_tools = nullptr;
    QPlainTextEdit *m_composer = nullptr;
    QPushButton *m_sendButton = nullptr;
    QLabel *m_sendStatus = nullptr;
};

} // namespace Prospecta
