#include "classificationrulestore.h"

#include "localstore.h"
#include "ticketclassifier.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

const QString defaultsWrittenKey = u"classification_defaults_written"_s;

QString jsonList(const QStringList &values)
{
    QJsonArray array;
    for (const QString &value : values) {
        if (!value.trimmed().isEmpty())
            array.append(value.trimmed());
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QStringList listFromJson(const QString &json)
{
    QStringList values;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array)
        values << value.toString();
    return values;
}

template<typename E> QVariant optionalCode(const std::optional<E> &value)
{
    return value ? QVariant(int(*value)) : QVariant(QMetaType::fromType<int>());
}

template<typename E> std::optional<E> codeFrom(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return fieldFromInt<E>(value.toInt());
}

QJsonValue optionalJson(const QVariant &value)
{
    return value.isNull() ? QJsonValue() : QJsonValue(value.toInt());
}

} // namespace

QJsonObject ClassificationRuleStore::ruleArgs(const ClassificationRule &rule, const QString &clientId, int position)
{
    return {{u"client_id"_s, clientId},
            {u"position"_s, position},
            {u"name"_s, rule.name.trimmed()},
            {u"phrases"_s, QJsonArray::fromStringList(rule.phrases)},
            {u"channel"_s, optionalJson(optionalCode(rule.channel))},
            {u"account_status"_s, optionalJson(optionalCode(rule.accountStatus))},
            {u"category"_s, optionalJson(optionalCode(rule.category))},
            {u"priority"_s, optionalJson(optionalCode(rule.priority))},
            {u"tags"_s, QJsonArray::fromStringList(rule.tags)},
            {u"team_id"_s, rule.teamId > 0 ? QJsonValue(rule.teamId) : QJsonValue()},
            {u"enabled"_s, rule.enabled}};
}

bool ClassificationRuleStore::enqueueSave(qint64 ruleId)
{
    if (!m_store.teamMode())
        return true;
    QSqlQuery row =
        m_store.prepare(u"SELECT coalesce(client_id, ''), position FROM classification_rules WHERE id = :id"_s);
    row.bindValue(u":id"_s, ruleId);
    if (!m_store.exec(row) || !row.next())
        return false;
    QString clientId = row.value(0).toString();
    const int position = row.value(1).toInt();
    if (clientId.isEmpty()) {
        clientId = LocalStore::newClientId();
        QSqlQuery name = m_store.prepare(u"UPDATE classification_rules SET client_id = :c WHERE id = :id"_s);
        name.bindValue(u":c"_s, clientId);
        name.bindValue(u":id"_s, ruleId);
        if (!m_store.exec(name))
            return false;
    }
    for (const ClassificationRule &rule : rules()) {
        if (rule.id == ruleId)
            return m_store.enqueue(u"rule.save"_s, 0, ruleArgs(rule, clientId, position));
    }
    return false;
}

ClassificationRuleStore::ClassificationRuleStore(LocalStore &store)
    : m_store(store)
{}

QList<ClassificationRule> ClassificationRuleStore::rules() const
{
    QList<ClassificationRule> result;
    QSqlQuery query(m_store.database());
    query.exec(u"SELECT id, name, phrases, channel, account_status, category, priority, tags,"
               " coalesce(team_id, 0), enabled FROM classification_rules ORDER BY position, id"_s);
    while (query.next()) {
        ClassificationRule rule;
        rule.id = query.value(0).toLongLong();
        rule.name = query.value(1).toString();
        rule.phrases = listFromJson(query.value(2).toString());
        rule.channel = codeFrom<Channel>(query.value(3));
        rule.accountStatus = codeFrom<AccountStatus>(query.value(4));
        rule.category = codeFrom<Category>(query.value(5));
        rule.priority = codeFrom<Priority>(query.value(6));
        rule.tags = listFromJson(query.value(7).toString());
        rule.teamId = query.value(8).toLongLong();
        rule.enabled = query.value(9).toBool();
        result << rule;
    }
    return result;
}

std::optional<qint64> ClassificationRuleStore::writeRule(const ClassificationRule &rule)
{
    QSqlQuery query = m_store.prepare(
        rule.id > 0 ? u"UPDATE classification_rules SET name = :name, phrases = :phrases, channel = :channel,"
                      " account_status = :account, category = :category, priority = :priority, tags = :tags,"
                      " team_id = :team, enabled = :enabled WHERE id = :id"_s
                    : u"INSERT INTO classification_rules (position, name, phrases, channel, account_status,"
                      " category, priority, tags, team_id, enabled) VALUES ((SELECT coalesce(max(position), 0) + 1"
                      " FROM classification_rules), :name, :phrases, :channel, :account, :category, :priority,"
                      " :tags, :team, :enabled)"_s);
    query.bindValue(u":name"_s, rule.name.trimmed());
    query.bindValue(u":phrases"_s, jsonList(rule.phrases));
    query.bindValue(u":channel"_s, optionalCode(rule.channel));
    query.bindValue(u":account"_s, optionalCode(rule.accountStatus));
    query.bindValue(u":category"_s, optionalCode(rule.category));
    query.bindValue(u":priority"_s, optionalCode(rule.priority));
    query.bindValue(u":tags"_s, jsonList(rule.tags));
    query.bindValue(u":team"_s, rule.teamId > 0 ? QVariant(rule.teamId) : QVariant(QMetaType::fromType<qint64>()));
    query.bindValue(u":enabled"_s, rule.enabled);
    if (rule.id > 0)
        query.bindValue(u":id"_s, rule.id);
    if (!m_store.exec(query))
        return std::nullopt;
    if (rule.id > 0 && query.numRowsAffected() != 1) {
        m_store.setError(tr("The rule was deleted meanwhile."));
        return std::nullopt;
    }
    return rule.id > 0 ? rule.id : query.lastInsertId().toLongLong();
}

std::optional<qint64> ClassificationRuleStore::save(const ClassificationRule &rule)
{
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        id = writeRule(rule);
        return id && enqueueSave(*id);
    });
    if (!ok)
        return std::nullopt;
    m_store.noteChanged(UnitOfWork::Subject::ClassificationRules);
    return id;
}

bool ClassificationRuleStore::remove(qint64 ruleId)
{
    const bool ok = m_store.transaction([&] {
        if (m_store.teamMode()) {
            QSqlQuery clientId = m_store.prepare(
                u"SELECT client_id FROM classification_rules WHERE id = :id AND client_id IS NOT NULL"_s);
            clientId.bindValue(u":id"_s, ruleId);
            if (!m_store.exec(clientId))
                return false;
            if (clientId.next() &&
                !m_store.enqueue(u"rule.remove"_s, 0, {{u"client_id"_s, clientId.value(0).toString()}}))
                return false;
        }
        QSqlQuery query = m_store.prepare(u"DELETE FROM classification_rules WHERE id = :id"_s);
        query.bindValue(u":id"_s, ruleId);
        return m_store.exec(query);
    });
    if (ok)
        m_store.noteChanged(UnitOfWork::Subject::ClassificationRules);
    return ok;
}

bool ClassificationRuleStore::move(qint64 ruleId, int direction)
{
    const QList<ClassificationRule> ordered = rules();
    qsizetype from = -1;
    for (qsizetype i = 0; i < ordered.size(); ++i) {
        if (ordered[i].id == ruleId)
            from = i;
    }
    const qsizetype to = from + (direction < 0 ? -1 : 1);
    if (from < 0 || to < 0 || to >= ordered.size())
        return false;
    // Positions are rewritten as the list's order, so earlier ties cannot make a swap a no-op.
    QList<qint64> ids;
    for (const ClassificationRule &rule : ordered)
        ids << rule.id;
    ids.swapItemsAt(from, to);
    const bool ok = m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"UPDATE classification_rules SET position = :position WHERE id = :id"_s);
        for (qsizetype i = 0; i < ids.size(); ++i) {
            query.bindValue(u":position"_s, qint64(i + 1));
            query.bindValue(u":id"_s, ids[i]);
            if (!m_store.exec(query))
                return false;
        }
        // The two that changed places tell the server.
        return enqueueSave(ids[from]) && enqueueSave(ids[to]);
    });
    if (ok)
        m_store.noteChanged(UnitOfWork::Subject::ClassificationRules);
    return ok;
}

bool ClassificationRuleStore::ensureDefaults()
{
    if (!m_store.metaValue(defaultsWrittenKey).isEmpty())
        return true;
    if (m_store.teamMode()) {
        // Offered once; the server writes them only if no desk of the team has before.
        QJsonArray rules;
        int position = 0;
        for (const ClassificationRule &rule : TicketClassifier::defaultRules())
            rules.append(ruleArgs(rule, LocalStore::newClientId(), ++position));
        return m_store.transaction([&] {
            return m_store.enqueue(u"rule.seed_defaults"_s, 0, {{u"rules"_s, rules}}) &&
                   m_store.setMetaValue(defaultsWrittenKey, u"1"_s);
        });
    }
    const bool ok = m_store.transaction([&] {
        for (const ClassificationRule &rule : TicketClassifier::defaultRules()) {
            if (!writeRule(rule))
                return false;
        }
        return m_store.setMetaValue(defaultsWrittenKey, u"1"_s);
    });
    if (ok)
        m_store.noteChanged(UnitOfWork::Subject::ClassificationRules);
    return ok;
}
