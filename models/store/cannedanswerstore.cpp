#include "cannedanswerstore.h"

#include "localstore.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

CannedAnswerStore::CannedAnswerStore(LocalStore &store)
    : m_store(store)
{}

QList<CannedAnswer> CannedAnswerStore::answers() const
{
    QList<CannedAnswer> result;
    QSqlQuery query(m_store.database());
    query.exec(u"SELECT id, title, body, language, public, title_zh, body_zh, title_en, body_en, client_id"
               " FROM canned_answers ORDER BY position, id"_s);
    while (query.next()) {
        result.append({query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
                       query.value(3).toString(), query.value(4).toBool(), query.value(5).toString(),
                       query.value(6).toString(), query.value(7).toString(), query.value(8).toString(),
                       query.value(9).toString()});
    }
    return result;
}

QList<CannedAnswer> CannedAnswerStore::publicAnswers() const
{
    QList<CannedAnswer> result;
    for (const CannedAnswer &answer : answers()) {
        if (answer.isPublic)
            result.append(answer);
    }
    return result;
}

std::optional<qint64> CannedAnswerStore::save(const CannedAnswer &answer)
{
    if (answer.title.trimmed().isEmpty() || answer.body.trimmed().isEmpty()) {
        m_store.setError(tr("A canned answer needs a title and a text."));
        return std::nullopt;
    }
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        const std::optional<Published> before = answer.id > 0 ? published(answer.id) : Published{};
        if (!before)
            return false;
        const QString clientId = answer.id > 0 ? before->clientId : LocalStore::newClientId();
        QSqlQuery query = m_store.prepare(
            answer.id > 0
                ? u"UPDATE canned_answers SET title = :title, body = :body, language = :lang, public = :public,"
                  " title_zh = :title_zh, body_zh = :body_zh, title_en = :title_en, body_en = :body_en WHERE id = :id"_s
                : u"INSERT INTO canned_answers(title, body, language, position, public, title_zh, body_zh, title_en,"
                  " body_en, client_id) VALUES (:title, :body, :lang, (SELECT coalesce(max(position), 0) + 1 FROM"
                  " canned_answers), :public, :title_zh, :body_zh, :title_en, :body_en, :client_id)"_s);
        query.bindValue(u":title"_s, answer.title.trimmed());
        query.bindValue(u":body"_s, answer.body);
        // Qt binds a null QString as SQL NULL; the column is NOT NULL.
        query.bindValue(u":lang"_s, answer.language.isNull() ? u""_s : answer.language);
        query.bindValue(u":public"_s, answer.isPublic ? 1 : 0);
        const auto notNull = [](const QString &text) { return text.isNull() ? u""_s : text; };
        query.bindValue(u":title_zh"_s, notNull(answer.titleZh.trimmed()));
        query.bindValue(u":body_zh"_s, notNull(answer.bodyZh));
        query.bindValue(u":title_en"_s, notNull(answer.titleEn.trimmed()));
        query.bindValue(u":body_en"_s, notNull(answer.bodyEn));
        if (answer.id > 0)
            query.bindValue(u":id"_s, answer.id);
        else
            query.bindValue(u":client_id"_s, clientId);
        if (!m_store.exec(query))
            return false;
        id = answer.id > 0 ? answer.id : query.lastInsertId().toLongLong();
        // In team mode the chat page's FAQ is the server's: a public answer goes there with its
        // words each time it is saved, and one that stops being public leaves it. (Standalone
        // enqueue() does nothing: the desk's own chat page reads the answers here.)
        if (answer.isPublic) {
            return m_store.enqueue(u"faq.publish"_s, 0,
                                   {{u"client_id"_s, clientId},
                                    {u"title"_s, answer.title.trimmed()},
                                    {u"body"_s, answer.body},
                                    {u"title_zh"_s, answer.titleZh.trimmed()},
                                    {u"body_zh"_s, answer.bodyZh},
                                    {u"title_en"_s, answer.titleEn.trimmed()},
                                    {u"body_en"_s, answer.bodyEn}});
        }
        return !before->isPublic || m_store.enqueue(u"faq.withdraw"_s, 0, {{u"client_id"_s, clientId}});
    });
    if (!ok)
        return std::nullopt;
    m_store.noteChanged(UnitOfWork::Subject::CannedAnswers);
    return id;
}

bool CannedAnswerStore::remove(qint64 id)
{
    const bool ok = m_store.transaction([&] {
        const auto before = published(id);
        if (!before)
            return false;
        QSqlQuery query = m_store.prepare(u"DELETE FROM canned_answers WHERE id = :id"_s);
        query.bindValue(u":id"_s, id);
        return m_store.exec(query) &&
               (!before->isPublic || m_store.enqueue(u"faq.withdraw"_s, 0, {{u"client_id"_s, before->clientId}}));
    });
    if (ok)
        m_store.noteChanged(UnitOfWork::Subject::CannedAnswers);
    return ok;
}

std::optional<CannedAnswerStore::Published> CannedAnswerStore::published(qint64 id)
{
    QSqlQuery query = m_store.prepare(u"SELECT public, client_id FROM canned_answers WHERE id = :id"_s);
    query.bindValue(u":id"_s, id);
    if (!m_store.exec(query))
        return std::nullopt;
    if (!query.next())
        return Published{}; // gone already: nothing to take back
    return Published{query.value(0).toBool(), query.value(1).toString()};
}

bool CannedAnswerStore::insertDefaults()
{
    struct Text {
        const char *language;
        const char *title;
        const char *body;
    };
    // Stored data, not interface text: each answer is written in the language it is sent in.
    static constexpr Text defaults[] = {
        {"zh_CN", "问候", "{customer.name}您好，感谢您联系我们，我是客服{agent.name}，很高兴为您服务。"},
        {"zh_CN", "请提供订单号", "为了尽快帮您查询，请提供您的订单号（例如 DL202601050012）。"},
        {"zh_CN", "重置密码", "您可以在登录页点击“忘记密码”，按照短信或邮件中的提示重置密码。"},
        {"zh_CN", "支付失败", "支付失败通常是银行卡限额或网络原因造成的，请稍后重试或更换支付方式。"},
        {"zh_CN", "结束语", "请问还有其他可以帮您的吗？祝您生活愉快！"},
        {"en", "Greeting", "Hello {customer.name}, thank you for contacting us. I'm {agent.name}, happy to help."},
        {"en", "Ask for order number", "So I can look into this quickly, could you send me your order number?"},
        {"en", "Password reset",
         "You can reset your password with \"Forgot password\" on the login page; "
         "follow the link we send by text or email."},
        {"en", "Closing", "Is there anything else I can help you with? Have a nice day!"},
    };
    return m_store.transaction([&] {
        int position = 0;
        for (const Text &text : defaults) {
            QSqlQuery query = m_store.prepare(u"INSERT INTO canned_answers(title, body, language, position, client_id)"
                                              " VALUES (:title, :body, :lang, :pos, :client_id)"_s);
            query.bindValue(u":title"_s, QString::fromUtf8(text.title));
            query.bindValue(u":body"_s, QString::fromUtf8(text.body));
            query.bindValue(u":lang"_s, QString::fromLatin1(text.language));
            query.bindValue(u":pos"_s, ++position);
            query.bindValue(u":client_id"_s, LocalStore::newClientId());
            if (!m_store.exec(query))
                return false;
        }
        return true;
    });
}
