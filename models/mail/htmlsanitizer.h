#pragma once

#include <QString>
#include <QStringList>

// Mail HTML made safe to show: parsed by libxml2's HTML parser (as a browser would, broken
// markup included) and written out again from an allow-list of elements and attributes, so
// whatever the list does not name never reaches the window.
//
// Dropped with their content: script, style, iframe, object, embed, form and its controls,
// head, svg, math. Unknown elements give up their tags and keep their text. No event
// handlers, no style attribute (CSS can load URLs and lay a fake form over the mail).
// Links keep only http:, https: and mailto:. Images keep cid: (the mail's own parts) and
// data: for PNG, GIF, JPEG and WebP (no network, no script; SVG is left out because it can
// carry script); http: and https: images are tracker pixels as often as not, so they become
// blockedImageSource() with the address in the title, and are listed, until the agent loads
// them for that message. Quoted earlier mail (blockquote type=cite, Gmail's gmail_quote, Yahoo's
// yahoo_quoted, Outlook's divRplyFwdMsg) gets the class quoteClass(), so the window can fold it.
class HtmlSanitizer
{
public:
    struct Result {
        QString html;             // a fragment: what was inside body
        QStringList remoteImages; // addresses of the blocked images, in order
        int quotes = 0;           // how many quoted blocks were marked
    };

    static Result sanitize(const QString &html, bool loadRemoteImages = false);
    // What an HTML-only mail says, as plain text: block elements on their own lines, list
    // items with "- ", quoted mail with "> ", a link's address after its text.
    static QString plainText(const QString &html);

    static QString quoteClass() { return QStringLiteral("deskline-quote"); }
    static QString blockedImageSource() { return QStringLiteral("deskline:blocked-image"); }
};
