#include "catchcompat.h"
#include "quotedtext.h"

using namespace Qt::StringLiterals;

TEST_CASE("QuotedText splits Gmail's and Apple Mail's quote under an attribution", "[mail][quote]")
{
    const auto gmail = QuotedText::split(
        u"Thanks, that worked.\r\n\r\nOn Tue, 1 Dec 2026 at 09:00, Support <support@example.test> wrote:\r\n"
        "> Please restart the router.\r\n>\r\n> Deskline\r\n"_s);
    CHECK(gmail.fresh == u"Thanks, that worked."_s);
    CHECK(gmail.quoted.startsWith(u"On Tue, 1 Dec 2026"_s));
    CHECK(gmail.quoted.contains(u"> Please restart the router."_s));

    // Wrapped over two lines, as Gmail does with a long name.
    const auto wrapped =
        QuotedText::split(u"Still broken.\n\nOn Tue, 1 Dec 2026 at 09:00, Zhang Wei Customer Support <\n"
                          "support@example.test> wrote:\n\n> Try again\n"_s);
    CHECK(wrapped.fresh == u"Still broken."_s);
    CHECK(wrapped.quoted.startsWith(u"On Tue"_s));

    const auto chinese = QuotedText::split(
        u"好的，谢谢！\n\n在 2026年12月1日 星期二 09:00，客服 <support@example.test> 写道：\n> 请重启路由器。\n"_s);
    CHECK(chinese.fresh == u"好的，谢谢！"_s);
    CHECK(chinese.quoted.startsWith(u"在 2026年12月1日"_s));

    // What MailComposer writes under our replies, in either language.
    CHECK(QuotedText::split(u"OK\n\nZhang Wei wrote:\n> hello\n"_s).fresh == u"OK"_s);
    CHECK(QuotedText::split(u"收到\n\n张伟 写道：\n> 你好\n"_s).fresh == u"收到"_s);
}

TEST_CASE("QuotedText splits Outlook's header blocks, English and Chinese", "[mail][quote]")
{
    const auto original = QuotedText::split(u"See below.\n\n-----Original Message-----\nFrom: Support\n"
                                            "Sent: Tuesday, December 1, 2026 9:00 AM\nSubject: T-000001\n\nHello\n"_s);
    CHECK(original.fresh == u"See below."_s);
    CHECK(original.quoted.startsWith(u"-----Original Message-----"_s));
    CHECK(original.quoted.endsWith(u"Hello\n"_s));

    const auto headers = QuotedText::split(u"Done.\n\n________________________________\nFrom: Support <s@x.test>\n"
                                           "Sent: Tuesday, 1 December 2026 09:00\nTo: me\nSubject: Re: x\n\nHi\n"_s);
    CHECK(headers.fresh == u"Done."_s);
    CHECK(headers.quoted.startsWith(u"________________________________\nFrom: Support"_s));

    const auto chinese =
        QuotedText::split(u"已经解决了。\n\n发件人: 客服 <support@example.test>\n发送时间: 2026年12月1日 9:00\n"
                          "收件人: 张伟\n主题: 无法登录\n\n您好\n"_s);
    CHECK(chinese.fresh == u"已经解决了。"_s);
    CHECK(chinese.quoted.startsWith(u"发件人: 客服"_s));

    const auto qq =
        QuotedText::split(u"好的\n\n------------------ 原始邮件 ------------------\n发件人: 客服\n你好\n"_s);
    CHECK(qq.fresh == u"好的"_s);
    CHECK(qq.quoted.startsWith(u"------------------ 原始邮件"_s));
}

TEST_CASE("QuotedText splits a trailing \"> \" quote and nothing else", "[mail][quote]")
{
    const auto bare = QuotedText::split(u"Yes\n\n> Did it work?\n> Thanks\n\n"_s);
    CHECK(bare.fresh == u"Yes"_s);
    CHECK(bare.quoted.startsWith(u"> Did it work?"_s));

    // No quote at all.
    const QString plain = u"My order 3 arrived broken.\nFrom: the shop, yesterday.\n"_s;
    CHECK(QuotedText::split(plain).fresh == plain);
    CHECK(QuotedText::split(plain).quoted.isEmpty());

    // Answers between the quoted lines: folding would hide them.
    const QString interleaved = u"> What is your order number?\nTP20260001\n> Which colour?\nRed\n"_s;
    CHECK(QuotedText::split(interleaved).quoted.isEmpty());
    CHECK(QuotedText::split(interleaved).fresh == interleaved);

    // Nothing but a quote: shown as it is.
    CHECK(QuotedText::split(u"> only this\n"_s).quoted.isEmpty());

    // "wrote:" in the customer's own story, with no quote below it.
    const QString story = u"My colleague wrote:\nthe printer is on fire.\n"_s;
    CHECK(QuotedText::split(story).quoted.isEmpty());
    CHECK(QuotedText::split(u"On Monday my colleague wrote: hi\nand then it broke\n"_s).quoted.isEmpty());
    CHECK(QuotedText::split(u"张伟写道：\n打印机坏了\n"_s).quoted.isEmpty());
}
