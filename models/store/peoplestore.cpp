#include "peoplestore.h"

#include "localstore.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

Agent readAgent(const QSqlQuery &query)
{
    Agent agent;
    agent.id = query.value(0).toLongLong();
    agent.login = query.value(1).toString();
    agent.name = query.value(2).toString();
    agent.teamId = query.value(3).toLongLong();
    agent.role = fieldFromInt<AgentRole>(query.value(4).toInt());
    return agent;
}

} // namespace

PeopleStore::PeopleStore(LocalStore &store)
    : m_store(store)
{}

QList<Team> PeopleStore::teams() const
{
    QList<Team> result;
    QSqlQuery query(m_store.database());
    query.exec(u"SELECT id, name, tier FROM teams ORDER BY tier, name"_s);
    while (query.next())
        result.append({query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toInt()});
    return result;
}

std::optional<Team> PeopleStore::team(qint64 id) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT id, name, tier FROM teams WHERE id = :id"_s);
    query.bindValue(u":id"_s, id);
    if (query.exec() && query.next())
        return Team{query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toInt()};
    return std::nullopt;
}

QList<Agent> PeopleStore::agents() const
{
    QList<Agent> result;
    QSqlQuery query(m_store.database());
    query.exec(u"SELECT id, login, name, team_id, role FROM agents ORDER BY name"_s);
    while (query.next())
        result.append(readAgent(query));
    return result;
}

std::optional<Agent> PeopleStore::agent(qint64 id) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT id, login, name, team_id, role FROM agents WHERE id = :id"_s);
    query.bindValue(u":id"_s, id);
    if (query.exec() && query.next())
        return readAgent(query);
    return std::nullopt;
}

std::optional<Agent> PeopleStore::agentByLogin(const QString &login) const
{
    if (login.isEmpty())
        return std::nullopt;
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT id, login, name, team_id, role FROM agents WHERE login = :login"_s);
    query.bindValue(u":login"_s, login);
    if (query.exec() && query.next())
        return readAgent(query);
    return std::nullopt;
}

std::optional<qint64> PeopleStore::createTeam(const Team &team)
{
    QSqlQuery query = m_store.prepare(u"INSERT INTO teams(name, tier) VALUES (:name, :tier)"_s);
    query.bindValue(u":name"_s, team.name);
    query.bindValue(u":tier"_s, team.tier);
    if (!m_store.exec(query))
        return std::nullopt;
    return query.lastInsertId().toLongLong();
}

std::optional<qint64> PeopleStore::createAgent(const Agent &agent)
{
    if (agent.login.trimmed().isEmpty()) {
        m_store.setError(tr("An agent needs a login."));
        return std::nullopt;
    }
    QSqlQuery query =
        m_store.prepare(u"INSERT INTO agents(login, name, team_id, role) VALUES (:login, :name, :team, :role)"_s);
    query.bindValue(u":login"_s, agent.login);
    query.bindValue(u":name"_s, agent.name.isEmpty() ? agent.login : agent.name);
    query.bindValue(u":team"_s, idOrNull(agent.teamId));
    query.bindValue(u":role"_s, int(agent.role));
    if (!m_store.exec(query))
        return std::nullopt;
    return query.lastInsertId().toLongLong();
}
