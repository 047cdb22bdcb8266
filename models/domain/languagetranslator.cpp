#include "languagetranslator.h"

#include <QHash>
#include <QMutex>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;

QString LanguageTranslator::translate(const QString &language, const char *context, const char *sourceText)
{
    const QString source = QString::fromUtf8(sourceText);
    if (language != u"zh_CN"_s)
        return source;
    static QMutex mutex;
    static QHash<QString, std::shared_ptr<QTranslator>> loaded;
    std::shared_ptr<QTranslator> translator;
    {
        const QMutexLocker lock(&mutex);
        auto found = loaded.find(language);
        if (found == loaded.end()) {
            auto made = std::make_shared<QTranslator>();
            if (!made->load(u"deskline_"_s + language, u":/deskline/i18n"_s))
                made.reset();
            found = loaded.insert(language, made);
        }
        translator = *found;
    }
    if (!translator)
        return source;
    const QString translated = translator->translate(context, sourceText);
    return translated.isEmpty() ? source : translated;
}
