#pragma once

#include <QString>

#include <functional>

class LocalStore;

struct DemoSeedOptions {
    int tickets = 2000;
    int messagesPerTicket = 10;
    quint64 seed = 1;
};

// Fills a store with realistic, deterministic demo data: Chinese and English customers
// with orders and devices, every channel and category, conversations with replies and
// internal notes, spread over the year before the store's clock. The same seed always
// gives the same store. It writes in bulk and tells no views: seed a store before
// a window opens it.
class DemoSeeder
{
public:
    explicit DemoSeeder(LocalStore &store);

    // progress(done, total) is called every few thousand tickets.
    bool run(const DemoSeedOptions &options, const std::function<void(int, int)> &progress = {});
    QString errorString() const { return m_error; }

private:
    LocalStore &m_store;
    QString m_error;
};
