// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DatabaseDiagnosis.h"
#include "DatabaseLocation.h"
#include "core/Result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <functional>
#include <optional>
#include <unordered_map>

namespace Prospecta {

// The outcome of a WAL checkpoint (SQLite only).
struct CheckpointProgress
{
    bool busy = false;       // another connection was checkpointing or held a lock
    qint64 walFrames = 0;    // pages in the WAL when the checkpoint started
    qint64 copiedFrames = 0; // of those, pages now copied into the database file

    // Every page the WAL held when the checkpoint started is in the database file.
    bool copiedAll() const { return !busy && walFrames > 0 && copiedFrames == walFrames; }
};

// One connection to the database, owned by the thread that opened it (Qt Sql
// connections must not cross threads). The service thread owns the only writing
// connection; readers open their own.
class Database
{
public:
    Database() = default;
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens a connection named `connectionName` (unique per thread and role) and applies
    // the engine's settings: SQLite in WAL mode with foreign keys, synchronous=FULL and a
    // busy timeout; PostgreSQL with a statement timeout and UTC.
    Status open(const DatabaseLocation &location, const QString &connectionName);
    void close();

    // Creates the folder of the default SQLite file (DatabaseLocation::isDefault) and
    // rejects any other SQLite file whose folder does not exist. open() calls it, and so
    // does a caller that puts a lock file beside the database before opening it.
    static Status prepareFolder(const DatabaseLocation &location);

    // Off by default: a connection with session state, such as a LISTEN, must see
    // the loss itself instead of a fresh connection that silently lacks that state.
    void setReopenAfterConnectionLoss(bool reopen) { m_reopenAfterLoss = reopen; }

    bool isOpen() const;
    SqlEngine engine() const { return m_location.engine; }
    const DatabaseLocation &location() const { return m_location; }
    QSqlDatabase connection() const;

    // Prepares, binds positional `?` values and runs one statement. The query is
    // returned positioned before the first row; callers read it fully and let it go so
    // no statement stays open between events. With reopenAfterConnectionLoss on, when
    // PostgreSQL has dropped the connection it is opened again and the statement fails
    // with ErrorKind::Unavailable and a message that nothing was saved, unless it is a
    // BEGIN or a read, which run again.
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &values = {}) const;

    // exec() for a statement that runs again and again (the inbox, an import): its
    // prepared form is kept and reused. The caller must finish() the query when done,
    // because an active cached statement keeps its read snapshot open.
    Result<QSqlQuery> execCached(const QString &sql, const QVariantList &values = {}) const;

    // Runs an "INSERT ... RETURNING id" and returns the new row's id, or 0 when the
    // statement inserted no row (ON CONFLICT DO NOTHING met a conflict).
    Result<qint64> insert(const QString &sql, const QVariantList &values = {}) const;

    // The id column and value to put first in an INSERT into `table` (leads, conversations
    // or campaigns), so that no id is given twice. On SQLite they are "id, " and an
    // expression above both the highest id and the highest deleted one. On PostgreSQL,
    // whose identity sequences never go back, both are empty.
    QString newIdColumn() const;
    QString newIdValue(QLatin1String table) const;

    // The number of rows an UPDATE or DELETE changed.
    Result<int> update(const QString &sql, const QVariantList &values = {}) const;

    // A single value of the first row, or `fallback` when there is no row.
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {},
                            const QVariant &fallback = {}) const;

    // Starts a transaction that may write: BEGIN IMMEDIATE on SQLite so the write lock is
    // taken at once (a plain BEGIN that reads and then writes fails with "database is
    // locked" when another connection committed meanwhile), BEGIN on PostgreSQL. While
    // another process holds SQLite's write lock, the lock is tried again every
    // LockRetryMicroseconds for up to SqliteBusyTimeoutMs.
    Status begin() const;
    Status commit() const;
    // Whether a SQLite error is SQLITE_BUSY or one of its extended forms, such as
    // SQLITE_BUSY_RECOVERY while another process recovers the WAL.
    static bool isSqliteBusy(const QSqlError &error);
    void rollback() const;

    // The way a checkpoint leaves the WAL file. Passive copies what it can without
    // waiting for readers, and the next commit then writes the WAL file from its start
    // into blocks that already exist, which is cheaper than growing a file. Truncate
    // empties the file, for a clean stop.
    enum class CheckpointMode { Passive, Truncate };

    // Copies the WAL back into the database file; no effect on PostgreSQL.
    Result<CheckpointProgress> checkpoint(CheckpointMode mode = CheckpointMode::Truncate) const;

    // Sets a test hook that pins query plans. On SQLite, `observer` gets the plan (the
    // detail lines of EXPLAIN QUERY PLAN, with the same values bound) of each statement
    // this connection prepares from now on. Prospecta gathers no statistics, and without
    // them SQLite may pick an index that turns a lookup into a walk over a whole table.
    using PlanObserver = std::function<void(const QString &sql, const QStringList &plan)>;
    void observeQueryPlans(PlanObserver observer) { m_planObserver = std::move(observer); }

    // A typed NULL for an optional id, so QPSQL binds it with a type.
    static QVariant nullableId(qint64 id);

    static QVariant nullableInstant(qint64 ms);
    static QVariant nullableText(const QString &text);

private:
    // Prepared statements are reused, because preparing one through Qt Sql costs about
    // as much as running it, and an import or the inbox runs the same statements for
    // every row. insert(), update() and scalar() take a statement out of the cache and
    // hand it back once they have finish()ed it (Yes). execCached() gives its caller a
    // copy that shares the cached statement (Shared). That statement runs again only
    // once it is no longer active, that is once the caller has finish()ed it. exec() keeps
    // nothing (No), so a caller that stops reading early holds no statement for long.
    enum class Reuse { No, Yes, Shared };
    struct KeptStatement
    {
        QSqlQuery query;
        quint64 lastUse = 0;
    };
    static constexpr size_t MaxKeptStatements = 128;

    // The error for a failed statement, with a message for people (DatabaseDiagnosis). The
    // English `operation` goes only to the log. `fallback` is the cause to describe when
    // the error's code names none.
    Error sqlError(const QString &operation, const QSqlError &error, const QString &sql,
                   DatabaseDiagnosis::Cause fallback = DatabaseDiagnosis::Cause::Other) const;
    Result<QSqlQuery> execute(const QString &sql, const QVariantList &values, Reuse reuse) const;
    Result<QSqlQuery> run(const QString &sql, const QVariantList &values, Reuse reuse) const;
    // Hands a finished statement back for the next call with the same `sql`; the least
    // recently used one is dropped beyond MaxKeptStatements.
    void keepStatement(const QString &sql, const QVariantList &values, QSqlQuery &&query) const;
    void reportQueryPlan(const QString &sql, const QVariantList &values) const;
    static void bindValues(QSqlQuery &query, const QVariantList &values);
    Status applySessionSettings() const;
    bool isConnectionLoss(const QSqlError &error) const;
    // Opens the connection again after the server dropped it; false when it is still
    // unreachable or was tried less than ReconnectIntervalMs ago.
    bool reconnect() const;
    Error offlineError() const;

    static constexpr qint64 ReconnectIntervalMs = 2000;
    static constexpr int SqliteBusyTimeoutMs = 5000;
    // NOTE: on Windows QThread::usleep() sleeps at least one whole millisecond, and up to
    // the system timer's 15.6 ms, so the lock is tried less often there.
    static constexpr unsigned long LockRetryMicroseconds = 500;
    Status beginImmediate() const;
    // The primary result code of a SQLite error (the low byte of an extended one), or -1.
    static int sqlitePrimaryCode(const QSqlError &error);
    // Refuses a PostgreSQL server older than the oldest Prospecta supports (and closes).
    Status checkServerVersion();

    DatabaseLocation m_location;
    QString m_connectionName;
    // Connection state behind the const interface that repositories share.
    bool m_reopenAfterLoss = false;
    mutable bool m_inTransaction = false;
    mutable bool m_connectionLost = false;
    mutable qint64 m_lastReconnectMs = 0;
    // SQLite's BEGIN IMMEDIATE, prepared on first use (beginImmediate()).
    mutable std::optional<QSqlQuery> m_beginImmediate;
    // Prepared statements not in use, by SQL text. A statement in use is taken out, so a
    // nested call with the same text prepares its own.
    mutable std::unordered_map<QString, KeptStatement> m_keptStatements;
    mutable quint64 m_statementUses = 0;
    PlanObserver m_planObserver;
};

// Commits on commit(), rolls back when destroyed without it.
class Transaction
{
public:
    explicit Transaction(const Database &database);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    const Status &started() const { return m_started; }
    Status commit();

private:
    const Database &m_database;
    Status m_started;
    bool m_open = false;
};

// A step inside the open transaction that can fail alone. release() keeps its changes,
// and destruction without release() undoes them and leaves the transaction usable, so
// one bad step of a batch does not cost the others. On PostgreSQL this is also what keeps a
// failed statement from aborting the whole transaction.
class Savepoint
{
public:
    explicit Savepoint(const Database &database);
    ~Savepoint();
    Savepoint(const Savepoint &) = delete;
    Savepoint &operator=(const Savepoint &) = delete;

    const Status &started() const { return m_started; }
    Status release();

private:
    const Database &m_database;
    Status m_started;
    bool m_open = false;
};

} // namespace Prospecta
