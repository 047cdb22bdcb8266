#include "serverpurge.h"

#include "clock.h"
#include "csvexporter.h"
#include "jsonlinesexporter.h"
#include "localstore.h"
#include "serverrowapplier.h"
#include "sqlerrortext.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

ServerPurge::ServerPurge(QSqlDatabase server, const Clock &clock)
    : m_server(server)
    , m_clock(clock)
{}

bool ServerPurge::fail(const QString &message)
{
    m_error = message;
    return false;
}

qint64 ServerPurge::cutoffMs(int retentionDays) const
{
    return m_clock.now().addDays(-retentionDays).toMSecsSinceEpoch();
}

bool ServerPurge::checkRole()
{
    // Asked first, so that an agent is told before anything is copied or written.
    QSqlQuery me(m_server);
    if (!me.exec(u"SELECT role FROM deskline.whoami()"_s))
        return fail(sqlErrorText(me.lastError()));
    if (!me.next())
        return fail(tr("This login is not a Deskline agent."));
    if (me.value(0).toInt() < int(AgentRole::Supervisor))
        return fail(tr("Only a supervisor or an administrator may purge tickets."));
    return true;
}

std::optional<QList<qint64>> ServerPurge::purgeable(qint64 archivedBeforeMs)
{
    QSqlQuery query(m_server);
    query.setForwardOnly(true);
    query.prepare(u"SELECT id FROM deskline.v_tickets WHERE archived_at < ? ORDER BY id"_s);
    query.addBindValue(archivedBeforeMs);
    if (!query.exec()) {
        fail(sqlErrorText(query.lastError()));
        return std::nullopt;
    }
    QList<qint64> ids;
    while (query.next())
        ids << query.value(0).toLongLong();
    return ids;
}

std::optional<qint64> ServerPurge::count(int retentionDays)
{
    if (!checkRole())
        return std::nullopt;
    const auto ids = purgeable(cutoffMs(retentionDays));
    if (!ids)
        return std::nullopt;
    return ids->size();
}

bool ServerPurge::run(int retentionDays, const QString &exportPath, const std::function<void(qint64, qint64)> &progress)
{
    m_exported = m_purged = 0;
    if (retentionDays < 1)
        return fail(tr("Keep archived tickets at least one day before purging them."));
    if (exportPath.isEmpty())
        return fail(tr("Name the file the tickets are exported to before they are deleted."));
    if (!checkRole())
        return false;
    const qint64 cutoff = cutoffMs(retentionDays);
    const auto ids = purgeable(cutoff);
    if (!ids)
        return false;
    const qint64 total = ids->size();

    QTemporaryDir scratch;
    LocalStore store(m_clock);
    if (!scratch.isValid())
        return fail(tr("Cannot make a scratch folder for the export."));
    if (!store.open(scratch.filePath(u"purge.sqlite"_s)))
        return fail(store.errorString());
    ServerRowApplier applier(m_server, store);
    for (qsizetype from = 0; from < ids->size(); from += batchSize) {
        const QList<qint64> batch = ids->mid(from, batchSize);
        ServerRowApplier::Changes changes{{u"ticket"_s, QSet<qint64>(batch.begin(), batch.end())}};
        QSqlQuery messages(m_server);
        messages.prepare(u"SELECT id FROM deskline.v_messages WHERE ticket_id = ANY(?::bigint[])"_s);
        messages.addBindValue(ServerRowApplier::idArray(batch));
        if (!messages.exec())
            return fail(sqlErrorText(messages.lastError()));
        while (messages.next())
            changes[u"message"_s].insert(messages.value(0).toLongLong());
        if (!store.transaction([&] { return applier.apply(changes); }))
            return fail(applier.errorString().isEmpty() ? store.errorString() : applier.errorString());
        if (progress)
            progress(from + batch.size(), total);
    }

    QList<qint64> localIds;
    {
        QSqlQuery local(store.database());
        if (!local.exec(u"SELECT id FROM tickets ORDER BY server_id"_s))
            return fail(sqlErrorText(local.lastError()));
        while (local.next())
            localIds << local.value(0).toLongLong();
    }
    if (localIds.size() != total)
        return fail(tr("Only %1 of %2 tickets could be read for the export; nothing was deleted.")
                        .arg(localIds.size())
                        .arg(total));
    if (exportPath.endsWith(u".csv"_s, Qt::CaseInsensitive)) {
        CsvExporter exporter(store);
        if (!exporter.exportTickets(exportPath, localIds))
            return fail(tr("Nothing was deleted: %1").arg(exporter.errorString()));
        m_exported = exporter.exportedCount();
    } else {
        JsonLinesExporter exporter(store);
        if (!exporter.exportTickets(exportPath, localIds))
            return fail(tr("Nothing was deleted: %1").arg(exporter.errorString()));
        m_exported = exporter.exportedCount();
    }

    // Each batch commits on its own: what is deleted stays deleted if a later batch fails.
    QSqlQuery purge(m_server);
    purge.prepare(u"SELECT deskline.purge_archived(?::bigint[], ?, ?)"_s);
    for (qsizetype from = 0; from < ids->size(); from += batchSize) {
        purge.bindValue(0, ServerRowApplier::idArray(ids->mid(from, batchSize)));
        purge.bindValue(1, cutoff);
        purge.bindValue(2, QFileInfo(exportPath).absoluteFilePath());
        if (!purge.exec() || !purge.next())
            return fail(
                tr("The purge stopped after %1 tickets: %2").arg(m_purged).arg(sqlErrorText(purge.lastError())));
        m_purged += purge.value(0).toLongLong();
        purge.finish();
        if (progress)
            progress(std::min<qint64>(from + batchSize, total), total);
    }
    return true;
}
