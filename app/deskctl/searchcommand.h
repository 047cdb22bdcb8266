#pragma once

#include <QStringList>

// `deskctl search`: the search box's hits (customers, then tickets) for scripts.
namespace cli {

int search(const QStringList &arguments);

} // namespace cli
