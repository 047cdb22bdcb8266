#pragma once

#include <QColor>
#include <QPalette>

// Colours that carry meaning (a status, a deadline, an error) drawn over whatever palette the
// desktop uses: the same hue, made light enough on a dark background and dark enough on a
// light one to stay readable.
namespace PaletteColors {

// The palette's background is dark (a dark desktop theme, or deskline --dark).
bool isDark(const QPalette &palette);

// accent as text or a thin line over the palette's base.
QColor readable(const QColor &accent, const QPalette &palette);

// A quiet background in accent's hue for a bar or a badge, with readable() text on it.
QColor tint(const QColor &accent, const QPalette &palette);

// The style sheet of a bar over the ticket (the QFrame named objectName): tinted with accent,
// its labels in a readable shade of it.
QString barStyle(const QString &objectName, const QColor &accent, const QPalette &palette);

// An error message's colour, as a style sheet rule ("color: …;").
QString errorStyle(const QPalette &palette);

// The dark palette of deskline --dark, for the Fusion style.
QPalette dark();

} // namespace PaletteColors
