#include "mailviewdialog.h"

#include "htmlsanitizer.h"
#include "remoteimagefetcher.h"

#include <QBuffer>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QImage>
#include <QImageReader>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// QTextBrowser would read file: and qrc: sources by itself; a mail gets none of them. Remote
// images reach the document only as resources added after the agent's click.
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

// The blocked images, in the order HtmlSanitizer listed them, each given its own source so the
// loaded one can be put in its place.
QString numberedImages(QString html)
{
    const QString blocked = u"src=\""_s + HtmlSanitizer::blockedImageSource() + u'"';
    int index = 0;
    for (qsizetype at = html.indexOf(blocked); at >= 0; at = html.indexOf(blocked, at)) {
        const QString numbered = u"src=\""_s + MailViewDialog::imageUrl(index++).toString() + u'"';
        html.replace(at, blocked.size(), numbered);
        at += numbered.size();
    }
    return html;
}

} // namespace

MailViewDialog::MailViewDialog(const MailFacts &mail, QWidget *parent)
    : QDialog(parent)
    , m_remoteImages(mail.remoteImages)
    , m_browser(new SealedBrowser(this))
{
    setWindowTitle(tr("Mail from %1").arg(mail.sender));
    auto *layout = new QVBoxLayout(this);
    if (!mail.remoteImages.isEmpty()) {
        auto *row = new QHBoxLayout;
        m_imagesLabel =
            new QLabel(tr("%n remote image(s) blocked: they could tell the sender that and when the mail was read.",
                          nullptr, int(mail.remoteImages.size())),
                       this);
        m_imagesLabel->setWordWrap(true);
        row->addWidget(m_imagesLabel, 1);
        m_loadImages = new QPushButton(tr("Load remote images for this message"), this);
        m_loadImages->setAutoDefault(false);
        row->addWidget(m_loadImages);
        layout->addLayout(row);
        m_fetcher = new RemoteImageFetcher(this);
        connect(m_loadImages, &QPushButton::clicked, this, &MailViewDialog::loadRemoteImages);
        connect(m_fetcher, &RemoteImageFetcher::imageFetched, this, &MailViewDialog::showImage);
        connect(m_fetcher, &RemoteImageFetcher::imageFailed, this, [this](int index, const QString &why) {
            m_problems.append(tr("%1: %2").arg(m_remoteImages.value(index), why));
        });
        connect(m_fetcher, &RemoteImageFetcher::finished, this, &MailViewDialog::imagesDone);
    }
    m_browser->setAccessibleName(tr("The mail as formatted"));
    m_browser->setOpenLinks(false);
    m_browser->setOpenExternalLinks(false);
    connect(m_browser, &QTextBrowser::anchorClicked, this, [](const QUrl &url) {
        const QString scheme = url.scheme().toLower();
        if (scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("mailto"))
            QDesktopServices::openUrl(url);
    });
    m_browser->setHtml(numberedImages(mail.html));
    layout->addWidget(m_browser, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, 560);
}

QUrl MailViewDialog::imageUrl(int index)
{
    return QUrl(u"deskline-remote:%1"_s.arg(index));
}

void MailViewDialog::loadRemoteImages()
{
    // Once per dialog: what failed (too large, timed out, refused) would fail the same way again.
    if (!m_loadImages->isEnabled())
        return;
    m_loadImages->setEnabled(false);
    m_imagesLabel->setText(tr("Loading %n remote image(s)…", nullptr, int(m_remoteImages.size())));
    m_fetcher->fetch(m_remoteImages);
}

void MailViewDialog::showImage(int index, const QByteArray &bytes)
{
    // Decoded here, by Qt's readers for the usual raster formats only: an SVG could name further
    // resources, and an image claiming a huge size is refused before it is allocated.
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAllocationLimit(64);
    static const QList<QByteArray> formats{"png", "jpeg", "jpg", "gif", "webp", "bmp"};
    QImage image;
    if (formats.contains(reader.format().toLower()))
        image = reader.read();
    if (image.isNull()) {
        m_problems.append(tr("%1: not an image that can be shown.").arg(m_remoteImages.value(index)));
        return;
    }
    if (image.width() > maxImageWidth)
        image = image.scaledToWidth(maxImageWidth, Qt::SmoothTransformation);
    QTextDocument *document = m_browser->document();
    document->addResource(QTextDocument::ImageResource, imageUrl(index), QVariant::fromValue(image));
    // The layout measured the image as missing: measure again.
    document->markContentsDirty(0, document->characterCount());
    ++m_shown;
}

void MailViewDialog::imagesDone(int fetched, int failed)
{
    Q_UNUSED(fetched)
    Q_UNUSED(failed)
    const int total = int(m_remoteImages.size());
    m_imagesLabel->setText(m_shown == total ? tr("%n remote image(s) loaded.", nullptr, total)
                                            : tr("%1 of %n remote image(s) loaded.", nullptr, total).arg(m_shown));
    // Why the others are missing, for the agent who wonders.
    m_imagesLabel->setToolTip(m_problems.join(u'\n'));
}
