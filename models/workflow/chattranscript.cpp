#include "chattranscript.h"

#include "languagetranslator.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace {

QString words(const QString &language, const char *source)
{
    return LanguageTranslator::translate(language, "ChatTranscript", source);
}

} // namespace

QString ChatTranscript::text(const QString &language, const QString &ticketLabel, const QList<LiveChat::Line> &lines)
{
    QString result = words(language, QT_TRANSLATE_NOOP("ChatTranscript", "Transcript of your chat with us (%1). "
                                                                         "Times are UTC."))
                         .arg(ticketLabel) +
                     u"\n\n"_s;
    const QString you = words(language, QT_TRANSLATE_NOOP("ChatTranscript", "You"));
    const QString agent = words(language, QT_TRANSLATE_NOOP("ChatTranscript", "Support"));
    QString day;
    for (const LiveChat::Line &line : lines) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(line.atMs, Qt::UTC);
        const QString lineDay = at.toString(u"yyyy-MM-dd"_s);
        if (lineDay != day) {
            result += u"— "_s + lineDay + u" —\n"_s;
            day = lineDay;
        }
        const QString who = line.fromCustomer ? you : (line.author.isEmpty() ? agent : line.author);
        result += u"["_s + at.toString(u"HH:mm"_s) + u"] "_s + who + u": "_s +
                  QString(line.text).replace(u'\n', u"\n    "_s) + u'\n';
    }
    return result;
}

QString ChatTranscript::unsentNote(const QString &address, const QString &transcript)
{
    return tr("The chat's transcript could not be mailed to %1: no mailbox sends mail.").arg(address) + u"\n\n"_s +
           transcript;
}
