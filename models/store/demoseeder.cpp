#include "demoseeder.h"

#include "batchinserter.h"
#include "clock.h"
#include "customerstore.h"
#include "localstore.h"
#include "peoplestore.h"
#include "searchtext.h"
#include "slaschedule.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 minuteMs = 60 * 1000;
constexpr qint64 dayMs = 24 * 60 * minuteMs;

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        list.append(item.toString());
    return list;
}

struct CategoryTexts {
    QStringList subjects[2];
    QStringList customer[2];
    QStringList agent[2];
};

struct Phrases {
    QStringList familyZh, givenZh, firstEn, lastEn, domains, devices, osVersions, appVersions, tags;
    QStringList notes[2];
    QList<CategoryTexts> categories; // indexed by Category
    QJsonArray agents, teams;
};

bool loadPhrases(Phrases &p, QString &error)
{
    QFile file(u":/deskline/demo/phrases.json"_s);
    if (!file.open(QIODevice::ReadOnly)) {
        error = QCoreApplication::translate("DemoSeeder", "The demo phrase list is missing from this build.");
        return false;
    }
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    p.familyZh = strings(root[u"family_names_zh"]);
    p.givenZh = strings(root[u"given_names_zh"]);
    p.firstEn = strings(root[u"first_names_en"]);
    p.lastEn = strings(root[u"last_names_en"]);
    p.domains = strings(root[u"email_domains"]);
    p.devices = strings(root[u"device_models"]);
    p.osVersions = strings(root[u"os_versions"]);
    p.appVersions = strings(root[u"app_versions"]);
    p.tags = strings(root[u"tags"]);
    p.notes[0] = strings(root[u"notes_zh"]);
    p.notes[1] = strings(root[u"notes_en"]);
    p.agents = root[u"agents"].toArray();
    p.teams = root[u"teams"].toArray();
    const QJsonObject categories = root[u"categories"].toObject();
    for (Category category : allFieldValues<Category>()) {
        const QJsonObject c = categories[fieldKey(category)].toObject();
        CategoryTexts texts;
        texts.subjects[0] = strings(c[u"subjects_zh"]);
        texts.subjects[1] = strings(c[u"subjects_en"]);
        texts.customer[0] = strings(c[u"customer_zh"]);
        texts.customer[1] = strings(c[u"customer_en"]);
        texts.agent[0] = strings(c[u"agent_zh"]);
        texts.agent[1] = strings(c[u"agent_en"]);
        for (int lang = 0; lang < 2; ++lang) {
            if (texts.subjects[lang].isEmpty() || texts.customer[lang].isEmpty() || texts.agent[lang].isEmpty()) {
                error = QCoreApplication::translate("DemoSeeder", "The demo phrase list is incomplete.");
                return false;
            }
        }
        p.categories.append(texts);
    }
    if (p.familyZh.isEmpty() || p.firstEn.isEmpty() || p.agents.isEmpty() || p.devices.isEmpty()) {
        error = QCoreApplication::translate("DemoSeeder", "The demo phrase list is incomplete.");
        return false;
    }
    return true;
}

class Dice
{
public:
    explicit Dice(quint64 seed)
        : m_rng(seed)
    {}
    int below(int n) { return n <= 0 ? 0 : int(m_rng.bounded(quint32(n))); }
    bool chance(int percent) { return below(100) < percent; }
    const QString &pick(const QStringList &list) { return list.at(below(int(list.size()))); }
    template<typename T, std::size_t N> T weighted(const std::array<std::pair<T, int>, N> &choices)
    {
        int total = 0;
        for (const auto &c : choices)
            total += c.second;
        int roll = below(total);
        for (const auto &c : choices) {
            if (roll < c.second)
                return c.first;
            roll -= c.second;
        }
        return choices.back().first;
    }

private:
    QRandomGenerator m_rng;
};

// The operating system a device of that model plausibly runs.
QString osFamilyFor(const QString &model)
{
    if (model.startsWith(u"iPhone"))
        return u"iOS"_s;
    if (model.startsWith(u"iPad"))
        return u"iPadOS"_s;
    if (model.startsWith(u"MacBook"))
        return u"macOS"_s;
    if (model.contains(u"MateBook") || model.startsWith(u"ThinkPad") || model.startsWith(u"Dell") ||
        model.startsWith(u"Lenovo"))
        return u"Windows"_s;
    if (model.startsWith(u"Huawei") || model.startsWith(u"Honor"))
        return u"HarmonyOS"_s;
    return u"Android"_s;
}

struct DemoCustomer {
    qint64 id;
    QString name;
    int language; // 0 zh, 1 en
    QString orderNumber;
    QString device;
};

} // namespace

DemoSeeder::DemoSeeder(LocalStore &store)
    : m_store(store)
{}

bool DemoSeeder::run(const DemoSeedOptions &options, const std::function<void(int, int)> &progress)
{
    Phrases phrases;
    if (!loadPhrases(phrases, m_error))
        return false;
    if (options.tickets < 0 || options.messagesPerTicket < 1) {
        m_error =
            QCoreApplication::translate("DemoSeeder", "Ask for zero or more tickets with at least one message each.");
        return false;
    }

    Dice dice(options.seed);
    QSqlDatabase db = m_store.database();

    const qint64 now = m_store.clock().now().toMSecsSinceEpoch();
    const qint64 start = now - 365 * dayMs;

    auto maxId = [&](const QString &table) {
        QSqlQuery q(db);
        q.exec(u"SELECT coalesce(max(id), 0) FROM "_s + table);
        return q.next() ? q.value(0).toLongLong() : 0;
    };

    // Teams and agents first, so tickets can be assigned.
    QHash<QString, qint64> teamIds;
    QList<Agent> agents;
    const bool peopleOk = m_store.transaction([&] {
        for (const QJsonValue &value : std::as_const(phrases.teams)) {
            const QJsonObject t = value.toObject();
            const QString name = t[u"name"].toString();
            QSqlQuery existing(db);
            existing.prepare(u"SELECT id FROM teams WHERE name = :n"_s);
            existing.bindValue(u":n"_s, name);
            if (existing.exec() && existing.next()) {
                teamIds.insert(name, existing.value(0).toLongLong());
                continue;
            }
            const auto id = PeopleStore(m_store).createTeam({0, name, t[u"tier"].toInt(1)});
            if (!id)
                return false;
            teamIds.insert(name, *id);
        }
        for (const QJsonValue &value : std::as_const(phrases.agents)) {
            const QJsonObject a = value.toObject();
            Agent agent;
            agent.login = a[u"login"].toString();
            agent.name = a[u"name"].toString();
            agent.teamId = teamIds.value(a[u"team"].toString());
            agent.role = teamIds.value(a[u"team"].toString()) == teamIds.value(phrases.teams.last()[u"name"].toString())
                             ? AgentRole::Supervisor
                             : AgentRole::Agent;
            if (auto existing = PeopleStore(m_store).agentByLogin(agent.login)) {
                agents.append(*existing);
                continue;
            }
            const auto id = PeopleStore(m_store).createAgent(agent);
            if (!id)
                return false;
            agent.id = *id;
            agents.append(agent);
        }
        if (m_store.metaValue(u"desk_agent"_s).isEmpty())
            return m_store.setMetaValue(u"desk_agent"_s, agents.first().login);
        return true;
    });
    if (!peopleOk) {
        m_error = m_store.errorString();
        return false;
    }
    m_store.signInAsDeskAgent();
    QList<Agent> firstLine;
    for (const Agent &a : std::as_const(agents)) {
        if (a.teamId == agents.first().teamId)
            firstLine.append(a);
    }

    BatchInserter customers(db, u"customers"_s,
                            {u"id"_s, u"external_id"_s, u"name"_s, u"username"_s, u"email"_s, u"phone"_s,
                             u"phone_key"_s, u"account_status"_s, u"two_factor"_s, u"created_at"_s});
    BatchInserter orders(db, u"orders"_s,
                         {u"customer_id"_s, u"number"_s, u"placed_at"_s, u"status"_s, u"amount_cents"_s, u"currency"_s,
                          u"payment_state"_s});
    BatchInserter devices(db, u"devices"_s, {u"customer_id"_s, u"model"_s, u"os_version"_s, u"app_version"_s});
    BatchInserter tickets(db, u"tickets"_s,
                          {u"id"_s,
                           u"external_id"_s,
                           u"subject"_s,
                           u"channel"_s,
                           u"category"_s,
                           u"priority"_s,
                           u"status"_s,
                           u"customer_id"_s,
                           u"customer_name"_s,
                           u"assignee_id"_s,
                           u"assignee_name"_s,
                           u"team_id"_s,
                           u"created_at"_s,
                           u"updated_at"_s,
                           u"due_at"_s,
                           u"first_response_at"_s,
                           u"solved_at"_s,
                           u"closed_at"_s,
                           u"message_count"_s,
                           u"sla_since"_s});
    BatchInserter messages(
        db, u"messages"_s,
        {u"id"_s, u"ticket_id"_s, u"kind"_s, u"author_agent_id"_s, u"author_name"_s, u"body"_s, u"created_at"_s});
    BatchInserter tags(db, u"ticket_tags"_s, {u"ticket_id"_s, u"tag"_s});
    BatchInserter docs(db, u"search_docs"_s, {u"id"_s, u"ticket_id"_s, u"message_id"_s});
    // The search index takes its rows one statement each, all of a batch's together after its
    // other rows. FTS5 writes out the terms it holds at every savepoint, and once the index is in
    // the transaction SQLite opens one around each statement that writes many rows (or sets off
    // triggers): interleaved with the other tables' batches, the index got a segment of a few
    // rows per statement, and merging them took most of the seeding.
    QSqlQuery indexRow(db);
    indexRow.prepare(u"INSERT INTO search_index(rowid, text) VALUES (?, ?)"_s);
    QList<std::pair<qint64, QString>> indexRows;
    BatchInserter audits(db, u"audit_events"_s, {u"ticket_id"_s, u"agent_id"_s, u"action"_s, u"detail"_s, u"at"_s});
    // What the reports read besides the tickets: satisfaction answers, and escalations to the
    // second tier (handed back when the ticket was solved), which the store's trigger marks in
    // ticket_report_marks even when the escalation reaches the file before its ticket. A reopen
    // has no row of its own that a trigger could see: the seeder writes its mark.
    BatchInserter surveys(
        db, u"surveys"_s,
        {u"ticket_id"_s, u"agent_id"_s, u"resolution"_s, u"mode"_s, u"score"_s, u"created_at"_s, u"answered_at"_s});
    BatchInserter escalations(db, u"escalations"_s,
                              {u"ticket_id"_s, u"kind"_s, u"to_tier"_s, u"from_agent_id"_s, u"from_team_id"_s,
                               u"to_team_id"_s, u"reason"_s, u"summary"_s, u"urgency"_s, u"created_at"_s,
                               u"handed_back_at"_s, u"hand_back_note"_s});
    QSqlQuery reopenedMark(db);
    reopenedMark.prepare(u"INSERT INTO ticket_report_marks (ticket_id, reopened) VALUES (:id, 1)"
                         " ON CONFLICT (ticket_id) DO UPDATE SET reopened = excluded.reopened"_s);
    for (BatchInserter *child : {&messages, &tags, &docs, &audits, &surveys, &escalations})
        child->insertAfter(&tickets);
    for (BatchInserter *child : {&orders, &devices, &tickets})
        child->insertAfter(&customers);
    QList<BatchInserter *> all{&customers, &orders, &devices, &tickets, &messages,
                               &tags,      &docs,   &audits,  &surveys, &escalations};
    qint64 specialists = 0;
    for (const Team &team : PeopleStore(m_store).teams()) {
        if (team.tier == 2 && specialists == 0)
            specialists = team.id;
    }

    qint64 customerId = maxId(u"customers"_s);
    qint64 ticketId = maxId(u"tickets"_s);
    qint64 messageId = maxId(u"messages"_s);
    qint64 docId = maxId(u"search_docs"_s);
    qint64 orderSerial = maxId(u"orders"_s);

    const QVariant nullId(QMetaType::fromType<qint64>());
    const int customerCount = std::max(10, options.tickets / 2);
    QList<DemoCustomer> people;
    people.reserve(customerCount);

    auto failWith = [&](const QString &message) {
        m_error = message;
        return false;
    };
    auto flushAll = [&] {
        for (BatchInserter *inserter : all) {
            if (!inserter->flush())
                return failWith(inserter->errorString());
        }
        return true;
    };

    // The rows go into the file once, not into the write-ahead log first and then again into the
    // file: with a rollback journal SQLite keeps aside only the pages that were there before,
    // few in a new store, and a crash still leaves the file as it was. Back in WAL mode at the
    // end. (While another connection has the file open it stays in WAL mode, and so does this.)
    QSqlQuery(db).exec(u"PRAGMA journal_mode = DELETE"_s);
    const auto logAgain = qScopeGuard([db] { QSqlQuery(db).exec(u"PRAGMA journal_mode = WAL"_s); });
    // Demo data can always be made again, so the bulk write skips the disk flushes that
    // protect real work against power loss; the flush at the end makes it durable.
    QSqlQuery(db).exec(u"PRAGMA synchronous = OFF"_s);
    // A cache that holds a whole batch keeps pages from spilling to the log and being read back.
    // The customers too: their indexes (name, email, user name, phone) take each row at a random
    // place, and with the default cache half a million of them (a million tickets) took six
    // minutes.
    QSqlQuery(db).exec(u"PRAGMA cache_size = -262144"_s);
    const auto durable = qScopeGuard([db] {
        QSqlQuery(db).exec(u"PRAGMA synchronous = NORMAL"_s);
        QSqlQuery(db).exec(u"PRAGMA cache_size = -2000"_s);
    });
    const bool customersOk = m_store.transaction([&] {
        QSqlQuery(db).exec(u"PRAGMA defer_foreign_keys = ON"_s);
        for (int i = 0; i < customerCount; ++i) {
            DemoCustomer c;
            c.id = ++customerId;
            c.language = dice.chance(65) ? 0 : 1;
            QString username, email, phone;
            if (c.language == 0) {
                c.name = dice.pick(phrases.familyZh) + dice.pick(phrases.givenZh);
                username = u"user%1"_s.arg(100000 + c.id);
                phone = u"+86 1%1%2 %3 %4"_s.arg(3 + dice.below(6))
                            .arg(dice.below(10))
                            .arg(dice.below(10000), 4, 10, QChar(u'0'))
                            .arg(c.id % 10000, 4, 10, QChar(u'0'));
            } else {
                const QString first = dice.pick(phrases.firstEn);
                const QString last = dice.pick(phrases.lastEn);
                c.name = first + u' ' + last;
                username = (first.left(1) + last).toLower() + QString::number(c.id);
                phone =
                    u"+1 555 %1 %2"_s.arg(dice.below(1000), 3, 10, QChar(u'0')).arg(c.id % 10000, 4, 10, QChar(u'0'));
            }
            email = username + u'@' + dice.pick(phrases.domains);
            const AccountStatus status = dice.weighted<AccountStatus, 3>(
                {{{AccountStatus::Active, 85}, {AccountStatus::Locked, 10}, {AccountStatus::Suspended, 5}}});
            const qint64 since = start - dice.below(700) * dayMs;
            if (!customers.add({c.id, u"C-%1"_s.arg(c.id, 6, 10, QChar(u'0')), c.name, username, email, phone,
                                CustomerStore::phoneKey(phone), int(status), dice.chance(40), since}))
                return failWith(customers.errorString());
            const int orderCount = dice.below(4);
            for (int o = 0; o < orderCount; ++o) {
                const qint64 placed = start + qint64(dice.below(360)) * dayMs + dice.below(1440) * minuteMs;
                const QString number =
                    u"DL%1%2"_s.arg(QDateTime::fromMSecsSinceEpoch(placed, Qt::UTC).toString(u"yyyyMMdd"_s))
                        .arg(++orderSerial, 4, 10, QChar(u'0'));
                if (c.orderNumber.isEmpty())
                    c.orderNumber = number;
                const PaymentState payment = dice.weighted<PaymentState, 4>({{{PaymentState::Paid, 80},
                                                                              {PaymentState::Failed, 8},
                                                                              {PaymentState::Refunded, 7},
                                                                              {PaymentState::Pending, 5}}});
                const OrderStatus orderStatus =
                    payment == PaymentState::Refunded ? OrderStatus::Returned
                    : payment == PaymentState::Paid
                        ? dice.weighted<OrderStatus, 3>(
                              {{{OrderStatus::Delivered, 60}, {OrderStatus::Shipped, 30}, {OrderStatus::Paid, 10}}})
                        : OrderStatus::Placed;
                if (!orders.add({c.id, number, placed, int(orderStatus), 990 + dice.below(300000),
                                 c.language == 0 ? u"CNY"_s : u"USD"_s, int(payment)}))
                    return failWith(orders.errorString());
            }
            if (c.orderNumber.isEmpty())
                c.orderNumber = u"DL2026%1"_s.arg(100000 + c.id);
            const int deviceCount = 1 + dice.below(2);
            for (int d = 0; d < deviceCount; ++d) {
                const QString model = dice.pick(phrases.devices);
                if (c.device.isEmpty())
                    c.device = model;
                QStringList systems;
                for (const QString &os : std::as_const(phrases.osVersions)) {
                    if (os.startsWith(osFamilyFor(model) + u' '))
                        systems << os;
                }
                const QString os = systems.isEmpty() ? dice.pick(phrases.osVersions) : dice.pick(systems);
                if (!devices.add({c.id, model, os, dice.pick(phrases.appVersions)}))
                    return failWith(devices.errorString());
            }
            people.append(c);
        }
        return flushAll();
    });
    if (!customersOk) {
        if (m_error.isEmpty())
            m_error = m_store.errorString();
        return false;
    }

    auto fill = [&](QString text, const DemoCustomer &c) {
        text.replace(u"{order}"_s, c.orderNumber);
        text.replace(u"{device}"_s, c.device);
        return text;
    };

    // Merging index segments once at the end is cheaper than merging as the index grows.
    QSqlQuery(db).exec(u"INSERT INTO search_index(search_index, rank) VALUES ('automerge', 0)"_s);
    QSqlQuery(db).exec(u"INSERT INTO search_index(search_index, rank) VALUES ('crisismerge', 64)"_s);
    const bool ticketsOk = m_store.transaction([&] {
        // Sorting once into a fresh index beats updating thirteen indexes row by row, as
        // long as the rows added outnumber the ones already there.
        QStringList rebuild;
        if (maxId(u"tickets"_s) < options.tickets) {
            QSqlQuery indexes(db);
            indexes.exec(u"SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets'"
                         " AND sql IS NOT NULL"_s);
            while (indexes.next())
                rebuild << indexes.value(1).toString();
            indexes.finish();
            indexes.exec(u"SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets'"
                         " AND sql IS NOT NULL"_s);
            QStringList names;
            while (indexes.next())
                names << indexes.value(0).toString();
            for (const QString &name : std::as_const(names)) {
                QSqlQuery drop(db);
                if (!drop.exec(u"DROP INDEX \"%1\""_s.arg(name)))
                    return failWith(drop.lastError().text());
            }
        }
        QSqlQuery(db).exec(u"PRAGMA defer_foreign_keys = ON"_s);
        constexpr int ticketsPerProgressStep = 5000;
        for (int from = 0; from < options.tickets; from += ticketsPerProgressStep) {
            const int to = std::min(options.tickets, from + ticketsPerProgressStep);
            // Rows go out in batches per table; references are checked at commit.
            for (int i = from; i < to; ++i) {
                const DemoCustomer &c = people.at(dice.below(int(people.size())));
                const int lang = c.language;
                const qint64 id = ++ticketId;
                // The last tickets of a large store would otherwise open up to an hour after "now".
                const qint64 created =
                    std::min(now, start + (365 * dayMs / std::max(1, options.tickets)) * i + dice.below(60) * minuteMs);
                const Category category = dice.weighted<Category, 6>({{{Category::Technical, 24},
                                                                       {Category::Order, 24},
                                                                       {Category::Account, 18},
                                                                       {Category::Payment, 16},
                                                                       {Category::Complaint, 10},
                                                                       {Category::Other, 8}}});
                const Channel channel = dice.weighted<Channel, 5>({{{Channel::Email, 35},
                                                                    {Channel::Chat, 28},
                                                                    {Channel::Phone, 17},
                                                                    {Channel::Social, 10},
                                                                    {Channel::Web, 10}}});
                const Priority priority = dice.weighted<Priority, 4>(
                    {{{Priority::Low, 15}, {Priority::Normal, 60}, {Priority::High, 20}, {Priority::Urgent, 5}}});
                const qint64 age = now - created;
                TicketStatus status;
                if (age > 14 * dayMs) {
                    status = dice.weighted<TicketStatus, 4>({{{TicketStatus::Closed, 70},
                                                              {TicketStatus::Solved, 22},
                                                              {TicketStatus::Pending, 4},
                                                              {TicketStatus::Open, 4}}});
                } else {
                    status = dice.weighted<TicketStatus, 6>({{{TicketStatus::New, 20},
                                                              {TicketStatus::Open, 35},
                                                              {TicketStatus::Pending, 15},
                                                              {TicketStatus::OnHold, 5},
                                                              {TicketStatus::Solved, 20},
                                                              {TicketStatus::Closed, 5}}});
                }
                const CategoryTexts &texts = phrases.categories.at(int(category));
                const QString subject = fill(dice.pick(texts.subjects[lang]), c);

                const Agent *assignee = nullptr;
                if (status != TicketStatus::New || dice.chance(10)) {
                    // The desk's own agent gets a fair share, so "my tickets" is never empty.
                    assignee = dice.chance(15)   ? &agents.first()
                               : dice.chance(85) ? &firstLine.at(dice.below(int(firstLine.size())))
                                                 : &agents.at(dice.below(int(agents.size())));
                }
                // The ticket's rows wait for the ticket's own: a row written before its ticket is a
                // deferred foreign key violation, and while one is counted SQLite searches every
                // table that refers to tickets for each ticket inserted, the tickets themselves
                // (follow_up_of, merged_into) by a full scan, their indexes being dropped.
                QList<std::pair<BatchInserter *, QVariantList>> children;
                children.append({&docs, {++docId, id, nullId}});
                indexRows.append({docId, SearchText::indexText(subject)});

                // The thread is planned first and written once it fits before "now": the same dice
                // as ever, so a seed still gives the same store, but a ticket opened today no longer
                // holds messages, a solution or a closing dated tomorrow.
                struct PlannedMessage {
                    MessageKind kind;
                    QVariant authorId;
                    QString authorName;
                    QString body;
                    qint64 at;
                };
                QList<PlannedMessage> planned;
                qint64 at = created;
                qint64 firstResponse = 0;
                int count = options.messagesPerTicket;
                for (int m = 0; m < count; ++m) {
                    MessageKind kind = m % 2 == 0 ? MessageKind::Customer : MessageKind::Agent;
                    if (m > 0 && dice.chance(10))
                        kind = MessageKind::Note;
                    if (m > 0)
                        at += (2 + dice.below(kind == MessageKind::Customer ? 600 : 180)) * minuteMs;
                    const Agent &author = assignee ? *assignee : agents.first();
                    QString body;
                    QVariant authorId = nullId;
                    QString authorName = c.name;
                    switch (kind) {
                    case MessageKind::Customer:
                        body = fill(dice.pick(texts.customer[lang]), c);
                        break;
                    case MessageKind::Agent:
                        body = fill(dice.pick(texts.agent[lang]), c);
                        authorId = author.id;
                        authorName = author.name;
                        if (firstResponse == 0)
                            firstResponse = at;
                        break;
                    case MessageKind::Note:
                        body = dice.pick(phrases.notes[lang]);
                        authorId = author.id;
                        authorName = author.name;
                        break;
                    }
                    planned.append({kind, authorId, authorName, body, at});
                }
                const bool solved = status == TicketStatus::Solved || status == TicketStatus::Closed;
                // Solved half an hour after the last message, closed four days after that.
                const qint64 solvedGap = 30 * minuteMs;
                const qint64 closedGap = 4 * dayMs;
                const qint64 span = (at - created) + (status == TicketStatus::Closed ? solvedGap + closedGap
                                                      : solved                       ? solvedGap
                                                                                     : 0);
                const double squeeze = span > 0 && created + span > now ? double(now - created) / double(span) : 1.0;
                auto placed = [&](qint64 time) { return created + qint64(double(time - created) * squeeze); };
                for (const PlannedMessage &p : std::as_const(planned)) {
                    children.append(
                        {&messages, {++messageId, id, int(p.kind), p.authorId, p.authorName, p.body, placed(p.at)}});
                    children.append({&docs, {++docId, id, messageId}});
                    indexRows.append({docId, SearchText::indexText(p.body)});
                }
                if (firstResponse != 0)
                    firstResponse = placed(firstResponse);
                at = placed(at);
                const qint64 solvedAt = at + qint64(double(solvedGap) * squeeze);
                const qint64 closedAt = solvedAt + qint64(double(closedGap) * squeeze);
                const bool escalated = specialists != 0 && assignee && firstResponse != 0 &&
                                       dice.chance(category == Category::Technical ? 18 : 5);
                if (escalated)
                    children.append(
                        {&escalations,
                         {id, int(EscalationKind::Functional), 2, assignee->id, assignee->teamId, specialists,
                          dice.pick(phrases.notes[lang]), subject, int(priority), firstResponse,
                          solved ? QVariant(at) : nullId, solved ? dice.pick(phrases.notes[lang]) : u""_s}});
                if (solved && dice.chance(6)) {
                    reopenedMark.bindValue(u":id"_s, id);
                    if (!reopenedMark.exec())
                        return failWith(reopenedMark.lastError().text());
                }
                // About half the customers answer the survey, most of them content.
                if (solved && assignee && dice.chance(55)) {
                    const int score = dice.weighted<int, 5>({{{5, 46}, {4, 26}, {3, 11}, {2, 7}, {1, 10}}});
                    children.append({&surveys,
                                     {id, assignee->id, int(score >= 3 ? Resolution::Resolved : Resolution::Partly),
                                      int(SurveyMode::Live), score, solvedAt, solvedAt}});
                }
                const SlaSchedule::Clock clock = SlaSchedule::fromCreation(status, created);
                const qint64 due = m_store.sla().dueAt(clock, channel, priority, status, firstResponse != 0);
                if (!tickets.add({id,
                                  u"T-%1"_s.arg(id, 6, 10, QChar(u'0')),
                                  subject,
                                  int(channel),
                                  int(category),
                                  int(priority),
                                  int(status),
                                  c.id,
                                  c.name,
                                  assignee ? QVariant(assignee->id) : nullId,
                                  assignee ? assignee->name : u""_s,
                                  assignee ? QVariant(assignee->teamId) : nullId,
                                  created,
                                  at,
                                  due,
                                  firstResponse ? QVariant(firstResponse) : nullId,
                                  solved ? QVariant(solvedAt) : nullId,
                                  status == TicketStatus::Closed ? QVariant(closedAt) : nullId,
                                  count,
                                  clock.runningSinceOrNull()}))
                    return failWith(tickets.errorString());
                for (const auto &[inserter, row] : std::as_const(children)) {
                    if (!inserter->add(row))
                        return failWith(inserter->errorString());
                }
                const int tagCount = dice.below(3);
                QString previous;
                for (int t = 0; t < tagCount; ++t) {
                    const QString tag = dice.pick(phrases.tags);
                    if (tag == previous)
                        continue;
                    previous = tag;
                    if (!tags.add({id, tag}))
                        return failWith(tags.errorString());
                }
                if (!audits.add(
                        {id, assignee ? QVariant(assignee->id) : nullId, u"create"_s, fieldKey(channel), created}))
                    return failWith(audits.errorString());
            }
            if (!flushAll())
                return false;
            for (const auto &[rowid, text] : std::as_const(indexRows)) {
                indexRow.bindValue(0, rowid);
                indexRow.bindValue(1, text);
                if (!indexRow.exec())
                    return failWith(indexRow.lastError().text());
            }
            indexRows.clear();
            if (progress)
                progress(to, options.tickets);
        }
        for (const QString &sql : std::as_const(rebuild)) {
            QSqlQuery create(db);
            if (!create.exec(sql))
                return failWith(create.lastError().text());
        }
        return true;
    });
    if (!ticketsOk) {
        if (m_error.isEmpty())
            m_error = m_store.errorString();
        return false;
    }

    QSqlQuery(db).exec(u"INSERT INTO search_index(search_index) VALUES ('optimize')"_s);
    QSqlQuery(db).exec(u"INSERT INTO search_index(search_index, rank) VALUES ('automerge', 4)"_s);
    QSqlQuery(db).exec(u"INSERT INTO search_index(search_index, rank) VALUES ('crisismerge', 16)"_s);
    QSqlQuery(db).exec(u"PRAGMA synchronous = NORMAL"_s);
    QSqlQuery(db).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);

    // Fresh statistics let the planner choose the right index for every view.
    QSqlQuery analyze(db);
    analyze.exec(u"PRAGMA analysis_limit = 1000"_s);
    analyze.exec(u"ANALYZE"_s);

    return true;
}
