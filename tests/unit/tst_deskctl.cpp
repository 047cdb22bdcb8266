#include "catchcompat.h"
#include "teststore.h"

#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs one of the project's programs to the end; the GUI one without a display.
Run run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    REQUIRE(process.waitForFinished(120000));
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

TEST_CASE("deskctl seeds, counts, exports and imports a store", "[deskctl]")
{
    QTemporaryDir dir;
    const QString store = dir.filePath(QStringLiteral("cli.sqlite"));
    const QString deskctl = QStringLiteral(DESKCTL_PATH);
    Run seed = run(deskctl, {QStringLiteral("seed"), QStringLiteral("--database"), store, QStringLiteral("--tickets"),
                             QStringLiteral("80"), QStringLiteral("--messages-per-ticket"), QStringLiteral("3"),
                             QStringLiteral("--seed"), QStringLiteral("5")});
    REQUIRE(seed.exitCode == 0);

    Run stats = run(deskctl, {QStringLiteral("stats"), QStringLiteral("--database"), store, QStringLiteral("--json")});
    REQUIRE(stats.exitCode == 0);
    const QJsonObject object = QJsonDocument::fromJson(stats.out.toUtf8()).object();
    CHECK(object.value(QStringLiteral("tickets")).toInt() == 80);
    CHECK(object.value(QStringLiteral("messages")).toInt() == 240);
    CHECK(object.value(QStringLiteral("customers")).toInt() == 40);
    int byStatus = 0;
    const QJsonObject statuses = object.value(QStringLiteral("tickets_by_status")).toObject();
    for (auto it = statuses.begin(); it != statuses.end(); ++it)
        byStatus += it.value().toInt();
    CHECK(byStatus == 80);

    const QString file = dir.filePath(QStringLiteral("all.jsonl"));
    REQUIRE(run(deskctl, {QStringLiteral("export"), QStringLiteral("--database"), store, file}).exitCode == 0);
    const QString copy = dir.filePath(QStringLiteral("copy.sqlite"));
    Run import = run(deskctl, {QStringLiteral("import"), QStringLiteral("--database"), copy, file});
    CHECK(import.exitCode == 0);
    CHECK(import.out.contains(QStringLiteral("Imported 80 tickets")));
}

TEST_CASE("deskctl reports bad lines as FILE:LINE and exits non-zero", "[deskctl][bad-input]")
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("broken.jsonl"));
    QFile out(file);
    REQUIRE(out.open(QIODevice::WriteOnly));
    out.write("{\"external_id\":\"X1\"}\n");
    out.close();
    Run import = run(QStringLiteral(DESKCTL_PATH), {QStringLiteral("import"), QStringLiteral("--database"),
                                                    dir.filePath(QStringLiteral("s.sqlite")), file});
    CHECK(import.exitCode != 0);
    CHECK(import.err.contains(file + QStringLiteral(":1: \"subject\" is missing")));
    CHECK(import.err.contains(QStringLiteral("Nothing was imported")));

    Run unknown = run(QStringLiteral(DESKCTL_PATH), {QStringLiteral("frobnicate")});
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.err.contains(QStringLiteral("Unknown command")));
}

TEST_CASE("deskline refuses a damaged store with a clear message", "[deskline][bad-input]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("junk.sqlite"));
    QFile junk(path);
    REQUIRE(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(4096, 'j'));
    junk.close();
    const Run deskline =
        run(QStringLiteral(DESKLINE_PATH), {QStringLiteral("--database"), path, QStringLiteral("--screenshot"),
                                            dir.filePath(QStringLiteral("x.png"))});
    CHECK(deskline.exitCode == 1);
    CHECK(deskline.err.contains(QStringLiteral("not an SQLite database")));
    CHECK_FALSE(QFile::exists(dir.filePath(QStringLiteral("x.png"))));
    QFile again(path);
    REQUIRE(again.open(QIODevice::ReadOnly));
    CHECK(again.readAll() == QByteArray(4096, 'j'));
}

TEST_CASE("deskline renders a screenshot of a new demo store with the asked ticket open", "[deskline]")
{
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("shot.png"));
    const Run deskline = run(QStringLiteral(DESKLINE_PATH),
                             {QStringLiteral("--database"), dir.filePath(QStringLiteral("new.sqlite")),
                              QStringLiteral("--demo-tickets"), QStringLiteral("200"), QStringLiteral("--screenshot"),
                              png, QStringLiteral("--select"), QStringLiteral("T-000042"), QStringLiteral("--lang"),
                              QStringLiteral("zh_CN"), QStringLiteral("--size"), QStringLiteral("1366x768")});
    INFO(deskline.err.toStdString());
    CHECK(deskline.exitCode == 0);
    QImage image(png);
    REQUIRE_FALSE(image.isNull());
    // The laptop screen asked for, not a size of its own.
    CHECK(image.size() == QSize(1366, 768));
}
