#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class LocalStore;

struct ImportReport {
    int imported = 0;
    int skipped = 0;    // external ids already in the store
    QStringList errors; // "FILE:LINE: reason", in file order
};

// Reads tickets in the JSON Lines interchange format (one ticket per line, see the
// design brief, section 7). A file is all or nothing: every line is checked first and
// every bad line reported; only a clean file is written, in one transaction. Tickets
// whose external id is already in the store are skipped, so a second import of the
// same file changes nothing.
class JsonLinesImporter
{
    Q_DECLARE_TR_FUNCTIONS(JsonLinesImporter)

public:
    explicit JsonLinesImporter(LocalStore &store);

    bool importFile(const QString &path);
    const ImportReport &report() const { return m_report; }

private:
    LocalStore &m_store;
    ImportReport m_report;
};
