#pragma once

#include <QString>

// Words for a customer in their language rather than the program's: a chat's transcript goes
// to a visitor who wrote in Chinese or English, whatever language the gateway runs in. The
// texts are marked with QT_TRANSLATE_NOOP (so lupdate keeps them in the translations) and
// looked up here in the translation of the language asked for, loaded once from the resources
// every program has.
class LanguageTranslator
{
public:
    // "zh_CN" or "en" (anything else: English, the source texts).
    static QString translate(const QString &language, const char *context, const char *sourceText);
};
