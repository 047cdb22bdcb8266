#pragma once

#include "mailbox.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <optional>

// The dovecot and SMTP receiver the mail benchmarks read from: those a servers.json describes
// (tests/mail/mailservers.py, e.g. CTest's fixture), or a private pair started here on free
// ports and stopped with this object, so that CI can run the benchmark on its own.
class BenchMailServers
{
public:
    BenchMailServers() = default;
    ~BenchMailServers();
    BenchMailServers(const BenchMailServers &) = delete;
    BenchMailServers &operator=(const BenchMailServers &) = delete;

    // Reads an existing servers.json; false with errorString() when it cannot be read.
    bool attach(const QString &serversJson);
    // Starts servers of our own in a temporary folder; stopped by the destructor.
    bool start();

    QString errorString() const { return m_error; }

    int imapsPort() const { return m_info.value(u"imaps_port").toInt(); }
    int smtpsPort() const { return m_info.value(u"smtps_port").toInt(); }
    QString caFile() const { return m_info.value(u"ca_file").toString(); }
    QString password(const QString &login) const;
    QString maildir(const QString &login) const;

    // The login's INBOX as a desk's mailbox, its password written to passwordFile (owner-only);
    // nullopt with errorString() when the file cannot be written.
    std::optional<Mailbox> mailbox(const QString &login, const QString &passwordFile);

    // One mail through dovecot-lda, as a real delivery; false with errorString().
    bool deliver(const QString &login, const QByteArray &raw);
    // doveadm with this server's config; false with errorString() when it fails.
    bool doveadm(const QStringList &arguments, QByteArray *output = nullptr);

private:
    QJsonObject user(const QString &login) const;
    bool run(const QString &program, const QStringList &arguments, const QByteArray &input, QByteArray *output);

    QJsonObject m_info;
    std::unique_ptr<QTemporaryDir> m_ownDir; // set when the servers are ours to stop
    QString m_error;
};
