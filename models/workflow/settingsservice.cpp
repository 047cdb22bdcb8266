#include "settingsservice.h"

#include "autocloser.h"
#include "businesscalendar.h"
#include "clock.h"
#include "localstore.h"
#include "slapolicy.h"
#include "surveystore.h"

static_assert(SettingsService::maxSurveyDelayMinutes == SurveyStore::maxDelayMinutes);
static_assert(SettingsService::maxAutoCloseDays == AutoCloser::maxDays);

SettingsService::SettingsService(LocalStore &store)
    : m_store(store)
{}

const BusinessCalendar &SettingsService::calendar() const
{
    return m_store.sla().calendar();
}

const SlaPolicy &SettingsService::policy() const
{
    return m_store.sla().policy();
}

QDate SettingsService::today() const
{
    return m_store.clock().now().date();
}

bool SettingsService::shared() const
{
    return m_store.teamMode();
}

bool SettingsService::canChange() const
{
    return m_store.canChangeSharedSettings();
}

bool SettingsService::refuseUnlessAllowed()
{
    if (canChange())
        return false;
    m_error = tr("Only a supervisor or an administrator can change the team's settings.");
    return true;
}

bool SettingsService::setBusinessCalendar(const BusinessCalendar &calendar)
{
    if (refuseUnlessAllowed())
        return false;
    if (!m_store.setBusinessCalendar(calendar)) {
        m_error = m_store.errorString();
        return false;
    }
    return true;
}

bool SettingsService::setSlaPolicy(const SlaPolicy &policy)
{
    if (refuseUnlessAllowed())
        return false;
    if (const QString problem = policy.problem(); !problem.isEmpty()) {
        m_error = problem;
        return false;
    }
    if (!m_store.setSlaPolicy(policy)) {
        m_error = m_store.errorString();
        return false;
    }
    return true;
}

int SettingsService::surveyDelayMinutes() const
{
    return SurveyStore(m_store).delayMinutes();
}

bool SettingsService::setSurveyDelayMinutes(int minutes)
{
    if (refuseUnlessAllowed())
        return false;
    if (!SurveyStore(m_store).setDelayMinutes(minutes)) {
        m_error = m_store.errorString();
        return false;
    }
    return true;
}

int SettingsService::autoCloseDays() const
{
    return AutoCloser(m_store).days();
}

bool SettingsService::setAutoCloseDays(int days)
{
    if (refuseUnlessAllowed())
        return false;
    AutoCloser closer(m_store);
    if (!closer.setDays(days)) {
        m_error = closer.errorString();
        return false;
    }
    return true;
}
