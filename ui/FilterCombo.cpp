// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "FilterCombo.h"

#include "runtime/SnapshotReader.h"

#include <QComboBox>
#include <QSignalBlocker>

namespace Prospecta::FilterCombo {

bool fill(QComboBox *combo, const QList<NamedId> &fixed, const QList<NamedId> &choices)
{
    const qint64 selected = combo->currentData().toLongLong();
    const QList<NamedId> all = fixed + choices;

    // An unchanged list is left alone, so the refresh that follows every change notice
    // does not rebuild it.
    bool same = combo->count() == all.size();
    for (int index = 0; same && index < all.size(); ++index)
        same = combo->itemData(index).toLongLong() == all.at(index).id && combo->itemText(index) == all.at(index).name;
    if (same)
        return false;

    const QSignalBlocker blocker(combo);
    combo->clear();
    for (const NamedId &choice : all)
        combo->addItem(choice.name, choice.id);
    const int index = combo->findData(selected);
    combo->setCurrentIndex(qMax(0, index));
    return index < 0;
}

} // namespace Prospecta::FilterCombo
