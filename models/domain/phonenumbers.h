#pragma once

#include <QString>

class QSettings;

// Phone numbers as callers and agents type them ("+86 138 0000 0001", "0086-138…",
// "138 0000 0001"), read by libphonenumber: the national number is what finds a customer,
// whichever way either side wrote the country code.
class PhoneNumbers
{
public:
    // The setting that holds the region of numbers written without a country code, and its default.
    static constexpr const char *regionKey = "phone/region";
    static constexpr const char *fallbackRegion = "CN";

    // The national significant number's digits, or empty when the text is no phone number.
    // region: ISO 3166 code for numbers written without a country code ("CN").
    static QString nationalDigits(const QString &text, const QString &region);
    // The number in E.164 ("+8613800000001"), or empty when the text is no phone number.
    static QString e164(const QString &text, const QString &region);
    // The number as people read it ("+86 138 0000 0001"), or the text as given when it is none.
    static QString readable(const QString &text, const QString &region);
    // The number a tel: or callto: link calls ("tel:+86-138-0000-0001;phone-context=…",
    // "callto://+8613800000001", percent-encoded or not), or empty when the text is no such link.
    static QString numberOfLink(const QString &link);
    // Whether the text is a two-letter region libphonenumber knows ("CN", "US").
    static bool isKnownRegion(const QString &region);
    // The region set in these settings (regionKey), upper-cased; fallbackRegion when none or an unknown one.
    static QString region(const QSettings &settings);
    // The region set in Deskline's own settings (the window's and deskctl's alike).
    static QString defaultRegion();
};
