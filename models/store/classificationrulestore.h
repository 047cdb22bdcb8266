#pragma once

#include "classificationrule.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>

#include <optional>

class LocalStore;

// The classification rules kept in the desk's store, in the order they are tried. Writes run in
// one transaction each (with the server's mutation in team mode) and are announced by
// LocalStore::classificationRulesChanged.
class ClassificationRuleStore
{
    Q_DECLARE_TR_FUNCTIONS(ClassificationRuleStore)

public:
    explicit ClassificationRuleStore(LocalStore &store);

    QList<ClassificationRule> rules() const;
    // Inserts a rule with id 0 at the end, else updates it. Who may, and which rules make
    // sense, RulesService decides first.
    std::optional<qint64> save(const ClassificationRule &rule);
    bool remove(qint64 ruleId);
    // Swaps the rule with its neighbour above (-1) or below (+1).
    bool move(qint64 ruleId, int direction);
    // Writes the default rules once per store, so deleting them all is respected. In team mode
    // the server keeps them: the first desk's defaults are written there once for the team.
    bool ensureDefaults();

private:
    // Inside a transaction: the rule's row, inserted (id 0) at the end or updated.
    std::optional<qint64> writeRule(const ClassificationRule &rule);
    // In team mode: the rule as it now is, for the server (by its client id, given one if new).
    bool enqueueSave(qint64 ruleId);
    static QJsonObject ruleArgs(const ClassificationRule &rule, const QString &clientId, int position);

    LocalStore &m_store;
};
