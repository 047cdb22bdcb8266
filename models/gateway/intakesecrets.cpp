#include "intakesecrets.h"

#include "webhooksignature.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace {

constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions others =
    QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
constexpr qint64 maxFileBytes = 4 * 1024 * 1024;

} // namespace

IntakeSecrets::IntakeSecrets(QString path)
    : m_path(std::move(path))
{}

QString IntakeSecrets::pathFor(const QString &storePath)
{
    return QFileInfo(storePath).absoluteFilePath() + u".intakekeys"_s;
}

std::optional<IntakeSecrets::Table> IntakeSecrets::read()
{
    QFile file(m_path);
    if (!file.exists())
        return Table();
#ifndef Q_OS_WIN
    if (file.permissions() & others) {
        m_error = tr("%1 may be read by other users of this computer, so the intake secrets in it are no longer "
                     "secret. Make it readable by its owner only (chmod 600) and rotate every source's secret.")
                      .arg(m_path);
        return std::nullopt;
    }
#endif
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = tr("Could not read the intake secrets %1: %2").arg(m_path, file.errorString());
        return std::nullopt;
    }
    const QJsonDocument document = QJsonDocument::fromJson(file.read(maxFileBytes));
    if (!document.isObject()) {
        m_error = tr("The intake secrets %1 are damaged.").arg(m_path);
        return std::nullopt;
    }
    Table table;
    const QJsonObject sources = document.object().value(u"sources"_s).toObject();
    for (auto it = sources.begin(); it != sources.end(); ++it) {
        QList<Entry> entries;
        for (const QJsonValue &value : it.value().toArray()) {
            const QJsonObject o = value.toObject();
            entries.append({o.value(u"secret"_s).toString(), qint64(o.value(u"expires_at_ms"_s).toDouble())});
        }
        table.insert(it.key(), entries);
    }
    return table;
}

bool IntakeSecrets::write(const Table &table)
{
    QJsonObject sources;
    for (auto it = table.begin(); it != table.end(); ++it) {
        QJsonArray entries;
        for (const Entry &e : it.value())
            entries.append(QJsonObject{{u"secret"_s, e.secret}, {u"expires_at_ms"_s, double(e.expiresAtMs)}});
        sources.insert(it.key(), entries);
    }
    // Written beside and renamed (QSaveFile), owner-only before the first byte, so that a stop
    // in between leaves the old file whole and no secret is ever readable by others.
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(ownerOnly) ||
        file.write(QJsonDocument(QJsonObject{{u"version"_s, 1}, {u"sources"_s, sources}}).toJson()) < 0 ||
        !file.commit()) {
        m_error = tr("Could not write the intake secrets %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

std::optional<QString> IntakeSecrets::create(const QString &source)
{
    auto table = read();
    if (!table)
        return std::nullopt;
    const QString secret = WebhookSignature::newSecret();
    table->insert(source, {{secret, 0}});
    if (!write(*table))
        return std::nullopt;
    return secret;
}

std::optional<QString> IntakeSecrets::rotate(const QString &source, qint64 graceMs, qint64 nowMs)
{
    auto table = read();
    if (!table)
        return std::nullopt;
    QList<Entry> kept;
    const QString secret = WebhookSignature::newSecret();
    kept.append({secret, 0});
    for (const Entry &e : table->value(source)) {
        // The current one gets its grace; older ones keep theirs, and expired ones go.
        const qint64 expires = e.expiresAtMs == 0 ? nowMs + graceMs : e.expiresAtMs;
        if (expires > nowMs && graceMs > 0)
            kept.append({e.secret, expires});
    }
    table->insert(source, kept);
    if (!write(*table))
        return std::nullopt;
    return secret;
}

bool IntakeSecrets::remove(const QString &source)
{
    auto table = read();
    if (!table)
        return false;
    if (!table->remove(source))
        return true;
    return write(*table);
}

std::optional<QHash<QString, QList<QByteArray>>> IntakeSecrets::keys(qint64 nowMs)
{
    const auto table = read();
    if (!table)
        return std::nullopt;
    QHash<QString, QList<QByteArray>> result;
    for (auto it = table->begin(); it != table->end(); ++it) {
        for (const Entry &e : it.value()) {
            if (e.expiresAtMs != 0 && e.expiresAtMs <= nowMs)
                continue;
            if (const auto key = WebhookSignature::keyOf(e.secret))
                result[it.key()].append(*key);
        }
    }
    return result;
}
