// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "spreadsheets/LeadImport.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace Prospecta {

class ServiceHost;
class Session;

// Imports leads from a CSV file: the user picks the file, checks the detected encoding
// and delimiter against a preview of the first rows, maps the columns to lead fields
// (pre-filled with LeadImport's guess), picks the default region for phones without a
// country, and starts the import. The import runs on the service thread as an ImportJob.
// The dialog shows its progress (ServiceHost::leadImportProgressed) and can cancel it,
// then shows the report, which can be saved as CSV. The preview reads the file on this
// thread, but only its first rows.
class ImportLeadsDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int PreviewRows = 20;

    ImportLeadsDialog(ServiceHost *host, Session *session, QWidget *parent = nullptr);
    ~ImportLeadsDialog() override;

    // Reads `filePath` with detected encoding and delimiter and shows its preview and the
    // guessed mapping. Returns false, with the reason shown, when it is no readable CSV.
    bool openFile(const QString &filePath);

    QString filePath() const { return m_filePath; }
    // The mapping chosen in the mapping table.
    LeadColumnMapping mapping() const;
    QComboBox *mappingCombo(LeadField field) const;
    QComboBox *encodingCombo() const { return m_encodingCombo; }
    QComboBox *delimiterCombo() const { return m_delimiterCombo; }
    QComboBox *regionCombo() const { return m_regionCombo; }
    QTableWidget *previewTable() const { return m_previewTable; }
    QPushButton *importButton() const { return m_importButton; }
    QPushButton *cancelImportButton() const { return m_cancelButton; }
    QPushButton *saveReportButton() const { return m_saveReportButton; }
    QProgressBar *progressBar() const { return m_progressBar; }
    QLabel *summaryLabel() const { return m_summaryLabel; }
    // The error shown, or an empty string.
    QString shownError() const;
    bool importRunning() const { return m_importId != 0; }
    // The latest progress of the running or last import.
    const LeadImportProgress &progress() const { return m_progress; }
    // The report of the last import, once it finished.
    const std::optional<LeadImportReport> &report() const { return m_report; }

    // Starts the import with the choices shown. The service imports one batch at a time
    // and sends progress after batches; the dialog stays responsive meanwhile.
    void startImport();
    // Asks the running import to stop after the batch in progress, which is kept.
    void cancelImport();
    // Saves the report through a "save as" dialog.
    void saveReport();

signals:
    // The import ended: completed, cancelled or failed.
    void importFinished();

protected:
    void reject() override;

private:
    void chooseFile();
    // Re-reads the file with the encoding and delimiter chosen in the combo boxes.
    void readOverridesChanged();
    // The encoding in the encoding box, or nothing while it shows the detected one: the
    // reader then picks the encoding of each line, which keeps a file of mixed lines right.
    std::optional<TextEncoding> chosenEncoding() const;
    bool loadPreview(const CsvReaderOptions &options, bool keepMapping);
    void fillMapping(const QStringList &header, const LeadColumnMapping &mapping);
    void showProgress(qint64 importId, const LeadImportProgress &progress);
    void importDone(const Result<LeadImportReport> &result);
    void showError(const QString &message);
    void updateButtons();

    ServiceHost *m_host;
    Session *m_session;
    QString m_filePath;
    QStringList m_header;

    QLineEdit *m_fileEdit = nullptr;
    QComboBox *m_encodingCombo = nullptr;
    QComboBox *m_delimiterCombo = nullptr;
    QComboBox *m_regionCombo = nullptr;
    QTableWidget *m_previewTable = nullptr;
    QTableWidget *m_mappingTable = nullptr;
    QPushButton *m_importButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_saveReportButton = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QLabel *m_errorLabel = nullptr;

    qint64 m_importId = 0; // the running import (ServiceHost::startLeadImport), 0 for none
    bool m_cancelRequested = false;
    LeadImportProgress m_progress;
    std::optional<LeadImportReport> m_report;
};

} // namespace Prospecta
