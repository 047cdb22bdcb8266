#pragma once

#include "mailfacts.h"

#include <QDialog>
#include <QUrl>

class QLabel;
class QPushButton;
class QTextBrowser;
class RemoteImageFetcher;

// A customer's mail as it was formatted, from the HTML the gateway sanitised when the mail
// arrived. Nothing in it reaches the network or the disk by itself: only the mail's own parts
// and inline data images are shown, remote images stay blocked until the agent clicks "Load
// remote images for this message" (then fetched by RemoteImageFetcher, for this dialog only),
// and a link opens only after the agent clicks it (http, https and mailto). No script runs:
// QTextBrowser has none.
class MailViewDialog : public QDialog
{
    Q_OBJECT

public:
    explicit MailViewDialog(const MailFacts &mail, QWidget *parent = nullptr);

    QTextBrowser *browser() const { return m_browser; }
    // Null for a mail without remote images.
    QPushButton *loadImagesButton() const { return m_loadImages; }
    QLabel *imagesLabel() const { return m_imagesLabel; }
    RemoteImageFetcher *fetcher() const { return m_fetcher; }
    // Where the document finds the index-th remote image once it is loaded.
    static QUrl imageUrl(int index);
    int imagesShown() const { return m_shown; }

    // Larger images are shown scaled down to this width.
    static constexpr int maxImageWidth = 1200;

private:
    void loadRemoteImages();
    void showImage(int index, const QByteArray &bytes);
    void imagesDone(int fetched, int failed);

    QStringList m_remoteImages;
    QTextBrowser *m_browser;
    QLabel *m_imagesLabel = nullptr;
    QPushButton *m_loadImages = nullptr;
    RemoteImageFetcher *m_fetcher = nullptr;
    QStringList m_problems;
    int m_shown = 0;
};
