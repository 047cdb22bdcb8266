#include "schemamigrations.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace {

// The running totals of one row (OLD or NEW) added (sign 1) or taken out (sign -1): a row of
// tickets in step 16, of ticket_report in step 17, whose columns have the same names.
QString reportTotalsChange(const QString &row, int sign)
{
    const QString r = row + u'.';
    const QString n = QString::number(sign);
    return u"INSERT INTO report_cells (day, team_id, assignee_id, channel, category, created, responded,"
           " first_response_bms, first_response_met, solved, resolution_bms, resolution_met, reopened, escalated)"
           " SELECT %1report_day, coalesce(%1team_id, 0), coalesce(%1assignee_id, 0), %1channel, %1category, %2,"
           " %2 * (%1first_response_bms IS NOT NULL), %2 * coalesce(%1first_response_bms, 0),"
           " %2 * coalesce(%1first_response_met, 0), %2 * (%1resolution_bms IS NOT NULL),"
           " %2 * coalesce(%1resolution_bms, 0), %2 * coalesce(%1resolution_met, 0),"
           " %2 * (%1reopened > 0 AND %1resolution_bms IS NOT NULL), %2 * (%1escalated > 0)"
           " WHERE %1merged_into IS NULL ON CONFLICT (day, team_id, assignee_id, channel, category)"
           " DO UPDATE SET created = created + excluded.created, responded = responded + excluded.responded,"
           " first_response_bms = first_response_bms + excluded.first_response_bms,"
           " first_response_met = first_response_met + excluded.first_response_met, solved = solved + excluded.solved,"
           " resolution_bms = resolution_bms + excluded.resolution_bms,"
           " resolution_met = resolution_met + excluded.resolution_met, reopened = reopened + excluded.reopened,"
           " escalated = escalated + excluded.escalated;"
           " INSERT INTO report_hours (day, hour, team_id, created)"
           " SELECT %1report_day, %1report_hour, coalesce(%1team_id, 0), %2 WHERE %1merged_into IS NULL"
           " ON CONFLICT (day, hour, team_id) DO UPDATE SET created = created + excluded.created;"
           " INSERT INTO report_ratings (day, team_id, agent_id, score, answers)"
           " SELECT %1rating_day, coalesce(%1team_id, 0), coalesce(%1rating_agent, 0), %1rating, %2"
           " WHERE %1rating IS NOT NULL AND %1merged_into IS NULL"
           " ON CONFLICT (day, team_id, agent_id, score) DO UPDATE SET answers = answers + excluded.answers;"_s.arg(r,
                                                                                                                    n);
}

// Step 16's triggers that add a ready ticket to the totals and take it out again. They stay
// generated rather than written out in 0016_report_totals.sql: adding (NEW, 1) and taking out
// (OLD, -1) must be the same text, and the list of what a ticket is counted by names each column
// in two places. The fixture tests/unit/data/schema-v16.txt holds the text they give.
QStringList reportTotalsTriggers()
{
    // What a ticket is counted by: a change of any of these takes it out of the totals.
    const QStringList countedBy{u"created_at"_s,  u"first_response_at"_s, u"solved_at"_s, u"team_id"_s,
                                u"assignee_id"_s, u"channel"_s,           u"category"_s,  u"priority"_s,
                                u"merged_into"_s, u"reopened"_s,          u"escalated"_s};
    QStringList changed;
    for (const QString &column : countedBy)
        changed.append(u"OLD.%1 IS NOT NEW.%1"_s.arg(column));
    return {
        u"CREATE TRIGGER tickets_report_counted AFTER UPDATE OF report_ready ON tickets"
        " WHEN OLD.report_ready <> 1 AND NEW.report_ready = 1 BEGIN "_s +
            reportTotalsChange(u"NEW"_s, 1) + u" END"_s,
        u"CREATE TRIGGER tickets_report_uncounted AFTER UPDATE OF report_ready ON tickets"
        " WHEN OLD.report_ready = 1 AND NEW.report_ready = 0 BEGIN "_s +
            reportTotalsChange(u"OLD"_s, -1) + u" END"_s,
        u"CREATE TRIGGER tickets_report_changed AFTER UPDATE OF "_s + countedBy.join(u", "_s) +
            u" ON tickets WHEN OLD.report_ready = 1 AND ("_s + changed.join(u" OR "_s) + u") BEGIN "_s +
            reportTotalsChange(u"OLD"_s, -1) + u" UPDATE tickets SET report_ready = 2 WHERE id = NEW.id; END"_s,
        u"CREATE TRIGGER tickets_report_deleted AFTER DELETE ON tickets WHEN OLD.report_ready = 1 BEGIN "_s +
            reportTotalsChange(u"OLD"_s, -1) + u" END"_s,
    };
}

// Step 17's triggers that add a ticket_report row to the totals when it is counted and take it
// out again. Generated for the reason step 16's are; the row keeps its copies under the names of
// the columns of tickets that step 16 counted, so the text is step 16's and a ticket makes the
// same totals in both. They fire on counted alone, so that the triggers that only mark a row
// stale set nothing off. The fixture tests/unit/data/schema-v17.txt holds the text they give.
QStringList ticketReportTriggers()
{
    return {
        u"CREATE TRIGGER ticket_report_counted AFTER UPDATE OF counted ON ticket_report"
        " WHEN OLD.counted <> 1 AND NEW.counted = 1 BEGIN "_s +
            reportTotalsChange(u"NEW"_s, 1) + u" END"_s,
        // Not from 1 to 2: the totals were emptied wholesale.
        u"CREATE TRIGGER ticket_report_uncounted AFTER UPDATE OF counted ON ticket_report"
        " WHEN OLD.counted = 1 AND NEW.counted = 0 BEGIN "_s +
            reportTotalsChange(u"OLD"_s, -1) + u" END"_s,
    };
}

// What a step's file cannot say: statements generated here, run after the file's own.
QStringList generatedStatements(int version)
{
    switch (version) {
    case 16:
        return reportTotalsTriggers();
    case 17:
        return ticketReportTriggers();
    default:
        return {};
    }
}

bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$' || c.unicode() >= 0x80;
}

} // namespace

const QList<SchemaMigration> &SchemaMigrations::all()
{
    static const QList<SchemaMigration> steps = load();
    return steps;
}

int SchemaMigrations::latestVersion()
{
    return all().isEmpty() ? 0 : all().back().version;
}

QList<SchemaMigration> SchemaMigrations::load()
{
    QList<SchemaMigration> steps;
    const QDir folder(u":/deskline/store/sql"_s);
    for (const QString &name : folder.entryList({u"*.sql"_s}, QDir::Files, QDir::Name)) {
        SchemaMigration step;
        step.version = name.left(4).toInt();
        step.source = folder.filePath(name);
        QFile file(step.source);
        if (!file.open(QIODevice::ReadOnly)) {
            step.problem = tr("Cannot read %1.").arg(step.source);
        } else if (const auto statements = splitStatements(QString::fromUtf8(file.readAll()), &step.problem)) {
            step.statements = *statements + generatedStatements(step.version);
        } else {
            step.problem = u"%1: %2"_s.arg(name, step.problem);
        }
        steps.append(step);
    }
    return steps;
}

std::optional<QStringList> SchemaMigrations::splitStatements(QStringView script, QString *problem)
{
    const auto fail = [&](qsizetype at, const QString &what) -> std::optional<QStringList> {
        if (problem)
            *problem = what.arg(script.first(at).count(u'\n') + 1);
        return std::nullopt;
    };
    QStringList statements;
    qsizetype start = -1;  // where the statement being read begins
    int words = 0;         // 1 or 2 after CREATE or CREATE TEMP at its start; -1 once it is past them
    bool trigger = false;  // it is a CREATE TRIGGER: its body's semicolons end nothing
    bool afterEnd = false; // the last token was the word END
    qsizetype i = 0;
    while (i < script.size()) {
        const QChar c = script[i];
        const QChar next = i + 1 < script.size() ? script[i + 1] : QChar();
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == u'-' && next == u'-') {
            const qsizetype end = script.indexOf(u'\n', i);
            i = end < 0 ? script.size() : end + 1;
            continue;
        }
        if (c == u'/' && next == u'*') {
            const qsizetype end = script.indexOf(u"*/", i + 2);
            if (end < 0)
                return fail(i, tr("the comment that starts on line %1 is not closed"));
            i = end + 2;
            continue;
        }
        if (start < 0) {
            start = i;
            words = 0;
            trigger = false;
        }
        if (c == u';') {
            if (!trigger || afterEnd) {
                statements << script.sliced(start, i - start).trimmed().toString();
                start = -1;
            }
            afterEnd = false;
            ++i;
            continue;
        }
        afterEnd = false;
        if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
            // A doubled quote inside is read as two quoted runs side by side, which ends the same.
            const qsizetype end = script.indexOf(c == u'[' ? u']' : c, i + 1);
            if (end < 0)
                return fail(i, tr("the quote that starts on line %1 is not closed"));
            i = end + 1;
            words = -1;
            continue;
        }
        if (!isWordCharacter(c)) {
            words = -1;
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end < script.size() && isWordCharacter(script[end]))
            ++end;
        const QStringView word = script.sliced(i, end - i);
        const auto is = [&](QLatin1StringView keyword) { return word.compare(keyword, Qt::CaseInsensitive) == 0; };
        if (words == 0 && is("CREATE"_L1)) {
            words = 1;
        } else if (words == 1 && (is("TEMP"_L1) || is("TEMPORARY"_L1))) {
            words = 2;
        } else {
            trigger = trigger || ((words == 1 || words == 2) && is("TRIGGER"_L1));
            words = -1;
        }
        afterEnd = trigger && is("END"_L1);
        i = end;
    }
    if (start >= 0)
        return fail(start, tr("the statement that starts on line %1 does not end with a semicolon"));
    return statements;
}
