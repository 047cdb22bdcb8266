#pragma once

#include "clock.h"
#include "localstore.h"

#include <QTemporaryDir>

#include <memory>

// A real store in a fresh temporary folder, with a clock the test sets by hand.
struct TestStore {
    TestStore();
    explicit TestStore(int demoTickets, int messagesPerTicket = 4, quint64 seed = 7);

    QString path() const { return dir.filePath(QStringLiteral("store.sqlite")); }
    // A customer and a ticket with one message, for tests that need just one.
    qint64 addCustomer(const QString &name, const QString &phone = {}, const QString &email = {});
    qint64 addTicket(qint64 customerId, const QString &subject, const QString &body = {},
                     Channel channel = Channel::Email);

    // Adds 王芳, a supervisor, and signs her in at this desk (rules, archive and restore are hers).
    qint64 signInAsSupervisor();

    // A file in the test's folder readable by its owner only (a password file, a key); its path.
    QString ownerOnlyFile(const QString &name, const QByteArray &content) const;

    // Runs SQL on a store file through a separate raw connection, as another program would.
    static void rawSql(const QString &path, const QStringList &statements);
    // A Deskline file at `version`, made by the steps up to it as a program of that version would
    // have (for the tests of a migration).
    static void rawStoreAtVersion(const QString &path, int version);

    QTemporaryDir dir;
    ManualClock clock;
    std::unique_ptr<LocalStore> store;

private:
    void openStore();
};
