#include "phonenumbers.h"

#include <QLocale>

#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

QString PhoneNumbers::nationalDigits(const QString &text, const QString &region)
{
    qsizetype digits = 0;
    for (QChar c : text)
        digits += c.isDigit() ? 1 : 0;
    // Fewer than five digits is an order or ticket number sooner than a phone.
    if (digits < 5 || text.size() > 40)
        return {};
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util->Parse(text.toStdString(), region.toStdString(), &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return {};
    std::string national;
    util->GetNationalSignificantNumber(number, &national);
    // "+86 138" is the start of a number, not one: matching its last digits would find strangers.
    if (national.size() < 5)
        return {};
    return QString::fromStdString(national);
}

QString PhoneNumbers::defaultRegion()
{
    const QString territory = QLocale::territoryToCode(QLocale::system().territory());
    return territory.size() == 2 ? territory : QStringLiteral("CN");
}
