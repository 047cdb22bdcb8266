#include "readableexport.h"

#include "jsonlinesexporter.h"
#include "localstore.h"

#include <QThread>

#include <memory>

namespace {

struct Outcome {
    int exported = 0;
    int unreadable = 0;
    QString error;
};

} // namespace

ReadableExport::ReadableExport(QString storePath, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
    , m_clock(clock)
{}

ReadableExport::~ReadableExport()
{
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void ReadableExport::start(const QString &targetPath)
{
    if (m_worker)
        return;
    auto outcome = std::make_shared<Outcome>();
    const QString storePath = m_storePath;
    const Clock &clock = m_clock;
    m_worker = QThread::create([outcome, storePath, targetPath, &clock] {
        LocalStore store(clock);
        if (!store.open(storePath)) {
            outcome->error = store.errorString();
            return;
        }
        JsonLinesExporter exporter(store);
        if (!exporter.exportReadable(targetPath))
            outcome->error = exporter.errorString();
        outcome->exported = exporter.exportedCount();
        outcome->unreadable = exporter.unreadableCount();
    });
    connect(m_worker, &QThread::finished, this, [this, outcome] {
        m_worker->deleteLater();
        m_worker = nullptr;
        Q_EMIT finished(outcome->exported, outcome->unreadable, outcome->error);
    });
    m_worker->start(QThread::LowPriority);
}
