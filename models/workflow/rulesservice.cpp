#include "rulesservice.h"

#include "classificationrulestore.h"
#include "localstore.h"
#include "ticketclassifier.h"

RulesService::RulesService(LocalStore &store)
    : m_store(store)
{}

QList<ClassificationRule> RulesService::rules() const
{
    return ClassificationRuleStore(m_store).rules();
}

bool RulesService::canChange() const
{
    return m_store.signedInAsManager();
}

bool RulesService::refuseUnlessAllowed()
{
    if (canChange())
        return false;
    m_error = tr("Only a supervisor or an administrator can change the rules.");
    return true;
}

bool RulesService::done(bool ok)
{
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}

std::optional<qint64> RulesService::save(const ClassificationRule &rule)
{
    if (refuseUnlessAllowed())
        return std::nullopt;
    if (const QString problem = TicketClassifier::problem(rule); !problem.isEmpty()) {
        m_error = problem;
        return std::nullopt;
    }
    const auto id = ClassificationRuleStore(m_store).save(rule);
    done(id.has_value());
    return id;
}

bool RulesService::remove(qint64 ruleId)
{
    if (refuseUnlessAllowed())
        return false;
    return done(ClassificationRuleStore(m_store).remove(ruleId));
}

bool RulesService::move(qint64 ruleId, int direction)
{
    if (refuseUnlessAllowed())
        return false;
    return done(ClassificationRuleStore(m_store).move(ruleId, direction));
}

bool RulesService::ensureDefaults()
{
    return done(ClassificationRuleStore(m_store).ensureDefaults());
}
