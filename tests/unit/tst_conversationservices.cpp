#include "archiverun.h"
#include "archiveservice.h"
#include "cannedanswerservice.h"
#include "catchcompat.h"
#include "classificationassistant.h"
#include "classificationrulestore.h"
#include "conversationservice.h"
#include "desk.h"
#include "escalationservice.h"
#include "mergeservice.h"
#include "peoplestore.h"
#include "surveyservice.h"
#include "surveystore.h"
#include "teststore.h"
#include "ticketservice.h"
#include "timeservice.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;

TEST_CASE("The canned answer service refuses an answer without a title or a text, writing nothing",
          "[workflow][services][canned]")
{
    TestStore t;
    Desk desk(*t.store);
    CannedAnswerService answers(desk.store());
    const qsizetype before = answers.answers().size();
    QSignalSpy changed(&desk, &Desk::cannedAnswersChanged);

    CannedAnswer untitled;
    untitled.body = u"退款将在 3-5 个工作日内原路退回。"_s;
    CHECK_FALSE(answers.save(untitled));
    CHECK(answers.errorString().contains(u"title"_s));
    CannedAnswer empty;
    empty.title = u"退款时效"_s;
    empty.body = u"  \n"_s;
    CHECK_FALSE(answers.save(empty));
    CHECK(answers.errorString().contains(u"text"_s));
    CHECK_FALSE(answers.remove(0));
    CHECK(answers.answers().size() == before);
    CHECK(changed.isEmpty());

    CannedAnswer good = empty;
    good.body = u"您好 {customer.name}，退款将在 3-5 个工作日内原路退回。"_s;
    const auto id = answers.save(good);
    REQUIRE(id);
    CHECK(answers.errorString().isEmpty());
    CHECK(answers.answers().size() == before + 1);
    CHECK(changed.count() == 1);
    const qint64 ticket = t.addTicket(t.addCustomer(u"张伟"_s), u"退款"_s);
    QStringList unknown;
    CHECK(answers.filledFor(answers.answers().back(), ticket, &unknown) ==
          u"您好 张伟，退款将在 3-5 个工作日内原路退回。"_s);
    CHECK(unknown.isEmpty());

    // A write the store cannot make (a full disk, say) leaves the answers as they were.
    TestStore::rawSql(t.path(), {u"CREATE TRIGGER refuse BEFORE DELETE ON canned_answers "
                                 "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s});
    CHECK_FALSE(answers.remove(*id));
    CHECK_FALSE(answers.errorString().isEmpty());
    CHECK(answers.answers().size() == before + 1);
    CHECK(changed.count() == 1);
}

TEST_CASE("The time service refuses a duration or an entry that makes no sense, and writes all or nothing",
          "[workflow][services][time]")
{
    TestStore t;
    Desk desk(*t.store);
    TimeService times(desk.store());
    const qint64 ticket = t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s);
    constexpr qint64 minute = 60 * 1000;

    CHECK_FALSE(times.add(ticket, 0, u"nothing"_s));
    CHECK(times.errorString().contains(u"minute"_s));
    CHECK_FALSE(times.add(ticket, 25 * 60 * minute, u"more than a day"_s));
    CHECK(times.errorString().contains(u"24 hours"_s));
    CHECK_FALSE(times.update(0, 5 * minute, QString()));
    CHECK(times.errorString().contains(u"Select"_s));
    CHECK_FALSE(times.remove(0));
    CHECK(times.entries(ticket).isEmpty());

    const auto id = times.add(ticket, 20 * minute, u"Call back"_s);
    REQUIRE(id);
    CHECK(times.totalMs(ticket) == 20 * minute);
    CHECK(TimeService::durationText(times.totalMs(ticket)) == u"20 min"_s);
    CHECK_FALSE(times.update(*id, -minute, QString()));
    CHECK(times.totalMs(ticket) == 20 * minute);
    REQUIRE(times.update(*id, 65 * minute, u"Call back, twice"_s));
    CHECK(TimeService::durationText(times.totalMs(ticket)) == u"1 h 5 min"_s);

    // The entry and its history line are one write: without the history, no entry either.
    TestStore::rawSql(t.path(), {u"CREATE TRIGGER refuse BEFORE INSERT ON audit_events "
                                 "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s});
    CHECK_FALSE(times.add(ticket, 5 * minute, u"lost"_s));
    CHECK_FALSE(times.errorString().isEmpty());
    CHECK(times.entries(ticket).size() == 1);
    CHECK(times.totalMs(ticket) == 65 * minute);
}

TEST_CASE("The survey service refuses a solve without what the survey needs, and solves all or nothing",
          "[workflow][services][survey]")
{
    TestStore t;
    Desk desk(*t.store);
    SurveyService surveys(desk.store());
    const qint64 ticket = t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s, u"密码错误"_s, Channel::Chat);
    REQUIRE(desk.tickets().take(ticket));
    CHECK(SurveyService::defaultMode(Channel::Chat) == SurveyMode::Live);
    CHECK(SurveyService::defaultMode(Channel::Email) == SurveyMode::Queued);
    CHECK(surveys.delayMinutes() > 0);

    ResolveRequest request;
    request.ticketId = ticket;
    request.resolution = Resolution::Resolved;
    request.mode = SurveyMode::Live;
    CHECK_FALSE(surveys.resolve(request)); // no score
    CHECK(surveys.errorString().contains(u"1 to 5"_s));
    request.mode = SurveyMode::Skipped;
    request.skipReason = u"  "_s;
    CHECK_FALSE(surveys.resolve(request));
    CHECK_FALSE(surveys.errorString().isEmpty());
    request.resolution = Resolution::NotResolved;
    CHECK_FALSE(surveys.resolve(request));
    CHECK(desk.tickets().ticket(ticket)->status == TicketStatus::Open);
    CHECK(SurveyStore(desk.store()).surveys(ticket).isEmpty());
    CHECK_FALSE(surveys.keepOpen(ticket + 100, u"still broken"_s));
    CHECK(surveys.errorString().contains(u"no longer exists"_s));

    // Solving and the survey are one write: a survey that cannot be written leaves the ticket open.
    TestStore::rawSql(t.path(), {u"CREATE TRIGGER refuse BEFORE INSERT ON surveys "
                                 "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s});
    request.resolution = Resolution::Resolved;
    request.mode = SurveyMode::Live;
    request.score = 4;
    CHECK_FALSE(surveys.resolve(request));
    CHECK_FALSE(surveys.errorString().isEmpty());
    CHECK(desk.tickets().ticket(ticket)->status == TicketStatus::Open);
    TestStore::rawSql(t.path(), {u"DROP TRIGGER refuse"_s});
    REQUIRE(surveys.resolve(request));
    CHECK(surveys.errorString().isEmpty());
    CHECK(desk.tickets().ticket(ticket)->status == TicketStatus::Solved);
}

TEST_CASE("The escalation service refuses a request without a reason, and escalates all or nothing",
          "[workflow][services][escalation]")
{
    TestStore t;
    Desk desk(*t.store);
    EscalationService escalations(desk.store());
    const qint64 l2 = *PeopleStore(*t.store).createTeam({0, u"Technical Specialists L2"_s, 2});
    const qint64 ticket = t.addTicket(t.addCustomer(u"张伟"_s), u"App 闪退"_s, u"升级后一打开就闪退"_s);
    const qint64 teamBefore = desk.tickets().ticket(ticket)->teamId;
    CHECK(escalations.customerRequest(ticket) == u"升级后一打开就闪退"_s);
    CHECK_FALSE(escalations.facts(ticket).isEmpty());

    EscalationRequest request;
    request.ticketId = ticket;
    request.toTeamId = l2;
    request.summary = u"Crashes on start"_s;
    CHECK_FALSE(escalations.escalate(request));
    CHECK(escalations.errorString().contains(u"reason"_s));
    CHECK_FALSE(escalations.handBack(ticket, u"Fixed"_s));
    CHECK_FALSE(escalations.errorString().isEmpty());
    CHECK(escalations.escalations(ticket).isEmpty());

    // The escalation, the ticket's move and the receiver's note are one write.
    request.reason = u"Needs a developer"_s;
    TestStore::rawSql(t.path(), {u"CREATE TRIGGER refuse BEFORE INSERT ON messages "
                                 "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s});
    CHECK_FALSE(escalations.escalate(request));
    CHECK_FALSE(escalations.errorString().isEmpty());
    CHECK(escalations.escalations(ticket).isEmpty());
    CHECK_FALSE(escalations.openEscalation(ticket));
    CHECK(desk.tickets().ticket(ticket)->teamId == teamBefore);
    TestStore::rawSql(t.path(), {u"DROP TRIGGER refuse"_s});
    REQUIRE(escalations.escalate(request));
    CHECK(desk.tickets().ticket(ticket)->teamId == l2);
    REQUIRE(escalations.openEscalation(ticket));
    CHECK(escalations.openEscalation(ticket)->reason == request.reason);
}

TEST_CASE("The merge service refuses a merge the tickets do not allow, and merges all or nothing",
          "[workflow][services][merge]")
{
    TestStore t;
    Desk desk(*t.store);
    MergeService merges(desk.store());
    const qint64 customer = t.addCustomer(u"王磊"_s);
    const qint64 duplicate = t.addTicket(customer, u"无法登录"_s, u"登录总是提示密码错误"_s);
    const qint64 kept = t.addTicket(customer, u"账号被锁"_s, u"账号被锁定了"_s);

    CHECK_FALSE(merges.merge(duplicate, duplicate));
    CHECK(merges.errorString().contains(u"itself"_s));
    CHECK_FALSE(merges.merge(duplicate, kept + 100));
    CHECK(merges.errorString().contains(u"no longer exists"_s));
    CHECK_FALSE(merges.undo(duplicate));
    CHECK_FALSE(merges.errorString().isEmpty());
    CHECK(desk.tickets().ticket(duplicate)->mergedInto == 0);

    // Closing the duplicate and its history line are one write.
    TestStore::rawSql(t.path(), {u"CREATE TRIGGER refuse BEFORE INSERT ON audit_events "
                                 "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s});
    CHECK_FALSE(merges.merge(duplicate, kept));
    CHECK_FALSE(merges.errorString().isEmpty());
    CHECK(desk.tickets().ticket(duplicate)->mergedInto == 0);
    CHECK(desk.tickets().ticket(duplicate)->status != TicketStatus::Closed);
    CHECK(merges.mergedFrom(kept).isEmpty());
    TestStore::rawSql(t.path(), {u"DROP TRIGGER refuse"_s});

    REQUIRE(merges.merge(duplicate, kept));
    CHECK(merges.errorString().isEmpty());
    CHECK(merges.mergedFrom(kept) == QList<qint64>{duplicate});
    CHECK_FALSE(MergeService::problem(*desk.tickets().ticket(duplicate), *desk.tickets().ticket(kept)).isEmpty());
    REQUIRE(merges.undo(duplicate));
    CHECK(merges.mergedFrom(kept).isEmpty());
    CHECK(desk.tickets().ticket(duplicate)->mergedInto == 0);
}

TEST_CASE("The archive service lets only a manager archive, restore or purge, and archives a batch all or nothing",
          "[workflow][services][archive]")
{
    TestStore t;
    Desk desk(*t.store);
    ArchiveService archives(desk.store());
    constexpr qint64 day = 24 * 3600 * 1000;
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i) {
        const qint64 id = t.addTicket(t.addCustomer(u"客户%1"_s.arg(i)), u"旧工单 %1"_s.arg(i), u"内容"_s);
        REQUIRE(desk.tickets().setStatus(id, TicketStatus::Solved));
        REQUIRE(desk.tickets().setStatus(id, TicketStatus::Closed));
        ids << id;
    }
    t.clock.advance(200 * day);
    ArchiveSelection selection;
    selection.closedDaysAgo = 120;
    REQUIRE(archives.count(selection) == 3);

    // The agent signed in by default is no supervisor.
    REQUIRE_FALSE(archives.canManage());
    QObject parent;
    CHECK_FALSE(archives.prepareRun(selection, &parent));
    CHECK(archives.errorString().contains(u"supervisor"_s));
    CHECK_FALSE(archives.restore(ids[0]));
    CHECK_FALSE(archives.purge(1));
    CHECK(archives.count(selection) == 3);

    t.signInAsSupervisor();
    REQUIRE(archives.canManage());
    ArchiveSelection none = selection;
    none.closedDaysAgo = 300;
    CHECK_FALSE(archives.prepareRun(none, &parent));
    CHECK(archives.errorString().contains(u"nothing to archive"_s));

    // A batch that cannot be written leaves every ticket of it as it was.
    TestStore::rawSql(t.path(), {u"CREATE TRIGGER refuse_archive BEFORE UPDATE OF archived_at ON tickets"
                                 " WHEN NEW.archived_at IS NOT NULL AND NEW.id = %1"
                                 " BEGIN SELECT RAISE(ABORT, 'disk full'); END"_s.arg(ids[2])});
    ArchiveRun *run = archives.prepareRun(selection, &parent);
    REQUIRE(run);
    CHECK(run->total() == 3);
    CHECK(archives.ageDays() == 120);
    QSignalSpy failed(run, &ArchiveRun::failed);
    CHECK_FALSE(run->step());
    REQUIRE(failed.count() == 1);
    for (qint64 id : ids)
        CHECK_FALSE(desk.tickets().ticket(id)->archivedAt.isValid());
    TestStore::rawSql(t.path(), {u"DROP TRIGGER refuse_archive"_s});

    run = archives.prepareRun(selection, &parent);
    REQUIRE(run);
    while (run->step()) {
    }
    CHECK(desk.tickets().ticket(ids[0])->archivedAt.isValid());
    CHECK(archives.count(selection) == 0);
    REQUIRE(archives.restore(ids[0]));
    CHECK_FALSE(desk.tickets().ticket(ids[0])->archivedAt.isValid());
    CHECK(archives.purgeableCount(1) == 0); // archived, but never exported
    REQUIRE(archives.markExported({ids[1], ids[2]}));
    t.clock.advance(2 * day);
    CHECK(archives.purgeableCount(1) == 2);
    CHECK(archives.purge(1) == 2);
    CHECK_FALSE(desk.tickets().ticket(ids[1]));
    CHECK(desk.tickets().ticket(ids[0]));
}

TEST_CASE("Applying the rules' suggestion is all or nothing, and a refusal says why", "[workflow][classification]")
{
    TestStore t;
    Desk desk(*t.store);
    REQUIRE(ClassificationRuleStore(desk.store()).ensureDefaults());
    const qint64 ticket = t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s, u"收不到验证码"_s);
    ClassificationAssistant assistant(desk.store());
    const ClassificationSuggestion suggestion = assistant.suggestionFor(ticket);
    REQUIRE_FALSE(suggestion.isEmpty());
    const Ticket before = *desk.tickets().ticket(ticket);

    TestStore::rawSql(t.path(), {u"CREATE TRIGGER refuse BEFORE INSERT ON audit_events "
                                 "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s});
    CHECK_FALSE(assistant.apply(ticket, suggestion));
    CHECK_FALSE(assistant.errorString().isEmpty());
    const Ticket after = *desk.tickets().ticket(ticket);
    CHECK(after.category == before.category);
    CHECK(after.priority == before.priority);
    CHECK(after.tags == before.tags);
    TestStore::rawSql(t.path(), {u"DROP TRIGGER refuse"_s});
    REQUIRE(assistant.apply(ticket, suggestion));
    CHECK(assistant.suggestionFor(ticket).isEmpty());
}

TEST_CASE("The conversation service refuses an empty message or a file too large, and adds a message all or nothing",
          "[workflow][services][conversation]")
{
    TestStore t;
    Desk desk(*t.store);
    ConversationService conversation(desk.store());
    const qint64 ticket = t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s, u"密码错误"_s);
    const qsizetype before = conversation.messages(ticket).size();
    QSignalSpy added(&desk, &Desk::messagesAdded);

    CHECK_FALSE(conversation.reply(ticket, u"  \n"_s));
    CHECK(conversation.errorString().contains(u"reply"_s));
    CHECK_FALSE(conversation.addNote(ticket, QString()));
    CHECK(conversation.errorString().contains(u"note"_s));
    AttachmentInput big;
    big.name = u"dump.bin"_s;
    big.content = QByteArray(ConversationService::maxAttachmentBytes + 1, 'x');
    CHECK_FALSE(conversation.reply(ticket, u"see attached"_s, {big}));
    CHECK(conversation.errorString().contains(u"dump.bin"_s));
    CHECK(ConversationService::attachmentProblem(u"a.pdf"_s, 1024).isEmpty());
    CHECK(conversation.messages(ticket).size() == before);
    CHECK(added.isEmpty());

    // The message and its attachment are one write: without the attachment, no message either,
    // and what was typed stays a draft.
    REQUIRE(conversation.saveDraft(ticket, Draft{u"请看截图"_s, false}));
    TestStore::rawSql(t.path(), {u"CREATE TRIGGER refuse BEFORE INSERT ON attachments "
                                 "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s});
    AttachmentInput shot;
    shot.name = u"screen.png"_s;
    shot.mimeType = u"image/png"_s;
    shot.content = QByteArray("\x89PNG small", 10);
    CHECK_FALSE(conversation.reply(ticket, u"请看截图"_s, {shot}));
    CHECK_FALSE(conversation.errorString().isEmpty());
    CHECK(conversation.messages(ticket).size() == before);
    CHECK(conversation.draft(ticket)->body == u"请看截图"_s);
    TestStore::rawSql(t.path(), {u"DROP TRIGGER refuse"_s});

    const auto id = conversation.reply(ticket, u"请看截图"_s, {shot});
    REQUIRE(id);
    CHECK(conversation.errorString().isEmpty());
    CHECK(conversation.lastMessageId(ticket) == *id);
    CHECK(conversation.messages(ticket, *id - 1).size() == 1);
    CHECK_FALSE(conversation.draft(ticket));
    CHECK(added.count() == 1);
    const Message sent = conversation.messages(ticket).last();
    REQUIRE(sent.attachments.size() == 1);
    CHECK(conversation.attachment(sent.attachments[0].id)->content == shot.content);
    REQUIRE(conversation.addNote(ticket, u"Customer sent the same screenshot by email"_s));
    CHECK(conversation.messages(ticket).last().kind == MessageKind::Note);
}

TEST_CASE("A follow-up takes the closed ticket's draft along, both or neither", "[workflow][services][followup]")
{
    TestStore t;
    Desk desk(*t.store);
    ConversationService conversation(desk.store());
    const qint64 closed = t.addTicket(t.addCustomer(u"张伟"_s), u"无法登录"_s, u"密码错误"_s);
    CHECK_FALSE(conversation.followUp(closed));
    CHECK(conversation.errorString().contains(u"not closed"_s));
    REQUIRE(desk.tickets().setStatus(closed, TicketStatus::Solved));
    REQUIRE(desk.tickets().setStatus(closed, TicketStatus::Closed));
    REQUIRE(conversation.saveDraft(closed, Draft{u"您好，关于上次的问题"_s, false}));
    const qint64 ticketsBefore = t.store->stats().tickets;

    TestStore::rawSql(t.path(), {u"CREATE TRIGGER refuse BEFORE INSERT ON drafts "
                                 "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s});
    CHECK_FALSE(conversation.followUp(closed));
    CHECK_FALSE(conversation.errorString().isEmpty());
    CHECK(t.store->stats().tickets == ticketsBefore);
    CHECK(conversation.followUps(closed).isEmpty());
    CHECK(conversation.draft(closed)->body == u"您好，关于上次的问题"_s);
    TestStore::rawSql(t.path(), {u"DROP TRIGGER refuse"_s});

    const auto created = conversation.followUp(closed);
    REQUIRE(created);
    CHECK(conversation.followUps(closed) == QList<qint64>{*created});
    CHECK(conversation.followUpOf(*created) == closed);
    CHECK(conversation.draft(*created)->body == u"您好，关于上次的问题"_s);
    CHECK_FALSE(conversation.draft(closed));
}
