#include "archiverun.h"

#include "archivestore.h"
#include "localstore.h"

#include <QTimer>

ArchiveRun::ArchiveRun(LocalStore &store, QList<qint64> ticketIds, int batchSize, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_ids(std::move(ticketIds))
    , m_batchSize(std::max(1, batchSize))
{}

void ArchiveRun::start()
{
    // Each batch is its own event, so painting and the Cancel button get their turn between them.
    QTimer::singleShot(0, this, [this] {
        if (step())
            start();
    });
}

bool ArchiveRun::step()
{
    if (m_over)
        return false;
    if (m_cancelled || m_done >= m_ids.size()) {
        m_over = true;
        Q_EMIT finished(m_done, m_cancelled);
        return false;
    }
    const QList<qint64> batch = m_ids.mid(m_done, m_batchSize);
    if (!ArchiveStore(m_store).archive(batch)) {
        m_over = true;
        Q_EMIT failed(m_store.errorString(), m_done);
        return false;
    }
    m_done += batch.size();
    Q_EMIT progress(m_done, m_ids.size());
    return true;
}
