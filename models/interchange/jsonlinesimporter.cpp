#include "jsonlinesimporter.h"

#include "clock.h"
#include "customerstore.h"
#include "localstore.h"
#include "mailstore.h"
#include "peoplestore.h"
#include "searchtext.h"
#include "slaschedule.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

// A file of the export; without content when the exporting desk never had its bytes (a team
// desk's unfetched file): then only its name, size and SHA-256 come back.
struct ImportedFile {
    AttachmentInput file;
    bool hasContent = true;
    qint64 size = 0;
    QString sha256;
};

struct ImportedMessage {
    MessageKind kind;
    QString agentLogin;
    QDateTime at;
    QString body;
    QList<ImportedFile> attachments;
    std::optional<MailFacts> email;
};

std::optional<MailDelivery> deliveryFromKey(const QString &key)
{
    static const QHash<QString, MailDelivery> keys{{u"received"_s, MailDelivery::Received},
                                                   {u"waiting"_s, MailDelivery::Waiting},
                                                   {u"sent"_s, MailDelivery::Sent},
                                                   {u"failed"_s, MailDelivery::Failed},
                                                   {u"bounced"_s, MailDelivery::Bounced}};
    const auto it = keys.constFind(key);
    if (it == keys.cend())
        return std::nullopt;
    return *it;
}

// A message's files, each checked against the size and SHA-256 written beside it.
bool readAttachments(const QJsonObject &m, qsizetype index, ImportedMessage &message, QString &error)
{
    const QJsonArray files = m.value(u"attachments").toArray();
    for (qsizetype j = 0; j < files.size(); ++j) {
        const QJsonObject f = files.at(j).toObject();
        const QString where = u"messages[%1].attachments[%2]"_s.arg(index).arg(j);
        const QString name = f.value(u"name").toString().trimmed();
        if (name.isEmpty()) {
            error = JsonLinesImporter::tr("%1.name is empty").arg(where);
            return false;
        }
        const QString type = f.value(u"type").toString().trimmed();
        ImportedFile file;
        file.file = {name, type.isEmpty() ? u"application/octet-stream"_s : type, {}};
        if (!f.contains(u"content")) {
            file.hasContent = false;
            file.size = f.value(u"size").toInteger(-1);
            file.sha256 = f.value(u"sha256").toString().toLower();
            static const QRegularExpression hex(u"^[0-9a-f]{64}$"_s);
            if (file.size < 0 || !hex.match(file.sha256).hasMatch()) {
                error = JsonLinesImporter::tr("%1 without content needs its size and sha256").arg(where);
                return false;
            }
            message.attachments.append(file);
            continue;
        }
        const auto decoded = QByteArray::fromBase64Encoding(f.value(u"content").toString().toLatin1(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || !f.value(u"content").isString()) {
            error = JsonLinesImporter::tr("%1.content must be the file in base64").arg(where);
            return false;
        }
        const QByteArray content = *decoded;
        if (f.contains(u"size") && f.value(u"size").toInteger(-1) != content.size()) {
            error = JsonLinesImporter::tr("%1.size does not match its content").arg(where);
            return false;
        }
        file.sha256 = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
        if (f.contains(u"sha256") && f.value(u"sha256").toString().compare(file.sha256, Qt::CaseInsensitive) != 0) {
            error = JsonLinesImporter::tr("%1.sha256 does not match its content").arg(where);
            return false;
        }
        file.file.content = content;
        file.size = content.size();
        message.attachments.append(file);
    }
    return true;
}

// The mail behind a message, so that threading and the thread's delivery marks carry over.
bool readEmail(const QJsonObject &m, qsizetype index, ImportedMessage &message, QString &error)
{
    if (!m.contains(u"email"))
        return true;
    const QJsonObject e = m.value(u"email").toObject();
    const QString where = u"messages[%1].email"_s.arg(index);
    MailFacts facts;
    const QString direction = e.value(u"direction").toString();
    if (direction != u"in" && direction != u"out") {
        error = JsonLinesImporter::tr("%1.direction must be \"in\" or \"out\"").arg(where);
        return false;
    }
    facts.direction = direction == u"in" ? MailDirection::Received : MailDirection::Sent;
    const auto delivery = deliveryFromKey(e.value(u"delivery").toString(u"received"_s));
    if (!delivery) {
        error = JsonLinesImporter::tr("%1.delivery must be received, waiting, sent, failed or bounced").arg(where);
        return false;
    }
    facts.delivery = *delivery;
    facts.rfcMessageId = e.value(u"message_id").toString().trimmed();
    if (facts.rfcMessageId.size() > 998 ||
        (facts.direction == MailDirection::Received && facts.rfcMessageId.isEmpty())) {
        error = JsonLinesImporter::tr("%1.message_id is missing or too long").arg(where);
        return false;
    }
    facts.sender = e.value(u"sender").toString().trimmed();
    for (const QJsonValue &r : e.value(u"recipients").toArray())
        facts.recipients.append(r.toString());
    facts.deliveryDetail = e.value(u"delivery_detail").toString();
    // This desk has no mailbox for a reply that had not gone out: say so rather than send it
    // from wherever, or leave it waiting for ever.
    if (facts.delivery == MailDelivery::Waiting) {
        facts.delivery = MailDelivery::Failed;
        facts.deliveryDetail =
            JsonLinesImporter::tr("It had not been sent when it was exported; answer again from here if it is still "
                                  "needed.");
    }
    message.email = facts;
    return true;
}

struct ImportedTicket {
    int line = 0;
    QString externalId, subject, assignee;
    Channel channel{};
    Category category{};
    Priority priority{};
    TicketStatus status{};
    QDateTime createdAt;
    Customer customer;
    QList<ImportedMessage> messages;
    QStringList tags;
};

template<typename E>
bool readField(const QJsonObject &object, const QString &key, E &out, QString &error, std::optional<E> fallback = {})
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() && fallback) {
        out = *fallback;
        return true;
    }
    const auto parsed = fieldFromKey<E>(value.toString());
    if (!parsed) {
        error = JsonLinesImporter::tr("\"%1\" must be one of %2, not \"%3\"")
                    .arg(key, allFieldKeys<E>(), value.toVariant().toString());
        return false;
    }
    out = *parsed;
    return true;
}

QDateTime parseTime(const QJsonValue &value)
{
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(value.toString(), Qt::ISODate);
    return time.isValid() ? time.toUTC() : QDateTime();
}

std::optional<ImportedTicket> parseLine(const QByteArray &line, QString &error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error = JsonLinesImporter::tr("not valid JSON (%1 at column %2)")
                    .arg(parseError.errorString())
                    .arg(parseError.offset + 1);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        error = JsonLinesImporter::tr("a line must hold one JSON object");
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    ImportedTicket t;
    t.externalId = o.value(u"external_id").toString().trimmed();
    if (t.externalId.isEmpty()) {
        error = JsonLinesImporter::tr("\"external_id\" is missing");
        return std::nullopt;
    }
    t.subject = o.value(u"subject").toString().simplified();
    if (t.subject.isEmpty()) {
        error = JsonLinesImporter::tr("\"subject\" is missing or empty");
        return std::nullopt;
    }
    if (!readField(o, u"channel"_s, t.channel, error) ||
        !readField(o, u"category"_s, t.category, error, {Category::Other}) ||
        !readField(o, u"priority"_s, t.priority, error, {Priority::Normal}) ||
        !readField(o, u"status"_s, t.status, error, {TicketStatus::New}))
        return std::nullopt;
    t.createdAt = parseTime(o.value(u"created_at"));
    if (!t.createdAt.isValid()) {
        error = JsonLinesImporter::tr("\"created_at\" must be an ISO 8601 time such as 2026-01-05T09:12:00Z");
        return std::nullopt;
    }
    t.assignee = o.value(u"assignee").toString();

    const QJsonObject c = o.value(u"customer").toObject();
    t.customer.externalId = c.value(u"external_id").toString().trimmed();
    t.customer.name = c.value(u"name").toString().trimmed();
    if (t.customer.name.isEmpty()) {
        error = JsonLinesImporter::tr("\"customer.name\" is missing");
        return std::nullopt;
    }
    t.customer.email = c.value(u"email").toString().trimmed();
    t.customer.phone = c.value(u"phone").toString().trimmed();
    t.customer.username = c.value(u"username").toString().trimmed();
    t.customer.twoFactor = c.value(u"two_factor").toBool();
    if (!readField(c, u"account_status"_s, t.customer.accountStatus, error, {AccountStatus::Active})) {
        error = u"customer."_s + error;
        return std::nullopt;
    }

    const QJsonArray messages = o.value(u"messages").toArray();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QJsonObject m = messages.at(i).toObject();
        ImportedMessage message;
        const QString author = m.value(u"author").toString();
        const bool internal = m.value(u"internal").toBool();
        if (author == u"customer") {
            message.kind = MessageKind::Customer;
        } else if (author.startsWith(u"agent:") && author.size() > 6) {
            message.kind = internal ? MessageKind::Note : MessageKind::Agent;
            message.agentLogin = author.mid(6);
        } else {
            error = JsonLinesImporter::tr("messages[%1].author must be \"customer\" or \"agent:LOGIN\", not \"%2\"")
                        .arg(i)
                        .arg(author);
            return std::nullopt;
        }
        message.at = parseTime(m.value(u"at"));
        if (!message.at.isValid()) {
            error = JsonLinesImporter::tr("messages[%1].at must be an ISO 8601 time").arg(i);
            return std::nullopt;
        }
        message.body = m.value(u"body").toString();
        if (!readAttachments(m, i, message, error) || !readEmail(m, i, message, error))
            return std::nullopt;
        if (message.body.trimmed().isEmpty() && message.attachments.isEmpty()) {
            error = JsonLinesImporter::tr("messages[%1].body is empty").arg(i);
            return std::nullopt;
        }
        t.messages.append(message);
    }
    for (const QJsonValue &tag : o.value(u"tags").toArray()) {
        const QString text = tag.toString().trimmed().toLower();
        if (text.isEmpty() || text.contains(u' ')) {
            error = JsonLinesImporter::tr("tags must be single words");
            return std::nullopt;
        }
        t.tags.append(text);
    }
    t.tags.removeDuplicates();
    return t;
}

} // namespace

JsonLinesImporter::JsonLinesImporter(LocalStore &store)
    : m_store(store)
{}

bool JsonLinesImporter::importFile(const QString &path)
{
    m_report = {};
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_report.errors << u"%1:0: %2"_s.arg(path, file.errorString());
        return false;
    }

    QList<ImportedTicket> tickets;
    QSet<QString> seen;
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        QString error;
        auto ticket = parseLine(line, error);
        if (ticket && seen.contains(ticket->externalId))
            error = JsonLinesImporter::tr("external_id \"%1\" appears twice in this file").arg(ticket->externalId);
        if (!error.isEmpty()) {
            m_report.errors << u"%1:%2: %3"_s.arg(path).arg(lineNumber).arg(error);
            continue;
        }
        ticket->line = lineNumber;
        seen.insert(ticket->externalId);
        tickets.append(*ticket);
    }
    if (!m_report.errors.isEmpty())
        return false;

    QSqlDatabase db = m_store.database();
    QList<qint64> changed;
    // Agents by login, read once; logins new to this store become agents as they appear.
    QHash<QString, Agent> agents;
    for (const Agent &agent : PeopleStore(m_store).agents())
        agents.insert(agent.login, agent);

    const bool ok = m_store.transaction([&] {
        auto agentFor = [&](const QString &login) -> std::optional<Agent> {
            if (auto it = agents.constFind(login); it != agents.cend())
                return *it;
            Agent agent;
            agent.login = login;
            agent.name = login;
            const auto id = PeopleStore(m_store).createAgent(agent);
            if (!id)
                return std::nullopt;
            agent.id = *id;
            agents.insert(login, agent);
            return agent;
        };
        QSqlQuery findCustomer(db);
        findCustomer.prepare(u"SELECT id FROM customers WHERE external_id = :e"_s);
        QSqlQuery insertTicket(db);
        insertTicket.prepare(
            u"INSERT INTO tickets(external_id, subject, channel, category, priority, status, customer_id,"
            " customer_name, assignee_id, assignee_name, team_id, created_at, updated_at, due_at,"
            " first_response_at, solved_at, closed_at, message_count, sla_since) VALUES (:ext, :subject,"
            " :channel, :category, :priority, :status, :customer, :cname, :assignee, :aname, :team, :created,"
            " :updated, :due, :first, :solved, :closed, :count, :since)"_s);
        QSqlQuery insertMessage(db);
        insertMessage.prepare(u"INSERT INTO messages(ticket_id, kind, author_agent_id, author_name, body, created_at)"
                              " VALUES (:t, :kind, :agent, :author, :body, :at)"_s);
        QSqlQuery insertAttachment(db);
        insertAttachment.prepare(u"INSERT INTO attachments(message_id, name, mime_type, size, content, sha256)"
                                 " VALUES (:m, :name, :type, :size, :content, :sha256)"_s);
        QSqlQuery insertTag(db);
        insertTag.prepare(u"INSERT OR IGNORE INTO ticket_tags(ticket_id, tag) VALUES (:t, :tag)"_s);
        QSqlQuery insertAudit(db);
        insertAudit.prepare(
            u"INSERT INTO audit_events(ticket_id, action, detail, at) VALUES (:t, 'import', :d, :at)"_s);
        const QVariant nullId(QMetaType::fromType<qint64>());

        for (const ImportedTicket &t : std::as_const(tickets)) {
            if (m_store.ticketIdByExternalId(t.externalId)) {
                ++m_report.skipped;
                continue;
            }
            qint64 customerId = 0;
            if (!t.customer.externalId.isEmpty()) {
                findCustomer.bindValue(u":e"_s, t.customer.externalId);
                if (findCustomer.exec() && findCustomer.next())
                    customerId = findCustomer.value(0).toLongLong();
                findCustomer.finish();
            }
            if (customerId == 0) {
                Customer c = t.customer;
                c.createdAt = t.createdAt;
                const auto id = CustomerStore(m_store).createCustomer(c);
                if (!id)
                    return false;
                customerId = *id;
            }
            std::optional<Agent> assignee;
            if (!t.assignee.isEmpty()) {
                assignee = agentFor(t.assignee);
                if (!assignee)
                    return false;
            }
            qint64 updated = t.createdAt.toMSecsSinceEpoch();
            qint64 firstResponse = 0;
            for (const ImportedMessage &m : t.messages) {
                updated = std::max(updated, m.at.toMSecsSinceEpoch());
                if (m.kind == MessageKind::Agent && firstResponse == 0)
                    firstResponse = m.at.toMSecsSinceEpoch();
            }
            const bool solved = t.status == TicketStatus::Solved || t.status == TicketStatus::Closed;
            insertTicket.bindValue(u":ext"_s, t.externalId);
            insertTicket.bindValue(u":subject"_s, t.subject);
            insertTicket.bindValue(u":channel"_s, int(t.channel));
            insertTicket.bindValue(u":category"_s, int(t.category));
            insertTicket.bindValue(u":priority"_s, int(t.priority));
            insertTicket.bindValue(u":status"_s, int(t.status));
            insertTicket.bindValue(u":customer"_s, customerId);
            insertTicket.bindValue(u":cname"_s, t.customer.name);
            insertTicket.bindValue(u":assignee"_s, assignee ? QVariant(assignee->id) : nullId);
            insertTicket.bindValue(u":aname"_s, assignee ? assignee->name : u""_s);
            insertTicket.bindValue(u":team"_s, assignee && assignee->teamId ? QVariant(assignee->teamId) : nullId);
            insertTicket.bindValue(u":created"_s, t.createdAt.toMSecsSinceEpoch());
            insertTicket.bindValue(u":updated"_s, updated);
            const SlaSchedule::Clock clock = SlaSchedule::fromCreation(t.status, t.createdAt.toMSecsSinceEpoch());
            insertTicket.bindValue(u":due"_s,
                                   m_store.sla().dueAt(clock, t.channel, t.priority, t.status, firstResponse != 0));
            insertTicket.bindValue(u":since"_s, clock.runningSinceOrNull());
            insertTicket.bindValue(u":first"_s, firstResponse ? QVariant(firstResponse) : nullId);
            insertTicket.bindValue(u":solved"_s, solved ? QVariant(updated) : nullId);
            insertTicket.bindValue(u":closed"_s, t.status == TicketStatus::Closed ? QVariant(updated) : nullId);
            insertTicket.bindValue(u":count"_s, int(t.messages.size()));
            if (!m_store.exec(insertTicket))
                return false;
            const qint64 ticketId = insertTicket.lastInsertId().toLongLong();
            if (!m_store.insertSearchDoc(ticketId, 0, t.subject))
                return false;
            for (const ImportedMessage &m : t.messages) {
                QVariant authorId = nullId;
                QString authorName = t.customer.name;
                if (m.kind != MessageKind::Customer) {
                    const auto author = agentFor(m.agentLogin);
                    if (!author)
                        return false;
                    authorId = author->id;
                    authorName = author->name;
                }
                insertMessage.bindValue(u":t"_s, ticketId);
                insertMessage.bindValue(u":kind"_s, int(m.kind));
                insertMessage.bindValue(u":agent"_s, authorId);
                insertMessage.bindValue(u":author"_s, authorName);
                insertMessage.bindValue(u":body"_s, m.body);
                insertMessage.bindValue(u":at"_s, m.at.toMSecsSinceEpoch());
                if (!m_store.exec(insertMessage))
                    return false;
                const qint64 messageId = insertMessage.lastInsertId().toLongLong();
                if (!m_store.insertSearchDoc(ticketId, messageId, m.body))
                    return false;
                for (const ImportedFile &f : m.attachments) {
                    insertAttachment.bindValue(u":m"_s, messageId);
                    insertAttachment.bindValue(u":name"_s, f.file.name);
                    insertAttachment.bindValue(u":type"_s, f.file.mimeType);
                    insertAttachment.bindValue(u":size"_s, f.size);
                    // A file without its bytes is kept as a listing (shown "Not available"); an
                    // empty one is bound as an empty blob, since a null QByteArray binds as NULL.
                    insertAttachment.bindValue(u":content"_s, !f.hasContent
                                                                  ? QVariant(QMetaType::fromType<QByteArray>())
                                                              : f.file.content.isNull() ? QVariant(QByteArray("", 0))
                                                                                        : QVariant(f.file.content));
                    insertAttachment.bindValue(u":sha256"_s, f.sha256);
                    if (!m_store.exec(insertAttachment))
                        return false;
                }
                if (m.email) {
                    MailFacts facts = *m.email;
                    facts.messageId = messageId;
                    if (!MailStore(m_store).importFacts(facts))
                        return false;
                }
            }
            for (const QString &tag : t.tags) {
                insertTag.bindValue(u":t"_s, ticketId);
                insertTag.bindValue(u":tag"_s, tag);
                if (!m_store.exec(insertTag))
                    return false;
            }
            insertAudit.bindValue(u":t"_s, ticketId);
            insertAudit.bindValue(u":d"_s, u"%1:%2"_s.arg(name).arg(t.line));
            insertAudit.bindValue(u":at"_s, m_store.clock().now().toMSecsSinceEpoch());
            if (!m_store.exec(insertAudit))
                return false;
            changed.append(ticketId);
            ++m_report.imported;
        }
        m_store.noteTicketsChanged(changed);
        return true;
    });
    if (!ok) {
        m_report.errors << u"%1:0: %2"_s.arg(path, m_store.errorString());
        m_report.imported = 0;
        return false;
    }
    return true;
}
