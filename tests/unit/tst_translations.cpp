#include "catchcompat.h"

#include <QFile>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

struct TsCheck {
    int messages = 0;
    QStringList untranslated;
};

TsCheck readTs(const QString &path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    TsCheck check;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1StringView("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1StringView("translation")) {
            const QString type = xml.attributes().value(QLatin1StringView("type")).toString();
            const bool plural = xml.attributes().value(QLatin1StringView("numerus")) == QLatin1StringView("yes");
            ++check.messages;
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (type == QLatin1StringView("unfinished") || (!plural && text.trimmed().isEmpty()))
                check.untranslated << source;
        }
    }
    REQUIRE_FALSE(xml.hasError());
    return check;
}

} // namespace

TEST_CASE("The Simplified Chinese translation is complete", "[i18n]")
{
    const TsCheck check = readTs(QStringLiteral(DESKLINE_SOURCE_DIR "/resources/translations/deskline_zh_CN.ts"));
    CHECK(check.messages > 200);
    INFO("untranslated: " << check.untranslated.join(QStringLiteral(" | ")).toStdString());
    CHECK(check.untranslated.isEmpty());
}

TEST_CASE("The built-in translation switches the interface to Chinese", "[i18n]")
{
    QTranslator translator;
    REQUIRE(translator.load(QStringLiteral(":/deskline/i18n/deskline_zh_CN.qm")));
    CHECK(translator.translate("Fields", "Payment") == QStringLiteral("支付"));
    CHECK(translator.translate("TicketFilter", "Unassigned") == QStringLiteral("未分配"));
}
