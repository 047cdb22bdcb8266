#include "webdriver.h"

#include <QFile>
#include <QJsonDocument>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace {

const QString chromium = u"/usr/bin/chromium"_s;
const QString chromedriver = u"/usr/bin/chromedriver"_s;
const QString elementKey = u"element-6066-11e4-a52e-4f735466cecf"_s;

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

WebDriver::WebDriver() = default;

WebDriver::~WebDriver()
{
    if (!m_session.isEmpty())
        command("DELETE", u"/session/"_s + m_session, {});
    if (m_driver.state() != QProcess::NotRunning) {
        m_driver.terminate();
        if (!m_driver.waitForFinished(10000)) {
            m_driver.kill();
            m_driver.waitForFinished(5000);
        }
    }
}

bool WebDriver::available()
{
    return QFile::exists(chromium) && QFile::exists(chromedriver);
}

std::optional<QJsonValue> WebDriver::command(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const IntakeClient::Reply reply =
        m_client->send(method, path, method == "GET" || method == "DELETE" ? nullptr : &bytes,
                       {{"Content-Type", "application/json; charset=utf-8"}});
    const QJsonObject answer = QJsonDocument::fromJson(reply.body).object();
    if (reply.status != 200) {
        m_error = u"%1 %2: %3 %4"_s.arg(QString::fromLatin1(method), path)
                      .arg(reply.status)
                      .arg(QString::fromUtf8(reply.body.left(600)));
        return std::nullopt;
    }
    return answer.value(u"value"_s);
}

bool WebDriver::start()
{
    if (!m_profile.isValid()) {
        m_error = u"no temporary folder for the browser's profile"_s;
        return false;
    }
    const quint16 port = freePort();
    m_driver.setProcessChannelMode(QProcess::MergedChannels);
    m_driver.start(chromedriver, {u"--port=%1"_s.arg(port)});
    if (!m_driver.waitForStarted(30000)) {
        m_error = u"chromedriver did not start: "_s + m_driver.errorString();
        return false;
    }
    // chromedriver says on its output when it listens.
    QByteArray said;
    while (!said.contains("successfully")) {
        if (!m_driver.waitForReadyRead(60000)) {
            m_error = u"chromedriver never said it was ready: "_s + QString::fromLocal8Bit(said);
            return false;
        }
        said += m_driver.readAll();
    }
    m_client = std::make_unique<IntakeClient>(u"http://127.0.0.1:%1"_s.arg(port));
    m_client->setTimeoutSeconds(waitMs / 1000 + 30);
    const QJsonArray arguments{u"--headless=new"_s,
                               u"--no-sandbox"_s,
                               u"--disable-gpu"_s,
                               u"--disable-dev-shm-usage"_s,
                               u"--no-first-run"_s,
                               u"--disable-extensions"_s,
                               u"--disable-background-networking"_s,
                               QString(u"--user-data-dir="_s + m_profile.path()),
                               u"--lang=en-US"_s,
                               u"--window-size=1000,900"_s};
    const QJsonObject capabilities{
        {u"alwaysMatch"_s,
         QJsonObject{{u"browserName"_s, u"chrome"_s},
                     {u"goog:chromeOptions"_s, QJsonObject{{u"binary"_s, chromium}, {u"args"_s, arguments}}}}}};
    const auto created = command("POST", u"/session"_s, {{u"capabilities"_s, capabilities}});
    if (!created)
        return false;
    m_session = created->toObject().value(u"sessionId"_s).toString();
    if (m_session.isEmpty()) {
        m_error = u"chromedriver gave no session"_s;
        return false;
    }
    return command("POST", u"/session/%1/timeouts"_s.arg(m_session),
                   {{u"script"_s, waitMs}, {u"pageLoad"_s, waitMs}, {u"implicit"_s, 0}})
        .has_value();
}

bool WebDriver::open(const QString &url)
{
    return command("POST", u"/session/%1/url"_s.arg(m_session), {{u"url"_s, url}}).has_value();
}

QString WebDriver::find(const QString &css)
{
    const auto found =
        command("POST", u"/session/%1/element"_s.arg(m_session), {{u"using"_s, u"css selector"_s}, {u"value"_s, css}});
    return found ? found->toObject().value(elementKey).toString() : QString();
}

bool WebDriver::click(const QString &css)
{
    const QString element = find(css);
    return !element.isEmpty() &&
           command("POST", u"/session/%1/element/%2/click"_s.arg(m_session, element), {}).has_value();
}

bool WebDriver::type(const QString &css, const QString &text)
{
    const QString element = find(css);
    return !element.isEmpty() &&
           command("POST", u"/session/%1/element/%2/value"_s.arg(m_session, element), {{u"text"_s, text}}).has_value();
}

std::optional<QJsonValue> WebDriver::execute(const QString &script, const QJsonArray &arguments)
{
    return command("POST", u"/session/%1/execute/sync"_s.arg(m_session),
                   {{u"script"_s, script}, {u"args"_s, arguments}});
}

bool WebDriver::waitUntil(const QString &expression)
{
    // Part of the script WebDriver runs (outside the page's Content-Security-Policy, which
    // would refuse an expression evaluated from a string inside it).
    const QString script = uR"(
        const done = arguments[arguments.length - 1];
        const check = () => { try { return !!()"_s +
                           expression + uR"(); } catch (e) { return false; } };
        if (check()) { done(true); return; }
        const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); done(true); } });
        observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
    )"_s;
    const auto result = command("POST", u"/session/%1/execute/async"_s.arg(m_session),
                                {{u"script"_s, script}, {u"args"_s, QJsonArray{}}});
    if (!result)
        m_error = u"waiting until %1: "_s.arg(expression) + m_error;
    return result && result->toBool();
}

bool WebDriver::waitFor(const QString &css, const QString &text)
{
    // Resolves as soon as the page shows it: checked now and on every change of the document.
    static const QString script = uR"(
        const [css, text, done] = arguments;
        const shown = (element) => { for (let e = element; e; e = e.parentElement) if (e.hidden) return false; return true; };
        const check = () => {
            for (const element of document.querySelectorAll(css))
                if (shown(element) && (!text || element.textContent.includes(text))) return true;
            return false;
        };
        if (check()) { done(true); return; }
        const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); done(true); } });
        observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
    )"_s;
    const auto result = command("POST", u"/session/%1/execute/async"_s.arg(m_session),
                                {{u"script"_s, script}, {u"args"_s, QJsonArray{css, text}}});
    if (!result)
        m_error = u"waiting for %1 \"%2\": "_s.arg(css, text) + m_error;
    return result && result->toBool();
}
