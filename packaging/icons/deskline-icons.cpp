// SPDX-License-Identifier: GPL-3.0-or-later
//
// Build-time tool: renders the one application SVG into the icons the packages need.
//
//   deskline-icons SVG png SIZE OUT.png     one square PNG
//   deskline-icons SVG ico OUT.ico          Windows icon: 16…256 px, PNG-compressed entries
//   deskline-icons SVG icns OUT.icns        macOS icon: 16…1024 px, PNG entries
//
// ICO and ICNS are written here (both are a small header and PNG images), so neither Qt's
// image-format plugins nor macOS's iconutil are needed at build time.

#include <QBuffer>
#include <QByteArray>
#include <QCoreApplication>
#include <QFile>
#include <QImage>
#include <QList>
#include <QPainter>
#include <QSvgRenderer>
#include <QtEndian>

#include <cstdio>
#include <utility>

namespace {

QByteArray renderPng(QSvgRenderer &svg, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        svg.render(&painter, QRectF(0, 0, size, size));
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return {};
    return png;
}

void putLE16(QByteArray &out, quint16 value)
{
    char bytes[2];
    qToLittleEndian(value, bytes);
    out.append(bytes, 2);
}

void putLE32(QByteArray &out, quint32 value)
{
    char bytes[4];
    qToLittleEndian(value, bytes);
    out.append(bytes, 4);
}

void putBE32(QByteArray &out, quint32 value)
{
    char bytes[4];
    qToBigEndian(value, bytes);
    out.append(bytes, 4);
}

QByteArray ico(QSvgRenderer &svg)
{
    const QList<int> sizes{16, 24, 32, 48, 64, 128, 256};
    QList<QByteArray> images;
    for (const int size : sizes)
        images.append(renderPng(svg, size));
    QByteArray out;
    putLE16(out, 0); // reserved
    putLE16(out, 1); // type: icon
    putLE16(out, quint16(sizes.size()));
    quint32 offset = 6 + 16 * quint32(sizes.size());
    for (qsizetype i = 0; i < sizes.size(); ++i) {
        const char side = char(sizes.at(i) >= 256 ? 0 : sizes.at(i)); // 0 means 256
        out.append(side).append(side).append('\0').append('\0');      // width, height, palette, reserved
        putLE16(out, 1);                                              // colour planes
        putLE16(out, 32);                                             // bits per pixel
        putLE32(out, quint32(images.at(i).size()));
        putLE32(out, offset);
        offset += quint32(images.at(i).size());
    }
    for (const QByteArray &image : std::as_const(images))
        out.append(image);
    return out;
}

QByteArray icns(QSvgRenderer &svg)
{
    // The PNG-carrying element types, as iconutil writes them.
    const QList<std::pair<const char *, int>> types{{"icp4", 16},  {"icp5", 32},  {"ic11", 32},  {"icp6", 64},
                                                    {"ic12", 64},  {"ic07", 128}, {"ic13", 256}, {"ic08", 256},
                                                    {"ic14", 512}, {"ic09", 512}, {"ic10", 1024}};
    QByteArray body;
    for (const auto &[type, size] : types) {
        const QByteArray png = renderPng(svg, size);
        body.append(type, 4);
        putBE32(body, quint32(8 + png.size()));
        body.append(png);
    }
    QByteArray out("icns");
    putBE32(out, quint32(8 + body.size()));
    return out + body;
}

int usage()
{
    std::fputs("usage: deskline-icons SVG png SIZE OUT.png | SVG ico OUT.ico | SVG icns OUT.icns\n", stderr);
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    // Painting paths into a QImage needs no platform plugin: runs on a build machine without a
    // display. (The SVG has no text, which would need fonts and so a QGuiApplication.)
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 4)
        return usage();
    QSvgRenderer svg(arguments.at(1));
    if (!svg.isValid()) {
        std::fprintf(stderr, "deskline-icons: cannot read %s\n", qUtf8Printable(arguments.at(1)));
        return 1;
    }
    const QString kind = arguments.at(2);
    QByteArray data;
    QString outPath;
    if (kind == QLatin1String("png") && arguments.size() == 5) {
        bool ok = false;
        const int size = arguments.at(3).toInt(&ok);
        if (!ok || size < 1 || size > 4096)
            return usage();
        data = renderPng(svg, size);
        outPath = arguments.at(4);
    } else if (kind == QLatin1String("ico") && arguments.size() == 4) {
        data = ico(svg);
        outPath = arguments.at(3);
    } else if (kind == QLatin1String("icns") && arguments.size() == 4) {
        data = icns(svg);
        outPath = arguments.at(3);
    } else {
        return usage();
    }
    QFile out(outPath);
    if (data.isEmpty() || !out.open(QIODevice::WriteOnly) || out.write(data) != data.size()) {
        std::fprintf(stderr, "deskline-icons: cannot write %s\n", qUtf8Printable(outPath));
        return 1;
    }
    return 0;
}
