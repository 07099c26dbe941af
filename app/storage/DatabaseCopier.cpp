// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "DatabaseCopier.h"

#include "Database.h"
#include "Migrations.h"
#include "core/Logging.h"

#include <QCoreApplication>
#include <QSqlRecord>

namespace Prospecta {

namespace {

constexpr int progressEvery = 5000;

// The column names of `table` on `database`.
Result<QStringList> columnsOf(const Database &database, const QString &table)
{
    const QSqlRecord record = database.connection().record(table);
    if (record.isEmpty())
        return makeError(ErrorKind::Database,
                         QCoreApplication::translate("Prospecta::DatabaseCopier", "The table %1 is missing in %2.").arg(table, database.location().displayName()));
    QStringList columns;
    for (int i = 0; i < record.count(); ++i)
        columns << record.fieldName(i);
    return columns;
}

} // namespace

QStringList DatabaseCopier::tables()
{
    return {QStringLiteral("users"),           QStringLiteral("campaigns"),         QStringLiteral("campaign_keywords"),
            QStringLiteral("leads"),           QStringLiteral("conversations"),     QStringLiteral("messages"),
            QStringLiteral("calls"),           QStringLiteral("integration_settings"), QStringLiteral("settings"),
            QStringLiteral("installation"),    QStringLiteral("inbound_events"),    QStringLiteral("outbound_messages"),
            QStringLiteral("outbound_attempts"), QStringLiteral("delivery_events"), QStringLiteral("alerts"),
            QStringLiteral("audit_log"),       QStringLiteral("conversation_reads"), QStringLiteral("lead_tags"),
            QStringLiteral("canned_replies"),  QStringLiteral("message_templates"), QStringLiteral("search_terms"),
            QStringLiteral("outbound_media"),  QStringLiteral("inbox_read_through"), QStringLiteral("deleted_id_marks")};
}

Result<QList<QPair<QString, qint64>>> DatabaseCopier::copy(const Database &source, const Database &target,
                                                          const Progress &progress,
                                                          const StopRequested &stopRequested)
{
    for (const Database *database : {&source, &target}) {
        auto version = Migrations::currentVersion(*database);
        if (!version)
            return version.error();
        if (*version != Migrations::latestVersion())
            return makeError(ErrorKind::InvalidArgument,
                             QStringLiteral("%1 has schema version %2, not %3.")
                                 .arg(database->location().displayName())
                                 .arg(*version)
                                 .arg(Migrations::latestVersion()));
    }

    Transaction transaction(target);
    if (!transaction.started())
        return transaction.started().error();

    // An empty target only: copying over data would mix two installations.
    for (const QString &table : tables()) {
        auto rows = target.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table), {}, 0);
        if (!rows)
            return rows.error();
        if (rows->toLongLong() > 0)
            return makeError(ErrorKind::Conflict,
                             QCoreApplication::translate("Prospecta::DatabaseCopier", "The target %1 already has data (table %2 has %3 rows); copy only into an "
                                            "empty database.")
                                 .arg(target.location().displayName(), table)
                                 .arg(rows->toLongLong()));
    }

    QList<QPair<QString, qint64>> copied;
    QStringList tablesWithIds;
    for (const QString &table : tables()) {
        auto sourceColumns = columnsOf(source, table);
        if (!sourceColumns)
            return sourceColumns.error();
        auto targetColumns = columnsOf(target, table);
        if (!targetColumns)
            return targetColumns.error();
        QStringList columns;
        for (const QString &column : std::as_const(*sourceColumns)) {
            if (targetColumns->contains(column))
                columns << column;
        }

        auto total = source.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table), {}, 0);
        if (!total)
            return total.error();
        auto rows = source.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY 1").arg(columns.join(QStringLiteral(", ")), table));
        if (!rows)
            return rows.error();
        QStringList placeholders;
        for (qsizetype i = 0; i < columns.size(); ++i)
            placeholders << QStringLiteral("?");
        const QString insert = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                                   .arg(table, columns.join(QStringLiteral(", ")), placeholders.join(QStringLiteral(", ")));
        qint64 count = 0;
        while (rows->next()) {
            // Returning destroys the transaction, which rolls the copy back.
            if (stopRequested && stopRequested()) {
                qCInfo(lcStorage) << "copy to" << target.location().displayName() << "stopped on request in table"
                                  << table;
                return makeError(ErrorKind::Unavailable,
                                 QCoreApplication::translate("Prospecta::DatabaseCopier",
                                                             "The copy was stopped before it finished."));
            }
            QVariantList values;
            values.reserve(columns.size());
            for (int i = 0; i < columns.size(); ++i) {
                const QVariant value = rows->value(i);
                // An invalid QVariant is bound as NULL on both engines; a null string would
                // become '' (Database::exec), which is not the same value.
                values << (value.isNull() ? QVariant() : value);
            }
            if (auto inserted = target.exec(insert, values); !inserted)
                return inserted.error();
            ++count;
            if (progress && count % progressEvery == 0)
                progress(table, count, total->toLongLong());
        }
        rows->finish();
        if (progress)
            progress(table, count, total->toLongLong());

        if (columns.contains(QLatin1String("id")))
            tablesWithIds << table;
        copied.append({table, count});
    }

    // New rows on PostgreSQL must not reuse the copied ids, nor the ids of rows deleted
    // before the copy, which SQLite remembers in deleted_id_marks (copied last). Without
    // the marks a client still holding a deleted lead's id would reach the next new one.
    if (target.engine() == SqlEngine::Postgres) {
        for (const QString &table : std::as_const(tablesWithIds)) {
            auto moved = target.exec(
                QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), highest) FROM "
                               "(SELECT MAX(last) AS highest FROM (SELECT MAX(id) AS last FROM %1 "
                               "UNION ALL SELECT last_id FROM deleted_id_marks WHERE table_name = '%1') AS ids) AS top "
                               "WHERE highest IS NOT NULL")
                    .arg(table));
            if (!moved)
                return moved.error();
            moved->finish();
        }
    }

    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    qCInfo(lcStorage) << "copied" << source.location().displayName() << "to" << target.location().displayName();
    return copied;
}

} // namespace Prospecta
