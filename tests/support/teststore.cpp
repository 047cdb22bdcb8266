#include "teststore.h"

#include "cannedanswerstore.h"
#include "catchcompat.h"
#include "customerstore.h"
#include "demoseeder.h"
#include "peoplestore.h"
#include "schemamigrations.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>

void TestStore::openStore()
{
    REQUIRE(dir.isValid());
    REQUIRE(store->open(path()));
    // Business hours in UTC, whatever zone the machine running the tests is in.
    BusinessCalendar calendar;
    calendar.setTimeZone(QTimeZone::utc());
    REQUIRE(store->setBusinessCalendar(calendar));
}

TestStore::TestStore()
    : clock(QDateTime(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC))
    , store(std::make_unique<LocalStore>(clock))
{
    openStore();
    Team team{0, QStringLiteral("L1"), 1};
    const auto teamId = PeopleStore(*store).createTeam(team);
    REQUIRE(teamId);
    Agent me;
    me.login = QStringLiteral("li.na");
    me.name = QStringLiteral("李娜");
    me.teamId = *teamId;
    REQUIRE(PeopleStore(*store).createAgent(me));
    Agent other;
    other.login = QStringLiteral("tom");
    other.name = QStringLiteral("Tom Baker");
    other.teamId = *teamId;
    REQUIRE(PeopleStore(*store).createAgent(other));
    REQUIRE(store->setCurrentAgent(QStringLiteral("li.na")));
}

TestStore::TestStore(int demoTickets, int messagesPerTicket, quint64 seed)
    : clock(QDateTime(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC))
    , store(std::make_unique<LocalStore>(clock))
{
    openStore();
    DemoSeeder seeder(*store);
    DemoSeedOptions options;
    options.tickets = demoTickets;
    options.messagesPerTicket = messagesPerTicket;
    options.seed = seed;
    REQUIRE(seeder.run(options));
    REQUIRE(CannedAnswerStore(*store).insertDefaults());
}

qint64 TestStore::addCustomer(const QString &name, const QString &phone, const QString &email)
{
    Customer customer;
    customer.name = name;
    customer.phone = phone;
    customer.email = email;
    const auto id = CustomerStore(*store).createCustomer(customer);
    INFO(store->errorString().toStdString());
    REQUIRE(id);
    return *id;
}

qint64 TestStore::addTicket(qint64 customerId, const QString &subject, const QString &body, Channel channel)
{
    NewTicketInput input;
    input.customerId = customerId;
    input.subject = subject;
    input.firstMessage = body;
    input.channel = channel;
    const auto id = store->createTicket(input);
    INFO(store->errorString().toStdString());
    REQUIRE(id);
    return *id;
}

qint64 TestStore::signInAsSupervisor()
{
    Agent boss;
    boss.login = QStringLiteral("wang.fang");
    boss.name = QStringLiteral("王芳");
    boss.role = AgentRole::Supervisor;
    const auto id = PeopleStore(*store).createAgent(boss);
    REQUIRE(id);
    REQUIRE(store->setCurrentAgent(boss.login));
    return *id;
}

void TestStore::rawSql(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("raw-") + path;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        REQUIRE(db.open());
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            INFO(statement.toStdString());
            REQUIRE(query.exec(statement));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void TestStore::rawStoreAtVersion(const QString &path, int version)
{
    QStringList statements;
    for (const SchemaMigration &step : SchemaMigrations::all()) {
        if (step.version > version)
            break;
        statements << step.statements;
    }
    statements << QStringLiteral("PRAGMA application_id = 1146309452")
               << QStringLiteral("INSERT INTO meta(key, value) VALUES ('schema_version', '%1')"
                                 " ON CONFLICT(key) DO UPDATE SET value = excluded.value")
                      .arg(version);
    rawSql(path, statements);
}

QString TestStore::ownerOnlyFile(const QString &name, const QByteArray &content) const
{
    const QString path = dir.filePath(name);
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    REQUIRE(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    REQUIRE(file.write(content) == content.size());
    return path;
}
