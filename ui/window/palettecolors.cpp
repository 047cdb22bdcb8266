#include "palettecolors.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace {
// WCAG's relative luminance, enough to tell which way a colour has to move.
double luminance(const QColor &color)
{
    auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
} // namespace

bool PaletteColors::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor PaletteColors::readable(const QColor &accent, const QPalette &palette)
{
    // 4.5:1 is what body text needs (WCAG AA); step the hue's lightness until it is there.
    const QColor base = palette.color(QPalette::Base);
    const bool dark = isDark(palette);
    QColor color = accent;
    for (int step = 0; step < 12 && contrast(color, base) < 4.5; ++step)
        color = dark ? color.lighter(115) : color.darker(115);
    return color;
}

QColor PaletteColors::tint(const QColor &accent, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const double share = isDark(palette) ? 0.28 : 0.16;
    return QColor::fromRgbF(float(base.redF() + (accent.redF() - base.redF()) * share),
                            float(base.greenF() + (accent.greenF() - base.greenF()) * share),
                            float(base.blueF() + (accent.blueF() - base.blueF()) * share));
}

QString PaletteColors::barStyle(const QString &objectName, const QColor &accent, const QPalette &palette)
{
    QPalette onBar = palette;
    onBar.setColor(QPalette::Base, tint(accent, palette));
    return u"#%1 { background: %2; border: 1px solid %3; border-radius: 3px; } #%1 QLabel { color: %4; }"_s.arg(
        objectName, tint(accent, palette).name(), accent.name(), readable(accent, onBar).name());
}

QString PaletteColors::errorStyle(const QPalette &palette)
{
    return u"color: %1;"_s.arg(readable(QColor(0xc0, 0x39, 0x2b), palette).name());
}

QPalette PaletteColors::dark()
{
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x44));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3c));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x53));
    p.setColor(QPalette::Midlight, QColor(0x40, 0x43, 0x48));
    p.setColor(QPalette::Mid, QColor(0x8a, 0x8d, 0x93));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb5));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7c, 0xb8, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xc3, 0x9b, 0xff));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x45, 0x48, 0x4e));
    return p;
}
