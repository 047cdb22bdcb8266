#include "initialcopyfetcher.h"

#include "sqlerrortext.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

// Two pages ahead is enough to keep the writer busy without holding the whole copy in memory.
constexpr std::size_t pagesAhead = 2;

} // namespace

InitialCopyFetcher::InitialCopyFetcher(const ServerAddress &address, const QString &snapshot, QList<TicketRef> tickets,
                                       qsizetype firstPageSize, qsizetype largestPageSize)
    : m_address(address)
    , m_snapshot(snapshot)
    , m_tickets(std::move(tickets))
    , m_firstPageSize(firstPageSize)
    , m_largestPageSize(largestPageSize)
{}

InitialCopyFetcher::~InitialCopyFetcher()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void InitialCopyFetcher::start()
{
    m_thread = std::thread([this] { run(); });
}

std::optional<InitialCopyFetcher::Page> InitialCopyFetcher::next()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_ready.empty() || m_finished; });
    if (m_ready.empty() || !m_error.isEmpty())
        return std::nullopt;
    Page page = std::move(m_ready.front());
    m_ready.pop_front();
    lock.unlock();
    m_changed.notify_all();
    return page;
}

QString InitialCopyFetcher::errorString() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

void InitialCopyFetcher::finish(const QString &error)
{
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
        m_error = error;
    }
    m_changed.notify_all();
}

void InitialCopyFetcher::run()
{
    const QString name = u"deskline-initial-copy-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString error;
    {
        ServerConnection connection;
        if (!connection.open(m_address, name)) {
            error = connection.errorString();
        } else {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            QSqlQuery setup(db);
            // The id comes from the server, but it is pasted into a statement: accept only its shape.
            static const QRegularExpression snapshotShape(u"^[0-9A-F-]+$"_s);
            if (!snapshotShape.match(m_snapshot).hasMatch()) {
                error = tr("The server sent an unexpected snapshot id: %1").arg(m_snapshot);
            } else if (!db.transaction() ||
                       !setup.exec(u"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s) ||
                       !setup.exec(u"SET TRANSACTION SNAPSHOT '%1'"_s.arg(m_snapshot))) {
                error = sqlErrorText(setup.lastError().isValid() ? setup.lastError() : db.lastError());
            } else {
                qsizetype size = m_firstPageSize;
                for (qsizetype from = 0; from < m_tickets.size() && error.isEmpty();
                     from += size, size = std::min(size * 2, m_largestPageSize)) {
                    Page page;
                    if (!fetchPage(name, from, size, page, error))
                        break;
                    std::unique_lock lock(m_mutex);
                    m_changed.wait(lock, [this] { return m_ready.size() < pagesAhead || m_stopping; });
                    if (m_stopping)
                        break;
                    m_ready.push_back(std::move(page));
                    lock.unlock();
                    m_changed.notify_all();
                }
                db.rollback(); // read only: nothing to keep
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    finish(error);
}

bool InitialCopyFetcher::fetchPage(const QString &connectionName, qsizetype from, qsizetype size, Page &page,
                                   QString &error)
{
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    QList<qint64> ids, open;
    for (const TicketRef &ticket : m_tickets.mid(from, size)) {
        ids << ticket.serverId;
        if (ticket.open)
            open << ticket.serverId;
    }
    page.tickets = ids.size();
    ServerRows &tickets = page.rows[u"ticket"_s];
    if (!ServerRowApplier::fetch(db, u"ticket"_s, u"id"_s, ids, tickets, &error))
        return false;
    // Each customer once, with the first of their tickets.
    QList<qint64> customers;
    for (const QVariantList &ticket : std::as_const(tickets)) {
        const qint64 customer = ServerRowApplier::customerOfTicketRow(ticket);
        if (!m_customersSent.contains(customer)) {
            m_customersSent.insert(customer);
            customers << customer;
        }
    }
    if (!ServerRowApplier::fetch(db, u"customer"_s, u"id"_s, customers, page.rows[u"customer"_s], &error))
        return false;
    // Open tickets come with their conversation (its files listed, their bytes fetched when a
    // message is opened, and the mail behind it) and history; the others' follow when opened.
    if (!open.isEmpty() &&
        (!ServerRowApplier::fetch(db, u"message"_s, u"ticket_id"_s, open, page.rows[u"message"_s], &error) ||
         !ServerRowApplier::fetch(db, u"attachment"_s, u"ticket_id"_s, open, page.rows[u"attachment"_s], &error) ||
         !ServerRowApplier::fetch(db, u"mail_message"_s, u"ticket_id"_s, open, page.rows[u"mail_message"_s], &error) ||
         !ServerRowApplier::fetch(db, u"event"_s, u"ticket_id"_s, open, page.rows[u"event"_s], &error)))
        return false;
    // Every copied ticket's escalations and surveys, old ones too: the reports count them; and
    // its live chat, which makes the ticket a chat on this desk whether or not it is open.
    return ServerRowApplier::fetch(db, u"escalation"_s, u"ticket_id"_s, ids, page.rows[u"escalation"_s], &error) &&
           ServerRowApplier::fetch(db, u"chat"_s, u"ticket_id"_s, ids, page.rows[u"chat"_s], &error) &&
           ServerRowApplier::fetch(db, u"survey"_s, u"ticket_id"_s, ids, page.rows[u"survey"_s], &error) &&
           ServerRowApplier::fetch(db, u"time_entry"_s, u"ticket_id"_s, ids, page.rows[u"time_entry"_s], &error);
}
