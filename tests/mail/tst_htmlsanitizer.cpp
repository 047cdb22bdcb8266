#include "catchcompat.h"
#include "htmlsanitizer.h"

TEST_CASE("HtmlSanitizer drops scripts, handlers, active elements and unsafe links", "[mail]")
{
    const HtmlSanitizer::Result clean = HtmlSanitizer::sanitize(QStringLiteral(
        "<html><head><style>p{}</style><script>alert(1)</script></head><body onload=\"x()\">"
        "<p onclick=\"evil()\" style=\"position:fixed\">Hi <b>there</b></p>"
        "<a href=\"javascript:alert(2)\">a</a><a href=\"java&#x09;script:alert(3)\">b</a>"
        "<a href=\" JAVASCRIPT:alert(4)\">c</a><a href=\"vbscript:x\">d</a><a href=\"data:text/html,x\">e</a>"
        "<a href=\"https://ok.example/?a=1&amp;b=2\">f</a><a href=\"mailto:x@example.com\">g</a>"
        "<iframe src=\"https://evil.example/\"></iframe><form><input name=\"pw\"></form>"
        "<object data=\"x\"></object><embed src=\"y\"><svg><script>1</script></svg></body></html>"));
    CHECK(clean.html.startsWith(u"<p>Hi <b>there</b></p>"));
    for (const char *gone : {"script", "alert", "onclick", "onload", "style", "iframe", "form", "input", "object",
                             "embed", "svg", "vbscript", "data:"})
        CHECK(!clean.html.contains(QString::fromLatin1(gone), Qt::CaseInsensitive));
    CHECK(clean.html.contains(u"<a>a</a><a>b</a><a>c</a><a>d</a><a>e</a>"));
    CHECK(clean.html.contains(u"<a href=\"https://ok.example/?a=1&amp;b=2\">f</a>"));
    CHECK(clean.html.contains(u"<a href=\"mailto:x@example.com\">g</a>"));
}

TEST_CASE("HtmlSanitizer blocks remote images until asked, keeps cid: and raster data: images", "[mail]")
{
    const QString html =
        QStringLiteral("<img src=\"https://tracker.example/p.gif?u=1\" width=\"1\" height=\"1\">"
                       "<img src=\"cid:logo@x\" alt=\"logo\"><img src=\"data:image/png;base64,iVBO\">"
                       "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\"><img src=\"file:///etc/passwd\">");
    const HtmlSanitizer::Result blocked = HtmlSanitizer::sanitize(html);
    CHECK(blocked.remoteImages == QStringList{QStringLiteral("https://tracker.example/p.gif?u=1")});
    CHECK(blocked.html.contains(u"src=\"" + HtmlSanitizer::blockedImageSource() + u'"'));
    CHECK(!blocked.html.contains(u"src=\"https://"));
    CHECK(!blocked.html.contains(u"width"));
    CHECK(blocked.html.contains(u"<img src=\"cid:logo@x\" alt=\"logo\">"));
    CHECK(blocked.html.contains(u"data:image/png;base64,iVBO"));
    CHECK(!blocked.html.contains(u"svg"));
    CHECK(!blocked.html.contains(u"file:"));

    const HtmlSanitizer::Result loaded = HtmlSanitizer::sanitize(html, true);
    CHECK(loaded.remoteImages.isEmpty());
    CHECK(loaded.html.contains(u"src=\"https://tracker.example/p.gif?u=1\""));
}

TEST_CASE("HtmlSanitizer marks quoted mail so the window can fold it", "[mail]")
{
    const HtmlSanitizer::Result clean = HtmlSanitizer::sanitize(
        QStringLiteral("<p>new</p><blockquote type=\"cite\">old</blockquote><div class=\"gmail_quote\">older</div>"
                       "<blockquote>just indented</blockquote>"));
    CHECK(clean.quotes == 2);
    CHECK(clean.html ==
          u"<p>new</p><blockquote class=\"deskline-quote\">old</blockquote><div class=\"deskline-quote\">older</div>"
          "<blockquote>just indented</blockquote>");
}

TEST_CASE("HtmlSanitizer survives broken markup and writes escaped text", "[mail]")
{
    const HtmlSanitizer::Result clean =
        HtmlSanitizer::sanitize(QStringLiteral("<div><p>1 &lt; 2 <b>bold<i>both</div><script>x"));
    CHECK(clean.html.contains(u"1 &lt; 2"));
    CHECK(!clean.html.contains(u"script"));
    CHECK(HtmlSanitizer::sanitize(QString()).html.isEmpty());
}

TEST_CASE("HtmlSanitizer gives an HTML-only mail a plain text", "[mail]")
{
    const QString text = HtmlSanitizer::plainText(QStringLiteral(
        "<html><head><title>T</title><style>x{}</style></head><body><p>Hello   world</p><ul><li>one</li><li>two</li>"
        "</ul><a href=\"https://x.example/\">site</a><br>line<blockquote type=\"cite\">old<br>text</blockquote>"
        "<script>alert(1)</script></body></html>"));
    CHECK(text == u"Hello world\n\n- one\n- two\nsite <https://x.example/>\nline\n> old\n> text");
}

TEST_CASE("HtmlSanitizer keeps what follows an unclosed embed or input", "[mail]")
{
    const HtmlSanitizer::Result clean =
        HtmlSanitizer::sanitize(QStringLiteral("<embed src=\"y.swf\"><input name=\"x\"><p>after</p>"));
    CHECK(clean.html == u"<p>after</p>");
}
