#include "jsonlinesexporter.h"

#include "customerstore.h"
#include "localstore.h"
#include "mailstore.h"
#include "peoplestore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QString deliveryKey(MailDelivery delivery)
{
    switch (delivery) {
    case MailDelivery::Received:
        return u"received"_s;
    case MailDelivery::Waiting:
        return u"waiting"_s;
    case MailDelivery::Sent:
        return u"sent"_s;
    case MailDelivery::Failed:
        return u"failed"_s;
    case MailDelivery::Bounced:
        return u"bounced"_s;
    }
    return u"received"_s;
}
} // namespace

JsonLinesExporter::JsonLinesExporter(LocalStore &store)
    : m_store(store)
{}

bool JsonLinesExporter::exportFile(const QString &path)
{
    QList<qint64> all;
    QSqlQuery ids(m_store.database());
    ids.setForwardOnly(true);
    ids.exec(u"SELECT id FROM tickets ORDER BY id"_s);
    while (ids.next())
        all << ids.value(0).toLongLong();
    return exportTickets(path, all);
}

bool JsonLinesExporter::exportReadable(const QString &path)
{
    QSet<qint64> found;
    for (const QString &sql : {u"SELECT id FROM tickets ORDER BY id"_s,
                               u"SELECT id FROM tickets INDEXED BY tickets_by_created ORDER BY created_at"_s,
                               u"SELECT id FROM tickets INDEXED BY tickets_by_updated ORDER BY updated_at"_s}) {
        QSqlQuery ids(m_store.database());
        ids.setForwardOnly(true);
        if (!ids.exec(sql))
            continue;
        while (ids.next()) // stops at the first page it cannot read
            found.insert(ids.value(0).toLongLong());
    }
    QList<qint64> sorted(found.cbegin(), found.cend());
    std::sort(sorted.begin(), sorted.end());
    const bool ok = exportTickets(path, sorted);
    m_unreadable = int(sorted.size()) - m_count;
    return ok;
}

bool JsonLinesExporter::exportTickets(const QString &path, const QList<qint64> &ticketIds)
{
    m_count = 0;
    // QSaveFile: a failed export never leaves half a file where a good one was.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = QCoreApplication::translate("JsonLinesExporter", "Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QHash<qint64, QString> agentLogins;
    for (const Agent &agent : PeopleStore(m_store).agents())
        agentLogins.insert(agent.id, agent.login);

    for (qint64 ticketId : ticketIds) {
        const auto ticket = m_store.ticket(ticketId);
        if (!ticket)
            continue;
        const auto customer = CustomerStore(m_store).customer(ticket->customerId);
        QJsonObject object{
            {u"external_id"_s, ticket->externalId.isEmpty() ? ticket->displayId() : ticket->externalId},
            {u"subject"_s, ticket->subject},
            {u"channel"_s, fieldKey(ticket->channel)},
            {u"category"_s, fieldKey(ticket->category)},
            {u"priority"_s, fieldKey(ticket->priority)},
            {u"status"_s, fieldKey(ticket->status)},
            {u"created_at"_s, isoTime(ticket->createdAt)},
            {u"tags"_s, QJsonArray::fromStringList(ticket->tags)},
        };
        if (ticket->assigneeId > 0)
            object.insert(u"assignee"_s, agentLogins.value(ticket->assigneeId));
        if (customer) {
            QJsonObject c{{u"name"_s, customer->name},
                          {u"email"_s, customer->email},
                          {u"phone"_s, customer->phone},
                          {u"username"_s, customer->username},
                          {u"account_status"_s, fieldKey(customer->accountStatus)},
                          {u"two_factor"_s, customer->twoFactor}};
            c.insert(u"external_id"_s,
                     customer->externalId.isEmpty() ? u"C-%1"_s.arg(customer->id) : customer->externalId);
            object.insert(u"customer"_s, c);
        }
        QJsonArray messages;
        const QHash<qint64, MailFacts> mails = MailStore(m_store).factsOfTickets({ticket->id});
        for (const Message &m : m_store.messages(ticket->id)) {
            const QString author = m.kind == MessageKind::Customer
                                       ? u"customer"_s
                                       : u"agent:"_s + agentLogins.value(m.authorAgentId, m.authorName);
            QJsonObject message{{u"author"_s, author},
                                {u"at"_s, isoTime(m.createdAt)},
                                {u"body"_s, m.body},
                                {u"internal"_s, m.kind == MessageKind::Note}};
            // The files themselves go along, so an export restores everything the thread held.
            QJsonArray files;
            for (const Attachment &listed : m.attachments) {
                const auto a = m_store.attachment(listed.id);
                if (!a)
                    continue;
                if (!a->local) {
                    // A team desk that never fetched the file: named by its hash, with no bytes,
                    // rather than written as an empty file.
                    files.append(QJsonObject{{u"name"_s, a->name},
                                             {u"type"_s, a->mimeType},
                                             {u"size"_s, a->size},
                                             {u"sha256"_s, a->sha256}});
                    continue;
                }
                files.append(QJsonObject{
                    {u"name"_s, a->name},
                    {u"type"_s, a->mimeType},
                    {u"size"_s, qint64(a->content.size())},
                    {u"sha256"_s,
                     QString::fromLatin1(QCryptographicHash::hash(a->content, QCryptographicHash::Sha256).toHex())},
                    {u"content"_s, QString::fromLatin1(a->content.toBase64())}});
            }
            if (!files.isEmpty())
                message.insert(u"attachments"_s, files);
            const auto mail = mails.constFind(m.id);
            if (mail != mails.cend()) {
                QJsonObject email{{u"message_id"_s, mail->rfcMessageId},
                                  {u"sender"_s, mail->sender},
                                  {u"recipients"_s, QJsonArray::fromStringList(mail->recipients)},
                                  {u"direction"_s, mail->direction == MailDirection::Received ? u"in"_s : u"out"_s},
                                  {u"delivery"_s, deliveryKey(mail->delivery)}};
                if (!mail->deliveryDetail.isEmpty())
                    email.insert(u"delivery_detail"_s, mail->deliveryDetail);
                message.insert(u"email"_s, email);
            }
            messages.append(message);
        }
        object.insert(u"messages"_s, messages);
        file.write(QJsonDocument(object).toJson(QJsonDocument::Compact));
        file.write("\n");
        ++m_count;
    }
    if (!file.commit()) {
        m_error = QCoreApplication::translate("JsonLinesExporter", "Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
