#include "localintakebackend.h"

#include "intakestore.h"
#include "localstore.h"

LocalIntakeBackend::LocalIntakeBackend(const Clock &clock)
    : m_store(std::make_unique<LocalStore>(clock))
    , m_intake(std::make_unique<RequestIntake>(*m_store))
    , m_calls(std::make_unique<CallIntake>(*m_store))
{}

LocalIntakeBackend::~LocalIntakeBackend() = default;

std::function<std::unique_ptr<IntakeBackend>(QString *)> LocalIntakeBackend::factory(QString storePath,
                                                                                     const Clock &clock)
{
    return [storePath = std::move(storePath), &clock](QString *error) -> std::unique_ptr<IntakeBackend> {
        auto backend = std::make_unique<LocalIntakeBackend>(clock);
        if (!backend->open(storePath)) {
            *error = backend->errorString();
            return nullptr;
        }
        return backend;
    };
}

bool LocalIntakeBackend::open(const QString &storePath)
{
    const bool ok = m_store->open(storePath);
    m_error = ok ? QString() : m_store->errorString();
    return ok;
}

std::optional<QList<IntakeSource>> LocalIntakeBackend::sources()
{
    QList<IntakeSource> result = IntakeStore(*m_store).sources();
    if (m_store->isDamaged()) {
        m_error = m_store->errorString();
        return std::nullopt;
    }
    return result;
}

std::optional<RequestIntake::Result> LocalIntakeBackend::take(const IntakeSource &source, const QString &webhookId,
                                                              const IntakeRequest &request)
{
    auto result = m_intake->take(source, webhookId, request);
    m_error = result ? QString() : m_intake->errorString();
    return result;
}

std::optional<CallIntake::Result> LocalIntakeBackend::takeCall(const IntakeSource &source, const QString &webhookId,
                                                               const CallEvent &event)
{
    auto result = m_calls->take(source, webhookId, event);
    m_error = result ? QString() : m_calls->errorString();
    return result;
}
