// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "Database.h"

#include "DatabaseDiagnosis.h"
#include "PostgresDiagnosis.h"
#include "core/Logging.h"
#include "security/CredentialStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>

#include <optional>

namespace Prospecta {

namespace {

bool isLoopbackHost(const QString &host)
{
    return host == QLatin1String("localhost") || host == QLatin1String("127.0.0.1")
        || host == QLatin1String("::1") || host.startsWith(QLatin1Char('/'));
}

QString postgresConnectOptions(const DatabaseLocation &location)
{
    // libpq parameters: the URL's own, plus safe defaults for what it leaves out.
    QMap<QString, QString> options = location.options;
    if (!options.contains(QStringLiteral("connect_timeout")))
        options.insert(QStringLiteral("connect_timeout"), QStringLiteral("10"));
    if (!options.contains(QStringLiteral("keepalives")))
        options.insert(QStringLiteral("keepalives"), QStringLiteral("1"));
    if (!options.contains(QStringLiteral("keepalives_idle")))
        options.insert(QStringLiteral("keepalives_idle"), QStringLiteral("30"));
    if (!options.contains(QStringLiteral("sslmode")) && !isLoopbackHost(location.host))
        options.insert(QStringLiteral("sslmode"), QStringLiteral("require"));

    QStringList parts;
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        parts << it.key() + QLatin1Char('=') + it.value();
    return parts.join(QLatin1Char(';'));
}

// The password the desktop saved for `location` in the operating system's store, looked
// up once per process and server, because every thread's connection and each reconnect
// needs it.
std::optional<QString> savedPassword(const DatabaseLocation &location)
{
    static QMutex mutex;
    static QHash<QString, std::optional<QString>> cache;
    const QString account = location.credentialAccount();
    QMutexLocker locker(&mutex);
    auto found = cache.constFind(account);
    if (found == cache.cend())
        found = cache.insert(account, CredentialStore::lookup(account));
    return *found;
}

} // namespace

Database::~Database()
{
    close();
}

Status Database::open(const DatabaseLocation &location, const QString &connectionName)
{
    close();
    m_location = location;
    m_connectionName = connectionName;

    if (location.engine == SqlEngine::Sqlite) {
        if (auto folder = prepareFolder(location); !folder)
            return folder;
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(location.filePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(SqliteBusyTimeoutMs));
        if (!db.open())
            return sqlError(QStringLiteral("Cannot open the database"), db.lastError(), {},
                            DatabaseDiagnosis::Cause::CannotOpen);
    } else {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        db.setHostName(location.host);
        db.setPort(location.port);
        db.setDatabaseName(location.databaseName);
        db.setUserName(location.userName);
        db.setConnectOptions(postgresConnectOptions(location));
        // A password typed for this run comes first. PGPASSWORD, when set, is the user's
        // explicit choice; libpq reads it and ~/.pgpass itself when no password is given.
        if (!location.password.isEmpty()) {
            db.setPassword(location.password);
        } else if (qEnvironmentVariableIsEmpty("PGPASSWORD")) {
            if (const auto password = savedPassword(location))
                db.setPassword(*password);
        }
        if (!db.open()) {
            const QString libpqText = db.lastError().text().trimmed();
            qCWarning(lcStorage).noquote() << "cannot connect to" << location.displayName() << ":" << libpqText;
            return makeError(ErrorKind::Unavailable,
                             PostgresDiagnosis::describe(PostgresDiagnosis::classify(libpqText), location, libpqText));
        }
        if (auto supported = checkServerVersion(); !supported)
            return supported;
    }

    if (auto applied = applySessionSettings(); !applied)
        return applied;
    qCDebug(lcStorage) << "opened" << location.displayName() << "as" << connectionName;
    return {};
}

Status Database::prepareFolder(const DatabaseLocation &location)
{
    if (location.engine != SqlEngine::Sqlite)
        return {};
    const QString folder = QFileInfo(location.filePath).absolutePath();
    if (location.isDefault && !QDir().mkpath(folder))
        return makeError(ErrorKind::Database,
                         QCoreApplication::translate("Prospecta::Database", "Cannot create the folder %1 for the database: check "
                                        "that it is writable.")
                             .arg(QDir::toNativeSeparators(folder)));
    // SQLite creates a missing file but not its folder. Creating the folder as well
    // turned a mistyped path into a new empty database.
    if (!QFileInfo(folder).isDir())
        return makeError(ErrorKind::NotFound,
                         QCoreApplication::translate("Prospecta::Database",
                                                     "The folder %1 does not exist, so the database %2 cannot be "
                                                     "opened or created there. Check the path, or create the "
                                                     "folder first.")
                             .arg(QDir::toNativeSeparators(folder), location.displayName()));
    return {};
}

Status Database::applySessionSettings() const
{
    const QStringList setup = m_location.engine == SqlEngine::Sqlite
        ? QStringList{QStringLiteral("PRAGMA journal_mode=WAL"),
                      QStringLiteral("PRAGMA foreign_keys=ON"),
                      // An acknowledged webhook must survive a power cut.
                      QStringLiteral("PRAGMA synchronous=FULL"),
                      // Checkpoints run on the writer's timer, not inside commits.
                      QStringLiteral("PRAGMA wal_autocheckpoint=0"),
                      // A WAL file started over is cut back to 64 MB, so a burst of
                      // writes does not keep its size on disk.
                      QStringLiteral("PRAGMA journal_size_limit=67108864")}
        : QStringList{QStringLiteral("SET statement_timeout = 30000"),
                      QStringLiteral("SET TIME ZONE 'UTC'"),
                      QStringLiteral("SET client_encoding = 'UTF8'")};
    for (const QString &statement : setup) {
        auto result = exec(statement);
        if (!result)
            return result.error();
    }
    return {};
}

bool Database::isConnectionLoss(const QSqlError &error) const
{
    if (m_location.engine != SqlEngine::Postgres)
        return false;
    // Class 08 is "connection exception"; 57P01-57P03 are a server shutting down or
    // starting. A connection the server dropped fails with an empty text
    // (PLATFORM-NOTES.md) or with libpq's own words.
    const QString native = error.nativeErrorCode();
    const QString text = error.text();
    return native.startsWith(QLatin1String("08")) || native.startsWith(QLatin1String("57P"))
        || error.type() == QSqlError::ConnectionError || text.trimmed().isEmpty()
        || text.contains(QLatin1String("server closed the connection"))
        || text.contains(QLatin1String("no connection to the server"))
        || text.contains(QLatin1String("terminating connection"))
        || text.contains(QLatin1String("could not send data to server"))
        || text.contains(QLatin1String("could not receive data from server"));
}

bool Database::reconnect() const
{
    // A server that is down would otherwise cost every statement a connection attempt
    // (up to connect_timeout) on the writer thread.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastReconnectMs < ReconnectIntervalMs)
        return false;
    m_lastReconnectMs = now;

    // Prepared statements belong to the lost session.
    m_keptStatements.clear();
    QSqlDatabase db = connection();
    db.close();
    if (!db.open()) {
        qCWarning(lcStorage).noquote() << "still cannot reach" << m_location.displayName() << ":"
                                       << db.lastError().text().trimmed();
        return false;
    }
    m_inTransaction = false;
    if (auto applied = applySessionSettings(); !applied)
        return false;
    qCInfo(lcStorage).noquote() << "reconnected to" << m_location.displayName();
    return true;
}

Error Database::offlineError() const
{
    return makeError(ErrorKind::Unavailable,
                     QCoreApplication::translate("Prospecta::Database",
                                                 "The team database %1 cannot be reached, so nothing was saved. "
                                                 "Prospecta reconnects by itself; try again in a moment.")
                         .arg(m_location.displayName()));
}

Status Database::checkServerVersion()
{
    auto version = scalar(QStringLiteral("SELECT current_setting('server_version_num')::int"));
    if (!version)
        return version.error();
    if (version->toInt() >= PostgresDiagnosis::MinimumServerVersion)
        return {};
    auto text = scalar(QStringLiteral("SELECT current_setting('server_version')"));
    close();
    return makeError(ErrorKind::Unavailable,
                     PostgresDiagnosis::describe(PostgresDiagnosis::Cause::ServerTooOld, m_location, {},
                                                 text ? text->toString() : QString()));
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    // A statement still alive would keep the connection in use.
    m_keptStatements.clear();
    m_beginImmediate.reset();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

bool Database::isOpen() const
{
    return !m_connectionName.isEmpty() && connection().isOpen();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<QSqlQuery> Database::exec(const QString &sql, const QVariantList &values) const
{
    return execute(sql, values, Reuse::No);
}

Result<QSqlQuery> Database::execCached(const QString &sql, const QVariantList &values) const
{
    return execute(sql, values, Reuse::Shared);
}

Result<QSqlQuery> Database::execute(const QString &sql, const QVariantList &values, Reuse reuse) const
{
    Result<QSqlQuery> result = run(sql, values, reuse);
    if (result || !m_connectionLost || !m_reopenAfterLoss)
        return result;

    // The server dropped the connection (restart, failover, network). Inside a
    // transaction the work is gone, so the caller gets the error and retries later. A
    // BEGIN or a SELECT runs again on a new connection, because repeating it changes no
    // row (a repeated pg_notify only sends a harmless second notice). Any other statement
    // is not repeated, because it may have taken effect.
    if (m_inTransaction && !sql.startsWith(QLatin1String("ROLLBACK"))) {
        m_inTransaction = false;
        return offlineError();
    }
    if (!reconnect())
        return offlineError();
    m_connectionLost = false;
    const bool repeatable = sql.startsWith(QLatin1String("BEGIN")) || sql.startsWith(QLatin1String("SELECT"))
        || sql.startsWith(QLatin1String("ROLLBACK"));
    if (!repeatable)
        return offlineError();
    result = run(sql, values, reuse);
    return result;
}

Result<QSqlQuery> Database::run(const QString &sql, const QVariantList &values, Reuse reuse) const
{
    // QPSQL prepares with a server-side PREPARE, which PostgreSQL 15 accepts only for
    // SELECT, INSERT, UPDATE, DELETE, MERGE and VALUES, so SET, BEGIN, COMMIT and DDL fail
    // with a syntax error. Statements with nothing to bind therefore run unprepared there.
    if (m_location.engine == SqlEngine::Postgres && values.isEmpty()) {
        QSqlQuery query(connection());
        query.setForwardOnly(true);
        if (!query.exec(sql))
            return sqlError(QStringLiteral("A statement failed"), query.lastError(), sql);
        return query;
    }

    // A kept statement that is still active belongs to a caller reading its rows; it is
    // never run again underneath that caller.
    std::optional<QSqlQuery> kept;
    if (auto it = m_keptStatements.find(sql);
        reuse != Reuse::No && it != m_keptStatements.end() && !it->second.query.isActive()) {
        if (reuse == Reuse::Yes) {
            kept.emplace(std::move(it->second.query));
            m_keptStatements.erase(it);
        } else {
            kept.emplace(it->second.query);
            it->second.lastUse = ++m_statementUses;
        }
    }
    QSqlQuery query = kept ? std::move(*kept) : QSqlQuery(connection());
    if (!kept) {
        query.setForwardOnly(true);
        if (!query.prepare(sql))
            return sqlError(QStringLiteral("Cannot prepare a statement"), query.lastError(), sql);
        // execCached() hands the statement to its caller, who finishes it when done. The
        // copy kept here shares it and is used again once it is no longer active.
        if (reuse == Reuse::Shared)
            keepStatement(sql, values, QSqlQuery(query));
        if (m_planObserver && m_location.engine == SqlEngine::Sqlite)
            reportQueryPlan(sql, values);
    }
    bindValues(query, values);
    if (!query.exec())
        return sqlError(QStringLiteral("A statement failed"), query.lastError(), sql);
    return query;
}

void Database::bindValues(QSqlQuery &query, const QVariantList &values)
{
    for (int i = 0; i < values.size(); ++i) {
        const QVariant &value = values.at(i);
        // QSqlQuery binds a null QString as SQL NULL. Prospecta stores empty text as ''
        // and requests NULL explicitly through nullableText().
        if (value.typeId() != QMetaType::QString) {
            query.bindValue(i, value);
            continue;
        }
        QString text = value.toString();
        if (text.isNull())
            text = QStringLiteral("");
        // PostgreSQL's text cannot hold U+0000, so a provider's message with one failed
        // every attempt after its webhook was acknowledged. Both engines store U+FFFD in
        // its place, which shows that a character was there.
        if (text.contains(QChar(u'\0')))
            text.replace(QChar(u'\0'), QChar::ReplacementCharacter);
        query.bindValue(i, text);
    }
}

void Database::reportQueryPlan(const QString &sql, const QVariantList &values) const
{
    QSqlQuery explain(connection());
    explain.setForwardOnly(true);
    if (!explain.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + sql))
        return;
    bindValues(explain, values);
    if (!explain.exec())
        return;
    // Rows are (id, parent, notused, detail).
    QStringList plan;
    while (explain.next())
        plan << explain.value(3).toString();
    m_planObserver(sql, plan);
}

void Database::keepStatement(const QString &sql, const QVariantList &values, QSqlQuery &&query) const
{
    // Unprepared statements (see run()) cannot run again with new values.
    if (m_location.engine == SqlEngine::Postgres && values.isEmpty())
        return;
    if (m_keptStatements.size() >= MaxKeptStatements) {
        auto oldest = m_keptStatements.begin();
        for (auto it = m_keptStatements.begin(); it != m_keptStatements.end(); ++it) {
            if (it->second.lastUse < oldest->second.lastUse)
                oldest = it;
        }
        m_keptStatements.erase(oldest);
    }
    m_keptStatements.insert_or_assign(sql, KeptStatement{std::move(query), ++m_statementUses});
}

QString Database::newIdColumn() const
{
    return m_location.engine == SqlEngine::Sqlite ? QStringLiteral("id, ") : QString();
}

QString Database::newIdValue(QLatin1String table) const
{
    if (m_location.engine != SqlEngine::Sqlite)
        return {};
    // NULL on an empty table with no mark, and SQLite then picks the rowid itself.
    return QStringLiteral("(SELECT MAX(last) + 1 FROM (SELECT MAX(id) AS last FROM %1 "
                          "UNION ALL SELECT last_id FROM deleted_id_marks WHERE table_name = '%1')), ")
        .arg(table);
}

Result<qint64> Database::insert(const QString &sql, const QVariantList &values) const
{
    static const QString returningId = QStringLiteral(" RETURNING id");
    if (!sql.endsWith(returningId))
        return makeError(ErrorKind::Internal, QStringLiteral("An insert must end with RETURNING id: %1").arg(sql));

    if (m_location.engine == SqlEngine::Sqlite) {
        // SQLite (3.40) runs RETURNING as a trigger, and a statement with a trigger that may
        // abort (a foreign key, NOT NULL) keeps a statement journal of every page it changes.
        // Past 64 KiB that journal is a temporary file: importing 100,000 leads wrote 5.9 GB
        // to such files and 0.58 GB to the WAL. The insert's rowid is the same id.
        const QString withoutReturning = sql.chopped(returningId.size());
        auto query = execute(withoutReturning, values, Reuse::Yes);
        if (!query)
            return query.error();
        const qint64 id = query->numRowsAffected() > 0 ? query->lastInsertId().toLongLong() : 0;
        query->finish();
        keepStatement(withoutReturning, values, std::move(*query));
        return id;
    }

    auto query = execute(sql, values, Reuse::Yes);
    if (!query)
        return query.error();
    const qint64 id = query->next() ? query->value(0).toLongLong() : 0;
    query->finish();
    keepStatement(sql, values, std::move(*query));
    return id;
}

Result<int> Database::update(const QString &sql, const QVariantList &values) const
{
    auto query = execute(sql, values, Reuse::Yes);
    if (!query)
        return query.error();
    const int affected = query->numRowsAffected();
    query->finish();
    keepStatement(sql, values, std::move(*query));
    return affected;
}

Result<QVariant> Database::scalar(const QString &sql, const QVariantList &values,
                                  const QVariant &fallback) const
{
    auto query = execute(sql, values, Reuse::Yes);
    if (!query)
        return query.error();
    QVariant value = fallback;
    if (query->next())
        value = query->value(0);
    query->finish();
    keepStatement(sql, values, std::move(*query));
    return value;
}

Status Database::begin() const
{
    if (m_location.engine == SqlEngine::Sqlite)
        return beginImmediate();
    auto result = exec(QStringLiteral("BEGIN"));
    if (!result)
        return result.error();
    m_inTransaction = true;
    return {};
}

int Database::sqlitePrimaryCode(const QSqlError &error)
{
    // QSQLITE turns on SQLite's extended result codes, whose low byte is the primary code:
    // SQLITE_BUSY_RECOVERY (261) and SQLITE_BUSY_SNAPSHOT (517) are both SQLITE_BUSY (5).
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? code & 0xff : -1;
}

bool Database::isSqliteBusy(const QSqlError &error)
{
    return sqlitePrimaryCode(error) == 5;
}

Status Database::beginImmediate() const
{
    // SQLite's busy handler (sqliteDefaultBusyCallback) sleeps 1, 2, 5, 10, 15, 20 and
    // then 25 ms and more between its tries, so a writer that finds the lock held for
    // 20 ms by another process gets it only after 33 ms. With the handler off, the lock
    // is tried again every LockRetryMicroseconds instead; the statements inside the
    // transaction keep the handler for their rarer waits. The three statements are
    // prepared once, as a transaction starts several times per webhook and AI turn.
    const auto setBusyTimeout = [this](int timeoutMs) -> Status {
        auto set = execCached(QStringLiteral("PRAGMA busy_timeout = %1").arg(timeoutMs));
        if (!set)
            return set.error();
        set->finish();
        return {};
    };
    if (auto off = setBusyTimeout(0); !off)
        return off;

    if (!m_beginImmediate) {
        m_beginImmediate.emplace(connection());
        if (!m_beginImmediate->prepare(QStringLiteral("BEGIN IMMEDIATE"))) {
            const QSqlError error = m_beginImmediate->lastError();
            m_beginImmediate.reset();
            (void)setBusyTimeout(SqliteBusyTimeoutMs);
            return sqlError(QStringLiteral("Cannot prepare a statement"), error, QStringLiteral("BEGIN IMMEDIATE"));
        }
    }
    QElapsedTimer waited;
    waited.start();
    bool began = m_beginImmediate->exec();
    while (!began && isSqliteBusy(m_beginImmediate->lastError()) && waited.elapsed() < SqliteBusyTimeoutMs) {
        QThread::usleep(LockRetryMicroseconds);
        began = m_beginImmediate->exec();
    }
    const QSqlError beginError = m_beginImmediate->lastError();
    m_beginImmediate->finish();

    if (auto on = setBusyTimeout(SqliteBusyTimeoutMs); !on) {
        if (began)
            rollback();
        return on;
    }
    if (!began)
        return sqlError(QStringLiteral("A statement failed"), beginError, QStringLiteral("BEGIN IMMEDIATE"));
    m_inTransaction = true;
    return {};
}

Status Database::commit() const
{
    auto result = exec(QStringLiteral("COMMIT"));
    m_inTransaction = false;
    if (!result)
        return result.error();
    return {};
}

void Database::rollback() const
{
    m_inTransaction = false;
    auto result = exec(QStringLiteral("ROLLBACK"));
    if (!result)
        qCWarning(lcStorage) << "rollback failed:" << result.error().message;
}

Result<CheckpointProgress> Database::checkpoint(CheckpointMode mode) const
{
    if (m_location.engine != SqlEngine::Sqlite)
        return CheckpointProgress{};
    QElapsedTimer timer;
    timer.start();
    auto result = exec(mode == CheckpointMode::Truncate ? QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")
                                                        : QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
    if (!result)
        return result.error();
    // One row: busy, frames in the WAL, frames copied into the database (-1 for both
    // when another connection was checkpointing).
    CheckpointProgress progress;
    if (result->next()) {
        progress.busy = result->value(0).toInt() != 0;
        progress.walFrames = result->value(1).toLongLong();
        progress.copiedFrames = result->value(2).toLongLong();
    }
    result->finish();
    qCDebug(lcStorage) << m_connectionName << "checkpoint copied" << progress.copiedFrames << "of"
                       << progress.walFrames << "WAL pages in" << timer.elapsed() << "ms";
    return progress;
}

QVariant Database::nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

QVariant Database::nullableInstant(qint64 ms)
{
    return ms > 0 ? QVariant(ms) : QVariant(QMetaType::fromType<qint64>());
}

QVariant Database::nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

Error Database::sqlError(const QString &operation, const QSqlError &error, const QString &sql,
                         DatabaseDiagnosis::Cause fallback) const
{
    const QString native = error.nativeErrorCode();
    const QString text = error.text().trimmed();
    // SQLITE_BUSY and SQLITE_LOCKED, and PostgreSQL's serialization and lock timeouts,
    // mean "try again later", not a broken statement.
    const bool busy = (m_location.engine == SqlEngine::Sqlite && (isSqliteBusy(error) || sqlitePrimaryCode(error) == 6))
        || native == QLatin1String("40001") || native == QLatin1String("55P03");
    const bool connectionLost = isConnectionLoss(error);
    if (connectionLost)
        m_connectionLost = true;
    const bool unique = native == QLatin1String("2067") || native == QLatin1String("1555")
        || native == QLatin1String("23505") || text.contains(QLatin1String("UNIQUE constraint"));
    qCWarning(lcStorage).noquote() << operation << "on" << m_location.displayName() << ":" << text
                                   << (sql.isEmpty() ? QString() : QStringLiteral("[") + sql.left(120) + QStringLiteral("]"));
    ErrorKind kind = ErrorKind::Database;
    if (busy)
        kind = ErrorKind::Unavailable;
    else if (unique)
        kind = ErrorKind::Conflict;
    // The drivers' texts are English and name neither the database nor a remedy ("attempt
    // to write a readonly database"), so the message is made from the error's code and
    // keeps the driver's text as a detail.
    using Cause = DatabaseDiagnosis::Cause;
    Cause cause = m_location.engine == SqlEngine::Sqlite ? DatabaseDiagnosis::classifySqlite(sqlitePrimaryCode(error))
                                                         : DatabaseDiagnosis::classifyPostgres(native);
    if (cause == Cause::Other && connectionLost)
        cause = Cause::ConnectionLost;
    if (cause == Cause::Other)
        cause = fallback;
    return makeError(kind, DatabaseDiagnosis::describe(cause, m_location, text));
}

Transaction::Transaction(const Database &database)
    : m_database(database)
    , m_started(database.begin())
    , m_open(m_started.ok())
{
}

Transaction::~Transaction()
{
    if (m_open)
        m_database.rollback();
}

Status Transaction::commit()
{
    if (!m_open)
        return m_started.ok() ? Status(makeError(ErrorKind::Internal, QStringLiteral("Transaction already ended")))
                              : m_started;
    m_open = false;
    Status status = m_database.commit();
    if (!status)
        m_database.rollback();
    return status;
}

namespace {

const QString savepointName = QStringLiteral("step");

} // namespace

Savepoint::Savepoint(const Database &database)
    : m_database(database)
{
    auto result = database.exec(QStringLiteral("SAVEPOINT ") + savepointName);
    if (result)
        m_open = true;
    else
        m_started = result.error();
}

Savepoint::~Savepoint()
{
    if (!m_open)
        return;
    // ROLLBACK TO keeps the savepoint on the stack; the release pops it.
    for (const QString &statement : {QStringLiteral("ROLLBACK TO SAVEPOINT "), QStringLiteral("RELEASE SAVEPOINT ")}) {
        if (auto result = m_database.exec(statement + savepointName); !result)
            qCWarning(lcStorage) << "undoing a savepoint failed:" << result.error().message;
    }
}

Status Savepoint::release()
{
    if (!m_open)
        return m_started.ok() ? Status(makeError(ErrorKind::Internal, QStringLiteral("Savepoint already released")))
                              : m_started;
    auto result = m_database.exec(QStringLiteral("RELEASE SAVEPOINT ") + savepointName);
    if (!result)
        return result.error();
    m_open = false;
    return {};
}

} // namespace Prospecta
