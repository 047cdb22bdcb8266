#pragma once

#include "classificationrule.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The classification rules as supervisors keep them: only a supervisor or an administrator
// changes them, and a rule that could never decide anything is refused with the reason before
// anything is written. The rules are tried in the order kept here.
class RulesService
{
    Q_DECLARE_TR_FUNCTIONS(RulesService)

public:
    explicit RulesService(LocalStore &store);

    QList<ClassificationRule> rules() const;
    bool canChange() const;
    // Inserts a rule with id 0 at the end, else updates it.
    std::optional<qint64> save(const ClassificationRule &rule);
    bool remove(qint64 ruleId);
    // Swaps the rule with its neighbour above (-1) or below (+1).
    bool move(qint64 ruleId, int direction);
    // The default rules, once per store (so deleting them all is respected).
    bool ensureDefaults();

    QString errorString() const { return m_error; }

private:
    bool refuseUnlessAllowed();
    bool done(bool ok);

    LocalStore &m_store;
    QString m_error;
};
