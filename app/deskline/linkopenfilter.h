#pragma once

#include <QObject>
#include <QString>

// macOS opens a tel: or callto: link (Info.plist CFBundleURLTypes) by sending the running
// program a QFileOpenEvent rather than starting it with an argument: this filter on the
// application turns one into callRequested(number).
class LinkOpenFilter : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

Q_SIGNALS:
    void callRequested(const QString &number);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};
