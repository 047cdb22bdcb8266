#include "serverintakesources.h"

#include "sqlerrortext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

ServerIntakeSources::ServerIntakeSources(QSqlDatabase db)
    : m_db(std::move(db))
{}

std::optional<qint64> ServerIntakeSources::add(const IntakeSource &source, const QString &team)
{
    const QJsonObject fields{
        {u"name"_s, source.name},          {u"channel"_s, int(source.channel)},
        {u"reply_url"_s, source.replyUrl}, {u"requests_per_minute"_s, source.requestsPerMinute},
        {u"team"_s, team.trimmed()},
    };
    QSqlQuery query(m_db);
    query.prepare(u"SELECT deskline.intake_source_save(?::jsonb)"_s);
    query.addBindValue(QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)));
    m_nameTaken = false;
    if (!query.exec() || !query.next()) {
        m_nameTaken = query.lastError().nativeErrorCode() == u"23505"_s;
        m_error = m_nameTaken ? tr("A source named \"%1\" exists already.").arg(source.name)
                              : sqlErrorText(query.lastError());
        return std::nullopt;
    }
    m_error.clear();
    return query.value(0).toLongLong();
}

std::optional<QList<ServerIntakeSources::Listed>> ServerIntakeSources::list()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT s.id, s.name, s.channel, s.reply_url, s.requests_per_minute, coalesce(t.name, '')"
                    " FROM deskline.v_intake_sources s LEFT JOIN deskline.v_teams t ON t.id = s.team_id"
                    " ORDER BY s.name"_s)) {
        m_error = sqlErrorText(query.lastError());
        return std::nullopt;
    }
    QList<Listed> result;
    while (query.next()) {
        Listed listed;
        listed.source.id = query.value(0).toLongLong();
        listed.source.name = query.value(1).toString();
        listed.source.channel = Channel(query.value(2).toInt());
        listed.source.replyUrl = query.value(3).toString();
        listed.source.requestsPerMinute = query.value(4).toInt();
        listed.team = query.value(5).toString();
        result.append(listed);
    }
    m_error.clear();
    return result;
}

std::optional<ServerIntakeSources::Listed> ServerIntakeSources::byName(const QString &name)
{
    const auto all = list();
    if (!all)
        return std::nullopt;
    for (const Listed &listed : *all) {
        if (listed.source.name == name)
            return listed;
    }
    m_error = tr("There is no source named \"%1\".").arg(name);
    return std::nullopt;
}

bool ServerIntakeSources::remove(const QString &name)
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT deskline.intake_source_remove(?)"_s);
    query.addBindValue(name);
    if (!query.exec() || !query.next()) {
        m_error = sqlErrorText(query.lastError());
        return false;
    }
    if (!query.value(0).toBool()) {
        m_error = tr("There is no source named \"%1\".").arg(name);
        return false;
    }
    m_error.clear();
    return true;
}
