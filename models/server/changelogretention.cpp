#include "changelogretention.h"

#include "sqlerrortext.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

ChangeLogRetention::ChangeLogRetention(QSqlDatabase db)
    : m_db(std::move(db))
{}

std::optional<int> ChangeLogRetention::retentionDays()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT value FROM deskline.meta WHERE key = 'change_log_retention_days'"_s)) {
        m_error = sqlErrorText(query.lastError());
        return std::nullopt;
    }
    bool ok = false;
    const int days = query.next() ? query.value(0).toInt(&ok) : 0;
    return ok && days > 0 ? days : defaultDays;
}

bool ChangeLogRetention::setRetentionDays(int days)
{
    if (days < 1) {
        m_error = tr("The change log is kept at least one day.");
        return false;
    }
    QSqlQuery query(m_db);
    query.prepare(u"SELECT deskline.set_change_log_retention(?)"_s);
    query.addBindValue(days);
    if (!query.exec()) {
        m_error = sqlErrorText(query.lastError());
        return false;
    }
    return true;
}

std::optional<qint64> ChangeLogRetention::prune(std::optional<int> days)
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT deskline.prune_change_log(?)"_s);
    query.addBindValue(days ? QVariant(*days) : QVariant(QMetaType::fromType<int>()));
    if (!query.exec() || !query.next()) {
        m_error = sqlErrorText(query.lastError());
        return std::nullopt;
    }
    return query.value(0).toLongLong();
}

std::optional<QString> ChangeLogRetention::renewEpoch()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT deskline.new_change_log_epoch()"_s) || !query.next()) {
        m_error = sqlErrorText(query.lastError());
        return std::nullopt;
    }
    return query.value(0).toString();
}
