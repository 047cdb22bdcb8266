#pragma once

#include "intakesecrets.h"
#include "intakesource.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// `deskctl channel add-source|list-sources|rotate-secret|remove-source` on a standalone desk:
// the source in the store, its secret beside it (IntakeSecrets), both checked first.
class IntakeSources
{
    Q_DECLARE_TR_FUNCTIONS(IntakeSources)

public:
    IntakeSources(LocalStore &store, IntakeSecrets &secrets);

    // The source as it would be kept, or nullopt with errorString(): a name of letters, digits,
    // '.', '_' and '-'; the web, social, chat or phone channel (a phone source is a telephone system posting call
    // events); an https reply URL (http only to this machine); 1 to 100,000 requests a minute.
    static std::optional<IntakeSource> checkFields(const IntakeSource &input, QString *problem);
    std::optional<IntakeSource> check(const IntakeSource &input);
    // The source added and its secret, made now and shown this once.
    std::optional<QString> add(const IntakeSource &input);
    std::optional<QString> rotateSecret(const QString &name, qint64 graceMs);
    bool remove(const QString &name);
    QList<IntakeSource> sources() const;

    QString errorString() const { return m_error; }

private:
    LocalStore &m_store;
    IntakeSecrets &m_secrets;
    QString m_error;
};
