#include "ticketmime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMimeData>

using namespace Qt::StringLiterals;

QString TicketMime::type()
{
    return u"application/x-deskline-ticket-ids"_s;
}

QMimeData *TicketMime::encode(const QList<qint64> &ticketIds)
{
    QJsonArray ids;
    for (qint64 id : ticketIds)
        ids.append(id);
    auto *data = new QMimeData;
    data->setData(type(), QJsonDocument(ids).toJson(QJsonDocument::Compact));
    return data;
}

QList<qint64> TicketMime::decode(const QMimeData *data)
{
    if (!data || !data->hasFormat(type()))
        return {};
    const QJsonDocument json = QJsonDocument::fromJson(data->data(type()));
    QList<qint64> ids;
    for (const QJsonValue &value : json.array()) {
        const qint64 id = value.toInteger();
        if (id <= 0)
            return {};
        ids << id;
    }
    return ids;
}
