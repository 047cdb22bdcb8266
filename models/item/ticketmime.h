#pragma once

#include <QList>
#include <QString>

class QMimeData;

// Tickets dragged between views (the ticket list onto the supervisor board): their local ids
// as a JSON array under one MIME type of our own.
namespace TicketMime {

QString type();
QMimeData *encode(const QList<qint64> &ticketIds);
// Empty for data of another kind or a malformed list.
QList<qint64> decode(const QMimeData *data);

} // namespace TicketMime
