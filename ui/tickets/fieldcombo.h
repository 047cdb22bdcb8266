#pragma once

#include "fieldcodes.h"

#include <QComboBox>
#include <QSignalBlocker>

#include <optional>

// Combo boxes over one of a ticket's closed vocabularies: the translated label is shown,
// the enum's integer is the item data. Filling and showing never emit change signals, so
// only the agent's own choices reach the handlers.
namespace FieldCombo {

// Refills the labels (after a language change, say) and keeps the chosen value. With
// anyText, a first item without data stands for "no filter".
template<typename E> void fill(QComboBox *combo, const QString &anyText = {})
{
    const QVariant current = combo->currentData();
    const QSignalBlocker block(combo);
    combo->clear();
    if (!anyText.isEmpty())
        combo->addItem(anyText);
    for (E value : allFieldValues<E>())
        combo->addItem(fieldLabel(value), int(value));
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}

// Lets the box be narrower than its longest label (which then elides), so a pane's
// minimum width does not grow with the language's longest word.
inline void allowNarrow(QComboBox *combo, int characters)
{
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(characters);
}

template<typename E> void show(QComboBox *combo, E value)
{
    const QSignalBlocker block(combo);
    combo->setCurrentIndex(combo->findData(int(value)));
}

// The "any" item (the first) for nothing.
template<typename E> void showOrAny(QComboBox *combo, const std::optional<E> &value)
{
    const QSignalBlocker block(combo);
    combo->setCurrentIndex(value ? std::max(0, combo->findData(int(*value))) : 0);
}

// Empty for the "any" item.
template<typename E> std::optional<E> value(const QComboBox *combo)
{
    const QVariant data = combo->currentData();
    if (!data.isValid())
        return std::nullopt;
    return fieldFromInt<E>(data.toInt());
}

} // namespace FieldCombo
