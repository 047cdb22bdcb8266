#include "teamstartup.h"

#include "connectiondialog.h"
#include "passwordvault.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

// Connecting may take seconds: the check runs on a thread while a progress dialog shows.
ServerCheck checkServer(const ServerAddress &address, bool interactive)
{
    ServerCheck result;
    QEventLoop loop;
    QThread *worker = QThread::create([&result, address] { result = ServerCheck::ofDesk(address); });
    QObject::connect(worker, &QThread::finished, &loop, &QEventLoop::quit);
    std::unique_ptr<QProgressDialog> progress;
    if (interactive) {
        progress =
            std::make_unique<QProgressDialog>(TeamStartup::tr("Connecting to %1…").arg(address.host), QString(), 0, 0);
        progress->setMinimumDuration(300);
    }
    worker->start();
    loop.exec();
    worker->wait();
    delete worker;
    return result;
}

QString savedPassword(const ServerAddress &address)
{
    PasswordVault vault;
    QString password;
    QEventLoop loop;
    QObject::connect(&vault, &PasswordVault::passwordRead, &loop, [&](const QString &found, const QString &) {
        password = found;
        loop.quit();
    });
    QTimer::singleShot(10000, &loop, &QEventLoop::quit); // a keychain that never answers
    vault.read(address);
    loop.exec();
    return password;
}

} // namespace

QString TeamStartup::storePath(const ServerAddress &address)
{
    QString name = u"%1@%2-%3-%4"_s.arg(address.login, address.host).arg(address.port).arg(address.database);
    name.replace(QRegularExpression(u"[^A-Za-z0-9@._-]"_s), u"_"_s);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/team/"_s + name + u".sqlite"_s;
}

std::optional<ServerAddress> TeamStartup::resolve(const QString &url, bool interactive, QString *error)
{
    std::optional<ServerAddress> address = ServerAddress::fromUrl(url, error);
    if (!address)
        return std::nullopt;
    if (address->password.isEmpty())
        address->password = qEnvironmentVariable("DESKLINE_PASSWORD");
    if (address->password.isEmpty())
        address->password = savedPassword(*address);

    QString problem;
    if (!address->password.isEmpty()) {
        const ServerCheck check = checkServer(*address, interactive);
        if (check.ok)
            return address;
        // Out of reach, but this desk has its copy: work offline, sync when it comes back.
        if (check.problem == ServerCheck::Problem::Unreachable && QFile::exists(storePath(*address)))
            return address;
        problem = check.message;
    }
    if (!interactive) {
        if (error)
            *error = problem.isEmpty()
                         ? tr("No password for %1; give it in the URL or $DESKLINE_PASSWORD.").arg(address->login)
                         : problem;
        return std::nullopt;
    }
    ConnectionDialog dialog;
    dialog.setAddress(*address);
    dialog.showProblem(problem);
    if (dialog.exec() != QDialog::Accepted) {
        if (error)
            error->clear();
        return std::nullopt;
    }
    const ServerAddress chosen = dialog.address();
    PasswordVault vault;
    QEventLoop loop;
    QObject::connect(&vault, &PasswordVault::passwordWritten, &loop, &QEventLoop::quit);
    QObject::connect(&vault, &PasswordVault::passwordForgotten, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    if (dialog.rememberPassword())
        vault.write(chosen, chosen.password);
    else
        vault.forget(chosen);
    loop.exec();
    return chosen;
}
