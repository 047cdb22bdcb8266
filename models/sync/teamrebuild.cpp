#include "teamrebuild.h"

#include "clock.h"
#include "draftstore.h"
#include "localstore.h"
#include "sqlerrortext.h"
#include "syncengine.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

struct KeptChange {
    QString mutationId;
    QString name;
    QJsonObject args;
    qint64 ticketId = 0; // the damaged copy's
    qint64 createdAt = 0;
};

struct KeptDraft {
    qint64 ticketId = 0; // the damaged copy's
    Draft draft;
};

struct Salvage {
    QList<KeptChange> changes;
    QList<KeptDraft> drafts;
    QHash<qint64, qint64> serverIds; // the damaged copy's ticket → the server's (0: never there)
};

// Reads what it can from the damaged file: each table as far as it goes.
Salvage salvage(const QString &path)
{
    Salvage found;
    const QString name = u"deskline-salvage-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery query(db);
            query.setForwardOnly(true);
            if (query.exec(u"SELECT mutation_id, name, args, ticket_id, created_at FROM outbox ORDER BY id"_s)) {
                while (query.next()) {
                    KeptChange change;
                    change.mutationId = query.value(0).toString();
                    change.name = query.value(1).toString();
                    change.args = QJsonDocument::fromJson(query.value(2).toString().toUtf8()).object();
                    change.ticketId = query.value(3).toLongLong();
                    change.createdAt = query.value(4).toLongLong();
                    found.changes << change;
                }
            }
            if (query.exec(u"SELECT ticket_id, body, internal FROM drafts"_s)) {
                while (query.next())
                    found.drafts << KeptDraft{query.value(0).toLongLong(),
                                              Draft{query.value(1).toString(), query.value(2).toBool()}};
            }
            QList<qint64> tickets;
            for (const KeptChange &change : std::as_const(found.changes)) {
                tickets << change.ticketId;
                if (change.args.contains(u"target_ticket_id"_s))
                    tickets << change.args.value(u"target_ticket_id"_s).toInteger();
            }
            for (const KeptDraft &draft : std::as_const(found.drafts))
                tickets << draft.ticketId;
            QSqlQuery server(db);
            server.prepare(u"SELECT server_id FROM tickets WHERE id = :id"_s);
            for (qint64 ticket : std::as_const(tickets)) {
                if (ticket <= 0 || found.serverIds.contains(ticket))
                    continue;
                server.bindValue(u":id"_s, ticket);
                found.serverIds.insert(ticket, server.exec() && server.next() ? server.value(0).toLongLong() : 0);
                server.finish();
            }
            query.finish();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return found;
}

bool moveWithJournal(const QString &from, const QString &to)
{
    if (!QFile::rename(from, to))
        return false;
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s}) {
        if (QFileInfo::exists(from + suffix))
            QFile::rename(from + suffix, to + suffix);
    }
    return true;
}

void removeWithJournal(const QString &path)
{
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        QFile::remove(path + suffix);
}

} // namespace

TeamRebuild::TeamRebuild(QString storePath, ServerAddress address, const Clock &clock)
    : m_storePath(std::move(storePath))
    , m_address(std::move(address))
    , m_clock(clock)
{}

std::optional<TeamRebuild::Outcome> TeamRebuild::run()
{
    m_error.clear();
    const Salvage found = salvage(m_storePath);

    // The new copy is made beside the damaged one: until it is complete nothing is replaced.
    const QString fresh = m_storePath + u".rebuilding"_s;
    removeWithJournal(fresh);
    {
        LocalStore store(m_clock);
        store.setTeamMode(true);
        if (!store.open(fresh)) {
            m_error = store.errorString();
            removeWithJournal(fresh);
            return std::nullopt;
        }
    }
    {
        SyncEngine engine(fresh, m_address, m_clock);
        engine.setWakeUps(false);
        engine.start();
        const bool online = engine.syncAndWait();
        engine.stop();
        if (!online) {
            m_error = tr("The server could not be reached, so the local copy was not rebuilt; nothing was changed.");
            removeWithJournal(fresh);
            return std::nullopt;
        }
    }

    Outcome outcome;
    {
        LocalStore store(m_clock);
        store.setTeamMode(true);
        if (!store.open(fresh)) {
            m_error = store.errorString();
            removeWithJournal(fresh);
            return std::nullopt;
        }
        // The damaged copy's ticket, in the new copy: found by the server's id.
        QSqlQuery local(store.database());
        local.prepare(u"SELECT id FROM tickets WHERE server_id = :s"_s);
        const auto newTicket = [&](qint64 oldTicket) -> qint64 {
            const qint64 server = found.serverIds.value(oldTicket);
            if (server <= 0)
                return 0;
            local.bindValue(u":s"_s, server);
            const qint64 id = local.exec() && local.next() ? local.value(0).toLongLong() : 0;
            local.finish();
            return id;
        };
        const bool ok = store.transaction([&] {
            QSqlQuery insert = store.prepare(u"INSERT INTO outbox(mutation_id, name, args, ticket_id, created_at)"
                                             " VALUES (:m, :n, :a, :t, :c)"_s);
            for (KeptChange change : found.changes) {
                qint64 ticket = change.ticketId > 0 ? newTicket(change.ticketId) : 0;
                // A ticket the server never had goes up again as it was made; what was done to it
                // afterwards names a ticket this copy cannot find, and is lost.
                if (change.ticketId > 0 && ticket == 0 && change.name != u"ticket.create") {
                    ++outcome.changesLost;
                    continue;
                }
                if (change.args.contains(u"ticket_id"_s))
                    change.args.insert(u"ticket_id"_s, ticket);
                if (change.args.contains(u"target_ticket_id"_s)) {
                    const qint64 target = newTicket(change.args.value(u"target_ticket_id"_s).toInteger());
                    if (target == 0) {
                        ++outcome.changesLost;
                        continue;
                    }
                    change.args.insert(u"target_ticket_id"_s, target);
                }
                insert.bindValue(u":m"_s, change.mutationId); // a resend of what the server has is harmless
                insert.bindValue(u":n"_s, change.name);
                insert.bindValue(u":a"_s, QString::fromUtf8(QJsonDocument(change.args).toJson(QJsonDocument::Compact)));
                insert.bindValue(u":t"_s, ticket > 0 ? QVariant(ticket) : QVariant(QMetaType::fromType<qint64>()));
                insert.bindValue(u":c"_s, change.createdAt);
                if (!store.exec(insert))
                    return false;
                ++outcome.changesKept;
            }
            DraftStore drafts(store);
            for (const KeptDraft &draft : found.drafts) {
                const qint64 ticket = newTicket(draft.ticketId);
                if (ticket == 0) {
                    ++outcome.draftsLost;
                    continue;
                }
                if (!drafts.save(ticket, draft.draft))
                    return false;
                ++outcome.draftsKept;
            }
            return true;
        });
        if (!ok) {
            m_error = store.errorString();
            store.close();
            removeWithJournal(fresh);
            return std::nullopt;
        }
        store.close(); // the last connection: the log goes into the file
    }

    outcome.asidePath = m_storePath + u".damaged-"_s + m_clock.now().toUTC().toString(u"yyyyMMdd-HHmmss"_s);
    if (QFileInfo::exists(m_storePath) && !moveWithJournal(m_storePath, outcome.asidePath)) {
        m_error = tr("Cannot move the damaged %1 aside.").arg(m_storePath);
        removeWithJournal(fresh);
        return std::nullopt;
    }
    if (!moveWithJournal(fresh, m_storePath)) {
        moveWithJournal(outcome.asidePath, m_storePath);
        m_error = tr("Cannot put the new copy in place of %1.").arg(m_storePath);
        return std::nullopt;
    }
    QFile::setPermissions(m_storePath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return outcome;
}

QString TeamRebuild::describe(const Outcome &outcome)
{
    QString text = tr("The local copy was made again from the server.") + u' ' +
                   tr("%n change(s) not yet on the server were kept", nullptr, outcome.changesKept) + u' ' +
                   tr("and %n draft(s).", nullptr, outcome.draftsKept);
    if (outcome.changesLost > 0 || outcome.draftsLost > 0)
        text += u' ' + tr("%1 change(s) and %2 draft(s) were about tickets the server never had, and are lost.")
                           .arg(outcome.changesLost)
                           .arg(outcome.draftsLost);
    if (!outcome.asidePath.isEmpty())
        text += u' ' + tr("The damaged file is kept as %1.").arg(QDir::toNativeSeparators(outcome.asidePath));
    return text;
}
