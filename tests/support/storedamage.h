#pragma once

#include "catchcompat.h"

#include <QFile>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

// What a bad sector or a file system's crash does to a store: whole pages overwritten with
// zeros. The store must be closed first (its last connection checkpoints the log into the
// file). Pages are numbered from 1, as SQLite numbers them; page 1 holds the header.
inline void zeroPages(const QString &path, const QList<int> &pages, int pageSize = 4096)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadWrite));
    REQUIRE(!QFile::exists(path + QStringLiteral("-wal")));
    for (int page : pages) {
        REQUIRE(qint64(page) * pageSize <= file.size());
        REQUIRE(file.seek(qint64(page - 1) * pageSize));
        REQUIRE(file.write(QByteArray(pageSize, '\0')) == pageSize);
    }
    file.close();
}

// Two pages in the middle of the file: a leaf page of the tickets table's and one of the messages
// table's, from the middle of each (dbstat), not the header, so the store still opens as the
// issue found it did. Picked by table rather than by position: a page at a fixed fraction of the
// file may hold what the store reads to open once a later step adds tables. Without dbstat in
// SQLite, the pages at a third and half of the file.
inline void damageMiddle(const QString &path, int pageSize = 4096)
{
    const qint64 pages = QFile(path).size() / pageSize;
    REQUIRE(pages > 8);
    QList<int> chosen;
    const QString name = QStringLiteral("damage-middle-") + path;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        REQUIRE(db.open());
        QSqlQuery query(db);
        for (const QString &table : {QStringLiteral("tickets"), QStringLiteral("messages")}) {
            query.prepare(QStringLiteral("SELECT pageno FROM dbstat WHERE name = :name AND pagetype = 'leaf'"
                                         " ORDER BY pageno"));
            query.bindValue(QStringLiteral(":name"), table);
            QList<int> leaves;
            if (query.exec()) {
                while (query.next())
                    leaves << query.value(0).toInt();
            }
            if (!leaves.isEmpty())
                chosen << leaves.at(leaves.size() / 2);
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    if (chosen.size() != 2)
        chosen = {int(pages / 3), int(pages / 2)};
    zeroPages(path, chosen, pageSize);
}

// The first page (the b-tree's root) of each of these tables overwritten: every read of them
// then fails with SQLITE_CORRUPT, as when a sector under the table went bad.
inline void damageTables(const QString &path, const QStringList &tables, int pageSize = 4096)
{
    QList<int> pages;
    const QString name = QStringLiteral("damage-") + path;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        REQUIRE(db.open());
        QSqlQuery query(db);
        for (const QString &table : tables) {
            query.prepare(QStringLiteral("SELECT rootpage FROM sqlite_schema WHERE name = :name"));
            query.bindValue(QStringLiteral(":name"), table);
            REQUIRE(query.exec());
            REQUIRE(query.next());
            pages << query.value(0).toInt();
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    zeroPages(path, pages, pageSize);
}
