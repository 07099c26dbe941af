// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "Database.h"

#include "core/Logging.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>

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
        const QString folder = QFileInfo(location.filePath).absolutePath();
        if (!QDir().mkpath(folder))
            return makeError(ErrorKind::Database,
                             QStringLiteral("Cannot create the folder %1 for the database: check "
                                            "that it is writable.")
                                 .arg(QDir::toNativeSeparators(folder)));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(location.filePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            return sqlError(QStringLiteral("Cannot open the database %1").arg(location.displayName()),
                            db.lastError(), {});
    } else {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        db.setHostName(location.host);
        db.setPort(location.port);
        db.setDatabaseName(location.databaseName);
        db.setUserName(location.userName);
        db.setConnectOptions(postgresConnectOptions(location));
        if (!db.open())
            return sqlError(QStringLiteral("Cannot connect to %1").arg(location.displayName()),
                            db.lastError(), {});
    }

    const QStringList setup = location.engine == SqlEngine::Sqlite
        ? QStringList{QStringLiteral("PRAGMA journal_mode=WAL"),
                      QStringLiteral("PRAGMA foreign_keys=ON"),
                      // An acknowledged webhook must survive a power cut.
                      QStringLiteral("PRAGMA synchronous=FULL"),
                      // Checkpoints run on the writer's timer, not inside commits.
                      QStringLiteral("PRAGMA wal_autocheckpoint=0")}
        : QStringList{QStringLiteral("SET statement_timeout = 30000"),
                      QStringLiteral("SET TIME ZONE 'UTC'"),
                      QStringLiteral("SET client_encoding = 'UTF8'")};
    for (const QString &statement : setup) {
        auto result = exec(statement);
        if (!result)
            return result.error();
    }
    qCDebug(lcStorage) << "opened" << location.displayName() << "as" << connectionName;
    return {};
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
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
    QSqlQuery query(connection());
    query.setForwardOnly(true);
    // QPSQL prepares with a server-side PREPARE, which PostgreSQL 15 accepts only for
    // SELECT, INSERT, UPDATE, DELETE, MERGE and VALUES, so SET, BEGIN, COMMIT and DDL fail
    // with a syntax error. Statements with nothing to bind therefore run unprepared there.
    if (m_location.engine == SqlEngine::Postgres && values.isEmpty()) {
        if (!query.exec(sql))
            return sqlError(QStringLiteral("A statement failed"), query.lastError(), sql);
        return query;
    }
    if (!query.prepare(sql))
        return sqlError(QStringLiteral("Cannot prepare a statement"), query.lastError(), sql);
    for (const QVariant &value : values) {
        // QSqlQuery binds a null QString as SQL NULL. Prospecta stores empty text as ''
        // and requests NULL explicitly through nullableText().
        if (value.typeId() == QMetaType::QString && value.toString().isNull())
            query.addBindValue(QStringLiteral(""));
        else
            query.addBindValue(value);
    }
    if (!query.exec())
        return sqlError(QStringLiteral("A statement failed"), query.lastError(), sql);
    return query;
}

Result<qint64> Database::insert(const QString &sql, const QVariantList &values) const
{
    auto query = exec(sql, values);
    if (!query)
        return query.error();
    if (!query->next())
        return makeError(ErrorKind::Database, QStringLiteral("An insert returned no id"));
    const qint64 id = query->value(0).toLongLong();
    query->finish();
    return id;
}

Result<int> Database::update(const QString &sql, const QVariantList &values) const
{
    auto query = exec(sql, values);
    if (!query)
        return query.error();
    const int affected = query->numRowsAffected();
    query->finish();
    return affected;
}

Result<QVariant> Database::scalar(const QString &sql, const QVariantList &values,
                                  const QVariant &fallback) const
{
    auto query = exec(sql, values);
    if (!query)
        return query.error();
    QVariant value = fallback;
    if (query->next())
        value = query->value(0);
    query->finish();
    return value;
}

Status Database::begin() const
{
    auto result = exec(m_location.engine == SqlEngine::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                              : QStringLiteral("BEGIN"));
    if (!result)
        return result.error();
    return {};
}

Status Database::commit() const
{
    auto result = exec(QStringLiteral("COMMIT"));
    if (!result)
        return result.error();
    return {};
}

void Database::rollback() const
{
    auto result = exec(QStringLiteral("ROLLBACK"));
    if (!result)
        qCWarning(lcStorage) << "rollback failed:" << result.error().message;
}

Status Database::checkpoint() const
{
    if (m_location.engine != SqlEngine::Sqlite)
        return {};
    auto result = exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    if (!result)
        return result.error();
    result->finish();
    return {};
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

Error Database::sqlError(const QString &operation, const QSqlError &error, const QString &sql) const
{
    const QString native = error.nativeErrorCode();
    const QString text = error.text().trimmed();
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6), and PostgreSQL's serialization and lock
    // timeouts, mean "try again later", not a broken statement.
    const bool busy = (m_location.engine == SqlEngine::Sqlite
                       && (native == QLatin1String("5") || native == QLatin1String("6")))
        || native == QLatin1String("40001") || native == QLatin1String("55P03");
    const bool unique = native == QLatin1String("2067") || native == QLatin1String("1555")
        || native == QLatin1String("23505") || text.contains(QLatin1String("UNIQUE constraint"));
    qCWarning(lcStorage).noquote() << operation << "on" << m_location.displayName() << ":" << text
                                   << (sql.isEmpty() ? QString() : QStringLiteral("[") + sql.left(120) + QStringLiteral("]"));
    ErrorKind kind = ErrorKind::Database;
    if (busy)
        kind = ErrorKind::Unavailable;
    else if (unique)
        kind = ErrorKind::Conflict;
    return makeError(kind, QStringLiteral("%1: %2").arg(operation, text.isEmpty() ? QStringLiteral("connection lost") : text));
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

} // namespace Prospecta
