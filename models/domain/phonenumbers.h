#pragma once

#include <QString>

// Phone numbers as callers and agents type them ("+86 138 0000 0001", "0086-138…",
// "138 0000 0001"), read by libphonenumber: the national number is what finds a customer,
// whichever way either side wrote the country code.
class PhoneNumbers
{
public:
    // The national significant number's digits, or empty when the text is no phone number.
    // region: ISO 3166 code for numbers written without a country code ("CN").
    static QString nationalDigits(const QString &text, const QString &region);
    // The region of this desk's locale, "CN" when the locale names none.
    static QString defaultRegion();
};
