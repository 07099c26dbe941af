// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "SnapshotReader.h"

#include "core/Logging.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"

#include <QThread>

namespace Prospecta {

// Lives on the reader thread with its own connection.
class SnapshotReader::Worker : public QObject
{
public:
    explicit Worker(DatabaseLocation location) : m_location(std::move(location)) {}

    bool ensureOpen(SnapshotReader *owner, int requestId)
    {
        if (m_database.isOpen())
            return true;
        auto opened = m_database.open(m_location, QStringLiteral("reader-%1").arg(quintptr(this)));
        if (!opened) {
            emit owner->failed(requestId, opened.error().message);
            return false;
        }
        return true;
    }

    void leads(SnapshotReader *owner, int requestId, int limit, int offset)
    {
        if (!ensureOpen(owner, requestId))
            return;
        LeadRepository repository(m_database);
        auto rows = repository.listRows(limit, offset);
        auto total = repository.count();
        if (!rows || !total) {
            emit owner->failed(requestId, rows ? total.error().message : rows.error().message);
            return;
        }
        QList<LeadRow> result;
        result.reserve(rows->size());
        for (const LeadRepository::Row &row : std::as_const(*rows))
            result << LeadRow{row.lead, row.campaignName};
        emit owner->leadsReady(requestId, result, *total);
    }

    void conversation(SnapshotReader *owner, int requestId, qint64 leadId, int messageLimit)
    {
        if (!ensureOpen(owner, requestId))
            return;
        auto conversations = ConversationRepository(m_database).listForLead(leadId);
        if (!conversations) {
            emit owner->failed(requestId, conversations.error().message);
            return;
        }
        Conversation latest;
        QList<Message> messages;
        if (!conversations->isEmpty()) {
            latest = conversations->last();
            auto loaded = MessageRepository(m_database).latest(latest.id, messageLimit);
            if (!loaded) {
                emit owner->failed(requestId, loaded.error().message);
                return;
            }
            messages = *loaded;
        }
        emit owner->conversationReady(requestId, leadId, latest, messages);
    }

    Database m_database;
    DatabaseLocation m_location;
};

SnapshotReader::SnapshotReader(DatabaseLocation location, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_worker(new Worker(std::move(location)))
{
    qRegisterMetaType<Prospecta::LeadRow>();
    qRegisterMetaType<QList<Prospecta::LeadRow>>();
    qRegisterMetaType<Prospecta::Conversation>();
    qRegisterMetaType<QList<Prospecta::Message>>();
    m_thread->setObjectName(QStringLiteral("reader"));
    m_worker->moveToThread(m_thread);
}

SnapshotReader::~SnapshotReader()
{
    Worker *worker = m_worker;
    if (m_thread->isRunning()) {
        QMetaObject::invokeMethod(worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
    } else {
        delete worker;
    }
    delete m_thread;
}

void SnapshotReader::start()
{
    m_thread->start();
}

void SnapshotReader::requestLeads(int requestId, int limit, int offset)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, limit, offset] {
        worker->leads(this, requestId, limit, offset);
    });
}

void SnapshotReader::requestConversation(int requestId, qint64 leadId, int messageLimit)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, leadId, messageLimit] {
        worker->conversation(this, requestId, leadId, messageLimit);
    });
}

} // namespace Prospecta
