#include "phonenumbers.h"

#include <QSettings>
#include <QUrl>

#include <optional>
#include <phonenumbers/phonenumberutil.h>
#include <set>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using namespace Qt::StringLiterals;

namespace {

std::optional<PhoneNumber> parsed(const QString &text, const QString &region)
{
    qsizetype digits = 0;
    for (QChar c : text)
        digits += c.isDigit() ? 1 : 0;
    // Fewer than five digits is an order or ticket number sooner than a phone.
    if (digits < 5 || text.size() > 40)
        return std::nullopt;
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util->Parse(text.toStdString(), region.toStdString(), &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return std::nullopt;
    std::string national;
    util->GetNationalSignificantNumber(number, &national);
    // "+86 138" is the start of a number, not one: matching its last digits would find strangers.
    if (national.size() < 5)
        return std::nullopt;
    return number;
}

} // namespace

QString PhoneNumbers::nationalDigits(const QString &text, const QString &region)
{
    const auto number = parsed(text, region);
    if (!number)
        return {};
    std::string national;
    PhoneNumberUtil::GetInstance()->GetNationalSignificantNumber(*number, &national);
    return QString::fromStdString(national);
}

QString PhoneNumbers::e164(const QString &text, const QString &region)
{
    const auto number = parsed(text, region);
    if (!number)
        return {};
    std::string formatted;
    PhoneNumberUtil::GetInstance()->Format(*number, PhoneNumberUtil::E164, &formatted);
    return QString::fromStdString(formatted);
}

QString PhoneNumbers::readable(const QString &text, const QString &region)
{
    const auto number = parsed(text, region);
    if (!number)
        return text.simplified();
    std::string formatted;
    PhoneNumberUtil::GetInstance()->Format(*number, PhoneNumberUtil::INTERNATIONAL, &formatted);
    return QString::fromStdString(formatted);
}

QString PhoneNumbers::numberOfLink(const QString &link)
{
    const QString text = link.trimmed();
    QString rest;
    for (const QString &scheme : {u"tel:"_s, u"callto:"_s}) {
        if (text.startsWith(scheme, Qt::CaseInsensitive)) {
            rest = text.mid(scheme.size());
            break;
        }
    }
    if (rest.isEmpty() || text.size() > 200)
        return {};
    if (rest.startsWith(u"//"_s))
        rest = rest.mid(2);
    rest = QUrl::fromPercentEncoding(rest.toUtf8());
    // RFC 3966: parameters (";phone-context=…", ";ext=…") and anything after a '?' are not the number.
    rest = rest.section(u';', 0, 0).section(u'?', 0, 0).trimmed();
    if (rest.endsWith(u'/'))
        rest.chop(1);
    // Only what a number may be written with: digits, a leading '+', and visual separators.
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QChar c = rest.at(i);
        const bool allowed = (c >= u'0' && c <= u'9') || c == u'-' || c == u'.' || c == u' ' || c == u'(' ||
                             c == u')' || (c == u'+' && i == 0);
        if (!allowed)
            return {};
    }
    return rest;
}

bool PhoneNumbers::isKnownRegion(const QString &region)
{
    if (region.size() != 2)
        return false;
    std::set<std::string> regions;
    PhoneNumberUtil::GetInstance()->GetSupportedRegions(&regions);
    return regions.count(region.toUpper().toStdString()) > 0;
}

QString PhoneNumbers::region(const QSettings &settings)
{
    const QString set = settings.value(QLatin1StringView(regionKey)).toString().trimmed().toUpper();
    return isKnownRegion(set) ? set : QString::fromLatin1(fallbackRegion);
}

QString PhoneNumbers::defaultRegion()
{
    // The organisation and application the window sets, named here so that deskctl and the
    // gateway read the same file.
    return region(QSettings(u"Deskline"_s, u"Deskline"_s));
}
