#pragma once

#include <QString>

// Where the earlier mail a customer quoted begins in the text of their answer: "> " lines,
// an attribution ("On … wrote:", "在 … 写道：") or an Outlook header block ("-----Original
// Message-----", "From:/发件人:" followed by "Sent:/发送时间:"…). The thread folds the quote so
// the agent reads what is new. Text only: the HTML part is marked by HtmlSanitizer instead.
class QuotedText
{
public:
    struct Split {
        QString fresh;  // what the customer wrote now, trailing blank lines removed
        QString quoted; // from the first line of the quote to the end; empty when there is none
    };

    // A quote that is all there is, or that has the customer's answers between its lines, is
    // not split off: folding it would hide what they wrote.
    static Split split(const QString &text);
};
