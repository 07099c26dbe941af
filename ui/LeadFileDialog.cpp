// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadFileDialog.h"

#include "DisplayNames.h"
#include "PipelineBoard.h"
#include "ReaderRequest.h"
#include "Session.h"
#include "channels/PhoneNumbers.h"
#include "core/EmailAddress.h"
#include "core/Logging.h"
#include "operations/LeadService.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "core/NameRule.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace Prospecta {

namespace {

constexpr int RefreshDelayMs = 150;

QLabel *createFieldError(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setStyleSheet(QStringLiteral("color: #b00020;"));
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->hide();
    return label;
}

// A field and its inline error below it, as one row of the form.
QWidget *withError(QWidget *field, QLabel *error, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(error);
    return box;
}

bool hasControlCharacter(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

// The stage names of an audit detail such as "new -> contacted", as the funnel shows them.
QString stageChange(const QString &detail)
{
    const QStringList parts = detail.split(QStringLiteral(" -> "));
    if (parts.size() != 2)
        return detail;
    const auto from = fromString<LeadStatus>(parts.at(0));
    const auto to = fromString<LeadStatus>(parts.at(1));
    if (!from || !to)
        return detail;
    return LeadFileDialog::tr("%1 → %2", "stage change: from → to")
        .arg(DisplayNames::leadStage(*from), DisplayNames::leadStage(*to));
}

QString callStatus(CallStatus status)
{
    switch (status) {
    case CallStatus::Initiated:
        return LeadFileDialog::tr("initiated", "call status");
    case CallStatus::Ringing:
        return LeadFileDialog::tr("ringing", "call status");
    case CallStatus::InProgress:
        return LeadFileDialog::tr("in progress", "call status");
    case CallStatus::Completed:
        return LeadFileDialog::tr("completed", "call status");
    case CallStatus::Busy:
        return LeadFileDialog::tr("busy", "call status");
    case CallStatus::NoAnswer:
        return LeadFileDialog::tr("no answer", "call status");
    case CallStatus::Failed:
        return LeadFileDialog::tr("failed", "call status");
    case CallStatus::Canceled:
        return LeadFileDialog::tr("canceled", "call status");
    }
    return toString(status);
}

} // namespace

LeadFileDialog::LeadFileDialog(ServiceHost *host, SnapshotReader *reader, Session *session, qint64 leadId,
                               QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_reader(reader)
    , m_session(session)
    , m_leadId(leadId)
{
    setObjectName(QStringLiteral("leadFileDialog"));
    setWindowTitle(tr("Lead %1").arg(leadId));
    buildLayout();

    m_request = new ReaderRequest(m_reader, m_session, this);
    connect(m_reader, &SnapshotReader::leadFileReady, this, &LeadFileDialog::fileReady);
    connect(m_request, &ReaderRequest::failed, this, &LeadFileDialog::readFailed);

    // Bursts of changes (a chat in full flow) cost one read.
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(RefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &LeadFileDialog::refresh);
    connect(m_host, &ServiceHost::changed, this, [this](const QString &table, qint64 id) {
        // Messages, conversations and calls carry their own ids, not the lead's, so any
        // of them may belong to this lead's timeline.
        const bool thisLead = table == QLatin1String("leads") && (id == m_leadId || id == 0);
        if (thisLead || table == QLatin1String("messages") || table == QLatin1String("conversations")
            || table == QLatin1String("calls") || table == QLatin1String("campaigns")
            || table == QLatin1String("users") || table == QLatin1String("*"))
            scheduleRefresh();
    });

    updateControls();
    refresh();
}

LeadFileDialog::~LeadFileDialog() = default;

void LeadFileDialog::buildLayout()
{
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameEdit"));
    m_phoneEdit = new QLineEdit(this);
    m_phoneEdit->setObjectName(QStringLiteral("phoneEdit"));
    m_phoneEdit->setPlaceholderText(tr("+52 55 1234 5678"));
    m_emailEdit = new QLineEdit(this);
    m_emailEdit->setObjectName(QStringLiteral("emailEdit"));
    m_emailEdit->setPlaceholderText(tr("name@example.com"));
    m_countryEdit = new QLineEdit(this);
    m_countryEdit->setObjectName(QStringLiteral("countryEdit"));
    m_countryEdit->setMaxLength(2);
    m_countryEdit->setToolTip(tr("The two letters of the country (ISO 3166), such as MX or PE; empty to take "
                                 "it from the phone"));
    m_stageCombo = new QComboBox(this);
    m_stageCombo->setObjectName(QStringLiteral("stageCombo"));
    for (LeadStatus status : PipelineBoard::stages())
        m_stageCombo->addItem(DisplayNames::leadStage(status), toString(status));
    m_scoreSpin = new QSpinBox(this);
    m_scoreSpin->setObjectName(QStringLiteral("scoreSpin"));
    m_scoreSpin->setRange(0, 100);
    m_ownerCombo = new QComboBox(this);
    m_ownerCombo->setObjectName(QStringLiteral("ownerCombo"));
    m_campaignCombo = new QComboBox(this);
    m_campaignCombo->setObjectName(QStringLiteral("campaignCombo"));
    m_notesEdit = new QPlainTextEdit(this);
    m_notesEdit->setObjectName(QStringLiteral("notesEdit"));
    m_notesEdit->setTabChangesFocus(true);
    m_tagsEdit = new QLineEdit(this);
    m_tagsEdit->setObjectName(QStringLiteral("tagsEdit"));
    m_tagsEdit->setPlaceholderText(tr("Tags separated by commas"));
    m_tagsEdit->setToolTip(tr("At most %1 tags of at most %2 characters each; tags that differ only in case "
                              "are one tag")
                               .arg(LeadTagLimits::MaxTags)
                               .arg(LeadTagLimits::MaxLength));

    m_nameError = createFieldError(this, QStringLiteral("nameError"));
    m_phoneError = createFieldError(this, QStringLiteral("phoneError"));
    m_emailError = createFieldError(this, QStringLiteral("emailError"));
    m_countryError = createFieldError(this, QStringLiteral("countryError"));
    m_ownerError = createFieldError(this, QStringLiteral("ownerError"));
    m_campaignError = createFieldError(this, QStringLiteral("campaignError"));
    m_tagsError = createFieldError(this, QStringLiteral("tagsError"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), withError(m_nameEdit, m_nameError, this));
    form->addRow(tr("&Phone:"), withError(m_phoneEdit, m_phoneError, this));
    form->addRow(tr("&Email:"), withError(m_emailEdit, m_emailError, this));
    form->addRow(tr("C&ountry:"), withError(m_countryEdit, m_countryError, this));
    form->addRow(tr("S&tage:", "the lead's stage in the sales funnel"), m_stageCombo);
    form->addRow(tr("Sco&re:", "the lead's score, 0 to 100"), m_scoreSpin);
    form->addRow(tr("&Assigned to:"), withError(m_ownerCombo, m_ownerError, this));
    form->addRow(tr("&Campaign:"), withError(m_campaignCombo, m_campaignError, this));
    form->addRow(tr("Ta&gs:"), withError(m_tagsEdit, m_tagsError, this));
    form->addRow(tr("N&otes:"), m_notesEdit);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextFormat(Qt::PlainText);
    m_messageLabel->hide();
    m_changedLabel = new QLabel(tr("Someone else changed this lead while you were editing it. Your edits are "
                                   "kept; Reload takes their changes for the fields you did not edit."),
                                this);
    m_changedLabel->setObjectName(QStringLiteral("changedLabel"));
    m_changedLabel->setWordWrap(true);
    m_changedLabel->setStyleSheet(QStringLiteral("color: #8a5a00;"));
    m_changedLabel->hide();
    m_reloadButton = new QPushButton(tr("&Reload"), this);
    m_reloadButton->setObjectName(QStringLiteral("reloadButton"));
    m_reloadButton->hide();
    connect(m_reloadButton, &QPushButton::clicked, this, &LeadFileDialog::reload);

    m_saveButton = new QPushButton(tr("&Save"), this);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_saveButton->setDefault(true);
    connect(m_saveButton, &QPushButton::clicked, this, &LeadFileDialog::save);
    m_chatButton = new QPushButton(tr("&WhatsApp chat"), this);
    m_chatButton->setObjectName(QStringLiteral("chatButton"));
    m_chatButton->setToolTip(tr("Show this lead's WhatsApp conversation in the main window"));
    connect(m_chatButton, &QPushButton::clicked, this, [this] {
        emit chatRequested(LeadRow{m_file.lead, m_campaignCombo->currentText()});
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_chatButton);
    buttons->addStretch();
    buttons->addWidget(m_reloadButton);
    buttons->addWidget(m_saveButton);

    m_timeline = new QListWidget(this);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timeline->setWordWrap(true);
    m_timeline->setSelectionMode(QAbstractItemView::NoSelection);
    m_timelineNote = new QLabel(tr("Showing the latest %n entries.", nullptr, LeadFile::TimelineLimit), this);
    m_timelineNote->setObjectName(QStringLiteral("timelineNote"));
    m_timelineNote->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_changedLabel);
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("Timeline: messages, calls and changes"), this));
    layout->addWidget(m_timelineNote);
    layout->addWidget(m_timeline, 1);

    for (QLineEdit *edit : {m_nameEdit, m_phoneEdit, m_emailEdit, m_countryEdit, m_tagsEdit}) {
        connect(edit, &QLineEdit::textChanged, this, [this] {
            if (!m_filling)
                formEdited();
        });
    }
    connect(m_notesEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_filling)
            formEdited();
    });
    for (QComboBox *combo : {m_stageCombo, m_ownerCombo, m_campaignCombo}) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_filling)
                formEdited();
        });
    }
    connect(m_scoreSpin, &QSpinBox::valueChanged, this, [this] {
        if (!m_filling)
            formEdited();
    });
    resize(560, 760);
}

void LeadFileDialog::refresh()
{
    m_refreshTimer.stop();
    m_reader->requestLeadFile(m_request->next(), m_session->actor(), m_leadId);
}

void LeadFileDialog::scheduleRefresh()
{
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void LeadFileDialog::fileReady(int requestId, const LeadFile &file)
{
    if (!m_request->finish(requestId))
        return;
    m_latest = file;
    const bool leadChanged = file.lead.updatedMs != m_file.lead.updatedMs || file.tags != m_file.tags;
    if (!m_loaded || !hasUnsavedChanges()) {
        applyFile(file, false);
        m_changedLabel->hide();
        m_reloadButton->hide();
    } else if (leadChanged) {
        // The user's unsaved edits stay. The window shows the notice and offers Reload.
        m_changedLabel->show();
        m_reloadButton->show();
        applyTimeline(file);
    } else {
        applyTimeline(file);
    }
    m_loaded = true;

    // The core's rule (Authorizer::requireLead): a role with SeeAllLeads may work every
    // lead, and other roles their own and the unassigned ones.
    const qint64 owner = file.lead.assignedUserId;
    const bool mayWork = m_session->allows(Permission::SeeAllLeads) || owner == 0 || owner == m_session->userId();
    setEditable(mayWork, mayWork ? QString()
                                 : tr("This lead is assigned to %1, so you can only read it. Ask a manager to "
                                      "assign it to you.")
                                       .arg(file.userNames.value(owner)));
    emit loaded();
}

void LeadFileDialog::readFailed(const QString &message)
{
    qCWarning(lcUi) << "Reading lead" << m_leadId << "failed:" << message;
    // The lead may have gone to a colleague or been deleted: what is shown stays, read-only.
    setEditable(false, message);
    emit loaded();
}

void LeadFileDialog::setEditable(bool editable, const QString &reason)
{
    m_editable = editable;
    for (QLineEdit *field : {m_nameEdit, m_phoneEdit, m_emailEdit, m_countryEdit, m_tagsEdit})
        field->setReadOnly(!editable);
    m_notesEdit->setReadOnly(!editable);
    m_stageCombo->setEnabled(editable);
    m_scoreSpin->setReadOnly(!editable);
    m_ownerCombo->setEnabled(editable);
    m_campaignCombo->setEnabled(editable);
    if (!editable && !reason.isEmpty()) {
        m_messageLabel->setText(reason);
        m_messageLabel->show();
    } else if (editable && m_messageLabel->text() == reason) {
        m_messageLabel->hide();
    }
    updateControls();
}

void LeadFileDialog::fillCombos(const LeadFile &file, qint64 owner, qint64 campaign)
{
    const QSignalBlocker ownerBlocker(m_ownerCombo);
    m_ownerCombo->clear();
    if (m_session->allows(Permission::AssignLeads)) {
        m_ownerCombo->addItem(tr("Unassigned"), qint64(0));
        for (const NamedId &user : file.activeUsers)
            m_ownerCombo->addItem(user.name, user.id);
    } else {
        // The core lets an agent give a lead to no one but themselves.
        const qint64 current = file.lead.assignedUserId;
        m_ownerCombo->addItem(current == 0 ? tr("Unassigned") : file.userNames.value(current), current);
        if (current != m_session->userId())
            m_ownerCombo->addItem(m_session->name(), m_session->userId());
    }
    if (m_ownerCombo->findData(file.lead.assignedUserId) < 0)
        m_ownerCombo->addItem(file.userNames.value(file.lead.assignedUserId), file.lead.assignedUserId);
    m_ownerCombo->setCurrentIndex(qMax(0, m_ownerCombo->findData(owner)));

    const QSignalBlocker campaignBlocker(m_campaignCombo);
    m_campaignCombo->clear();
    m_campaignCombo->addItem(tr("No campaign"), qint64(0));
    for (const NamedId &choice : file.campaigns)
        m_campaignCombo->addItem(choice.name, choice.id);
    m_campaignCombo->setCurrentIndex(qMax(0, m_campaignCombo->findData(campaign)));
}

void LeadFileDialog::applyFile(const LeadFile &file, bool keepEdits)
{
    m_filling = true;
    const Lead &base = m_file.lead;
    const Lead &lead = file.lead;
    // A field the user edited keeps its text when keepEdits; every other one follows the
    // snapshot.
    const auto take = [keepEdits](bool edited) { return !keepEdits || !edited; };

    if (take(m_nameEdit->text().trimmed() != base.name))
        m_nameEdit->setText(lead.name);
    if (take(m_phoneEdit->text().trimmed() != base.phone))
        m_phoneEdit->setText(lead.phone);
    if (take(m_emailEdit->text().trimmed().toLower() != base.email))
        m_emailEdit->setText(lead.email);
    if (take(m_countryEdit->text().trimmed().toUpper() != base.country))
        m_countryEdit->setText(lead.country);
    if (take(m_stageCombo->currentData().toString() != toString(base.status)))
        m_stageCombo->setCurrentIndex(qMax(0, m_stageCombo->findData(toString(lead.status))));
    if (take(m_scoreSpin->value() != base.score))
        m_scoreSpin->setValue(lead.score);
    const qint64 currentOwner = m_ownerCombo->currentData().toLongLong();
    const qint64 currentCampaign = m_campaignCombo->currentData().toLongLong();
    fillCombos(file, take(currentOwner != base.assignedUserId) ? lead.assignedUserId : currentOwner,
               take(currentCampaign != base.campaignId) ? lead.campaignId : currentCampaign);
    if (take(m_notesEdit->toPlainText() != base.notes))
        m_notesEdit->setPlainText(lead.notes);
    if (take(formTags() != m_file.tags))
        m_tagsEdit->setText(file.tags.join(QStringLiteral(", ")));

    m_file = file;
    setWindowTitle(lead.name.isEmpty() ? tr("Lead %1").arg(lead.phone) : tr("Lead %1").arg(lead.name));
    applyTimeline(file);
    m_filling = false;
    validate();
    updateControls();
}

void LeadFileDialog::applyTimeline(const LeadFile &file)
{
    m_timeline->clear();
    for (const TimelineEntry &entry : file.timeline) {
        auto *item = new QListWidgetItem(timelineText(entry, file.userNames), m_timeline);
        item->setData(Qt::UserRole, int(entry.kind));
    }
    m_timelineNote->setVisible(file.timelineTruncated);
    m_timeline->scrollToBottom();
}

QString LeadFileDialog::timelineText(const TimelineEntry &entry, const QHash<qint64, QString> &userNames)
{
    const QString when = DisplayNames::dateTime(entry.atMs);
    switch (entry.kind) {
    case TimelineEntry::Kind::Message: {
        const Message &message = entry.message;
        QString sender;
        switch (message.sender) {
        case SenderKind::Lead:
            sender = tr("Lead", "sender of a message");
            break;
        case SenderKind::Ai:
            sender = DisplayNames::aiAgent(message.agentType);
            break;
        case SenderKind::Human:
            sender = userNames.value(message.userId, tr("Sales agent", "sender of a message"));
            break;
        case SenderKind::System:
            sender = tr("System", "sender of a message");
            break;
        }
        const QString kind = DisplayNames::contentKind(message.contentType);
        QString text = message.content;
        if (!kind.isEmpty())
            text = text.isEmpty() ? QStringLiteral("[%1]").arg(kind) : QStringLiteral("[%1] %2").arg(kind, text);
        return tr("%1 · %2: %3", "timeline message: time · sender: text").arg(when, sender, text);
    }
    case TimelineEntry::Kind::Call: {
        const Call &call = entry.call;
        const QString direction = call.direction == QLatin1String("inbound") ? tr("Incoming call") : tr("Outgoing call");
        return tr("%1 · %2, %3, %n seconds", "timeline call: time · direction, status, duration", call.durationSeconds)
            .arg(when, direction, callStatus(call.status));
    }
    case TimelineEntry::Kind::Change: {
        const AuditEntry &change = entry.change;
        QString description;
        if (change.action == QLatin1String("lead.status_changed"))
            description = tr("moved the lead to another stage: %1").arg(stageChange(change.detail));
        else if (change.action == QLatin1String("lead.assigned"))
            description = tr("changed who the lead is assigned to (%1)").arg(change.detail);
        else if (change.action == QLatin1String("lead.edited"))
            description = tr("edited %1").arg(change.detail);
        else
            description = change.action + (change.detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(change.detail));
        return tr("%1 · %2 %3", "timeline change: time · who did what").arg(when, change.actorName, description);
    }
    }
    return when;
}

QStringList LeadFileDialog::formTags() const
{
    QStringList tags;
    for (const QString &part : m_tagsEdit->text().split(QLatin1Char(','))) {
        const QString tag = part.trimmed();
        if (!tag.isEmpty())
            tags << tag;
    }
    return tags;
}

bool LeadFileDialog::hasUnsavedChanges() const
{
    if (m_file.lead.id == 0)
        return false;
    const LeadInput input = changedFields();
    return input.name || input.phone || input.email || input.country || input.status || input.score
        || input.assignedUserId || input.campaignId || input.notes || input.tags;
}

LeadInput LeadFileDialog::changedFields() const
{
    const Lead &base = m_file.lead;
    LeadInput input;
    if (const QString name = m_nameEdit->text().trimmed(); name != base.name)
        input.name = name;
    if (const QString phone = m_phoneEdit->text().trimmed(); phone != base.phone)
        input.phone = phone;
    if (const QString email = m_emailEdit->text().trimmed().toLower(); email != base.email)
        input.email = email;
    if (const QString country = m_countryEdit->text().trimmed().toUpper(); country != base.country)
        input.country = country;
    if (const auto status = fromString<LeadStatus>(m_stageCombo->currentData().toString()); status && *status != base.status)
        input.status = *status;
    if (m_scoreSpin->value() != base.score)
        input.score = m_scoreSpin->value();
    if (m_ownerCombo->count() > 0 && m_ownerCombo->currentData().toLongLong() != base.assignedUserId)
        input.assignedUserId = m_ownerCombo->currentData().toLongLong();
    if (m_campaignCombo->count() > 0 && m_campaignCombo->currentData().toLongLong() != base.campaignId)
        input.campaignId = m_campaignCombo->currentData().toLongLong();
    if (m_notesEdit->toPlainText() != base.notes)
        input.notes = m_notesEdit->toPlainText();
    if (const QStringList tags = formTags(); tags != m_file.tags)
        input.tags = tags;
    return input;
}

void LeadFileDialog::showFieldError(QLabel *label, const QString &message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
}

void LeadFileDialog::clearFieldErrors()
{
    for (QLabel *label : {m_nameError, m_phoneError, m_emailError, m_countryError, m_ownerError, m_campaignError,
                          m_tagsError})
        showFieldError(label, QString());
}

QLabel *LeadFileDialog::errorLabelFor(const QString &field) const
{
    if (field == QLatin1String("name"))
        return m_nameError;
    if (field == QLatin1String("phone"))
        return m_phoneError;
    if (field == QLatin1String("email"))
        return m_emailError;
    if (field == QLatin1String("country"))
        return m_countryError;
    if (field == QLatin1String("assignedTo"))
        return m_ownerError;
    if (field == QLatin1String("campaign"))
        return m_campaignError;
    if (field == QLatin1String("tags"))
        return m_tagsError;
    return nullptr;
}

bool LeadFileDialog::validate()
{
    clearFieldErrors();
    if (m_file.lead.id == 0)
        return true;
    const LeadInput input = changedFields();
    bool valid = true;
    if (input.name) {
        if (input.name->size() > NameRule::MaxLength) {
            showFieldError(m_nameError, tr("The name is longer than %1 characters; shorten it.").arg(NameRule::MaxLength));
            valid = false;
        } else if (hasControlCharacter(*input.name)) {
            showFieldError(m_nameError, tr("The name contains a tab, a line break or another control character; "
                                           "remove it."));
            valid = false;
        }
    }
    const QString country = m_countryEdit->text().trimmed().toUpper();
    if (input.country && !country.isEmpty()) {
        static const QRegularExpression alpha2(QStringLiteral("^[A-Z]{2}$"));
        if (!alpha2.match(country).hasMatch() || QLocale::codeToTerritory(country) == QLocale::AnyTerritory) {
            showFieldError(m_countryError, tr("Write the two letters of the country (ISO 3166), such as MX or PE."));
            valid = false;
        }
    }
    if (input.phone) {
        if (input.phone->isEmpty()) {
            showFieldError(m_phoneError, tr("The phone is missing: every lead needs a phone number."));
            valid = false;
        } else {
            // The core parses with the lead's country, else phone.defaultRegion, which the
            // form does not know: without a country only international numbers are checked here.
            const QString region = !country.isEmpty() ? country : m_file.lead.country;
            if (!region.isEmpty() || input.phone->startsWith(QLatin1Char('+'))) {
                auto phone = PhoneNumbers::fromTyped(*input.phone, region.isEmpty() ? QStringLiteral("ZZ") : region);
                if (!phone) {
                    showFieldError(m_phoneError, tr("The phone is not valid (%1). Check the digits, or write the "
                                                    "number with + and its country code, such as +52 55 1234 5678.")
                                                     .arg(phone.error().message));
                    valid = false;
                }
            }
        }
    }
    if (input.email && !input.email->isEmpty() && !isEmailAddress(*input.email)) {
        showFieldError(m_emailError,
                       tr("\"%1\" is not an email address; write it as name@example.com.").arg(*input.email));
        valid = false;
    }
    if (input.tags) {
        auto tags = LeadService::normalizeTags(*input.tags);
        if (!tags) {
            showFieldError(m_tagsError, tags.error().message);
            valid = false;
        }
    }
    return valid;
}

void LeadFileDialog::updateControls()
{
    const bool changed = hasUnsavedChanges();
    m_saveButton->setEnabled(m_loaded && m_editable && !m_saving && changed);
    m_saveButton->setText(m_saving ? tr("Saving…") : tr("&Save"));
    m_chatButton->setEnabled(m_file.lead.id != 0);
}

void LeadFileDialog::formEdited()
{
    validate();
    updateControls();
}

void LeadFileDialog::reload()
{
    if (m_latest.lead.id == 0)
        return;
    applyFile(m_latest, true);
    m_changedLabel->hide();
    m_reloadButton->hide();
    m_messageLabel->hide();
}

void LeadFileDialog::save()
{
    if (m_saving || !m_editable || !m_loaded)
        return;
    if (!validate()) {
        emit saveFailed(tr("Correct the fields marked in red, then save again."));
        return;
    }
    LeadInput input = changedFields();
    if (!hasUnsavedChanges())
        return;
    input.expectedUpdatedMs = m_file.lead.updatedMs;

    m_saving = true;
    m_messageLabel->hide();
    updateControls();
    const Actor actor = m_session->actor();
    const qint64 leadId = m_leadId;
    m_host->call<Lead>(
        this, [actor, leadId, input](ServiceCore &core) { return core.updateLead(actor, leadId, input); },
        [this](const Result<Lead> &result) { saveFinished(result); });
}

void LeadFileDialog::saveFinished(const Result<Lead> &result)
{
    m_saving = false;
    if (result) {
        // The stored values (the phone in E.164, the email in lower case) become the form's.
        LeadFile file = m_file;
        file.lead = *result;
        if (auto tags = LeadService::normalizeTags(formTags()))
            file.tags = *tags;
        applyFile(file, false);
        m_changedLabel->hide();
        m_reloadButton->hide();
        refresh();
        emit saved();
        return;
    }

    const Error &error = result.error();
    if (m_session->check(error))
        return;
    qCInfo(lcUi) << "Saving lead" << m_leadId << "was refused:" << error.message;
    QLabel *fieldLabel = error.fields.isEmpty() ? nullptr : errorLabelFor(error.fields.first());
    if (fieldLabel) {
        showFieldError(fieldLabel, error.message);
    } else {
        m_messageLabel->setText(error.message);
        m_messageLabel->show();
    }
    if (error.fields.contains(QStringLiteral("updatedAt"))) {
        // The edits stay in the form; Reload merges them with the stored lead.
        m_reloadButton->show();
        refresh();
    } else if (error.kind == ErrorKind::Forbidden || error.kind == ErrorKind::NotFound) {
        refresh();
    }
    updateControls();
    emit saveFailed(error.message);
}

} // namespace Prospecta
