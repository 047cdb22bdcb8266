#pragma once

#include "chatbackend.h"
#include "chatworker.h"

class Clock;

// The chat page over a standalone desk's store: one worker thread owns the SQLite connection
// (ChatWorker), every call runs there, and the generation is the store's (any write, by the
// window or the gateway, wakes every poll: a desk has few chats at once).
class LocalChatBackend : public ChatBackend
{
public:
    LocalChatBackend(QString storePath, const Clock &clock);

    bool start() override;
    void stop() override { m_worker.stop(); }
    bool stopping() const override { return m_worker.stopping(); }
    QString errorString() const override { return m_worker.errorString(); }

    std::optional<bool> isOpenNow() override;
    std::optional<QList<FaqArticle>> searchFaq(const QString &query, const QString &language) override;
    Started startChat(const LiveChat::Start &start, bool leaveMessage) override;
    Polled since(const QString &token, qint64 afterMessageId) override;
    Acted act(const QString &token, Action action, const QString &text, int score) override;

    quint64 generation(qint64) const override { return m_worker.generation(); }
    quint64 waitPast(qint64, quint64 seen, std::chrono::steady_clock::time_point until) override
    {
        return m_worker.waitPast(seen, until);
    }

private:
    ChatWorker m_worker;
};
