#pragma once

#include "intakeclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

// Debian's chromium, headless, driven through chromedriver's W3C WebDriver HTTP API with libcurl
// (no Selenium). Waits run inside the page (an async script that resolves on a DOM change) under
// a generous script timeout, so nothing here sleeps, and a slow two-core machine only takes
// longer.
class WebDriver
{
public:
    static constexpr int waitMs = 45000;

    WebDriver();
    ~WebDriver();
    WebDriver(const WebDriver &) = delete;
    WebDriver &operator=(const WebDriver &) = delete;

    static bool available();
    // Starts chromedriver and a browser session; false with error().
    bool start();
    QString error() const { return m_error; }

    bool open(const QString &url);
    // The element's WebDriver id, or empty.
    QString find(const QString &css);
    bool click(const QString &css);
    bool type(const QString &css, const QString &text);
    // Runs a script (its arguments as `arguments`), its return value; nullopt on a WebDriver error.
    std::optional<QJsonValue> execute(const QString &script, const QJsonArray &arguments = {});
    // Until an element matching css is shown and (when given) its text contains `text`.
    bool waitFor(const QString &css, const QString &text = {});
    // Until the JavaScript expression is true in the page (checked now and on every change).
    bool waitUntil(const QString &expression);

private:
    std::optional<QJsonValue> command(const QByteArray &method, const QString &path, const QJsonObject &body);

    QTemporaryDir m_profile;
    QProcess m_driver;
    std::unique_ptr<IntakeClient> m_client;
    QString m_session;
    QString m_error;
};
