#pragma once

#include <QString>

#include <optional>

// A customer's answer to the satisfaction survey mailed to them, read from the start of what they
// wrote above the quote: "4", "4 thanks", "5/5", "★★★★☆", "5分", "五星"… Strict on purpose:
// the rating has to open the first line and stand apart ("4th", "10", "4.5" and "order 3 arrived"
// are no rating), because a mail taken for one is not put in front of an agent as a question.
class SatisfactionRating
{
public:
    int score = 0; // 1 to 5
    QString comment;

    static std::optional<SatisfactionRating> recognise(const QString &text);
};
