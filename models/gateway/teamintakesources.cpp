#include "teamintakesources.h"

#include "intakesources.h"

TeamIntakeSources::TeamIntakeSources(QSqlDatabase db, IntakeSecrets &secrets)
    : m_server(std::move(db))
    , m_secrets(secrets)
{}

std::optional<QString> TeamIntakeSources::add(const IntakeSource &input, const QString &team)
{
    const auto source = IntakeSources::checkFields(input, &m_error);
    if (!source)
        return std::nullopt;
    const auto known = m_server.list();
    if (!known) {
        m_error = m_server.errorString();
        return std::nullopt;
    }
    for (const ServerIntakeSources::Listed &listed : *known) {
        if (listed.source.name == source->name) {
            // Its secret stays as it is: a new one here would lock the source out.
            m_error = tr("A source named \"%1\" exists already.").arg(source->name);
            return std::nullopt;
        }
    }
    // The secret first, as on a standalone desk: a source without one would refuse every
    // request, while a secret without its source is replaced when the source is added again.
    const auto secret = m_secrets.create(source->name);
    if (!secret) {
        m_error = m_secrets.errorString();
        return std::nullopt;
    }
    if (!m_server.add(*source, team)) {
        m_error = m_server.errorString();
        // Added at the same moment by someone else: theirs is the secret now.
        if (!m_server.nameTaken())
            m_secrets.remove(source->name);
        return std::nullopt;
    }
    return secret;
}

std::optional<QString> TeamIntakeSources::rotateSecret(const QString &name, qint64 graceMs, qint64 nowMs)
{
    if (!m_server.byName(name)) {
        m_error = m_server.errorString();
        return std::nullopt;
    }
    const auto secret = m_secrets.rotate(name, graceMs, nowMs);
    if (!secret)
        m_error = m_secrets.errorString();
    return secret;
}

bool TeamIntakeSources::remove(const QString &name)
{
    if (!m_server.remove(name)) {
        m_error = m_server.errorString();
        return false;
    }
    if (!m_secrets.remove(name)) {
        m_error = m_secrets.errorString();
        return false;
    }
    return true;
}

std::optional<QList<ServerIntakeSources::Listed>> TeamIntakeSources::list()
{
    auto listed = m_server.list();
    if (!listed)
        m_error = m_server.errorString();
    return listed;
}
