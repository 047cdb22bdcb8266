#include "intakesources.h"

#include "intakestore.h"
#include "localstore.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

IntakeSources::IntakeSources(LocalStore &store, IntakeSecrets &secrets)
    : m_store(store)
    , m_secrets(secrets)
{}

std::optional<IntakeSource> IntakeSources::checkFields(const IntakeSource &input, QString *problem)
{
    IntakeSource source = input;
    source.name = input.name.trimmed();
    static const QRegularExpression nameShape(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$"_s);
    if (!nameShape.match(source.name).hasMatch()) {
        *problem = tr("A source's name is 1 to 60 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        return std::nullopt;
    }
    if (source.channel == Channel::Email) {
        *problem = tr("A source posts web, social, chat or phone requests (a telephone system's call events).");
        return std::nullopt;
    }
    source.replyUrl = input.replyUrl.trimmed();
    if (!source.replyUrl.isEmpty()) {
        const QUrl url(source.replyUrl, QUrl::StrictMode);
        const bool local = url.host() == u"127.0.0.1"_s || url.host() == u"localhost"_s || url.host() == u"::1"_s;
        if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty() ||
            !(url.scheme() == u"https"_s || (url.scheme() == u"http"_s && local))) {
            *problem =
                tr("The reply URL must be https://HOST/PATH (http:// only to this machine), without a password.");
            return std::nullopt;
        }
    }
    if (source.requestsPerMinute < 1 || source.requestsPerMinute > 100'000) {
        *problem = tr("A source may post 1 to 100,000 requests a minute.");
        return std::nullopt;
    }
    return source;
}

std::optional<IntakeSource> IntakeSources::check(const IntakeSource &input)
{
    return checkFields(input, &m_error);
}

std::optional<QString> IntakeSources::add(const IntakeSource &input)
{
    const auto source = check(input);
    if (!source)
        return std::nullopt;
    IntakeStore store(m_store);
    if (store.source(source->name)) {
        m_error = tr("A source named \"%1\" exists already.").arg(source->name);
        return std::nullopt;
    }
    // The secret first: a source in the store without one would refuse every request, while a
    // secret without its source (a stop in between) is replaced when the source is added again.
    const auto secret = m_secrets.create(source->name);
    if (!secret) {
        m_error = m_secrets.errorString();
        return std::nullopt;
    }
    if (!store.addSource(*source)) {
        m_error = m_store.errorString();
        m_secrets.remove(source->name);
        return std::nullopt;
    }
    return secret;
}

std::optional<QString> IntakeSources::rotateSecret(const QString &name, qint64 graceMs)
{
    if (!IntakeStore(m_store).source(name)) {
        m_error = tr("There is no source \"%1\".").arg(name);
        return std::nullopt;
    }
    const auto secret = m_secrets.rotate(name, graceMs, m_store.nowMs());
    if (!secret)
        m_error = m_secrets.errorString();
    return secret;
}

bool IntakeSources::remove(const QString &name)
{
    IntakeStore store(m_store);
    const auto source = store.source(name);
    if (!source) {
        m_error = tr("There is no source \"%1\".").arg(name);
        return false;
    }
    if (!store.removeSource(source->id)) {
        m_error = m_store.errorString();
        return false;
    }
    if (!m_secrets.remove(name)) {
        m_error = m_secrets.errorString();
        return false;
    }
    return true;
}

QList<IntakeSource> IntakeSources::sources() const
{
    return IntakeStore(m_store).sources();
}
