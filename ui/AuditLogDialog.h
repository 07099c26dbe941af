// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/AuditRepository.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QTableWidget;

namespace Prospecta {

class ReaderRequest;
class ServiceHost;
class Session;
class SnapshotReader;

// The administrators' view of the audit log: who did what and when, newest first,
// filtered by user, action and a range of local dates, and exported to CSV through the
// core (which audits the export). Rows come from the SnapshotReader; the table shows at
// most the reader's limit (AuditFilter::limit), the export up to the core's own limit.
class AuditLogDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column { TimeColumn, UserColumn, ClientColumn, ActionColumn, TargetColumn, DetailColumn, ColumnCount };

    AuditLogDialog(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent = nullptr);

    const QList<AuditEntry> &entries() const { return m_entries; }
    QTableWidget *table() const { return m_table; }

    // The filter the controls describe. The dates are the desktop's local days: "from"
    // starts at its midnight, "to" includes its whole day.
    AuditFilter filter() const;

    // Selects an item of the user or action list by its text; false when it is not listed.
    bool selectUser(const QString &actorName);
    bool selectAction(const QString &action);

    // Requests the entries that match the filter.
    void refresh();

    // Asks for a file (FileDialogs) and writes the entries that match the filter there.
    void exportCsv();

    // The status line under the table.
    QString statusText() const;

signals:
    // After each list of entries is shown.
    void refreshed();
    // After an export finished, successfully or not.
    void exportFinished(bool ok);

private:
    void applyEntries(int requestId, const QList<Prospecta::AuditEntry> &entries, const QStringList &actorNames,
                      const QStringList &actions);
    void readFailed(const QString &message);
    static void fillChoices(QComboBox *combo, const QStringList &values);

    ServiceHost *m_host;
    SnapshotReader *m_reader;
    Session *m_session;
    ReaderRequest *m_request = nullptr;
    QList<AuditEntry> m_entries;

    QComboBox *m_user = nullptr;
    QComboBox *m_action = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QTableWidget *m_table = nullptr;
    QPushButton *m_exportButton = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Prospecta
