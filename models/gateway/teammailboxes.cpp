#include "teammailboxes.h"

#include "serverconnection.h"

#include <QPointer>
#include <QSqlDatabase>
#include <QThread>
#include <QUuid>

using namespace Qt::StringLiterals;

TeamMailboxes::TeamMailboxes(const ServerAddress &address, QObject *parent)
    : QObject(parent)
    , m_address(address)
{}

void TeamMailboxes::run(Work work, std::function<void()> done)
{
    m_busy = true;
    QPointer<TeamMailboxes> self(this);
    QThread *worker = QThread::create([self, address = m_address, work = std::move(work), done = std::move(done)] {
        const QString name = u"team-mailboxes-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
        QString problem;
        {
            ServerConnection connection;
            if (!connection.open(address, name)) {
                problem = connection.errorString();
            } else {
                ServerMailboxes mailboxes(QSqlDatabase::database(name, false));
                work(mailboxes, &problem);
            }
        }
        QSqlDatabase::removeDatabase(name);
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self, problem, done] {
            if (!self)
                return;
            self->m_busy = false;
            if (!problem.isEmpty())
                Q_EMIT self->failed(problem);
            else
                done();
        });
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

void TeamMailboxes::refresh()
{
    auto result = std::make_shared<QList<ServerMailboxes::Listed>>();
    run(
        [result](ServerMailboxes &mailboxes, QString *problem) {
            *result = mailboxes.list();
            *problem = mailboxes.errorString();
        },
        [this, result] { Q_EMIT listed(*result); });
}

void TeamMailboxes::add(const ChannelService::MailboxInput &input, const QString &teamName)
{
    QString problem;
    const auto mailbox = ChannelService::checkFields(input, &problem, ChannelService::FilesAt::GatewayMachine);
    if (!mailbox) {
        Q_EMIT failed(problem);
        return;
    }
    auto id = std::make_shared<qint64>(0);
    run(
        [id, box = *mailbox, teamName](ServerMailboxes &mailboxes, QString *problem) {
            const auto added = mailboxes.add(box, teamName);
            if (added)
                *id = *added;
            else
                *problem = mailboxes.errorString();
        },
        [this, id, name = mailbox->name] { Q_EMIT added(*id, name); });
}

void TeamMailboxes::remove(const QString &name)
{
    run(
        [name](ServerMailboxes &mailboxes, QString *problem) {
            if (!mailboxes.remove(name))
                *problem = mailboxes.errorString();
        },
        [this, name] { Q_EMIT removed(name); });
}
