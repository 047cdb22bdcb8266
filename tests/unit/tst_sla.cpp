#include "businesscalendar.h"
#include "catchcompat.h"
#include "schemamigrations.h"
#include "settingsservice.h"
#include "slaclock.h"
#include "slapolicy.h"
#include "teststore.h"
#include "ticketlistmodel.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 minuteMs = 60 * 1000;
constexpr qint64 hourMs = 60 * minuteMs;

const QTimeZone shanghai("Asia/Shanghai");

// 2026-11-23 is a Monday.
QDateTime at(int day, int hour, int minute = 0, const QTimeZone &zone = shanghai)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute), zone);
}

BusinessCalendar office()
{
    BusinessCalendar calendar; // weekdays 09:00-18:00
    calendar.setTimeZone(shanghai);
    return calendar;
}

} // namespace

TEST_CASE("Business time skips nights and weekends", "[workflow][sla][calendar]")
{
    const BusinessCalendar calendar = office();
    CHECK(calendar.isOpenAt(at(23, 9)));
    CHECK_FALSE(calendar.isOpenAt(at(23, 18)));
    CHECK_FALSE(calendar.isOpenAt(at(28, 11))); // Saturday

    // Friday 17:00 plus two business hours is Monday 10:00.
    CHECK(calendar.addBusinessMsecs(at(27, 17), 2 * hourMs) == at(30, 10));
    CHECK(calendar.businessMsecsBetween(at(27, 17), at(30, 10)) == 2 * hourMs);
    // A request at 20:00 answered within 5 business minutes is due at 09:05 next morning.
    CHECK(calendar.addBusinessMsecs(at(24, 20), 5 * minuteMs) == at(25, 9, 5));
    // Before opening time the clock starts at opening.
    CHECK(calendar.addBusinessMsecs(at(25, 7), hourMs) == at(25, 10));
    // Instants in other zones are the same instants: 01:00 UTC is 09:00 in Shanghai.
    CHECK(calendar.addBusinessMsecs(at(25, 1, 0, QTimeZone::utc()), hourMs) == at(25, 10));
    // 24 business hours from Monday 09:00: Monday, Tuesday, and six hours of Wednesday.
    CHECK(calendar.addBusinessMsecs(at(23, 9), 24 * hourMs) == at(25, 15));
    CHECK(calendar.businessMsecsBetween(at(25, 12), at(24, 12)) == 0);
}

TEST_CASE("Holidays and closed days stop the clock; a calendar never open has no due time", "[workflow][sla][calendar]")
{
    BusinessCalendar calendar = office();
    calendar.addHoliday(QDate(2026, 11, 26)); // Thursday
    calendar.addHoliday(QDate(2026, 11, 27)); // Friday
    CHECK_FALSE(calendar.isOpenAt(at(26, 10)));
    // Wednesday 17:30 plus one hour: half an hour on Wednesday, the rest on Monday.
    CHECK(calendar.addBusinessMsecs(at(25, 17, 30), hourMs) == at(30, 9, 30));

    calendar.setHours(Qt::Saturday, BusinessCalendar::Hours{QTime(10, 0), QTime(14, 0)});
    CHECK(calendar.addBusinessMsecs(at(25, 17, 30), hourMs) == at(28, 10, 30));
    calendar.setHours(Qt::Sunday, BusinessCalendar::Hours{QTime(15, 0), QTime(9, 0)}); // backwards: closed
    CHECK_FALSE(calendar.hours(Qt::Sunday));

    BusinessCalendar never;
    for (int day = Qt::Monday; day <= Qt::Sunday; ++day)
        never.setHours(Qt::DayOfWeek(day), std::nullopt);
    CHECK_FALSE(never.addBusinessMsecs(at(23, 9), minuteMs).isValid());
    CHECK(never.businessMsecsBetween(at(23, 9), at(30, 9)) == 0);
}

TEST_CASE("A day with a clock change has an hour less of business", "[workflow][sla][calendar]")
{
    const QTimeZone berlin("Europe/Berlin");
    BusinessCalendar calendar;
    calendar.setTimeZone(berlin);
    for (int day = Qt::Monday; day <= Qt::Sunday; ++day)
        calendar.setHours(Qt::DayOfWeek(day), BusinessCalendar::Hours{QTime(0, 0), QTime(12, 0)});
    // 2026-03-29: clocks go from 02:00 to 03:00.
    const QDateTime saturdayNoon(QDate(2026, 3, 28), QTime(12, 0), berlin);
    const QDateTime sundayNoon(QDate(2026, 3, 29), QTime(12, 0), berlin);
    CHECK(calendar.businessMsecsBetween(saturdayNoon, sundayNoon) == 11 * hourMs);
    CHECK(calendar.addBusinessMsecs(saturdayNoon, 11 * hourMs) == sundayNoon);
}

TEST_CASE("A business calendar round-trips through JSON and explains bad input", "[workflow][sla][calendar]")
{
    BusinessCalendar calendar = office();
    calendar.setHours(Qt::Saturday, BusinessCalendar::Hours{QTime(10, 0), QTime(14, 30)});
    calendar.addHoliday(QDate(2026, 10, 1));
    QString error;
    const auto copy = BusinessCalendar::fromJson(calendar.toJson(), &error);
    REQUIRE(copy);
    CHECK(copy->timeZone() == shanghai);
    CHECK(copy->hours(Qt::Saturday) == calendar.hours(Qt::Saturday));
    CHECK_FALSE(copy->hours(Qt::Sunday));
    CHECK(copy->holidays() == calendar.holidays());

    QJsonObject bad = calendar.toJson();
    bad[u"time_zone"_s] = u"Mars/Olympus"_s;
    CHECK_FALSE(BusinessCalendar::fromJson(bad, &error));
    CHECK(error.contains(u"Mars/Olympus"_s));
    bad = calendar.toJson();
    QJsonObject hours = bad[u"hours"_s].toObject();
    hours[u"mon"_s] = QJsonArray{u"18:00"_s, u"09:00"_s};
    bad[u"hours"_s] = hours;
    CHECK_FALSE(BusinessCalendar::fromJson(bad, &error));
    CHECK(error.contains(u"mon"_s));
    bad = calendar.toJson();
    bad[u"holidays"_s] = QJsonArray{u"2026-13-01"_s};
    CHECK_FALSE(BusinessCalendar::fromJson(bad, &error));
    CHECK(error.contains(u"2026-13-01"_s));
}

TEST_CASE("Once answered, each customer message waits for the next answer in business hours",
          "[workflow][sla][store][next-response]")
{
    TestStore t; // Monday 2026-03-02 10:00 UTC, business hours in UTC
    const auto utc = [](int day, int hour, int minute = 0) {
        return QDateTime(QDate(2026, 3, day), QTime(hour, minute), Qt::UTC);
    };
    const qint64 ticket = t.addTicket(t.addCustomer(u"Ana Souza"_s), u"Refund"_s, u"Where is it?"_s, Channel::Email);
    t.clock.set(utc(2, 10, 30));
    REQUIRE(t.store->addMessage(ticket, MessageKind::Customer, u"Hello?"_s)); // not answered yet: first answer
    CHECK(!t.store->ticket(ticket)->awaitingReplySince.isValid());
    CHECK(t.store->ticket(ticket)->dueAt == utc(4, 16));

    t.clock.set(utc(2, 11));
    REQUIRE(t.store->addMessage(ticket, MessageKind::Agent, u"Looking into it"_s));
    // 48 business hours from Monday 10:00: 8 + 9 + 9 + 9 + 9, and 4 on the next Monday.
    const QDateTime solveBy = utc(9, 13);
    CHECK(t.store->ticket(ticket)->dueAt == solveBy);

    t.clock.set(utc(2, 17));
    REQUIRE(t.store->addMessage(ticket, MessageKind::Customer, u"Any news?"_s));
    CHECK(t.store->ticket(ticket)->awaitingReplySince == utc(2, 17));
    // 24 business hours from Monday 17:00: 1 + 9 + 9, and 5 on Thursday.
    CHECK(t.store->ticket(ticket)->dueAt == utc(5, 14));

    t.clock.set(utc(3, 9));
    REQUIRE(t.store->addMessage(ticket, MessageKind::Note, u"Asked finance"_s)); // a note is no answer
    t.clock.set(utc(3, 10));
    REQUIRE(t.store->addMessage(ticket, MessageKind::Customer, u"Hello??"_s)); // the first one still waits
    CHECK(t.store->ticket(ticket)->awaitingReplySince == utc(2, 17));
    CHECK(t.store->ticket(ticket)->dueAt == utc(5, 14));

    t.clock.set(utc(3, 11));
    REQUIRE(t.store->addMessage(ticket, MessageKind::Agent, u"Refund sent"_s));
    CHECK(!t.store->ticket(ticket)->awaitingReplySince.isValid());
    CHECK(t.store->ticket(ticket)->dueAt == solveBy);
}

TEST_CASE("The next answer's clock crosses the night and stops while the ticket waits",
          "[workflow][sla][store][next-response]")
{
    TestStore t;
    const auto utc = [](int day, int hour, int minute = 0) {
        return QDateTime(QDate(2026, 3, day), QTime(hour, minute), Qt::UTC);
    };
    t.clock.set(utc(2, 17, 50));
    const qint64 chat = t.addTicket(t.addCustomer(u"李娜"_s), u"登录"_s, u"登不上"_s, Channel::Chat);
    t.clock.set(utc(2, 17, 51));
    REQUIRE(t.store->addMessage(chat, MessageKind::Agent, u"请重置密码"_s));
    t.clock.set(utc(2, 17, 58));
    REQUIRE(t.store->addMessage(chat, MessageKind::Customer, u"收不到短信"_s));
    CHECK(t.store->ticket(chat)->dueAt == utc(3, 9, 3)); // 2 minutes on Monday, 3 on Tuesday

    REQUIRE(t.store->setStatus(chat, TicketStatus::OnHold)); // waiting on the SMS provider
    CHECK(!t.store->ticket(chat)->awaitingReplySince.isValid());
    CHECK(!t.store->ticket(chat)->dueAt.isValid());
    REQUIRE(t.store->setStatus(chat, TicketStatus::Pending));
    t.clock.set(utc(3, 10));
    REQUIRE(t.store->addMessage(chat, MessageKind::Customer, u"收到了，但是验证码错误"_s)); // reopens
    CHECK(t.store->ticket(chat)->status == TicketStatus::Open);
    CHECK(t.store->ticket(chat)->awaitingReplySince == utc(3, 10));
    CHECK(t.store->ticket(chat)->dueAt == utc(3, 10, 5));
}

TEST_CASE("The default targets follow the brief, and urgent halves them", "[workflow][sla]")
{
    const SlaPolicy policy;
    using T = SlaPolicy::Target;
    CHECK(policy.targetMsecs(T::FirstResponse, Channel::Chat, Priority::Normal) == 5 * minuteMs);
    CHECK(policy.targetMsecs(T::FirstResponse, Channel::Phone, Priority::Normal) == 2 * minuteMs);
    CHECK(policy.targetMsecs(T::FirstResponse, Channel::Social, Priority::High) == 4 * hourMs);
    CHECK(policy.targetMsecs(T::FirstResponse, Channel::Email, Priority::Low) == 24 * hourMs);
    CHECK(policy.targetMsecs(T::Resolution, Channel::Email, Priority::Normal) == 48 * hourMs);
    CHECK(policy.targetMsecs(T::Resolution, Channel::Chat, Priority::Urgent) == 24 * hourMs);
    CHECK(policy.targetMsecs(T::FirstResponse, Channel::Social, Priority::Urgent) == 2 * hourMs);
}

TEST_CASE("A service clock runs in business hours and pauses while the ticket waits", "[workflow][sla][clock]")
{
    const BusinessCalendar calendar = office();
    using S = TicketStatus;
    const qint64 target = 2 * hourMs;

    SECTION("across a night")
    {
        const QList<SlaClock::StatusChange> changes{{at(23, 17), S::New}};
        const auto reading = SlaClock::read(calendar, target, changes, {}, at(23, 22));
        CHECK(reading.elapsedMsecs == hourMs);
        CHECK(reading.due == at(24, 10));
        CHECK_FALSE(reading.breached);
        CHECK(reading.used() == 0.5);
    }
    SECTION("paused while pending, running again when the customer answers")
    {
        QList<SlaClock::StatusChange> changes{{at(23, 9), S::Open}, {at(23, 10), S::Pending}};
        auto reading = SlaClock::read(calendar, target, changes, {}, at(24, 15));
        CHECK(reading.paused);
        CHECK_FALSE(reading.due.isValid());
        CHECK(reading.elapsedMsecs == hourMs);

        changes.append({at(25, 9), S::Open});
        reading = SlaClock::read(calendar, target, changes, {}, at(25, 9, 30));
        CHECK_FALSE(reading.paused);
        CHECK(reading.elapsedMsecs == hourMs + 30 * minuteMs);
        CHECK(reading.due == at(25, 10));
        CHECK_FALSE(reading.breached);

        reading = SlaClock::read(calendar, target, changes, {}, at(25, 11));
        CHECK(reading.breached);
        CHECK(reading.due == at(25, 10));
    }
    SECTION("on hold pauses too; met stops the clock for good")
    {
        const QList<SlaClock::StatusChange> changes{
            {at(23, 9), S::New}, {at(23, 9, 30), S::OnHold}, {at(23, 16), S::Open}};
        const auto reading = SlaClock::read(calendar, target, changes, at(23, 16, 45), at(27, 12));
        CHECK(reading.met);
        CHECK(reading.elapsedMsecs == 75 * minuteMs);
        CHECK_FALSE(reading.due.isValid());
        CHECK_FALSE(reading.breached);
    }
    SECTION("met late is a breach")
    {
        const QList<SlaClock::StatusChange> changes{{at(27, 17), S::New}};
        const auto reading = SlaClock::read(calendar, target, changes, at(30, 11), at(30, 12));
        CHECK(reading.met);
        CHECK(reading.elapsedMsecs == 3 * hourMs);
        CHECK(reading.breached);
    }
}

TEST_CASE("A ticket's deadline counts business hours and stands still while it waits", "[workflow][sla][store]")
{
    TestStore t; // Monday 2026-03-02 10:00 UTC, business hours in UTC
    const auto utc = [](int day, int hour) { return QDateTime(QDate(2026, 3, day), QTime(hour, 0), Qt::UTC); };
    const qint64 ticket = t.addTicket(t.addCustomer(u"Ana Souza"_s), u"Refund"_s, u"Where is it?"_s, Channel::Email);
    // 24 business hours: 8 on Monday, 9 on Tuesday, 7 on Wednesday.
    CHECK(t.store->ticket(ticket)->dueAt == utc(4, 16));

    t.clock.set(utc(2, 12));
    REQUIRE(t.store->setStatus(ticket, TicketStatus::Pending)); // 2 hours counted
    CHECK_FALSE(t.store->ticket(ticket)->dueAt.isValid());

    t.clock.set(utc(4, 10));
    REQUIRE(t.store->addMessage(ticket, MessageKind::Customer, u"Still nothing"_s)); // reopens
    REQUIRE(t.store->ticket(ticket)->status == TicketStatus::Open);
    // 22 left: 8 on Wednesday, 9 on Thursday, 5 on Friday.
    CHECK(t.store->ticket(ticket)->dueAt == utc(6, 14));

    // A holiday on Thursday moves every running deadline at once.
    BusinessCalendar calendar = t.store->sla().calendar();
    calendar.addHoliday(QDate(2026, 3, 5));
    REQUIRE(t.store->setBusinessCalendar(calendar));
    CHECK(t.store->ticket(ticket)->dueAt == utc(9, 14));

    // Answered: the resolution target (48 business hours, 4 counted) takes over.
    REQUIRE(t.store->addMessage(ticket, MessageKind::Agent, u"Refunded today"_s));
    CHECK(t.store->ticket(ticket)->dueAt > utc(9, 14));
}

TEST_CASE("The due-soon and past-deadline views follow the business clock", "[workflow][sla][views]")
{
    TestStore t; // Monday 2026-03-02 10:00 UTC
    const qint64 customer = t.addCustomer(u"Ana Souza"_s);
    const qint64 chat = t.addTicket(customer, u"Card declined"_s, u"now"_s, Channel::Chat);     // due 10:05
    const qint64 email = t.addTicket(customer, u"Invoice copy"_s, u"please"_s, Channel::Email); // due Wed 16:00
    const qint64 waiting = t.addTicket(customer, u"Parcel lost"_s, u"help"_s, Channel::Phone);  // due 10:02
    REQUIRE(t.store->setStatus(waiting, TicketStatus::Pending));                                // stands still
    TicketListModel model(*t.store, t.clock);
    auto shown = [&](TicketFilter::View view) {
        TicketFilter filter;
        filter.view = view;
        filter.nowMs = t.clock.now().toMSecsSinceEpoch();
        model.setFilter(filter);
        QSet<qint64> ids;
        for (int row = 0; row < model.rowCount(); ++row)
            ids.insert(model.ticketIdAt(row));
        return ids;
    };
    CHECK(shown(TicketFilter::View::DueSoon) == QSet<qint64>{chat});
    CHECK(shown(TicketFilter::View::Breached).isEmpty());

    t.clock.advance(10 * minuteMs);
    CHECK(shown(TicketFilter::View::Breached) == QSet<qint64>{chat});
    CHECK(shown(TicketFilter::View::DueSoon).isEmpty());

    // Wednesday 14:30: the email is due within two hours; the pending one never is.
    t.clock.set(QDateTime(QDate(2026, 3, 4), QTime(14, 30), Qt::UTC));
    CHECK(shown(TicketFilter::View::DueSoon) == QSet<qint64>{email});
    CHECK(shown(TicketFilter::View::Breached) == QSet<qint64>{chat});
    CHECK(TicketFilter::allViews().size() == 9);
    CHECK(TicketFilter::viewFromKey(u"breached"_s) == TicketFilter::View::Breached);
}

TEST_CASE("A store from before business-hour deadlines gets them when it is opened", "[workflow][sla][store]")
{
    TestStore t; // Monday 2026-03-02 10:00 UTC
    const qint64 ticket = t.addTicket(t.addCustomer(u"Ana Souza"_s), u"Refund"_s, u"Where is it?"_s, Channel::Email);
    const QDateTime businessDue = t.store->ticket(ticket)->dueAt;
    t.store->close();
    // As version 2 left it: no service clock, a wall-clock deadline 24 hours on.
    TestStore::rawSql(t.path(), {// Indexes first: they name columns dropped below.
                                 u"DROP TABLE ticket_report"_s,
                                 u"DROP TABLE ticket_report_marks"_s,
                                 u"DROP TRIGGER tickets_report_added"_s,
                                 u"DROP TRIGGER tickets_report_changed"_s,
                                 u"DROP TRIGGER tickets_report_deleted"_s,
                                 u"DROP TRIGGER surveys_report_added"_s,
                                 u"DROP TRIGGER surveys_report_changed"_s,
                                 u"DROP TRIGGER surveys_report_deleted"_s,
                                 u"DROP TRIGGER tickets_reopened"_s,
                                 u"DROP TRIGGER escalations_mark_ticket"_s,
                                 u"DROP TABLE report_cells"_s,
                                 u"DROP TABLE report_hours"_s,
                                 u"DROP TABLE report_ratings"_s,
                                 u"DROP INDEX tickets_by_solved"_s,
                                 u"ALTER TABLE tickets DROP COLUMN report_ready"_s,
                                 u"ALTER TABLE tickets DROP COLUMN report_day"_s,
                                 u"ALTER TABLE tickets DROP COLUMN report_hour"_s,
                                 u"ALTER TABLE tickets DROP COLUMN first_response_bms"_s,
                                 u"ALTER TABLE tickets DROP COLUMN first_response_met"_s,
                                 u"ALTER TABLE tickets DROP COLUMN resolution_bms"_s,
                                 u"ALTER TABLE tickets DROP COLUMN resolution_met"_s,
                                 u"ALTER TABLE tickets DROP COLUMN rating"_s,
                                 u"ALTER TABLE tickets DROP COLUMN rating_day"_s,
                                 u"ALTER TABLE tickets DROP COLUMN rating_agent"_s,
                                 u"ALTER TABLE tickets DROP COLUMN reopened"_s,
                                 u"ALTER TABLE tickets DROP COLUMN escalated"_s,
                                 u"DROP INDEX tickets_on_board"_s,
                                 u"DROP INDEX tickets_open_by_assignee"_s,
                                 u"DROP INDEX tickets_solved_by_assignee"_s,
                                 u"DROP INDEX surveys_scored_by_agent"_s,
                                 u"ALTER TABLE tickets DROP COLUMN sla_since"_s,
                                 u"ALTER TABLE tickets DROP COLUMN sla_elapsed_ms"_s,
                                 u"UPDATE tickets SET due_at = created_at + 86400000"_s,
                                 u"DROP TABLE classification_rules"_s,
                                 u"DROP TABLE escalations"_s,
                                 u"DROP TABLE surveys"_s,
                                 u"DROP INDEX tickets_by_archived"_s,
                                 u"DROP INDEX tickets_by_closed"_s,
                                 u"ALTER TABLE tickets DROP COLUMN archived_at"_s,
                                 u"ALTER TABLE tickets DROP COLUMN exported_at"_s,
                                 u"DROP INDEX tickets_by_follow_up_of"_s,
                                 u"DROP TABLE time_entries"_s,
                                 u"ALTER TABLE tickets DROP COLUMN follow_up_of"_s,
                                 u"ALTER TABLE tickets DROP COLUMN escalation_tier"_s,
                                 u"DROP INDEX tickets_by_merged_into"_s,
                                 u"DROP INDEX tickets_merge_unresolved"_s,
                                 u"ALTER TABLE tickets DROP COLUMN merged_into"_s,
                                 u"ALTER TABLE tickets DROP COLUMN merged_into_server"_s,
                                 u"ALTER TABLE tickets DROP COLUMN status_before_merge"_s,
                                 u"ALTER TABLE tickets DROP COLUMN awaiting_reply_since"_s,
                                 u"DROP INDEX audit_events_by_client_id"_s,
                                 u"DROP INDEX audit_events_by_server_id"_s,
                                 u"ALTER TABLE audit_events DROP COLUMN client_id"_s,
                                 u"ALTER TABLE audit_events DROP COLUMN server_id"_s,
                                 u"DROP TABLE saved_views"_s,
                                 u"DROP TABLE mail_references"_s,
                                 u"DROP TABLE mail_messages"_s,
                                 u"DROP TABLE mail_set_aside"_s,
                                 u"DROP TABLE mailboxes"_s,
                                 u"DROP TABLE intake_replies"_s,
                                 u"DROP TABLE calls"_s,
                                 u"DROP TABLE intake_requests"_s,
                                 u"DROP TABLE intake_sources"_s,
                                 u"DROP TABLE chat_sessions"_s,
                                 u"ALTER TABLE canned_answers DROP COLUMN public"_s,
                                 u"ALTER TABLE canned_answers DROP COLUMN title_zh"_s,
                                 u"ALTER TABLE canned_answers DROP COLUMN body_zh"_s,
                                 u"ALTER TABLE canned_answers DROP COLUMN title_en"_s,
                                 u"ALTER TABLE canned_answers DROP COLUMN body_en"_s,
                                 u"DROP INDEX canned_answers_by_client_id"_s,
                                 u"ALTER TABLE canned_answers DROP COLUMN client_id"_s,
                                 u"UPDATE meta SET value = '2' WHERE key = 'schema_version'"_s});
    LocalStore reopened(t.clock);
    REQUIRE(reopened.open(t.path()));
    CHECK(reopened.schemaVersion() == SchemaMigrations::latestVersion());
    CHECK(reopened.ticket(ticket)->dueAt == businessDue);
    CHECK(businessDue == QDateTime(QDate(2026, 3, 4), QTime(16, 0), Qt::UTC));
}

TEST_CASE("Service targets are kept as JSON, checked, and moving them moves running deadlines",
          "[workflow][sla][store]")
{
    SlaPolicy policy;
    policy.setBaseMsecs(SlaPolicy::Target::FirstResponse, Channel::Email, 8 * 3600 * 1000);
    const auto back = SlaPolicy::fromJson(policy.toJson());
    REQUIRE(back);
    CHECK(back->baseMsecs(SlaPolicy::Target::FirstResponse, Channel::Email) == 8 * 3600 * 1000);
    CHECK(back->baseMsecs(SlaPolicy::Target::FirstResponse, Channel::Phone) == 2 * 60 * 1000);
    QString problem;
    CHECK(!SlaPolicy::fromJson(QJsonObject{{u"fax"_s, QJsonObject{}}}, &problem));
    CHECK(problem.contains(u"fax"_s));
    CHECK(!SlaPolicy::fromJson(QJsonObject{{u"chat"_s, QJsonObject{{u"first_response_min"_s, 0}}}}, &problem));
    CHECK(problem.contains(fieldLabel(Channel::Chat)));

    TestStore t; // Monday 2026-03-02 10:00 UTC, the calendar in UTC
    const qint64 ticket = t.addTicket(t.addCustomer(u"Ana Souza"_s), u"Refund"_s, u"Where is it?"_s, Channel::Email);
    CHECK(t.store->ticket(ticket)->dueAt == QDateTime(QDate(2026, 3, 4), QTime(16, 0), Qt::UTC)); // 24 business h
    REQUIRE(t.store->setSlaPolicy(policy));
    CHECK(t.store->ticket(ticket)->dueAt == QDateTime(QDate(2026, 3, 2), QTime(18, 0), Qt::UTC)); // 8 business h

    SlaPolicy broken = policy;
    broken.setBaseMsecs(SlaPolicy::Target::Resolution, Channel::Web, 0);
    CHECK(!t.store->setSlaPolicy(broken));
    CHECK(t.store->ticket(ticket)->dueAt == QDateTime(QDate(2026, 3, 2), QTime(18, 0), Qt::UTC));

    t.store->close();
    LocalStore reopened(t.clock);
    REQUIRE(reopened.open(t.path()));
    CHECK(reopened.sla().policy().baseMsecs(SlaPolicy::Target::FirstResponse, Channel::Email) == 8 * 3600 * 1000);
}

TEST_CASE("The settings service refuses a change nobody may make, or that makes no sense, before writing",
          "[workflow][sla][settings]")
{
    TestStore t;
    t.store->setTeamMode(true); // the settings are the team's: only its supervisors set them
    SettingsService settings(*t.store);
    CHECK(settings.shared());
    CHECK_FALSE(settings.canChange());
    const int outboxBefore = t.store->pendingChanges();
    SlaPolicy quicker = settings.policy();
    quicker.setBaseMsecs(SlaPolicy::Target::FirstResponse, Channel::Email, 2 * 3600 * 1000);
    CHECK_FALSE(settings.setSlaPolicy(quicker));
    CHECK(settings.errorString().contains(u"supervisor"_s));
    CHECK(settings.policy().baseMsecs(SlaPolicy::Target::FirstResponse, Channel::Email) != 2 * 3600 * 1000);
    CHECK(t.store->pendingChanges() == outboxBefore);

    t.signInAsSupervisor();
    CHECK(settings.canChange());
    SlaPolicy nonsense = settings.policy();
    nonsense.setBaseMsecs(SlaPolicy::Target::Resolution, Channel::Chat, 0);
    CHECK_FALSE(settings.setSlaPolicy(nonsense));
    CHECK(settings.errorString().contains(u"at least a minute"_s));
    CHECK(t.store->pendingChanges() == outboxBefore);

    REQUIRE(settings.setSlaPolicy(quicker));
    CHECK(settings.policy().baseMsecs(SlaPolicy::Target::FirstResponse, Channel::Email) == 2 * 3600 * 1000);
    CHECK(t.store->pendingChanges() == outboxBefore + 1); // the team's new targets go to the server
}
