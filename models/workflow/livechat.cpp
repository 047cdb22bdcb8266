#include "livechat.h"

#include "cannedanswerstore.h"
#include "chatstore.h"
#include "customerstore.h"
#include "faqsearch.h"
#include "localstore.h"
#include "surveystore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

QString newToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// What a visitor typed, as kept: line ends made \n, other control characters dropped (they
// have no business in a chat and could hide text from the agent), trimmed.
QString cleaned(const QString &text)
{
    QString result;
    result.reserve(text.size());
    const QString unified = QString(text).replace(u"\r\n"_s, u"\n"_s).replace(u'\r', u'\n');
    for (const QChar c : unified) {
        const bool control = c.category() == QChar::Other_Control || c.category() == QChar::Other_Format;
        if (c == u'\n' || c == u'\t' || (!control && !c.isNonCharacter()))
            result.append(c);
    }
    return result.trimmed();
}

} // namespace

LiveChat::LiveChat(LocalStore &store)
    : m_store(store)
{}

QString LiveChat::tokenHash(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toLatin1(), QCryptographicHash::Sha256).toHex());
}

bool LiveChat::isToken(const QString &token)
{
    static const QRegularExpression form(u"^[A-Za-z0-9_-]{43}$"_s);
    return token.size() == tokenLength && form.match(token).hasMatch();
}

bool LiveChat::isEmailAddress(const QString &address)
{
    static const QRegularExpression form(u"^[^@\\s<>\"(),;:]+@[^@\\s<>\"(),;:]+\\.[^@\\s<>\"(),;:]+$"_s);
    return address.size() <= maxEmailLength && form.match(address).hasMatch();
}

std::optional<ChatSession> LiveChat::session(const QString &token) const
{
    if (!isToken(token))
        return std::nullopt;
    return ChatStore(m_store).byToken(tokenHash(token));
}

std::optional<ChatSession> LiveChat::sessionOfTicket(qint64 ticketId) const
{
    return ChatStore(m_store).ofTicket(ticketId);
}

bool LiveChat::isOpenNow() const
{
    return m_store.sla().calendar().isOpenAt(QDateTime::fromMSecsSinceEpoch(m_store.nowMs(), Qt::UTC));
}

QList<FaqArticle> LiveChat::searchFaq(const QString &query, const QString &language) const
{
    return FaqSearch::search(CannedAnswerStore(m_store).publicAnswers(), query, language);
}

bool LiveChat::refuse(const QString &message)
{
    m_error = message;
    return false;
}

QString LiveChat::checkStart(const Start &start, bool needsEmail)
{
    if (cleaned(start.name).size() > maxNameLength)
        return tr("A name is at most %1 characters.").arg(maxNameLength);
    const QString email = start.email.trimmed();
    if (needsEmail && email.isEmpty())
        return tr("Leave an email address, so that we can answer.");
    if (!email.isEmpty() && !isEmailAddress(email))
        return tr("\"%1\" is not an email address.").arg(email.left(maxEmailLength));
    if (start.text.size() > maxTextLength)
        return tr("A message is at most %1 characters.").arg(maxTextLength);
    if (needsEmail && cleaned(start.text).isEmpty())
        return tr("Write your message.");
    return {};
}

std::optional<qint64> LiveChat::customerFor(const Start &start)
{
    Customer customer;
    customer.name = cleaned(start.name).simplified();
    customer.email = start.email.trimmed();
    if (customer.name.isEmpty())
        customer.name = !customer.email.isEmpty() ? customer.email.section(u'@', 0, 0) : tr("Chat visitor");
    return CustomerStore(m_store).createCustomer(customer);
}

std::optional<LiveChat::Started> LiveChat::start(const Start &start)
{
    if (const QString problem = checkStart(start, false); !problem.isEmpty()) {
        refuse(problem);
        return std::nullopt;
    }
    Started started;
    started.token = newToken();
    const QString question = cleaned(start.text);
    const bool ok = m_store.transaction([&] {
        const auto customerId = customerFor(start);
        if (!customerId)
            return false;
        NewTicketInput input;
        input.customerId = *customerId;
        input.channel = Channel::Chat;
        input.subject = question.isEmpty() ? tr("Chat with %1").arg(cleaned(start.name).simplified().left(60))
                                           : question.simplified().left(80);
        if (cleaned(start.name).isEmpty() && question.isEmpty())
            input.subject = tr("Chat from the website");
        const auto ticketId = m_store.createTicket(input);
        if (!ticketId)
            return false;
        if (!question.isEmpty() && !m_store.addMessage(*ticketId, MessageKind::Customer, question))
            return false;
        started.ticketId = *ticketId;
        return ChatStore(m_store).create(*ticketId, tokenHash(started.token), start.language).has_value();
    });
    if (!ok) {
        m_error = m_store.errorString();
        return std::nullopt;
    }
    started.ticketLabel = m_store.ticket(started.ticketId).value_or(Ticket{}).displayId();
    m_error.clear();
    return started;
}

std::optional<qint64> LiveChat::post(const ChatSession &session, const QString &text)
{
    const QString body = cleaned(text);
    if (body.isEmpty()) {
        refuse(tr("The message is empty."));
        return std::nullopt;
    }
    if (text.size() > maxTextLength) {
        refuse(tr("A message is at most %1 characters.").arg(maxTextLength));
        return std::nullopt;
    }
    if (session.ended()) {
        refuse(tr("This chat has ended."));
        return std::nullopt;
    }
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        id = m_store.addMessage(session.ticketId, MessageKind::Customer, body);
        return id.has_value() && ChatStore(m_store).setTyping(session.id, ChatStore::Side::Customer, false);
    });
    if (!ok) {
        m_error = m_store.errorString();
        return std::nullopt;
    }
    m_error.clear();
    return id;
}

LiveChat::Update LiveChat::since(const ChatSession &session, qint64 afterMessageId) const
{
    Update update;
    // Read again: the agent's typing and the end may have changed since the session was read.
    const ChatSession now = ChatStore(m_store).ofTicket(session.ticketId).value_or(session);
    update.agentTyping = now.agentTyping(m_store.nowMs());
    update.ended = now.ended();
    for (const Message &message : m_store.messages(session.ticketId, afterMessageId)) {
        if (message.kind == MessageKind::Note)
            continue; // internal: never on the page
        Line line;
        line.id = message.id;
        line.fromCustomer = message.kind == MessageKind::Customer;
        line.author = line.fromCustomer ? QString() : message.authorName;
        line.text = message.body;
        line.atMs = message.createdAt.toMSecsSinceEpoch();
        update.lines.append(line);
    }
    return update;
}

bool LiveChat::noteCustomerTyping(const ChatSession &session)
{
    if (session.ended())
        return refuse(tr("This chat has ended."));
    if (!ChatStore(m_store).setTyping(session.id, ChatStore::Side::Customer, true))
        return refuse(m_store.errorString());
    return true;
}

bool LiveChat::noteAgentTyping(qint64 ticketId)
{
    const auto session = ChatStore(m_store).ofTicket(ticketId);
    if (!session || session->ended())
        return false;
    // A note every 2 s at most: the page shows one for 5 s.
    if (m_store.nowMs() - session->agentTypingAtMs < 2000)
        return true;
    // In team mode the visitor's page is served from the team's server: the note goes there too,
    // with when it was made, so that one that waited in an offline desk's outbox shows nothing.
    return m_store.transaction([&] {
        return ChatStore(m_store).setTyping(session->id, ChatStore::Side::Agent, true) &&
               m_store.enqueue(u"chat.typing"_s, ticketId, {{u"ticket_id"_s, ticketId}, {u"at"_s, m_store.nowMs()}});
    });
}

bool LiveChat::requestTranscript(const ChatSession &session, const QString &address)
{
    const QString to = address.trimmed();
    if (!isEmailAddress(to))
        return refuse(tr("\"%1\" is not an email address.").arg(to.left(maxEmailLength)));
    const bool ok = m_store.transaction([&] {
        return ChatStore(m_store).setTranscriptTo(session.id, to) &&
               m_store.audit(session.ticketId, u"chat_transcript"_s, to);
    });
    return ok || refuse(m_store.errorString());
}

bool LiveChat::rate(const ChatSession &session, int score, const QString &comment)
{
    if (score < 1 || score > 5)
        return refuse(tr("A rating is a score from 1 to 5."));
    if (comment.size() > maxCommentLength)
        return refuse(tr("A comment is at most %1 characters.").arg(maxCommentLength));
    return SurveyStore(m_store).recordLive(session.ticketId, score, cleaned(comment)) || refuse(m_store.errorString());
}

bool LiveChat::end(const ChatSession &session)
{
    const bool ok = m_store.transaction([&] {
        return ChatStore(m_store).end(session.id) && m_store.audit(session.ticketId, u"chat_end"_s, QString());
    });
    return ok || refuse(m_store.errorString());
}

std::optional<LiveChat::Started> LiveChat::leaveMessage(const Start &message)
{
    if (const QString problem = checkStart(message, true); !problem.isEmpty()) {
        refuse(problem);
        return std::nullopt;
    }
    Started started;
    const QString body = cleaned(message.text);
    const bool ok = m_store.transaction([&] {
        const auto customerId = customerFor(message);
        if (!customerId)
            return false;
        NewTicketInput input;
        input.customerId = *customerId;
        input.channel = Channel::Web;
        input.subject = body.simplified().left(80);
        input.tags = {u"chat-after-hours"_s};
        const auto ticketId = m_store.createTicket(input);
        if (!ticketId || !m_store.addMessage(*ticketId, MessageKind::Customer, body))
            return false;
        started.ticketId = *ticketId;
        return true;
    });
    if (!ok) {
        m_error = m_store.errorString();
        return std::nullopt;
    }
    started.ticketLabel = m_store.ticket(started.ticketId).value_or(Ticket{}).displayId();
    m_error.clear();
    return started;
}
