#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QString>

class BusinessCalendar;
class LocalStore;
class SlaPolicy;

// The settings a team shares, as the window reads and changes them: the business hours, the
// service targets and the survey and auto-close delays. A change is checked here first (who may make it, whether the
// targets make sense), so a refused one writes nothing and says why; running deadlines move with a saved one.
class SettingsService
{
    Q_DECLARE_TR_FUNCTIONS(SettingsService)

public:
    explicit SettingsService(LocalStore &store);

    const BusinessCalendar &calendar() const;
    const SlaPolicy &policy() const;
    QDate today() const;
    // Team mode: the settings are the team's, set by its supervisors for every desk.
    bool shared() const;
    bool canChange() const;

    bool setBusinessCalendar(const BusinessCalendar &calendar);
    bool setSlaPolicy(const SlaPolicy &policy);

    // How long after solving a survey goes out by message, and a solved ticket closes (0: never).
    static constexpr int maxSurveyDelayMinutes = 7 * 24 * 60;
    static constexpr int maxAutoCloseDays = 90;
    int surveyDelayMinutes() const;
    bool setSurveyDelayMinutes(int minutes);
    int autoCloseDays() const;
    bool setAutoCloseDays(int days);
    QString errorString() const { return m_error; }

private:
    bool refuseUnlessAllowed();

    LocalStore &m_store;
    QString m_error;
};
