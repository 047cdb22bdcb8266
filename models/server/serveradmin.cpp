#include "serveradmin.h"

#include "sqlerrortext.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

const QString ServerAdmin::gatewayRole = u"deskline_gateway"_s;

ServerAdmin::ServerAdmin(QSqlDatabase db)
    : m_db(db)
{}

QString ServerAdmin::groupRole(AgentRole role)
{
    switch (role) {
    case AgentRole::Agent:
        return u"deskline_agent"_s;
    case AgentRole::Supervisor:
        return u"deskline_supervisor"_s;
    case AgentRole::Admin:
        return u"deskline_admin"_s;
    }
    return u"deskline_agent"_s;
}

bool ServerAdmin::validLogin(const QString &login)
{
    // Logins become PostgreSQL role names; keep them to what needs no quoting anywhere.
    static const QRegularExpression loginPattern(u"^[a-z][a-z0-9_.]{0,62}$"_s);
    if (loginPattern.match(login).hasMatch())
        return true;
    m_error = tr("\"%1\" is not a valid login: use lower-case letters, digits, \".\" and \"_\", starting with a "
                 "letter.")
                  .arg(login);
    return false;
}

bool ServerAdmin::setLogin(const QString &login, const QString &password, const QString &group)
{
    QSqlQuery query(m_db);
    // CREATE ROLE takes no parameters; format() quotes the name and the password safely.
    // Typed parameters: format() takes "any", which PostgreSQL cannot infer a type from.
    query.prepare(u"SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :login::text)"
                  " THEN format('ALTER ROLE %I LOGIN PASSWORD %L', :login::text, :password::text)"
                  " ELSE format('CREATE ROLE %I LOGIN PASSWORD %L', :login::text, :password::text) END"_s);
    query.bindValue(u":login"_s, login);
    query.bindValue(u":password"_s, password);
    if (!query.exec() || !query.next()) {
        m_error = sqlErrorText(query.lastError());
        return false;
    }
    // Statements without parameters each get a query of their own: a prepared one would
    // keep its bound values.
    QSqlQuery plain(m_db);
    if (!plain.exec(query.value(0).toString())) {
        m_error = sqlErrorText(plain.lastError());
        return false;
    }
    // One Deskline group at a time: leave the others, join this one.
    QStringList groups{gatewayRole};
    for (AgentRole role : allFieldValues<AgentRole>())
        groups.append(groupRole(role));
    for (const QString &other : std::as_const(groups)) {
        QSqlQuery member(m_db);
        member.prepare(u"SELECT pg_has_role(?, ?, 'MEMBER')"_s);
        member.addBindValue(login);
        member.addBindValue(other);
        if (!member.exec() || !member.next()) {
            m_error = sqlErrorText(member.lastError());
            return false;
        }
        if (member.value(0).toBool() == (other == group))
            continue;
        const QString statement = other == group ? u"GRANT %1 TO \"%2\""_s : u"REVOKE %1 FROM \"%2\""_s;
        QSqlQuery membership(m_db);
        if (!membership.exec(statement.arg(other, login))) {
            m_error = sqlErrorText(membership.lastError());
            return false;
        }
    }
    return true;
}

bool ServerAdmin::addGateway(const QString &login, const QString &password)
{
    if (!validLogin(login))
        return false;
    if (password.isEmpty()) {
        m_error = tr("A gateway needs a password.");
        return false;
    }
    if (!m_db.transaction()) {
        m_error = sqlErrorText(m_db.lastError());
        return false;
    }
    // A gateway is no agent: an agent's login keeps its agent's rights, and gets none of these.
    QSqlQuery agent(m_db);
    agent.prepare(u"SELECT 1 FROM deskline.agents WHERE login = ? AND active"_s);
    agent.addBindValue(login);
    const bool refused = !agent.exec() || agent.next();
    if (refused || !setLogin(login, password, gatewayRole)) {
        m_error = !refused           ? tr("Cannot add the gateway: %1").arg(m_error)
                  : agent.isActive() ? tr("\"%1\" is an agent's login; give the gateway its own.").arg(login)
                                     : tr("Cannot add the gateway: %1").arg(sqlErrorText(agent.lastError()));
        m_db.rollback();
        return false;
    }
    if (!m_db.commit()) {
        m_error = sqlErrorText(m_db.lastError());
        m_db.rollback();
        return false;
    }
    return true;
}

std::optional<qint64> ServerAdmin::addAgent(const NewAgent &agent)
{
    const auto ids = addAgents({agent});
    return ids ? std::optional<qint64>(ids->first()) : std::nullopt;
}

std::optional<QList<qint64>> ServerAdmin::addAgents(const QList<NewAgent> &agents)
{
    for (const NewAgent &agent : agents) {
        if (!validLogin(agent.login))
            return std::nullopt;
        if (agent.name.trimmed().isEmpty() || agent.team.trimmed().isEmpty() || agent.password.isEmpty()) {
            m_error = tr("An agent needs a name, a team and a password.");
            return std::nullopt;
        }
    }
    if (!m_db.transaction()) {
        m_error = sqlErrorText(m_db.lastError());
        return std::nullopt;
    }
    QList<qint64> ids;
    ids.reserve(agents.size());
    for (const NewAgent &agent : agents) {
        const auto id = writeAgent(agent);
        if (!id) {
            m_db.rollback();
            return std::nullopt;
        }
        ids.append(*id);
    }
    if (!m_db.commit()) {
        m_error = sqlErrorText(m_db.lastError());
        m_db.rollback();
        return std::nullopt;
    }
    return ids;
}

std::optional<qint64> ServerAdmin::writeAgent(const NewAgent &agent)
{
    auto abort = [this](const QSqlQuery &query) -> std::optional<qint64> {
        m_error = tr("Cannot add the agent: %1").arg(sqlErrorText(query.lastError()));
        return std::nullopt;
    };
    if (!setLogin(agent.login, agent.password, groupRole(agent.role))) {
        m_error = tr("Cannot add the agent: %1").arg(m_error);
        return std::nullopt;
    }
    QSqlQuery query(m_db);
    query.prepare(u"INSERT INTO deskline.teams(name, tier) VALUES (:name, :tier) ON CONFLICT (name) DO NOTHING"_s);
    query.bindValue(u":name"_s, agent.team.trimmed());
    query.bindValue(u":tier"_s, agent.teamTier);
    if (!query.exec())
        return abort(query);
    query.prepare(u"INSERT INTO deskline.agents(login, name, team_id, role, active)"
                  " VALUES (:login, :name, (SELECT id FROM deskline.teams WHERE name = :team), :role, true)"
                  " ON CONFLICT (login) DO UPDATE SET name = excluded.name, team_id = excluded.team_id,"
                  " role = excluded.role, active = true RETURNING id"_s);
    query.bindValue(u":login"_s, agent.login);
    query.bindValue(u":name"_s, agent.name.trimmed());
    query.bindValue(u":team"_s, agent.team.trimmed());
    query.bindValue(u":role"_s, int(agent.role));
    if (!query.exec() || !query.next())
        return abort(query);
    return query.value(0).toLongLong();
}
