// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Entities.h"
#include "storage/DatabaseLocation.h"

#include <QList>
#include <QObject>
#include <QString>

class QThread;

namespace Prospecta {

class Database;

// One row of the leads view.
struct LeadRow
{
    Lead lead;
    QString campaignName;
};

// The reader thread, which runs the views' queries on its own database connection and
// posts plain values back. No statement stays open between requests, so the WAL can
// always be checkpointed. Requests come from the GUI thread, and the *Ready signals
// arrive there.
class SnapshotReader : public QObject
{
    Q_OBJECT

public:
    explicit SnapshotReader(DatabaseLocation location, QObject *parent = nullptr);
    ~SnapshotReader() override;

    void start();

    // Each request gets exactly one signal back, carrying its `requestId`.
    void requestLeads(int requestId, int limit, int offset);
    void requestConversation(int requestId, qint64 leadId, int messageLimit);

signals:
    void leadsReady(int requestId, const QList<Prospecta::LeadRow> &rows, int total);
    // `conversation.id` is 0 when the lead has no conversation yet.
    void conversationReady(int requestId, qint64 leadId, const Prospecta::Conversation &conversation,
                           const QList<Prospecta::Message> &messages);
    void failed(int requestId, const QString &message);

private:
    class Worker;
    QThread *m_thread = nullptr;
    Worker *m_worker = nullptr;
};

} // namespace Prospecta

Q_DECLARE_METATYPE(Prospecta::LeadRow)
