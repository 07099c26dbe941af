// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/TextLanguage.h"
#include "domain/Enums.h"
#include "storage/InboundEventRepository.h"
#include "storage/ServiceContext.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QSet>

#include <functional>

namespace Prospecta {

// Commits the raw events of the webhooks that arrive together in one transaction.
// With synchronous=FULL every commit waits for the disk, so one commit per webhook caps
// the server at the disk's flush rate. Webhooks read in the same pass of the event loop
// share one flush instead. Each webhook receives the outcome of the commit that contains
// its events right after that commit, so it is answered 2xx only once its events are
// durable. When the shared transaction fails, each webhook is committed alone, so one bad
// request cannot fail its neighbours.
// Lives on the service thread, the database's single writer.
class GroupCommit : public QObject
{
    Q_OBJECT

public:
    // Runs once with the outcome of the commit that contains the webhook's events.
    using Done = std::function<void(const Status &status)>;

    explicit GroupCommit(ServiceContext context, QObject *parent = nullptr);
    // Logs the totals since start.
    ~GroupCommit() override;

    // Queues one webhook's events; they are committed when control returns to the event
    // loop, together with every other webhook queued before then. The texts of its outcome
    // are in the language current on this thread now (TextLanguageScope).
    void submit(Provider provider, QList<StoredInboundEvent> rows, Done done);

    // Totals since start, for the periodic log line and the benchmarks.
    qint64 committedWebhooks() const { return m_committedWebhooks; }
    qint64 commits() const { return m_commits; }

signals:
    // New raw events were committed and wait for the inbox processor.
    void eventsStored(int count);
    // Webhooks of `provider` were committed.
    void webhookStored(Prospecta::Provider provider);

private:
    struct Entry
    {
        Provider provider;
        QList<StoredInboundEvent> rows;
        Done done;
        TextLanguage language;
    };

    void flush();
    // Inserts and commits `entries` in one transaction. Returns the number of new events
    // to process, or the error that rolled the transaction back.
    Result<int> commit(const QList<Entry> &entries);
    // Announces a commit's events and passes the outcome to each of its webhooks.
    void finish(const QList<Entry> &entries, const Result<int> &stored);
    void logTotals();

    ServiceContext m_context;
    QList<Entry> m_queue;
    bool m_flushScheduled = false;
    QSet<QString> m_loggedIgnoredKinds;

    qint64 m_committedWebhooks = 0;
    qint64 m_commits = 0;
    qint64 m_loggedWebhooks = 0;
    qint64 m_loggedCommits = 0;
    QElapsedTimer m_sinceLog;
};

} // namespace Prospecta
