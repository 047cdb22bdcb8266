#include "mailviewdialog.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace {

// QTextBrowser would read file: and qrc: sources by itself; a mail gets none of them.
class SealedBrowser : public QTextBrowser
{
public:
    using QTextBrowser::QTextBrowser;

    QVariant loadResource(int type, const QUrl &name) override
    {
        Q_UNUSED(type)
        Q_UNUSED(name)
        return {};
    }
};

} // namespace

MailViewDialog::MailViewDialog(const MailFacts &mail, QWidget *parent)
    : QDialog(parent)
    , m_browser(new SealedBrowser(this))
{
    setWindowTitle(tr("Mail from %1").arg(mail.sender));
    auto *layout = new QVBoxLayout(this);
    if (!mail.remoteImages.isEmpty()) {
        auto *blocked =
            new QLabel(tr("%n remote image(s) blocked: they could tell the sender that and when the mail was read.",
                          nullptr, int(mail.remoteImages.size())),
                       this);
        blocked->setWordWrap(true);
        layout->addWidget(blocked);
    }
    m_browser->setAccessibleName(tr("The mail as formatted"));
    m_browser->setOpenLinks(false);
    m_browser->setOpenExternalLinks(false);
    connect(m_browser, &QTextBrowser::anchorClicked, this, [](const QUrl &url) {
        const QString scheme = url.scheme().toLower();
        if (scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("mailto"))
            QDesktopServices::openUrl(url);
    });
    m_browser->setHtml(mail.html);
    layout->addWidget(m_browser, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, 560);
}
