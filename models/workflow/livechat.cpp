#include "livechat.h"

#include "cannedanswerstore.h"
#include "chatstore.h"
#include "chattranscript.h"
#include "customerstore.h"
#include "faqsearch.h"
#include "localstore.h"
#include "mailstore.h"
#include "surveystore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

LiveChat::LiveChat(LocalStore &store)
    : m_store(store)
{}

QString LiveChat::newToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString LiveChat::cleaned(const QString &text)
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

QString LiveChat::checkMessage(const QString &text)
{
    if (text.size() > maxTextLength)
        return tr("A message is at most %1 characters.").arg(maxTextLength);
    if (cleaned(text).isEmpty())
        return tr("The message is empty.");
    return {};
}

QString LiveChat::checkRating(int score, const QString &comment)
{
    if (score < 1 || score > 5)
        return tr("A rating is a score from 1 to 5.");
    if (comment.size() > maxCommentLength)
        return tr("A comment is at most %1 characters.").arg(maxCommentLength);
    return {};
}

QString LiveChat::checkTranscriptAddress(const QString &address)
{
    if (!isEmailAddress(address))
        return tr("\"%1\" is not an email address.").arg(address.left(maxEmailLength));
    return {};
}

QString LiveChat::customerNameFor(const Start &start)
{
    const QString name = cleaned(start.name).simplified();
    if (!name.isEmpty())
        return name;
    const QString email = start.email.trimmed();
    return !email.isEmpty() ? email.section(u'@', 0, 0) : tr("Chat visitor");
}

QString LiveChat::subjectFor(const Start &start, bool leaveMessage)
{
    const QString text = cleaned(start.text);
    if (leaveMessage)
        return text.simplified().left(80);
    const QString name = cleaned(start.name).simplified();
    if (name.isEmpty() && text.isEmpty())
        return tr("Chat from the website");
    return text.isEmpty() ? tr("Chat with %1").arg(name.left(60)) : text.simplified().left(80);
}

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
    customer.name = customerNameFor(start);
    customer.email = start.email.trimmed();
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
        input.subject = subjectFor(start, false);
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
    if (const QString problem = checkMessage(text); !problem.isEmpty()) {
        refuse(problem);
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
    if (const QString problem = checkTranscriptAddress(to); !problem.isEmpty())
        return refuse(problem);
    // It goes once, when the chat ends, to the address it ended with: none after that.
    if (session.ended())
        return refuse(tr("This chat has ended."));
    const bool ok = m_store.transaction([&] {
        return ChatStore(m_store).setTranscriptTo(session.id, to) &&
               m_store.audit(session.ticketId, u"chat_transcript"_s, to);
    });
    return ok || refuse(m_store.errorString());
}

bool LiveChat::rate(const ChatSession &session, int score, const QString &comment)
{
    if (const QString problem = checkRating(score, comment); !problem.isEmpty())
        return refuse(problem);
    return SurveyStore(m_store).recordLive(session.ticketId, score, cleaned(comment)) || refuse(m_store.errorString());
}

bool LiveChat::end(const ChatSession &session)
{
    const bool ok = m_store.transaction([&] {
        return ChatStore(m_store).end(session.id) && m_store.audit(session.ticketId, u"chat_end"_s, QString()) &&
               mailTranscriptIfDue(session.ticketId);
    });
    return ok || refuse(m_store.errorString());
}

bool LiveChat::mailTranscriptIfDue(qint64 ticketId)
{
    const auto session = ChatStore(m_store).ofTicket(ticketId);
    if (!session || !session->transcriptDue())
        return true;
    const QString label = m_store.ticket(ticketId).value_or(Ticket{}).displayId();
    const QString transcript = ChatTranscript::text(session->language, label, since(*session, 0).lines);
    MailStore mails(m_store);
    std::optional<Mailbox> sender;
    for (const Mailbox &mailbox : mails.mailboxes()) {
        if (!mailbox.smtpUrl.isEmpty()) {
            sender = mailbox;
            break;
        }
    }
    const auto note =
        m_store.addMessage(ticketId, MessageKind::Note,
                           sender ? transcript : ChatTranscript::unsentNote(session->transcriptTo, transcript));
    return note && (!sender || mails.queueReply(*note, sender->id, {session->transcriptTo})) &&
           ChatStore(m_store).setTranscriptSentTo(session->id, session->transcriptTo);
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
        input.subject = subjectFor(message, true);
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
