#pragma once

#include <QList>
#include <QObject>

class LocalStore;

// Archives a selection in batches, one transaction each, between which the window keeps
// painting and Cancel is heard. A cancelled or failed run leaves every ticket either archived
// whole or untouched: nothing is deleted by archiving, and a failed batch rolls back.
class ArchiveRun : public QObject
{
    Q_OBJECT

public:
    ArchiveRun(LocalStore &store, QList<qint64> ticketIds, int batchSize, QObject *parent = nullptr);

    void start();
    void cancel() { m_cancelled = true; }
    // One batch now; false when the run is over (finished, cancelled or failed).
    bool step();
    qsizetype done() const { return m_done; }
    qsizetype total() const { return m_ids.size(); }

Q_SIGNALS:
    void progress(qsizetype done, qsizetype total);
    void finished(qsizetype archived, bool cancelled);
    void failed(const QString &message, qsizetype archived);

private:
    LocalStore &m_store;
    QList<qint64> m_ids;
    int m_batchSize;
    qsizetype m_done = 0;
    bool m_cancelled = false;
    bool m_over = false;
};
