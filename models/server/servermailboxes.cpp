#include "servermailboxes.h"

#include "sqlerrortext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

ServerMailboxes::ServerMailboxes(QSqlDatabase db)
    : m_db(std::move(db))
{}

std::optional<qint64> ServerMailboxes::add(const Mailbox &mailbox, const QString &team)
{
    const QJsonObject fields{
        {u"name"_s, mailbox.name},
        {u"address"_s, mailbox.address},
        {u"imap_url"_s, mailbox.imapUrl},
        {u"smtp_url"_s, mailbox.smtpUrl},
        {u"team"_s, team.trimmed()},
        {u"ca_file"_s, mailbox.caFile},
        {u"password_file"_s, mailbox.passwordFile},
        {u"max_attachment_bytes"_s, mailbox.maxAttachmentBytes},
    };
    QSqlQuery query(m_db);
    query.prepare(u"SELECT deskline.mailbox_save(?::jsonb)"_s);
    query.addBindValue(QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)));
    if (!query.exec() || !query.next()) {
        const QString code = query.lastError().nativeErrorCode();
        m_error =
            code == u"23505"_s
                ? tr("A mailbox named \"%1\" or with the address %2 exists already.").arg(mailbox.name, mailbox.address)
                : sqlErrorText(query.lastError());
        return std::nullopt;
    }
    return query.value(0).toLongLong();
}

QList<ServerMailboxes::Listed> ServerMailboxes::list()
{
    QList<Listed> result;
    QSqlQuery query(m_db);
    if (!query.exec(
            u"SELECT b.id, b.name, b.address, b.imap_url, b.smtp_url, coalesce(b.team_id, 0), b.ca_file,"
            " b.password_file, b.max_attachment_bytes, b.uid_validity, b.last_uid, coalesce(t.name, '')"
            " FROM deskline.v_mailboxes b LEFT JOIN deskline.v_teams t ON t.id = b.team_id ORDER BY b.name"_s)) {
        m_error = sqlErrorText(query.lastError());
        return result;
    }
    while (query.next()) {
        Listed listed;
        Mailbox &box = listed.mailbox;
        box.id = query.value(0).toLongLong();
        box.name = query.value(1).toString();
        box.address = query.value(2).toString();
        box.imapUrl = query.value(3).toString();
        box.smtpUrl = query.value(4).toString();
        box.teamId = query.value(5).toLongLong();
        box.caFile = query.value(6).toString();
        box.passwordFile = query.value(7).toString();
        box.maxAttachmentBytes = query.value(8).toLongLong();
        box.uidValidity = quint32(query.value(9).toLongLong());
        box.lastUid = quint32(query.value(10).toLongLong());
        listed.team = query.value(11).toString();
        result.append(listed);
    }
    m_error.clear();
    return result;
}

std::optional<ServerMailboxes::Listed> ServerMailboxes::byName(const QString &name)
{
    for (const Listed &listed : list()) {
        if (listed.mailbox.name == name)
            return listed;
    }
    if (m_error.isEmpty())
        m_error = tr("There is no mailbox named \"%1\".").arg(name);
    return std::nullopt;
}

bool ServerMailboxes::remove(const QString &name)
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT deskline.mailbox_remove(?)"_s);
    query.addBindValue(name);
    if (!query.exec() || !query.next()) {
        m_error = sqlErrorText(query.lastError());
        return false;
    }
    if (!query.value(0).toBool()) {
        m_error = tr("There is no mailbox named \"%1\".").arg(name);
        return false;
    }
    return true;
}
