// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

class QComboBox;

namespace Prospecta {

struct NamedId;

// Combo boxes whose choices come from the database, such as the campaign and owner
// filters of the lead views. Each item carries its id as item data. The texts of the
// fixed choices stay with each view, so their translations keep the view's context.
namespace FilterCombo {

// Fills `combo` with `fixed` followed by `choices`, keeping the selected id when it is
// still offered and selecting the first item otherwise, without emitting the combo's
// signals. Returns whether the selected id changed, so the caller applies the new one.
bool fill(QComboBox *combo, const QList<NamedId> &fixed, const QList<NamedId> &choices);

} // namespace FilterCombo

} // namespace Prospecta
