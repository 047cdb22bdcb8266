#include "csvexporter.h"

#include "localstore.h"

#include <QSaveFile>

using namespace Qt::StringLiterals;

CsvExporter::CsvExporter(LocalStore &store)
    : m_store(store)
{}

QString CsvExporter::quoted(const QString &field)
{
    static const QString special = u",\"\r\n"_s;
    bool needs = false;
    for (QChar c : field)
        needs = needs || special.contains(c);
    if (!needs)
        return field;
    return u'"' + QString(field).replace(u'"', u"\"\""_s) + u'"';
}

bool CsvExporter::exportTickets(const QString &path, const QList<qint64> &ticketIds)
{
    m_count = 0;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    auto line = [&file](const QStringList &fields) {
        QStringList cells;
        for (const QString &field : fields)
            cells << quoted(field);
        file.write((cells.join(u',') + u"\r\n"_s).toUtf8());
    };
    file.write("\xEF\xBB\xBF");
    // Stable keys, not translated labels: a file read by programs as well as people.
    line({u"id"_s, u"subject"_s, u"channel"_s, u"category"_s, u"priority"_s, u"status"_s, u"customer"_s, u"assignee"_s,
          u"team"_s, u"created_at"_s, u"first_response_at"_s, u"solved_at"_s, u"closed_at"_s, u"messages"_s,
          u"tags"_s});
    auto iso = [](const QDateTime &time) { return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString(); };
    for (qint64 id : ticketIds) {
        const auto t = m_store.ticket(id);
        if (!t)
            continue;
        line({t->displayId(), t->subject, fieldKey(t->channel), fieldKey(t->category), fieldKey(t->priority),
              fieldKey(t->status), t->customerName, t->assigneeName, t->teamName, iso(t->createdAt),
              iso(t->firstResponseAt), iso(t->solvedAt), iso(t->closedAt), QString::number(t->messageCount),
              t->tags.join(u' ')});
        ++m_count;
    }
    if (!file.commit()) {
        m_error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
