#pragma once

#include "draft.h"

#include <optional>

class LocalStore;

// Unsent composer text, one per ticket, so a crash or a closed window loses nothing. Sending a
// reply or a note removes it in the same transaction (LocalStore::addMessage).
class DraftStore
{
public:
    explicit DraftStore(LocalStore &store);

    std::optional<Draft> draft(qint64 ticketId) const;
    // An empty body clears the draft.
    bool save(qint64 ticketId, const Draft &draft);
    bool clear(qint64 ticketId);

private:
    LocalStore &m_store;
};
