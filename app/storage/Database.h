// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DatabaseLocation.h"
#include "core/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <unordered_map>

namespace Prospecta {

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

    // Runs an INSERT ... RETURNING id and returns the id.
    Result<qint64> insert(const QString &sql, const QVariantList &values = {}) const;

    // The number of rows an UPDATE or DELETE changed.
    Result<int> update(const QString &sql, const QVariantList &values = {}) const;

    // A single value of the first row, or `fallback` when there is no row.
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {},
                            const QVariant &fallback = {}) const;

    // Starts a transaction that may write: BEGIN IMMEDIATE on SQLite so the write lock is
    // taken at once (a plain BEGIN that reads and then writes fails with "database is
    // locked" when another connection committed meanwhile), BEGIN on PostgreSQL.
    Status begin() const;
    Status commit() const;
    void rollback() const;

    // Copies the WAL back into the database file; no effect on PostgreSQL.
    Status checkpoint() const;

    // A typed NULL for an optional id, so QPSQL binds it with a type.
    static QVariant nullableId(qint64 id);
    static QVariant nullableInstant(qint64 ms);
    static QVariant nullableText(const QString &text);

private:
    // insert(), update() and scalar() reuse prepared statements, because preparing one
    // through Qt Sql costs about as much as running it, and an import runs the same
    // statements for every row. The three read their result and finish() it before they
    // return, so a statement is kept for reuse only once its caller is done with it.
    enum class Reuse { No, Yes };
    struct KeptStatement
    {
        QSqlQuery query;
        quint64 lastUse = 0;
    };
    static constexpr size_t MaxKeptStatements = 64;

    Error sqlError(const QString &operation, const QSqlError &error, const QString &sql) const;
    Result<QSqlQuery> execute(const QString &sql, const QVariantList &values, Reuse reuse) const;
    Result<QSqlQuery> run(const QString &sql, const QVariantList &values, Reuse reuse) const;
    // Hands a finished statement back for the next call with the same `sql`; the least
    // recently used one is dropped beyond MaxKeptStatements.
    void keepStatement(const QString &sql, const QVariantList &values, QSqlQuery &&query) const;
    Status applySessionSettings() const;
    bool isConnectionLoss(const QSqlError &error) const;
    // Opens the connection again after the server dropped it; false when it is still
    // unreachable or was tried less than ReconnectIntervalMs ago.
    bool reconnect() const;
    Error offlineError() const;

    static constexpr qint64 ReconnectIntervalMs = 2000;
    // Refuses a PostgreSQL server older than the oldest Prospecta supports (and closes).
    Status checkServerVersion();

    DatabaseLocation m_location;
    QString m_connectionName;
    // Connection state behind the const interface that repositories share.
    bool m_reopenAfterLoss = false;
    mutable bool m_inTransaction = false;
    mutable bool m_connectionLost = false;
    mutable qint64 m_lastReconnectMs = 0;
    // Prepared statements not in use, by SQL text. A statement in use is taken out, so a
    // nested call with the same text prepares its own.
    mutable std::unordered_map<QString, KeptStatement> m_keptStatements;
    mutable quint64 m_statementUses = 0;
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

} // namespace Prospecta
