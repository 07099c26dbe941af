// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runtime/SnapshotReader.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace Prospecta {

struct LeadInput;
class ReaderRequest;
class ServiceHost;
class Session;

// One lead's file in a window of its own. The fields (name, phone, email, country, stage,
// score, owner, campaign, notes, tags) show validation messages beside them. Below them is
// one timeline of the lead's messages, calls and audited changes, oldest first.
// Save sends only the fields the user changed, with the lead's updatedMs as loaded, so
// the core writes nothing when someone else changed the lead meanwhile. While the user
// has unsaved edits, a change made elsewhere never overwrites them: the window says so
// and offers Reload, which takes the stored values of the fields the user did not touch.
// The form is read-only where the core would refuse the save (an agent and a colleague's
// lead); the core checks again anyway.
// NOTE: there is no call button yet, because Prospecta cannot place calls.
class LeadFileDialog : public QWidget
{
    Q_OBJECT

public:
    // `host`, `reader` and `session` must outlive the window.
    LeadFileDialog(ServiceHost *host, SnapshotReader *reader, Session *session, qint64 leadId,
                   QWidget *parent = nullptr);
    ~LeadFileDialog() override;

    qint64 leadId() const { return m_leadId; }
    // The latest snapshot applied to the form; lead id 0 before the first one.
    const LeadFile &file() const { return m_file; }
    bool isEditable() const { return m_editable; }
    // Whether a field differs from the snapshot the form was loaded from.
    bool hasUnsavedChanges() const;

    // Requests the lead now.
    void refresh();
    // Requests the lead within 150 ms, however many times it is called meanwhile.
    void scheduleRefresh();
    // Applies the latest snapshot: the fields the user did not change take its values.
    void reload();
    // Validates the form and, when it is valid, sends the changed fields.
    void save();

    // The text of the timeline's entry, as the list shows it.
    static QString timelineText(const TimelineEntry &entry, const QHash<qint64, QString> &userNames);

signals:
    // The first snapshot, or a later one, was applied to the form.
    void loaded();
    void saved();
    // The core rejected the save or the form found an invalid field, for the reason in `message`.
    void saveFailed(const QString &message);
    // The user asked for the lead's WhatsApp chat.
    void chatRequested(const Prospecta::LeadRow &row);

private:
    void buildLayout();
    void fileReady(int requestId, const LeadFile &file);
    void readFailed(const QString &message);
    // Puts `file`'s values in every field the user did not change since `m_file`.
    void applyFile(const LeadFile &file, bool keepEdits);
    void applyTimeline(const LeadFile &file);
    // Fills the owner and campaign lists from `file` and selects `owner` and `campaign`.
    void fillCombos(const LeadFile &file, qint64 owner, qint64 campaign);
    void updateControls();
    // After the user changed a field: the inline messages, then the buttons.
    void formEdited();
    // Shows the inline messages; returns whether every field is valid.
    bool validate();
    void showFieldError(QLabel *label, const QString &message);
    void clearFieldErrors();
    QLabel *errorLabelFor(const QString &field) const;
    LeadInput changedFields() const;
    void saveFinished(const Result<Lead> &result);
    void setEditable(bool editable, const QString &reason);
    QStringList formTags() const;

    ServiceHost *m_host;
    SnapshotReader *m_reader;
    Session *m_session;
    qint64 m_leadId;
    ReaderRequest *m_request = nullptr;
    QTimer m_refreshTimer;
    LeadFile m_file;       // the snapshot the form was loaded from: the base of "changed"
    LeadFile m_latest;     // the newest snapshot, applied by reload() when edits are pending
    bool m_loaded = false;
    bool m_saving = false;
    bool m_editable = false;
    bool m_filling = false; // the form is being filled from a snapshot, not edited

    QLineEdit *m_nameEdit = nullptr;
    QLineEdit *m_phoneEdit = nullptr;
    QLineEdit *m_emailEdit = nullptr;
    QLineEdit *m_countryEdit = nullptr;
    QComboBox *m_stageCombo = nullptr;
    QSpinBox *m_scoreSpin = nullptr;
    QComboBox *m_ownerCombo = nullptr;
    QComboBox *m_campaignCombo = nullptr;
    QPlainTextEdit *m_notesEdit = nullptr;
    QLineEdit *m_tagsEdit = nullptr;
    QLabel *m_nameError = nullptr;
    QLabel *m_phoneError = nullptr;
    QLabel *m_emailError = nullptr;
    QLabel *m_countryError = nullptr;
    QLabel *m_ownerError = nullptr;
    QLabel *m_campaignError = nullptr;
    QLabel *m_tagsError = nullptr;
    QLabel *m_messageLabel = nullptr;
    QLabel *m_changedLabel = nullptr;
    QPushButton *m_reloadButton = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_chatButton = nullptr;
    QListWidget *m_timeline = nullptr;
    QLabel *m_timelineNote = nullptr;
};

} // namespace Prospecta
