#include "htmlsanitizer.h"

#include <QRegularExpression>
#include <QSet>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <memory>

namespace {

struct DocFree {
    void operator()(xmlDoc *doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

DocPtr parse(const QString &html)
{
    static const bool initialised = [] {
        xmlInitParser();
        return true;
    }();
    (void)initialised;
    const QByteArray utf8 = html.toUtf8();
    if (utf8.trimmed().isEmpty())
        return nullptr;
    // The text is already UTF-8, whatever a <meta charset> in it claims; NONET: never fetch a DTD.
    return DocPtr(htmlReadMemory(utf8.constData(), int(utf8.size()), nullptr, "UTF-8",
                                 HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
}

QString name(const xmlNode *node)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(node->name)).toLower();
}

QString text(const xmlChar *value)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(value));
}

QString attribute(const xmlNode *node, const char *attributeName)
{
    xmlChar *value = xmlGetProp(node, reinterpret_cast<const xmlChar *>(attributeName));
    if (!value)
        return {};
    QString result = text(value);
    xmlFree(value);
    return result;
}

const xmlNode *findBody(const xmlNode *node)
{
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        if (name(node) == u"body")
            return node;
        if (const xmlNode *found = findBody(node->children))
            return found;
    }
    return nullptr;
}

const QSet<QString> &droppedElements()
{
    static const QSet<QString> names{
        QStringLiteral("script"),   QStringLiteral("style"),    QStringLiteral("iframe"),   QStringLiteral("frame"),
        QStringLiteral("frameset"), QStringLiteral("object"),   QStringLiteral("embed"),    QStringLiteral("applet"),
        QStringLiteral("form"),     QStringLiteral("input"),    QStringLiteral("button"),   QStringLiteral("select"),
        QStringLiteral("textarea"), QStringLiteral("option"),   QStringLiteral("head"),     QStringLiteral("title"),
        QStringLiteral("meta"),     QStringLiteral("link"),     QStringLiteral("base"),     QStringLiteral("svg"),
        QStringLiteral("math"),     QStringLiteral("template"), QStringLiteral("noscript"), QStringLiteral("audio"),
        QStringLiteral("video"),    QStringLiteral("source"),   QStringLiteral("canvas"),   QStringLiteral("xml")};
    return names;
}

const QSet<QString> &allowedElements()
{
    static const QSet<QString> names{
        QStringLiteral("a"),     QStringLiteral("abbr"),    QStringLiteral("b"),        QStringLiteral("blockquote"),
        QStringLiteral("br"),    QStringLiteral("caption"), QStringLiteral("center"),   QStringLiteral("cite"),
        QStringLiteral("code"),  QStringLiteral("col"),     QStringLiteral("colgroup"), QStringLiteral("dd"),
        QStringLiteral("del"),   QStringLiteral("div"),     QStringLiteral("dl"),       QStringLiteral("dt"),
        QStringLiteral("em"),    QStringLiteral("font"),    QStringLiteral("h1"),       QStringLiteral("h2"),
        QStringLiteral("h3"),    QStringLiteral("h4"),      QStringLiteral("h5"),       QStringLiteral("h6"),
        QStringLiteral("hr"),    QStringLiteral("i"),       QStringLiteral("img"),      QStringLiteral("ins"),
        QStringLiteral("kbd"),   QStringLiteral("li"),      QStringLiteral("ol"),       QStringLiteral("p"),
        QStringLiteral("pre"),   QStringLiteral("q"),       QStringLiteral("s"),        QStringLiteral("small"),
        QStringLiteral("span"),  QStringLiteral("strike"),  QStringLiteral("strong"),   QStringLiteral("sub"),
        QStringLiteral("sup"),   QStringLiteral("table"),   QStringLiteral("tbody"),    QStringLiteral("td"),
        QStringLiteral("tfoot"), QStringLiteral("th"),      QStringLiteral("thead"),    QStringLiteral("tr"),
        QStringLiteral("tt"),    QStringLiteral("u"),       QStringLiteral("ul")};
    return names;
}

// Elements HTML5 has no content for, but which libxml2's older HTML parser lets swallow what
// follows them when they are not closed: dropped, while what was put inside them stays.
bool isDroppedVoid(const QString &element)
{
    return element == u"embed" || element == u"input" || element == u"meta" || element == u"link" ||
           element == u"base" || element == u"source" || element == u"param";
}

bool isVoid(const QString &element)
{
    return element == u"br" || element == u"hr" || element == u"img" || element == u"col";
}

// Attributes that only lay out or describe; everything that can point somewhere or run is
// handled by hand (href, src) or dropped.
bool isPlainAttribute(const QString &element, const QString &attributeName)
{
    static const QSet<QString> anywhere{QStringLiteral("title"), QStringLiteral("dir"), QStringLiteral("lang"),
                                        QStringLiteral("align"), QStringLiteral("valign")};
    if (anywhere.contains(attributeName))
        return true;
    if (element == u"img")
        return attributeName == u"alt" || attributeName == u"width" || attributeName == u"height";
    if (element == u"td" || element == u"th")
        return attributeName == u"colspan" || attributeName == u"rowspan" || attributeName == u"width";
    if (element == u"table")
        return attributeName == u"border" || attributeName == u"cellpadding" || attributeName == u"cellspacing" ||
               attributeName == u"width";
    if (element == u"font")
        return attributeName == u"color" || attributeName == u"size" || attributeName == u"face";
    if (element == u"ol")
        return attributeName == u"start" || attributeName == u"type";
    return false;
}

// A browser ignores tabs, newlines and control characters inside a scheme ("java\tscript:"),
// so they go before the scheme is looked at.
QString schemeOf(const QString &url)
{
    QString compact;
    for (QChar c : url) {
        if (c.unicode() > 0x20)
            compact.append(c);
    }
    static const QRegularExpression scheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.\\-]*):"));
    const QRegularExpressionMatch match = scheme.match(compact);
    return match.hasMatch() ? match.captured(1).toLower() : QString();
}

bool isSafeLink(const QString &url)
{
    const QString scheme = schemeOf(url);
    return scheme == u"http" || scheme == u"https" || scheme == u"mailto";
}

bool isSafeDataImage(const QString &url)
{
    static const QRegularExpression image(QStringLiteral("^data:image/(png|gif|jpeg|jpg|webp);base64,"),
                                          QRegularExpression::CaseInsensitiveOption);
    return image.match(url.trimmed()).hasMatch();
}

bool isQuote(const QString &element, const xmlNode *node)
{
    if (element == u"blockquote" && attribute(node, "type").compare(u"cite", Qt::CaseInsensitive) == 0)
        return true;
    if (element != u"div" && element != u"blockquote")
        return false;
    const QString classes = attribute(node, "class");
    const QString id = attribute(node, "id");
    return classes.contains(u"gmail_quote") || classes.contains(u"yahoo_quoted") || id == u"divRplyFwdMsg" ||
           classes.contains(u"moz-cite-prefix");
}

QString escaped(const QString &value, bool inAttribute)
{
    QString out;
    out.reserve(value.size());
    for (QChar c : value) {
        switch (c.unicode()) {
        case '&':
            out += u"&amp;";
            break;
        case '<':
            out += u"&lt;";
            break;
        case '>':
            out += u"&gt;";
            break;
        case '"':
            out += inAttribute ? QStringView(u"&quot;") : QStringView(u"\"");
            break;
        default:
            out += c;
        }
    }
    return out;
}

class Writer
{
public:
    explicit Writer(bool loadRemoteImages)
        : m_loadRemoteImages(loadRemoteImages)
    {}

    void children(const xmlNode *node)
    {
        for (; node; node = node->next)
            write(node);
    }

    HtmlSanitizer::Result result;

private:
    void write(const xmlNode *node)
    {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            result.html += escaped(text(node->content), false);
            return;
        }
        if (node->type != XML_ELEMENT_NODE)
            return; // comments (and the conditional ones Outlook writes), processing instructions
        const QString element = name(node);
        if (isDroppedVoid(element)) {
            children(node->children);
            return;
        }
        if (droppedElements().contains(element))
            return;
        if (!allowedElements().contains(element)) {
            children(node->children);
            return;
        }
        QString attributes;
        const auto add = [&](const QString &attributeName, const QString &value) {
            attributes += u' ' + attributeName + u"=\"" + escaped(value, true) + u'"';
        };
        bool blocked = false;
        if (element == u"img") {
            const QString source = attribute(node, "src");
            const QString scheme = schemeOf(source);
            if (scheme == u"cid" || (scheme == u"data" && isSafeDataImage(source))) {
                add(QStringLiteral("src"), source.trimmed());
            } else if (scheme == u"http" || scheme == u"https") {
                if (m_loadRemoteImages) {
                    add(QStringLiteral("src"), source.trimmed());
                } else {
                    blocked = true;
                    result.remoteImages.append(source.trimmed());
                    add(QStringLiteral("src"), HtmlSanitizer::blockedImageSource());
                    add(QStringLiteral("title"), source.trimmed());
                }
            } else {
                return; // an image from nowhere we can show (file:, javascript:, an SVG data: URL)
            }
        }
        if (element == u"a") {
            const QString href = attribute(node, "href");
            if (!href.isEmpty() && isSafeLink(href))
                add(QStringLiteral("href"), href.trimmed());
        }
        if (isQuote(element, node)) {
            ++result.quotes;
            add(QStringLiteral("class"), HtmlSanitizer::quoteClass());
        }
        for (const xmlAttr *a = node->properties; a; a = a->next) {
            const QString attributeName = text(a->name).toLower();
            // A tracker's size says nothing once it is blocked; its address is in the title already.
            if (blocked && (attributeName == u"width" || attributeName == u"height" || attributeName == u"title"))
                continue;
            if (isPlainAttribute(element, attributeName))
                add(attributeName, attribute(node, reinterpret_cast<const char *>(a->name)));
        }
        result.html += u'<' + element + attributes + u'>';
        if (isVoid(element))
            return;
        children(node->children);
        result.html += u"</" + element + u'>';
    }

    bool m_loadRemoteImages;
};

bool isBlock(const QString &element)
{
    static const QSet<QString> names{
        QStringLiteral("p"),   QStringLiteral("div"),    QStringLiteral("tr"),        QStringLiteral("table"),
        QStringLiteral("h1"),  QStringLiteral("h2"),     QStringLiteral("h3"),        QStringLiteral("h4"),
        QStringLiteral("h5"),  QStringLiteral("h6"),     QStringLiteral("ul"),        QStringLiteral("ol"),
        QStringLiteral("pre"), QStringLiteral("hr"),     QStringLiteral("dl"),        QStringLiteral("dt"),
        QStringLiteral("dd"),  QStringLiteral("center"), QStringLiteral("blockquote")};
    return names.contains(element);
}

class TextWriter
{
public:
    QString children(const xmlNode *node, bool pre)
    {
        QString out;
        for (; node; node = node->next)
            out += write(node, pre);
        return out;
    }

private:
    QString write(const xmlNode *node, bool pre)
    {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            QString value = text(node->content);
            if (!pre) {
                static const QRegularExpression space(QStringLiteral("[ \\t\\r\\n\\f]+"));
                value.replace(space, QStringLiteral(" "));
            }
            return value;
        }
        if (node->type != XML_ELEMENT_NODE)
            return {};
        const QString element = name(node);
        if (isDroppedVoid(element))
            return children(node->children, pre);
        if (droppedElements().contains(element))
            return {};
        if (element == u"br")
            return QStringLiteral("\n");
        if (element == u"hr")
            return QStringLiteral("\n----\n");
        QString inner = children(node->children, pre || element == u"pre");
        if (element == u"a") {
            const QString href = attribute(node, "href").trimmed();
            if (isSafeLink(href) && !href.startsWith(u"mailto:") && inner.trimmed() != href)
                inner += u" <" + href + u'>';
        }
        if (element == u"li")
            return u"\n- " + inner.trimmed(); // one line each, not a paragraph each
        if (element == u"td" || element == u"th")
            inner += u' ';
        if (element == u"blockquote" || isQuote(element, node)) {
            QStringList lines = inner.trimmed().split(u'\n');
            for (QString &line : lines)
                line = line.isEmpty() ? QStringLiteral(">") : u"> " + line;
            inner = lines.join(u'\n');
        }
        if (isBlock(element))
            return u'\n' + inner + u'\n';
        return inner;
    }
};

} // namespace

HtmlSanitizer::Result HtmlSanitizer::sanitize(const QString &html, bool loadRemoteImages)
{
    Writer writer(loadRemoteImages);
    const DocPtr doc = parse(html);
    if (!doc)
        return {};
    const xmlNode *root = xmlDocGetRootElement(doc.get());
    const xmlNode *body = findBody(root);
    writer.children(body ? body->children : root);
    return writer.result;
}

QString HtmlSanitizer::plainText(const QString &html)
{
    const DocPtr doc = parse(html);
    if (!doc)
        return {};
    const xmlNode *root = xmlDocGetRootElement(doc.get());
    const xmlNode *body = findBody(root);
    QString out = TextWriter().children(body ? body->children : root, false);
    QStringList lines = out.split(u'\n');
    for (QString &line : lines) {
        while (line.endsWith(u' '))
            line.chop(1);
        while (line.startsWith(u' '))
            line.remove(0, 1);
    }
    out = lines.join(u'\n');
    static const QRegularExpression blankRuns(QStringLiteral("\n{3,}"));
    out.replace(blankRuns, QStringLiteral("\n\n"));
    return out.trimmed();
}
