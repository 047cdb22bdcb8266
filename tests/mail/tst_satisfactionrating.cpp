#include "catchcompat.h"
#include "satisfactionrating.h"

using namespace Qt::StringLiterals;

namespace {

int scoreOf(const QString &text)
{
    const auto rating = SatisfactionRating::recognise(text);
    return rating ? rating->score : 0;
}

} // namespace

TEST_CASE("SatisfactionRating reads a digit, n/5, stars and Chinese scores at the start", "[mail][survey]")
{
    CHECK(scoreOf(u"4"_s) == 4);
    CHECK(scoreOf(u"\n\n  5  \n"_s) == 5);
    CHECK(scoreOf(u"5/5"_s) == 5);
    CHECK(scoreOf(u"3 / 5 could be faster"_s) == 3);
    CHECK(scoreOf(u"4 out of 5"_s) == 4);
    CHECK(scoreOf(u"2 stars"_s) == 2);
    CHECK(scoreOf(u"Rating: 4"_s) == 4);
    CHECK(scoreOf(u"★★★★☆"_s) == 4);
    CHECK(scoreOf(u"★★★★★ great"_s) == 5);
    CHECK(scoreOf(u"⭐⭐⭐"_s) == 3);
    CHECK(scoreOf(u"5分"_s) == 5);
    CHECK(scoreOf(u"4 分，还不错"_s) == 4);
    CHECK(scoreOf(u"五星好评"_s) == 0); // 好评 runs on: not a score followed by a comment
    CHECK(scoreOf(u"五星！"_s) == 5);
    CHECK(scoreOf(u"三分"_s) == 3);
    CHECK(scoreOf(u"５"_s) == 5);
    CHECK(scoreOf(u"４／５"_s) == 4);
    CHECK(scoreOf(u"评分：2"_s) == 2);
    CHECK(scoreOf(u"1."_s) == 1);
}

TEST_CASE("SatisfactionRating keeps the rest as the comment, without the quote", "[mail][survey]")
{
    const auto thanks = SatisfactionRating::recognise(
        u"4 thanks\r\n\r\nOn Tue, 1 Dec 2026 at 09:00, Support <support@example.test> wrote:\r\n> How satisfied…\r\n"_s);
    REQUIRE(thanks);
    CHECK(thanks->score == 4);
    CHECK(thanks->comment == u"thanks"_s);

    const auto longer = SatisfactionRating::recognise(u"5, very quick.\nThe new router works.\n\n> How satisfied\n"_s);
    REQUIRE(longer);
    CHECK(longer->comment == u"very quick.\nThe new router works."_s);

    const auto chinese =
        SatisfactionRating::recognise(u"5分，非常满意\n\n在 2026年12月1日，客服 写道：\n> 您对…满意吗\n"_s);
    REQUIRE(chinese);
    CHECK(chinese->score == 5);
    CHECK(chinese->comment == u"非常满意"_s);

    const auto bare = SatisfactionRating::recognise(u"3"_s);
    REQUIRE(bare);
    CHECK(bare->comment.isEmpty());
}

TEST_CASE("SatisfactionRating ignores numbers that are no rating", "[mail][survey]")
{
    CHECK(scoreOf(u"order 3 arrived"_s) == 0);
    CHECK(scoreOf(u"My order 3 arrived broken"_s) == 0);
    CHECK(scoreOf(u"Thanks! I give it a 5"_s) == 0); // not at the start: strict
    CHECK(scoreOf(u"0"_s) == 0);
    CHECK(scoreOf(u"6"_s) == 0);
    CHECK(scoreOf(u"10/10"_s) == 0);
    CHECK(scoreOf(u"4/10"_s) == 0);
    CHECK(scoreOf(u"4.5"_s) == 0);
    CHECK(scoreOf(u"3rd time it failed"_s) == 0);
    CHECK(scoreOf(u"3pm works for me"_s) == 0);
    CHECK(scoreOf(u"2026年12月1日又坏了"_s) == 0);
    CHECK(scoreOf(u"5G 网络还是连不上"_s) == 0);
    CHECK(scoreOf(u"五月份买的"_s) == 0);
    CHECK(scoreOf(u"★★★★★★"_s) == 0);
    CHECK(scoreOf(u""_s) == 0);
    // Only what the customer wrote counts, not the survey they quoted.
    CHECK(scoreOf(u"\n> 5\n"_s) == 0);
    CHECK(scoreOf(u"Still broken\n\nOn Tue, 1 Dec 2026, Support wrote:\n> 1 (not at all) to 5\n"_s) == 0);
}
