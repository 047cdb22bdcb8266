#pragma once

#include <QObject>
#include <QString>

class Clock;
class QThread;

// The window's "Export the tickets that can still be read…" for a damaged store: a
// JsonLinesExporter::exportReadable on a thread and connection of its own, so the window
// never waits on a file that may take long to read.
class ReadableExport : public QObject
{
    Q_OBJECT

public:
    ReadableExport(QString storePath, const Clock &clock, QObject *parent = nullptr);
    ~ReadableExport() override;

    void start(const QString &targetPath);
    bool isRunning() const { return m_worker != nullptr; }

Q_SIGNALS:
    // error is empty when the file was written.
    void finished(int exported, int unreadable, const QString &error);

private:
    const QString m_storePath;
    const Clock &m_clock;
    QThread *m_worker = nullptr;
};
