#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// The intake sources' signing secrets, in a file readable by its owner only and never in the
// store (a copied or exported store carries none). A source has its current secret and, for a
// while after a rotation, the one before it, so that a sender can switch without a gap.
class IntakeSecrets
{
    Q_DECLARE_TR_FUNCTIONS(IntakeSecrets)

public:
    // How long the secret before a rotation stays valid unless told otherwise.
    static constexpr qint64 defaultGraceMs = 24 * 60 * 60 * 1000;

    explicit IntakeSecrets(QString path);

    // "<store>.intakekeys": next to a standalone store, named after it.
    static QString pathFor(const QString &storePath);
    QString path() const { return m_path; }

    // A new secret for the source, replacing any it had; nullopt with errorString().
    std::optional<QString> create(const QString &source);
    // A new secret; the current one stays valid graceMs longer.
    std::optional<QString> rotate(const QString &source, qint64 graceMs, qint64 nowMs);
    bool remove(const QString &source);
    // Every source's keys still valid at nowMs, newest first; nullopt when the file is unsafe
    // or unreadable (no file: no keys).
    std::optional<QHash<QString, QList<QByteArray>>> keys(qint64 nowMs);

    QString errorString() const { return m_error; }

private:
    struct Entry {
        QString secret;
        qint64 expiresAtMs = 0; // 0: the current one
    };
    using Table = QHash<QString, QList<Entry>>;

    std::optional<Table> read();
    bool write(const Table &table);

    QString m_path;
    QString m_error;
};
