#pragma once

#include "serverconnection.h"
#include "serverrowapplier.h"

#include <QCoreApplication>
#include <QList>
#include <QSet>
#include <QString>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

// Reads the pages of a desk's first copy on a connection and thread of its own, inside the
// snapshot the engine's connection exported, so the next page is on its way while the engine
// writes this one. Pages start small, for a quick first screen, and grow.
class InitialCopyFetcher
{
    Q_DECLARE_TR_FUNCTIONS(InitialCopyFetcher)

public:
    struct TicketRef {
        qint64 serverId;
        bool open; // its thread comes with it; older threads come when opened
    };
    struct Page {
        ServerRowApplier::Fetched rows; // customers, tickets and their messages
        qsizetype tickets = 0;
    };

    InitialCopyFetcher(const ServerAddress &address, const QString &snapshot, QList<TicketRef> tickets,
                       qsizetype firstPageSize, qsizetype largestPageSize);
    ~InitialCopyFetcher(); // stops reading and waits for the thread

    InitialCopyFetcher(const InitialCopyFetcher &) = delete;
    InitialCopyFetcher &operator=(const InitialCopyFetcher &) = delete;

    void start();
    // The next page, waiting for it if need be; nothing once every page was handed out or
    // reading failed (errorString() tells which).
    std::optional<Page> next();
    QString errorString() const;

private:
    void run();
    bool fetchPage(const QString &connectionName, qsizetype from, qsizetype size, Page &page, QString &error);
    void finish(const QString &error);

    ServerAddress m_address;
    QString m_snapshot;
    QList<TicketRef> m_tickets;
    qsizetype m_firstPageSize;
    qsizetype m_largestPageSize;
    QSet<qint64> m_customersSent;

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Page> m_ready;
    bool m_finished = false;
    bool m_stopping = false;
    QString m_error;
    std::thread m_thread;
};
