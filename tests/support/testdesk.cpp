#include "testdesk.h"

#include "catchcompat.h"

#include <QCoreApplication>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

TestDesk::TestDesk(const ServerAddress &address, bool wakeUps, const std::function<void(SyncEngine &)> &beforeFirstSync)
    : store(std::make_unique<LocalStore>(clock))
{
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(u"desk.sqlite"_s);
    store->setTeamMode(true);
    REQUIRE(store->open(path));
    engine = std::make_unique<SyncEngine>(path, address, clock);
    engine->setWakeUps(wakeUps);
    // As the window does: its store follows the settings the engine wrote.
    QObject::connect(engine.get(), &SyncEngine::sharedSettingsChanged, store.get(), &LocalStore::reloadSharedSettings);
    if (beforeFirstSync)
        beforeFirstSync(*engine);
    engine->start();
    REQUIRE(sync());
    REQUIRE(store->setCurrentAgent(address.login));
}

bool TestDesk::sync()
{
    const bool online = engine->syncAndWait();
    QCoreApplication::sendPostedEvents(store.get());
    return online;
}

TestDesk::~TestDesk()
{
    engine->stop();
}

qint64 TestDesk::localTicket(qint64 serverId) const
{
    QSqlQuery query(store->database());
    query.prepare(u"SELECT id FROM tickets WHERE server_id = ?"_s);
    query.addBindValue(serverId);
    return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
}

qint64 TestDesk::serverTicket(qint64 localId) const
{
    QSqlQuery query(store->database());
    query.prepare(u"SELECT server_id FROM tickets WHERE id = ?"_s);
    query.addBindValue(localId);
    return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
}

int TestDesk::outboxSize() const
{
    QSqlQuery query(store->database());
    return query.exec(u"SELECT count(*) FROM outbox"_s) && query.next() ? query.value(0).toInt() : -1;
}
