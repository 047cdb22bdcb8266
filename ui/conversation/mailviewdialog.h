#pragma once

#include "mailfacts.h"

#include <QDialog>

class QTextBrowser;

// A customer's mail as it was formatted, from the HTML the gateway sanitised when the mail
// arrived. Nothing in it reaches the network or the disk: only the mail's own parts and inline
// data images are shown, remote images stay blocked, and a link opens only after the agent
// clicks it (http, https and mailto).
class MailViewDialog : public QDialog
{
    Q_OBJECT

public:
    explicit MailViewDialog(const MailFacts &mail, QWidget *parent = nullptr);

    QTextBrowser *browser() const { return m_browser; }

private:
    QTextBrowser *m_browser;
};
