#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class LocalStore;
class QTimer;

// Watches the running deadlines of the signed-in agent's tickets and says once when one has
// used 75 % of its time and once when it is past: the window turns that into a desktop
// notification. A new deadline (the first answer sent, say) can be told about again.
class SlaWatcher : public QObject
{
    Q_OBJECT

public:
    enum class Alert { NearlyDue, Overdue };
    static constexpr double nearlyDueShare = 0.75;

    explicit SlaWatcher(LocalStore &store, QObject *parent = nullptr);

    // Looks at the tickets now and emits what has not been said yet.
    void check();
    void start(int intervalMs);

Q_SIGNALS:
    void alert(qint64 ticketId, SlaWatcher::Alert kind, const QString &text);

private:
    struct Told {
        qint64 dueMs = 0;
        int level = 0; // 1: nearly due, 2: overdue
    };

    LocalStore &m_store;
    QTimer *m_timer = nullptr;
    QHash<qint64, Told> m_told;
};
