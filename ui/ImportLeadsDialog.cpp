// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportLeadsDialog.h"

#include "FileDialogs.h"
#include "FormWidgets.h"
#include "Session.h"
#include "channels/PhoneNumbers.h"
#include "core/Logging.h"
#include "runtime/ImportJob.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <iterator>
#include <limits>

namespace Prospecta {

namespace {

constexpr LeadField mappedFields[] = {LeadField::Name,   LeadField::Phone,    LeadField::Email,
                                      LeadField::Country, LeadField::Source,  LeadField::Status,
                                      LeadField::Score,  LeadField::Campaign, LeadField::AssignedTo,
                                      LeadField::Notes};

// Regions offered in the region box. The box is editable, so any other ISO code can be typed.
const QStringList offeredRegions = {
    QStringLiteral("AR"), QStringLiteral("BO"), QStringLiteral("BR"), QStringLiteral("CL"), QStringLiteral("CO"),
    QStringLiteral("CR"), QStringLiteral("DO"), QStringLiteral("EC"), QStringLiteral("ES"), QStringLiteral("GT"),
    QStringLiteral("HN"), QStringLiteral("MX"), QStringLiteral("NI"), QStringLiteral("PA"), QStringLiteral("PE"),
    QStringLiteral("PR"), QStringLiteral("PY"), QStringLiteral("SV"), QStringLiteral("US"), QStringLiteral("UY"),
    QStringLiteral("VE")};

constexpr int ProgressSteps = 1000;

} // namespace

ImportLeadsDialog::ImportLeadsDialog(ServiceHost *host, Session *session, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_session(session)
{
    setWindowTitle(tr("Import leads"));
    setObjectName(QStringLiteral("importLeadsDialog"));

    m_fileEdit = new QLineEdit(this);
    m_fileEdit->setObjectName(QStringLiteral("importFile"));
    m_fileEdit->setReadOnly(true);
    m_fileEdit->setPlaceholderText(tr("Choose a CSV file"));
    auto *chooseButton = new QPushButton(tr("&Choose…"), this);
    chooseButton->setObjectName(QStringLiteral("chooseFileButton"));
    connect(chooseButton, &QPushButton::clicked, this, &ImportLeadsDialog::chooseFile);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_fileEdit, 1);
    fileRow->addWidget(chooseButton);

    m_encodingCombo = new QComboBox(this);
    m_encodingCombo->setObjectName(QStringLiteral("encodingCombo"));
    m_encodingCombo->addItem(tr("UTF-8"), int(TextEncoding::Utf8));
    m_encodingCombo->addItem(tr("Windows-1252 (Western European)"), int(TextEncoding::Windows1252));
    m_delimiterCombo = new QComboBox(this);
    m_delimiterCombo->setObjectName(QStringLiteral("delimiterCombo"));
    m_delimiterCombo->addItem(tr("Comma (,)"), QChar(QLatin1Char(',')));
    m_delimiterCombo->addItem(tr("Semicolon (;)"), QChar(QLatin1Char(';')));
    m_delimiterCombo->addItem(tr("Tab"), QChar(QLatin1Char('\t')));
    connect(m_encodingCombo, &QComboBox::activated, this, &ImportLeadsDialog::readOverridesChanged);
    connect(m_delimiterCombo, &QComboBox::activated, this, &ImportLeadsDialog::readOverridesChanged);

    m_regionCombo = new QComboBox(this);
    m_regionCombo->setObjectName(QStringLiteral("regionCombo"));
    m_regionCombo->setEditable(true);
    m_regionCombo->addItems(offeredRegions);
    m_regionCombo->setToolTip(tr("The country for phone numbers written without \"+\" when the row gives no valid "
                                 "country"));
    // The installation's default region, as the command line uses it.
    m_host->call<QString>(
        this,
        [](ServiceCore &core) -> Result<QString> { return core.settings().text(QStringLiteral("phone.defaultRegion")); },
        [this](const Result<QString> &region) {
            if (region && !region->isEmpty())
                m_regionCombo->setCurrentText(*region);
        });

    auto *options = new QFormLayout;
    options->addRow(tr("&File:"), fileRow);
    options->addRow(tr("&Encoding:"), m_encodingCombo);
    options->addRow(tr("&Delimiter:"), m_delimiterCombo);
    options->addRow(tr("Default &region:"), m_regionCombo);

    m_previewTable = new QTableWidget(this);
    m_previewTable->setObjectName(QStringLiteral("previewTable"));
    m_previewTable->setEditTriggers(QAbstractItemView::NoEditTriggers);

    m_mappingTable = new QTableWidget(int(std::size(mappedFields)), 2, this);
    m_mappingTable->setObjectName(QStringLiteral("mappingTable"));
    m_mappingTable->setHorizontalHeaderLabels({tr("Prospecta field"), tr("Column of the file")});
    m_mappingTable->verticalHeader()->hide();
    m_mappingTable->horizontalHeader()->setStretchLastSection(true);
    m_mappingTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    const QStringList fieldLabels = {tr("Name"),   tr("Phone"), tr("Email"),    tr("Country"),
                                     tr("Source"), tr("Status", "funnel step of a lead"), tr("Score"),
                                     tr("Campaign"), tr("Assigned to"), tr("Notes")};
    for (int row = 0; row < int(std::size(mappedFields)); ++row) {
        m_mappingTable->setItem(row, 0, new QTableWidgetItem(fieldLabels.at(row)));
        auto *combo = new QComboBox(m_mappingTable);
        combo->setObjectName(QStringLiteral("mapping_") + LeadImport::fieldName(mappedFields[row]));
        connect(combo, &QComboBox::currentIndexChanged, this, &ImportLeadsDialog::updateButtons);
        m_mappingTable->setCellWidget(row, 1, combo);
    }

    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(QStringLiteral("importProgress"));
    m_progressBar->setRange(0, ProgressSteps);
    m_progressBar->setValue(0);
    m_progressBar->hide();
    connect(m_host, &ServiceHost::leadImportProgressed, this, &ImportLeadsDialog::showProgress);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("importSummary"));
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextFormat(Qt::PlainText);
    m_errorLabel = FormWidgets::createErrorLabel(this);

    m_importButton = new QPushButton(tr("&Import"), this);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_importButton->setDefault(true);
    connect(m_importButton, &QPushButton::clicked, this, &ImportLeadsDialog::startImport);
    m_cancelButton = new QPushButton(tr("Cancel import"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelImportButton"));
    connect(m_cancelButton, &QPushButton::clicked, this, &ImportLeadsDialog::cancelImport);
    m_saveReportButton = new QPushButton(tr("&Save report…"), this);
    m_saveReportButton->setObjectName(QStringLiteral("saveReportButton"));
    connect(m_saveReportButton, &QPushButton::clicked, this, &ImportLeadsDialog::saveReport);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_importButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_cancelButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_saveReportButton, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &ImportLeadsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(options);
    layout->addWidget(new QLabel(tr("Preview of the first %n rows:", nullptr, PreviewRows), this));
    layout->addWidget(m_previewTable, 2);
    layout->addWidget(new QLabel(tr("Which column fills each field:"), this));
    layout->addWidget(m_mappingTable, 2);
    layout->addWidget(m_progressBar);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_errorLabel);
    layout->addWidget(buttons);
    resize(760, 680);
    updateButtons();
}

ImportLeadsDialog::~ImportLeadsDialog()
{
    // An import still running stops after its current batch. ServiceHost drops its reply
    // because this dialog, the reply's context, is gone.
    if (importRunning() && !m_cancelRequested)
        m_host->cancelLeadImport(m_importId);
}

void ImportLeadsDialog::reject()
{
    cancelImport();
    QDialog::reject();
}

QString ImportLeadsDialog::shownError() const
{
    return FormWidgets::shownError(m_errorLabel);
}

void ImportLeadsDialog::showError(const QString &message)
{
    FormWidgets::showError(m_errorLabel, message);
}

void ImportLeadsDialog::chooseFile()
{
    const QString directory = m_filePath.isEmpty() ? QDir::homePath() : QFileInfo(m_filePath).absolutePath();
    const QString path = FileDialogs::openFileName(this, tr("Import leads"), directory,
                                                   tr("CSV files (*.csv *.txt);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool ImportLeadsDialog::openFile(const QString &filePath)
{
    m_filePath = filePath;
    m_fileEdit->setText(QDir::toNativeSeparators(filePath));
    m_report.reset();
    m_summaryLabel->clear();
    const bool loaded = loadPreview({}, false);
    updateButtons();
    return loaded;
}

void ImportLeadsDialog::readOverridesChanged()
{
    if (m_filePath.isEmpty())
        return;
    CsvReaderOptions options;
    options.encoding = chosenEncoding();
    options.delimiter = m_delimiterCombo->currentData().toChar();
    // A new delimiter gives new columns, so the mapping is guessed again; a new encoding
    // keeps the columns and the user's choices.
    const bool keepMapping = *options.delimiter == m_delimiterCombo->property("shownDelimiter").toChar();
    loadPreview(options, keepMapping);
    updateButtons();
}

std::optional<TextEncoding> ImportLeadsDialog::chosenEncoding() const
{
    const int selected = m_encodingCombo->currentData().toInt();
    if (selected == m_encodingCombo->property("detectedEncoding").toInt())
        return std::nullopt;
    return TextEncoding(selected);
}

bool ImportLeadsDialog::loadPreview(const CsvReaderOptions &options, bool keepMapping)
{
    m_errorLabel->hide();
    m_previewTable->clear();
    m_previewTable->setRowCount(0);
    m_previewTable->setColumnCount(0);

    QFile file(m_filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        m_header.clear();
        fillMapping({}, {});
        showError(tr("Could not read %1: %2. Choose another file.").arg(m_filePath, file.errorString()));
        return false;
    }
    CsvReader reader(file, options);
    if (auto opened = reader.open(); !opened) {
        m_header.clear();
        fillMapping({}, {});
        showError(tr("Could not read %1 as CSV: %2").arg(m_filePath, opened.error().message));
        return false;
    }

    if (!options.encoding)
        m_encodingCombo->setProperty("detectedEncoding", int(reader.encoding()));
    m_encodingCombo->setCurrentIndex(m_encodingCombo->findData(int(reader.encoding())));
    m_delimiterCombo->setCurrentIndex(m_delimiterCombo->findData(reader.delimiter()));
    m_delimiterCombo->setProperty("shownDelimiter", reader.delimiter());

    const LeadColumnMapping previous = mapping();
    m_header = reader.header();
    m_previewTable->setColumnCount(int(m_header.size()));
    m_previewTable->setHorizontalHeaderLabels(m_header);
    for (int row = 0; row < PreviewRows; ++row) {
        const std::optional<CsvRecord> record = reader.next();
        if (!record)
            break;
        m_previewTable->insertRow(row);
        m_previewTable->setVerticalHeaderItem(row, new QTableWidgetItem(QString::number(record->line)));
        if (record->rejected()) {
            // A rejected row is shown with its reason rather than with shifted cells.
            auto *item = new QTableWidgetItem(record->error);
            item->setForeground(Qt::red);
            m_previewTable->setItem(row, 0, item);
            if (m_header.size() > 1)
                m_previewTable->setSpan(row, 0, 1, int(m_header.size()));
            continue;
        }
        for (int column = 0; column < record->fields.size() && column < m_header.size(); ++column)
            m_previewTable->setItem(row, column, new QTableWidgetItem(record->fields.at(column)));
    }
    m_previewTable->resizeColumnsToContents();
    fillMapping(m_header, keepMapping ? previous : LeadImport::guessMapping(m_header));
    return true;
}

void ImportLeadsDialog::fillMapping(const QStringList &header, const LeadColumnMapping &mapping)
{
    for (int row = 0; row < int(std::size(mappedFields)); ++row) {
        auto *combo = qobject_cast<QComboBox *>(m_mappingTable->cellWidget(row, 1));
        const QSignalBlocker blocker(combo);
        combo->clear();
        combo->addItem(tr("(not imported)"), -1);
        for (int column = 0; column < header.size(); ++column)
            combo->addItem(tr("%1: %2", "column number: header text").arg(column + 1).arg(header.at(column)), column);
        combo->setCurrentIndex(combo->findData(mapping.value(mappedFields[row], -1)));
    }
}

QComboBox *ImportLeadsDialog::mappingCombo(LeadField field) const
{
    return findChild<QComboBox *>(QStringLiteral("mapping_") + LeadImport::fieldName(field));
}

LeadColumnMapping ImportLeadsDialog::mapping() const
{
    LeadColumnMapping result;
    for (const LeadField field : mappedFields) {
        const QComboBox *combo = mappingCombo(field);
        if (!combo)
            continue;
        const int column = combo->currentData().toInt();
        if (column >= 0 && column < m_header.size())
            result.insert(field, column);
    }
    return result;
}

void ImportLeadsDialog::updateButtons()
{
    const bool running = importRunning();
    const bool phoneMapped = mapping().contains(LeadField::Phone);
    m_importButton->setEnabled(!running && !m_header.isEmpty() && phoneMapped);
    m_importButton->setToolTip(!m_header.isEmpty() && !phoneMapped
                                   ? tr("Map a column to the phone: every lead needs one.")
                                   : QString());
    m_cancelButton->setVisible(running);
    m_cancelButton->setEnabled(running && !m_cancelRequested);
    m_saveReportButton->setEnabled(!running && m_report.has_value());
    FormWidgets::setEnabled({m_encodingCombo, m_delimiterCombo, m_regionCombo, m_mappingTable}, !running);
}

void ImportLeadsDialog::startImport()
{
    if (importRunning() || m_header.isEmpty())
        return;
    const LeadColumnMapping columns = mapping();
    if (!columns.contains(LeadField::Phone)) {
        showError(tr("Map a column to the phone: every lead needs one."));
        return;
    }
    LeadImportOptions options;
    options.region = m_regionCombo->currentText().trimmed().toUpper();
    if (!PhoneNumbers::isSupportedRegion(options.region)) {
        showError(tr("Unknown region \"%1\"; choose an ISO 3166 alpha-2 code such as MX or PE.")
                      .arg(m_regionCombo->currentText()));
        return;
    }
    CsvReaderOptions readerOptions;
    readerOptions.encoding = chosenEncoding();
    readerOptions.delimiter = m_delimiterCombo->currentData().toChar();

    m_errorLabel->hide();
    m_report.reset();
    m_summaryLabel->setText(tr("Importing…"));
    m_progress = LeadImportProgress();
    m_cancelRequested = false;
    m_progressBar->setRange(0, 0); // a busy indicator until the first batch is done
    m_progressBar->show();

    LeadImportRequest request;
    request.filePath = m_filePath;
    request.readerOptions = readerOptions;
    request.mapping = columns;
    request.options = options;
    m_importId = m_host->startLeadImport(m_session->actor(), request, this,
                                         [this](const Result<LeadImportReport> &result) { importDone(result); });
    qCInfo(lcUi) << "lead import" << m_importId << "requested, region" << options.region;
    updateButtons();
}

void ImportLeadsDialog::cancelImport()
{
    if (!importRunning() || m_cancelRequested)
        return;
    qCInfo(lcUi) << "lead import" << m_importId << "cancel requested after" << m_progress.rowsDone << "rows";
    m_cancelRequested = true;
    m_host->cancelLeadImport(m_importId);
    m_summaryLabel->setText(tr("Cancelling…"));
    updateButtons();
}

void ImportLeadsDialog::showProgress(qint64 importId, const LeadImportProgress &progress)
{
    if (importId != m_importId)
        return;
    m_progress = progress;
    const int rows = int(qMin<qint64>(progress.rowsDone, std::numeric_limits<int>::max()));
    if (progress.totalLines > 0) {
        m_progressBar->setRange(0, ProgressSteps);
        m_progressBar->setValue(int(qMin<qint64>(ProgressSteps, progress.lastLine * ProgressSteps / progress.totalLines)));
        m_progressBar->setFormat(
            tr("%n rows, line %1 of %2", nullptr, rows).arg(progress.lastLine).arg(progress.totalLines));
    } else if (progress.totalBytes > 0) {
        // The lines are still being counted; the bytes read give the share meanwhile.
        m_progressBar->setRange(0, ProgressSteps);
        m_progressBar->setValue(
            int(qMin<qint64>(ProgressSteps, progress.bytesRead * ProgressSteps / progress.totalBytes)));
        m_progressBar->setFormat(tr("%n rows", nullptr, rows));
    } else {
        m_progressBar->setRange(0, 0); // size unknown: a busy indicator
    }
}

void ImportLeadsDialog::importDone(const Result<LeadImportReport> &result)
{
    m_importId = 0;
    m_cancelRequested = false;
    m_progressBar->hide();
    if (!result) {
        m_summaryLabel->clear();
        if (!m_session->check(result.error()))
            showError(result.error().message);
        updateButtons();
        emit importFinished();
        return;
    }
    m_report = *result;
    QString summary = tr("Created: %1. Updated: %2. Unchanged: %3. Duplicates merged: %4. Rejected: %5.")
                          .arg(m_report->created)
                          .arg(m_report->updated)
                          .arg(m_report->unchanged)
                          .arg(m_report->merged)
                          .arg(m_report->rejected);
    if (!m_report->completed)
        summary += QLatin1Char('\n') + m_report->stopReason;
    m_summaryLabel->setText(summary);
    updateButtons();
    emit importFinished();
}

void ImportLeadsDialog::saveReport()
{
    if (!m_report)
        return;
    const QFileInfo source(m_filePath);
    const QString suggested = source.absoluteDir().filePath(source.completeBaseName() + tr("-report") + QStringLiteral(".csv"));
    const QString path = FileDialogs::saveFileName(this, tr("Save import report"), suggested,
                                                   tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    // With the byte-order mark, because this copy is for a spreadsheet: Excel reads the
    // reasons' accents right only with it.
    if (auto written = m_report->writeCsv(path, CsvByteOrderMark::Write); !written)
        showError(written.error().message);
}

} // namespace Prospecta
