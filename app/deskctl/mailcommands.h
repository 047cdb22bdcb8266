#pragma once

#include <QStringList>

// deskctl's email channel: `channel add-mailbox|list-mailboxes|remove-mailbox|test-mailbox`
// and `gateway [--once]`.
namespace cli {

int channel(QStringList arguments);
int gateway(const QStringList &arguments);

} // namespace cli
