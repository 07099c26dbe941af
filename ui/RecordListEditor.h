// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDialog>
#include <QList>

#include <functional>

class QFormLayout;
class QLabel;
class QListWidget;
class QPushButton;

namespace Prospecta {

class ServiceHost;
class Session;

// A dialog that lists records on the left and edits one in a form on the right, with New,
// Save and Delete buttons, a status line and a Close button. It runs the flow: selecting a
// row fills the form, New clears it, Save and Delete write through the ServiceHost and
// reload the list. A subclass adds its rows to form(), calls finishSetup() and implements
// the hooks for its record type.
class RecordListEditor : public QDialog
{
    Q_OBJECT

protected:
    // Object names, which tests look up.
    struct ObjectNames
    {
        QString list;
        QString newButton; // empty for no object name
        QString saveButton;
        QString deleteButton;
        QString status;
    };

    // The subclass's translated texts. They are written with the subclass's tr(), so that
    // they keep its class as their translation context. The failure texts contain %1 for
    // the error message.
    struct Texts
    {
        QString newButton;
        QString saveButton;
        QString deleteButton;
        QString saved;
        QString loadFailed;
        QString saveFailed;
        QString deleteFailed;
    };

    // A row of the list: the record's id and the text shown for it.
    struct ListRow
    {
        qint64 id = 0;
        QString text;
    };

    using RowsDone = std::function<void(const Result<QList<ListRow>> &)>;
    using SaveDone = std::function<void(const Result<qint64> &)>;
    using RemoveDone = std::function<void(const Status &)>;

    RecordListEditor(ServiceHost *host, Session *session, QWidget *parent);

    // Adds the buttons, the status line and the Close button below the form, then shows an
    // empty form and loads the list. Call it last in the subclass's constructor, because it
    // calls the hooks. The buttons are created after the form's widgets, so Tab moves from
    // the form to the buttons.
    void finishSetup(const ObjectNames &names, const Texts &texts);

    ServiceHost *host() const { return m_host; }
    Session *session() const { return m_session; }
    // The form the subclass adds its fields to.
    QFormLayout *form() const { return m_form; }

    // Fetches the records, keeps them for fillForm() and passes one row per record, in the
    // same order, to `done`.
    virtual void fetchRows(RowsDone done) = 0;
    // Fills the form from the record at `row` of the latest fetch. Returns whether the user
    // may change and delete that record, which enables Save and Delete.
    virtual bool fillForm(int row) = 0;
    // Clears the form for a new record and focuses its first field.
    virtual void clearForm() = 0;
    // Writes the form as the record `id` (0 for a new one) and passes the saved id to `done`.
    virtual void saveRecord(qint64 id, SaveDone done) = 0;
    virtual void removeRecord(qint64 id, RemoveDone done) = 0;

private:
    void load();
    void showSelected();
    void startNew();
    void save();
    void remove();
    void showError(const QString &format, const Error &error);

    ServiceHost *m_host;
    Session *m_session;
    Texts m_texts;
    // The id of each list row, from the latest fetch.
    QList<qint64> m_rowIds;
    qint64 m_editingId = 0;

    QListWidget *m_list = nullptr;
    QFormLayout *m_form = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Prospecta
