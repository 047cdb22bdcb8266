#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QStringList>

#include <functional>
#include <memory>

class Clock;
class ChatService;
class IntakeService;
struct ServerAddress;

// deskctl's HTTP intake: `channel add-source|list-sources|rotate-secret|remove-source`, and
// the intake the staying-up gateway serves beside the mailboxes.
namespace cli {

int addSource(const QStringList &arguments);
int listSources(const QStringList &arguments);
int rotateSecret(const QStringList &arguments);
int removeSource(const QStringList &arguments);

// gateway's --listen, --tls-cert, --tls-key, --chat-listen, --chat-frame-ancestor, --chat-trusted-proxy
// and --chat-team.
QList<QCommandLineOption> intakeOptions();
// The intake of a standalone store, listening as the options say; nullptr with *failed set
// when it could not start (a port taken, a certificate unreadable), or with *failed clear when
// --listen off.
std::unique_ptr<IntakeService> startIntake(const QCommandLineParser &parser, const QString &storePath,
                                           const Clock &clock, const std::function<void(const QString &)> &log,
                                           bool *failed);
// The same beside a team's server, logged in as the gateway (--url), the secrets in the
// file of --secrets-file or the one named after the server.
std::unique_ptr<IntakeService> startTeamIntake(const QCommandLineParser &parser, const ServerAddress &address,
                                               const Clock &clock, const std::function<void(const QString &)> &log,
                                               bool *failed);
// --secrets-file of the gateway and the source commands.
QCommandLineOption secretsFileOption();
// The file of a team's sources' secrets: --secrets-file, or the one named after the server.
QString teamSecretsPath(const QCommandLineParser &parser, const ServerAddress &address);
// The chat page of a standalone store (ChatService), as --chat-listen says; the same contract.
std::unique_ptr<ChatService> startChat(const QCommandLineParser &parser, const QString &storePath, const Clock &clock,
                                       const std::function<void(const QString &)> &log, bool *failed);
// The chat page beside a team's server, logged in as the gateway (--url): its chats are the
// team's tickets (in the queue of --chat-team, or no team's); the same contract.
std::unique_ptr<ChatService> startTeamChat(const QCommandLineParser &parser, const ServerAddress &address,
                                           const Clock &clock, const std::function<void(const QString &)> &log,
                                           bool *failed);

} // namespace cli
