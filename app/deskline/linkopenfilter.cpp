#include "linkopenfilter.h"

#include "phonenumbers.h"

#include <QFileOpenEvent>

bool LinkOpenFilter::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FileOpen) {
        const auto *open = static_cast<QFileOpenEvent *>(event);
        const QString number = PhoneNumbers::numberOfLink(open->url().toString());
        if (!number.isEmpty()) {
            Q_EMIT callRequested(number);
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}
