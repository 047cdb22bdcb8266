#pragma once

#include "intakebackend.h"

#include <functional>
#include <memory>

class Clock;
class LocalStore;

// The intake on a standalone desk: a store connection of its own on the HTTP thread.
class LocalIntakeBackend : public IntakeBackend
{
public:
    explicit LocalIntakeBackend(const Clock &clock);
    ~LocalIntakeBackend() override;

    bool open(const QString &storePath);
    // What IntakeService asks for a backend on each of its threads: one opened on the store,
    // or nullptr with the reason in *error.
    static std::function<std::unique_ptr<IntakeBackend>(QString *error)> factory(QString storePath, const Clock &clock);
    LocalStore &store() { return *m_store; }

    std::optional<QList<IntakeSource>> sources() override;
    std::optional<RequestIntake::Result> take(const IntakeSource &source, const QString &webhookId,
                                              const IntakeRequest &request) override;
    std::optional<CallIntake::Result> takeCall(const IntakeSource &source, const QString &webhookId,
                                               const CallEvent &event) override;
    QString errorString() const override { return m_error; }

private:
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<RequestIntake> m_intake;
    std::unique_ptr<CallIntake> m_calls;
    QString m_error;
};
