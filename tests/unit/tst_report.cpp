#include "businesscalendar.h"
#include "catchcompat.h"
#include "escalationstore.h"
#include "localstore.h"
#include "peoplestore.h"
#include "reportcsvwriter.h"
#include "reportquery.h"
#include "reporttables.h"
#include "schemamigrations.h"
#include "surveystore.h"
#include "teststore.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 minuteMs = 60 * 1000;
constexpr qint64 hourMs = 60 * minuteMs;

// One week, Monday 2 to Sunday 8 March 2026, business hours weekdays 09:00-18:00 UTC and the
// default targets (email 24 h, chat 5 min, phone 2 min to the first answer; 48 h to solve):
//   D  Fri 27 Feb 12:00  email  Li Na      before the period; still open
//   A  Mon 2  10:00      email  account    answered 11:30 (1 h 30), solved Tue 10:00 (9 h), rated 5
//   B  Mon 2  17:50      chat   payment    answered Tue 09:02 (12 min: late), solved 09:30,
//                                          reopened 09:45, solved 10:00 (1 h 10), rated 2
//   C  Sat 7  12:00      phone  technical  nobody's; escalated to L2; still open
//   E  Wed 4  14:00      web    order      solved Mon 9 10:00, after the period (23 h)
//   F  Mon 9  11:00      email             after the period; rated 4
// So the period has A, B, C and E; at its end C (1 d 12 h), E (4 d 10 h) and D (9 d 12 h) waited.
struct Week {
    Week()
    {
        BusinessCalendar calendar;
        calendar.setTimeZone(QTimeZone("UTC"));
        REQUIRE(t.store->setBusinessCalendar(calendar));
        l1 = PeopleStore(*t.store).agentByLogin(u"li.na"_s)->teamId;
        lina = PeopleStore(*t.store).agentByLogin(u"li.na"_s)->id;
        l2 = *PeopleStore(*t.store).createTeam({0, u"Specialists L2"_s, 2});
        SurveyStore surveys(*t.store);

        at(2, 27, 12, 0);
        d = ticket(u"Old question"_s, Channel::Email, Category::Other);
        at(3, 2, 10, 0);
        a = ticket(u"无法登录"_s, Channel::Email, Category::Account);
        at(3, 2, 11, 30);
        REQUIRE(t.store->addMessage(a, MessageKind::Agent, u"已重置密码"_s));
        at(3, 2, 17, 50);
        b = ticket(u"Payment failed"_s, Channel::Chat, Category::Payment);
        at(3, 3, 9, 2);
        REQUIRE(t.store->addMessage(b, MessageKind::Agent, u"Let me check"_s));
        at(3, 3, 9, 30);
        REQUIRE(t.store->setStatus(b, TicketStatus::Solved));
        at(3, 3, 9, 45);
        REQUIRE(t.store->setStatus(b, TicketStatus::Open));
        at(3, 3, 10, 0);
        REQUIRE(surveys.resolve(rated(a, 5)));
        REQUIRE(surveys.resolve(rated(b, 2)));
        at(3, 4, 14, 0);
        e = ticket(u"Change my order"_s, Channel::Web, Category::Order);
        at(3, 7, 12, 0);
        c = t.addTicket(t.addCustomer(u"李雷"_s), u"App 闪退"_s, u"打不开"_s, Channel::Phone);
        REQUIRE(t.store->setCategory(c, Category::Technical));
        at(3, 7, 12, 5);
        EscalationRequest up;
        up.ticketId = c;
        up.toTeamId = l2;
        up.reason = u"Crash logs"_s;
        up.summary = u"Crashes on start"_s;
        REQUIRE(EscalationStore(*t.store).escalate(up));
        at(3, 9, 10, 0);
        REQUIRE(t.store->setStatus(e, TicketStatus::Solved));
        at(3, 9, 11, 0);
        f = ticket(u"Later"_s, Channel::Email, Category::Other);
        at(3, 9, 11, 30);
        REQUIRE(surveys.resolve(rated(f, 4)));
    }

    void at(int month, int day, int hour, int minute)
    {
        t.clock.set(QDateTime(QDate(2026, month, day), QTime(hour, minute), Qt::UTC));
    }

    qint64 ticket(const QString &subject, Channel channel, Category category)
    {
        const qint64 id = t.addTicket(t.addCustomer(subject + u" customer"_s), subject, subject, channel);
        REQUIRE(t.store->setCategory(id, category));
        REQUIRE(t.store->assign(id, lina));
        return id;
    }

    static ResolveRequest rated(qint64 ticketId, int score)
    {
        ResolveRequest request;
        request.ticketId = ticketId;
        request.score = score;
        return request;
    }

    Report report(std::optional<qint64> teamId = std::nullopt)
    {
        ReportQuery query(*t.store);
        const auto result = query.run({QDate(2026, 3, 2), QDate(2026, 3, 8), teamId});
        INFO(query.errorString().toStdString());
        REQUIRE(result);
        return *result;
    }

    TestStore t;
    qint64 l1 = 0, l2 = 0, lina = 0;
    qint64 a = 0, b = 0, c = 0, d = 0, e = 0, f = 0;
};

// Rows a query gives on a store file, each as its values joined by |, read through a connection
// of its own.
QStringList rowsOf(const QString &path, const QString &sql)
{
    const QString name = u"rows-"_s + path;
    QStringList rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        REQUIRE(db.open());
        QSqlQuery query(db);
        INFO(sql.toStdString());
        REQUIRE(query.exec(sql));
        while (query.next()) {
            QStringList values;
            for (int column = 0; column < query.record().count(); ++column)
                values << query.value(column).toString();
            rows << values.join(u'|');
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

QStringList totalsOf(const QString &path)
{
    return rowsOf(path, u"SELECT 'cell', * FROM report_cells"_s) +
           rowsOf(path, u"SELECT 'hour', * FROM report_hours"_s) +
           rowsOf(path, u"SELECT 'rating', * FROM report_ratings"_s);
}

} // namespace

TEST_CASE("A report counts the period's tickets with business-hour times against the targets", "[report]")
{
    Week w;
    const Report r = w.report();
    CHECK(r.fromMs == QDateTime(QDate(2026, 3, 2), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    CHECK(r.toMs == QDateTime(QDate(2026, 3, 9), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());

    CHECK(r.total.created == 4);
    CHECK(r.total.responded == 2);
    CHECK(r.total.firstResponseBms == 90 * minuteMs + 12 * minuteMs);
    CHECK(r.total.firstResponseMet == 1); // the chat's 12 minutes missed its 5
    CHECK(r.total.averageFirstResponseBms() == 51 * minuteMs);
    CHECK(r.total.firstResponseCompliance() == 0.5);
    CHECK(r.total.solved == 3);
    CHECK(r.total.resolutionBms == 9 * hourMs + 70 * minuteMs + 23 * hourMs);
    CHECK(r.total.resolutionMet == 3);
    CHECK(r.total.reopened == 1);
    CHECK(r.total.reopenRate() == 1.0 / 3.0);
    CHECK(r.total.escalated == 1);

    const auto &email = r.byChannel[int(Channel::Email)];
    CHECK(email.created == 1);
    CHECK(email.firstResponseBms == 90 * minuteMs);
    CHECK(email.resolutionBms == 9 * hourMs);
    CHECK(r.byChannel[int(Channel::Chat)].resolutionBms == 70 * minuteMs);
    CHECK(r.byChannel[int(Channel::Chat)].firstResponseMet == 0);
    CHECK(r.byChannel[int(Channel::Phone)].created == 1);
    CHECK(r.byChannel[int(Channel::Phone)].responded == 0);
    CHECK(r.byChannel[int(Channel::Web)].resolutionBms == 23 * hourMs);
    CHECK(r.byChannel[int(Channel::Social)] == TicketFigures{});

    CHECK(r.byCategory[int(Category::Technical)].escalationRate() == 1.0);
    CHECK(r.byCategory[int(Category::Account)].escalationRate() == 0.0);
    CHECK(r.byCategory[int(Category::Payment)].reopened == 1);
    CHECK(r.byCategory[int(Category::Order)].solved == 1);
    CHECK(r.byCategory[int(Category::Other)].created == 0); // D before the period, F after

    CHECK(r.createdPerDay == QList<qint64>{2, 0, 1, 0, 0, 1, 0});
    qint64 heat = 0;
    for (const auto &day : r.createdByWeekdayHour) {
        for (qint64 n : day)
            heat += n;
    }
    CHECK(heat == 4);
    CHECK(r.createdByWeekdayHour[0][10] == 1);
    CHECK(r.createdByWeekdayHour[0][17] == 1);
    CHECK(r.createdByWeekdayHour[2][14] == 1);
    CHECK(r.createdByWeekdayHour[5][12] == 1);

    CHECK(r.ratingCounts == std::array<qint64, 5>{0, 1, 0, 0, 1}); // F's 4 came after
    CHECK(r.averageRating() == 3.5);
    CHECK(r.ratingTrendDays == 1);
    REQUIRE(r.ratingTrend.size() == 7);
    CHECK(r.ratingTrend[1].start == QDate(2026, 3, 3));
    CHECK(r.ratingTrend[1].count == 2);
    CHECK(r.ratingTrend[1].average() == 3.5);
    CHECK(r.ratingTrend[0].count == 0);

    CHECK(r.backlogByAge == std::array<qint64, 5>{0, 1, 1, 1, 0});
    CHECK(r.backlog() == 3);

    REQUIRE(r.agents.size() == 2);
    CHECK(r.agents[0].agentId == w.lina);
    CHECK(r.agents[0].name == u"李娜"_s);
    CHECK(r.agents[0].tickets.created == 3);
    CHECK(r.agents[0].tickets.solved == 3);
    CHECK(r.agents[0].ratings == 2);
    CHECK(r.agents[0].averageRating() == 3.5);
    CHECK(r.agents[1].agentId == 0); // nobody's comes last
    CHECK(r.agents[1].tickets.created == 1);
    CHECK(r.agents[1].tickets.escalated == 1);
}

TEST_CASE("A team's report holds only its own tickets and answers", "[report]")
{
    Week w;
    const Report l2 = w.report(w.l2);
    CHECK(l2.teamName == u"Specialists L2"_s);
    CHECK(l2.total.created == 1); // C went up to L2
    CHECK(l2.total.escalated == 1);
    CHECK(l2.ratings() == 0);
    CHECK(l2.backlogByAge == std::array<qint64, 5>{0, 1, 0, 0, 0});

    const Report l1 = w.report(w.l1);
    CHECK(l1.total.created == 3);
    CHECK(l1.ratings() == 2);
    CHECK(l1.backlog() == 2); // E and D
}

TEST_CASE("Report times follow later answers and a change of business hours", "[report]")
{
    Week w;
    CHECK(w.report().total.responded == 2);
    REQUIRE(w.t.store->addMessage(w.e, MessageKind::Agent, u"Done"_s)); // Mon 9 March 11:30
    const Report answered = w.report();
    CHECK(answered.total.responded == 3);
    // Wed 14:00 to Mon 11:30: 4 + 9 + 9 + 2.5 hours, and the email target of 24 hours is met.
    CHECK(answered.byChannel[int(Channel::Web)].firstResponseBms == 24 * hourMs + 30 * minuteMs);
    CHECK(answered.byChannel[int(Channel::Web)].firstResponseMet == 0);

    BusinessCalendar shorter = w.t.store->sla().calendar();
    for (Qt::DayOfWeek day : {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday})
        shorter.setHours(day, BusinessCalendar::Hours{QTime(9, 0), QTime(17, 0)});
    REQUIRE(w.t.store->setBusinessCalendar(shorter));
    // A: Monday 10:00-17:00 and Tuesday 09:00-10:00.
    CHECK(w.report().byChannel[int(Channel::Email)].resolutionBms == 8 * hourMs);
}

TEST_CASE("A report reads archived tickets and leaves merged duplicates out", "[report]")
{
    Week w;
    TestStore::rawSql(w.t.path(), {u"UPDATE tickets SET archived_at = solved_at WHERE solved_at IS NOT NULL"_s});
    CHECK(w.report().total.solved == 3);
    TestStore::rawSql(w.t.path(), {u"UPDATE tickets SET merged_into = %1 WHERE id = %2"_s.arg(w.a).arg(w.b)});
    const Report merged = w.report();
    CHECK(merged.total.created == 3);
    CHECK(merged.total.reopened == 0);
}

TEST_CASE("Running totals follow every later change exactly as counting afresh does", "[report]")
{
    Week w;
    const Report before = w.report();
    const qint64 tom = PeopleStore(*w.t.store).agentByLogin(u"tom"_s)->id;
    REQUIRE(w.t.store->assign(w.b, tom));
    REQUIRE(w.t.store->setCategory(w.a, Category::Complaint));
    REQUIRE(w.t.store->setPriority(w.a, Priority::Urgent)); // half the targets now
    TestStore::rawSql(w.t.path(), {u"UPDATE surveys SET score = 3 WHERE ticket_id = %1"_s.arg(w.a),
                                   u"DELETE FROM tickets WHERE id = %1"_s.arg(w.c)});
    const Report after = w.report();
    CHECK(after != before);
    CHECK(after.total.created == 3);
    CHECK(after.total.escalated == 0); // C is gone
    CHECK(after.byCategory[int(Category::Complaint)].created == 1);
    CHECK(after.ratingCounts == std::array<qint64, 5>{0, 1, 1, 0, 0}); // A's last rating is a 3
    REQUIRE(after.agents.size() == 2);                                 // nobody's C is gone
    const auto tomsFigures = std::find_if(after.agents.cbegin(), after.agents.cend(),
                                          [&](const AgentFigures &agent) { return agent.agentId == tom; });
    REQUIRE(tomsFigures != after.agents.cend());
    CHECK(tomsFigures->name == u"Tom Baker"_s);
    CHECK(tomsFigures->tickets.created == 1);
    CHECK(tomsFigures->tickets.reopened == 1); // B came with its history

    // Forgetting every total and counting all tickets again gives the same report.
    TestStore::rawSql(w.t.path(), {u"UPDATE meta SET value = '' WHERE key = 'report_calendar'"_s});
    CHECK(w.report() == after);
}

TEST_CASE("No trigger that a write of tickets sets off writes tickets again", "[report][migrations]")
{
    TestStore t;
    // The tables each table's triggers write, read from the bodies of the triggers.
    QHash<QString, QSet<QString>> writes;
    const QRegularExpression written(
        u"\\b(?:UPDATE|INSERT\\s+INTO|REPLACE\\s+INTO|DELETE\\s+FROM)\\s+(?!SET\\b)(\\w+)"_s,
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpression begin(u"\\bBEGIN\\b"_s, QRegularExpression::CaseInsensitiveOption);
    QSqlQuery query(t.store->database());
    REQUIRE(query.exec(u"SELECT lower(tbl_name), sql FROM sqlite_master WHERE type = 'trigger'"_s));
    while (query.next()) {
        const QString sql = query.value(1).toString();
        const qsizetype body = sql.indexOf(begin);
        REQUIRE(body > 0);
        for (const auto &match : written.globalMatch(sql.mid(body)))
            writes[query.value(0).toString()].insert(match.captured(1).toLower());
    }
    QSet<QString> reached;
    QList<QString> next = writes.value(u"tickets"_s).values();
    while (!next.isEmpty()) {
        const QString table = next.takeLast();
        if (reached.contains(table))
            continue;
        reached.insert(table);
        next += writes.value(table).values();
    }
    INFO(QStringList(reached.cbegin(), reached.cend()).join(u", "_s).toStdString());
    CHECK(reached.contains(u"ticket_report"_s)); // the triggers were read
    CHECK(!reached.contains(u"tickets"_s));
}

TEST_CASE("A write of a ticket only marks it, and the next report takes it out and counts it again", "[report]")
{
    Week w;
    const Report before = w.report();
    const QStringList totals = totalsOf(w.t.path());
    REQUIRE(w.t.store->assign(w.b, PeopleStore(*w.t.store).agentByLogin(u"tom"_s)->id));
    REQUIRE(w.t.store->setStatus(w.a, TicketStatus::Open));
    REQUIRE(w.t.store->setCategory(w.e, Category::Complaint));
    EscalationRequest up;
    up.ticketId = w.a;
    up.toTeamId = w.l2;
    up.reason = u"Needs a specialist"_s;
    up.summary = u"The reset did not hold"_s;
    REQUIRE(EscalationStore(*w.t.store).escalate(up));
    TestStore::rawSql(w.t.path(), {u"DELETE FROM tickets WHERE id = %1"_s.arg(w.c)});
    CHECK(totalsOf(w.t.path()) == totals);
    CHECK(rowsOf(w.t.path(), u"SELECT count(*) FROM ticket_report WHERE stale = 1"_s) == QStringList{u"4"_s});

    const Report after = w.report();
    CHECK(after != before);
    CHECK(after.total.created == 3);
    CHECK(after.total.escalated == 1); // E now; C is gone
    CHECK(after.total.reopened == 1);  // B; A is open again, not solved
    CHECK(rowsOf(w.t.path(), u"SELECT count(*), sum(stale) FROM ticket_report"_s) == QStringList{u"5|0"_s});
    TestStore::rawSql(w.t.path(), {u"UPDATE meta SET value = '' WHERE key = 'report_calendar'"_s});
    CHECK(w.report() == after);
}

TEST_CASE("A store of version 16 keeps its report totals and counts on from them", "[report][migrations]")
{
    Week w;
    const Report counted = w.report();
    QTemporaryDir dir;
    const QString old = dir.filePath(u"v16.sqlite"_s);
    // The same tickets in a store of version 16, counted by its own triggers: the marks and facts
    // in the ticket's row, which joined the totals when it was set ready.
    QStringList build;
    for (const SchemaMigration &step : SchemaMigrations::all()) {
        if (step.version <= 16)
            build += step.statements;
    }
    build += QStringList{
        u"PRAGMA application_id = 1146309452"_s,
        u"ATTACH DATABASE '%1' AS now"_s.arg(w.t.path()),
        u"INSERT INTO meta SELECT * FROM now.meta WHERE key <> 'schema_version'"_s,
        u"INSERT INTO meta VALUES ('schema_version', '16')"_s,
        u"INSERT INTO teams SELECT * FROM now.teams"_s,
        u"INSERT INTO agents SELECT * FROM now.agents"_s,
        u"INSERT INTO customers SELECT * FROM now.customers"_s,
        u"INSERT INTO tickets SELECT * FROM now.tickets"_s,
        u"INSERT INTO surveys SELECT * FROM now.surveys"_s,
        u"INSERT INTO escalations SELECT * FROM now.escalations"_s,
        u"UPDATE tickets SET (reopened, escalated, report_day, report_hour, first_response_bms, first_response_met,"
        " resolution_bms, resolution_met, rating, rating_day, rating_agent) = (SELECT reopened, escalated,"
        " report_day, report_hour, first_response_bms, first_response_met, resolution_bms, resolution_met, rating,"
        " rating_day, rating_agent FROM now.ticket_report r WHERE r.ticket_id = tickets.id)"_s,
        u"UPDATE tickets SET report_ready = 1 WHERE id IN (SELECT ticket_id FROM now.ticket_report WHERE counted = 1)"_s,
        u"DETACH DATABASE now"_s,
    };
    TestStore::rawSql(old, build);
    const QStringList totals = totalsOf(old);
    CHECK(totals.size() > 10);
    CHECK(totals == totalsOf(w.t.path()));

    LocalStore migrated(w.t.clock);
    REQUIRE(migrated.open(old));
    CHECK(migrated.schemaVersion() == SchemaMigrations::latestVersion());
    CHECK(totalsOf(old) == totals);
    // Taken over as counted, with the marks: nothing is worked out again.
    CHECK(rowsOf(old, u"SELECT count(*), sum(counted = 1), sum(stale), sum(reopened), sum(escalated)"
                      " FROM ticket_report"_s) == QStringList{u"6|6|0|1|1"_s});
    CHECK(rowsOf(old, u"SELECT ticket_id, reopened, escalated FROM ticket_report_marks ORDER BY ticket_id"_s) ==
          QStringList{u"%1|1|0"_s.arg(w.b), u"%1|0|1"_s.arg(w.c)});
    ReportQuery query(migrated);
    const ReportRequest week{QDate(2026, 3, 2), QDate(2026, 3, 8), std::nullopt};
    CHECK(query.run(week) == counted);

    // Reopened and solved again, another agent's, another category: the totals follow, and equal
    // a count made afresh.
    REQUIRE(migrated.setStatus(w.a, TicketStatus::Open));
    REQUIRE(migrated.setStatus(w.a, TicketStatus::Solved));
    REQUIRE(migrated.assign(w.e, PeopleStore(migrated).agentByLogin(u"tom"_s)->id));
    REQUIRE(migrated.setCategory(w.b, Category::Complaint));
    const auto after = query.run(week);
    REQUIRE(after);
    CHECK(after->total.reopened == 2);
    CHECK(after->byCategory[int(Category::Complaint)].created == 1);
    TestStore::rawSql(old, {u"UPDATE meta SET value = '' WHERE key = 'report_calendar'"_s});
    CHECK(query.run(week) == after);
}

TEST_CASE("A report refuses a backwards period or an unknown team and can be stopped", "[report]")
{
    Week w;
    ReportQuery query(*w.t.store);
    CHECK(!query.run({QDate(2026, 3, 8), QDate(2026, 3, 2), std::nullopt}));
    CHECK(query.errorString().contains(u"period"_s));
    CHECK(!query.run({QDate(2026, 3, 2), QDate(2026, 3, 8), 999}));
    CHECK(query.errorString().contains(u"team"_s));

    // A calendar change leaves every ticket to count again; a stop keeps what was counted.
    BusinessCalendar later = w.t.store->sla().calendar();
    later.setHours(Qt::Saturday, BusinessCalendar::Hours{QTime(10, 0), QTime(12, 0)});
    REQUIRE(w.t.store->setBusinessCalendar(later));
    qint64 total = -1;
    CHECK(!query.run({QDate(2026, 3, 2), QDate(2026, 3, 8), std::nullopt}, [&](qint64 done, qint64 all) {
        total = all;
        return done == 0 ? false : true;
    }));
    CHECK(query.wasCancelled());
    CHECK(total == 6);
    QList<qint64> seen;
    REQUIRE(query.prepare([&](qint64 done, qint64) {
        seen.append(done);
        return true;
    }));
    CHECK(seen == QList<qint64>{0, 6});
    const auto after = query.run({QDate(2026, 3, 2), QDate(2026, 3, 8), std::nullopt});
    REQUIRE(after);
    // E, Wednesday to Monday, now counts Saturday's two hours.
    CHECK(after->byChannel[int(Channel::Web)].resolutionBms == 25 * hourMs);
}

TEST_CASE("A report's tables carry its figures and go to one CSV file each", "[report][csv]")
{
    Week w;
    const QList<ReportTable> tables = ReportTables::build(w.report());
    QStringList keys;
    for (const ReportTable &table : tables) {
        keys.append(table.key);
        for (const QStringList &row : table.rows)
            CHECK(row.size() == table.headers.size());
    }
    CHECK(keys == QStringList{u"summary"_s, u"by_channel"_s, u"by_category"_s, u"by_agent"_s, u"by_day"_s,
                              u"by_weekday_hour"_s, u"satisfaction"_s, u"satisfaction_trend"_s, u"backlog_age"_s});
    const ReportTable &summary = tables.first();
    CHECK(summary.rows[0] == QStringList{u"Tickets created"_s, u"4"_s});
    CHECK(summary.rows[2][1] == u"0.85"_s);  // 51 minutes
    CHECK(summary.rows[3][1] == u"50.0"_s);  // first response within target
    CHECK(summary.rows[7][1] == u"33.3"_s);  // reopened
    CHECK(summary.rows[10][1] == u"3.50"_s); // satisfaction
    CHECK(tables[3].rows.last().first() == u"Unassigned"_s);
    CHECK(tables[5].rows[0].size() == 25); // a weekday and 24 hours

    QTemporaryDir dir;
    ReportCsvWriter writer;
    REQUIRE(writer.write(dir.filePath(u"week"_s), tables));
    CHECK(writer.writtenFiles().size() == 9);
    QFile agents(dir.filePath(u"week/by_agent.csv"_s));
    REQUIRE(agents.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = agents.readAll().split('\n');
    CHECK(lines[0].startsWith("\xEF\xBB\xBF"
                              "Agent,Created,Solved,"));
    CHECK(lines[1].startsWith(QString(u"李娜,3,3,"_s).toUtf8()));

    // A folder that cannot be made (a file is in the way) is an error, and nothing is half-written.
    QFile blocker(dir.filePath(u"blocked"_s));
    REQUIRE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    CHECK(!writer.write(dir.filePath(u"blocked/week"_s), tables));
    CHECK(writer.errorString().contains(u"blocked"_s));
    CHECK(writer.writtenFiles().isEmpty());
}

TEST_CASE("deskctl report writes the weekly report as CSV files and a PDF that reads back", "[report][deskctl]")
{
    Week w;
    w.t.store->close();
    QTemporaryDir out;
    QProcess deskctl;
    // As on a server: no display, and nobody chose a platform.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"QT_QPA_PLATFORM"_s);
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    deskctl.setProcessEnvironment(env);
    const QString pdf = out.filePath(u"week.pdf"_s);
    deskctl.start(QStringLiteral(DESKCTL_PATH),
                  {u"report"_s, u"--database"_s, w.t.path(), u"--from"_s, u"2026-03-02"_s, u"--to"_s, u"2026-03-08"_s,
                   u"--pdf"_s, pdf, u"--csv"_s, out.filePath(u"csv"_s)});
    REQUIRE(deskctl.waitForFinished(120000));
    const QString printed = QString::fromUtf8(deskctl.readAllStandardOutput());
    INFO(printed.toStdString() << QString::fromUtf8(deskctl.readAllStandardError()).toStdString());
    REQUIRE(deskctl.exitCode() == 0);
    CHECK(printed.contains(u"Tickets created: 4"_s));
    CHECK(QDir(out.filePath(u"csv"_s)).entryList({u"*.csv"_s}).size() == 9);

    QFile file(pdf);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    CHECK(bytes.startsWith("%PDF-"));
    CHECK(bytes.trimmed().endsWith("%%EOF"));
#ifdef Q_OS_LINUX
    // poppler's pdftotext reads the text back: the figures, the charts' titles and Chinese names.
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    REQUIRE(!pdftotext.isEmpty()); // packaging/linux/install-build-deps.sh installs poppler-utils
    QProcess reader;
    reader.start(pdftotext, {u"-layout"_s, pdf, u"-"_s});
    REQUIRE(reader.waitForFinished(60000));
    const QString text = QString::fromUtf8(reader.readAllStandardOutput());
    CHECK(text.contains(u"Support report"_s));
    CHECK(text.contains(u"Tickets by weekday and hour"_s));
    CHECK(text.contains(u"Escalation rate by category"_s));
    CHECK(text.contains(u"李娜"_s));
    CHECK(text.contains(u"2026-03-03"_s));
#endif

    // Bad input: a half-given period and an unknown team stop with a reason and write nothing.
    QProcess half;
    half.start(QStringLiteral(DESKCTL_PATH), {u"report"_s, u"--database"_s, w.t.path(), u"--from"_s, u"2026-03-02"_s,
                                              u"--pdf"_s, out.filePath(u"half.pdf"_s)});
    REQUIRE(half.waitForFinished(60000));
    CHECK(half.exitCode() != 0);
    CHECK(QString::fromUtf8(half.readAllStandardError()).contains(u"--to"_s));
    QProcess team;
    team.start(QStringLiteral(DESKCTL_PATH), {u"report"_s, u"--database"_s, w.t.path(), u"--team"_s, u"Nobody"_s,
                                              u"--pdf"_s, out.filePath(u"team.pdf"_s)});
    REQUIRE(team.waitForFinished(60000));
    CHECK(team.exitCode() != 0);
    CHECK(QString::fromUtf8(team.readAllStandardError()).contains(u"Nobody"_s));
    CHECK(!QFile::exists(out.filePath(u"half.pdf"_s)));
    CHECK(!QFile::exists(out.filePath(u"team.pdf"_s)));
}
