#include "localchatbackend.h"

LocalChatBackend::LocalChatBackend(QString storePath, const Clock &clock)
    : m_worker(std::move(storePath), clock)
{}

bool LocalChatBackend::start()
{
    return m_worker.start();
}

std::optional<bool> LocalChatBackend::isOpenNow()
{
    bool open = false;
    if (!m_worker.run([&](LiveChat &chat) { open = chat.isOpenNow(); }))
        return std::nullopt;
    return open;
}

std::optional<QList<FaqArticle>> LocalChatBackend::searchFaq(const QString &query, const QString &language)
{
    QList<FaqArticle> found;
    if (!m_worker.run([&](LiveChat &chat) { found = chat.searchFaq(query, language); }))
        return std::nullopt;
    return found;
}

ChatBackend::Started LocalChatBackend::startChat(const LiveChat::Start &start, bool leaveMessage)
{
    Started result;
    const bool ran = m_worker.run(
        [&](LiveChat &chat) {
            if (!leaveMessage && !chat.isOpenNow()) {
                result.closed = true;
                result.outcome = Outcome::Refused;
                return;
            }
            const auto started = leaveMessage ? chat.leaveMessage(start) : chat.start(start);
            result.outcome = started ? Outcome::Done : Outcome::Refused;
            if (started)
                result.started = *started;
            else
                result.errorText = chat.errorString();
        },
        true);
    if (!ran)
        result.outcome = Outcome::Unavailable;
    return result;
}

ChatBackend::Polled LocalChatBackend::since(const QString &token, qint64 afterMessageId)
{
    Polled result;
    const bool ran = m_worker.run([&](LiveChat &chat) {
        const auto session = chat.session(token);
        if (!session) {
            result.outcome = Outcome::Unknown;
            return;
        }
        result.outcome = Outcome::Done;
        result.ticketId = session->ticketId;
        result.update = chat.since(*session, afterMessageId);
    });
    if (!ran)
        result.outcome = Outcome::Unavailable;
    return result;
}

ChatBackend::Acted LocalChatBackend::act(const QString &token, Action action, const QString &text, int score)
{
    Acted result;
    const bool ran = m_worker.run(
        [&](LiveChat &chat) {
            const auto session = chat.session(token);
            if (!session) {
                result.outcome = Outcome::Unknown;
                return;
            }
            bool done = false;
            switch (action) {
            case Action::Message: {
                const auto id = chat.post(*session, text);
                done = id.has_value();
                result.messageId = id.value_or(0);
                break;
            }
            case Action::Typing:
                done = chat.noteCustomerTyping(*session);
                break;
            case Action::Transcript:
                done = chat.requestTranscript(*session, text);
                break;
            case Action::Rating:
                done = chat.rate(*session, score, text);
                break;
            case Action::End:
                done = chat.end(*session);
                break;
            }
            if (done) {
                result.outcome = Outcome::Done;
                return;
            }
            result.errorText = chat.errorString();
            // Only a rating is taken after the end.
            const bool afterEnd = session->ended() && action != Action::Rating;
            result.outcome = afterEnd ? Outcome::Ended : Outcome::Refused;
        },
        true);
    if (!ran)
        result.outcome = Outcome::Unavailable;
    return result;
}
