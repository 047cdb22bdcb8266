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

// deskctl's HTTP intake: `channel add-source|list-sources|rotate-secret|remove-source`, and
// the intake the staying-up gateway serves beside the mailboxes.
namespace cli {

int addSource(const QStringList &arguments);
int listSources(const QStringList &arguments);
int rotateSecret(const QStringList &arguments);
int removeSource(const QStringList &arguments);

// gateway's --listen, --tls-cert, --tls-key, --chat-listen and --chat-frame-ancestor.
QList<QCommandLineOption> intakeOptions();
// The intake of a standalone store, listening as the options say; nullptr with *failed set
// when it could not start (a port taken, a certificate unreadable), or with *failed clear when
// --listen off.
std::unique_ptr<IntakeService> startIntake(const QCommandLineParser &parser, const QString &storePath,
                                           const Clock &clock, const std::function<void(const QString &)> &log,
                                           bool *failed);
// The chat page of a standalone store (ChatService), as --chat-listen says; the same contract.
std::unique_ptr<ChatService> startChat(const QCommandLineParser &parser, const QString &storePath, const Clock &clock,
                                       const std::function<void(const QString &)> &log, bool *failed);

} // namespace cli
