#include "catchcompat.h"
#include "teststore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLocalSocket>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

// The real deskline, offscreen, with a home of its own: its settings, runtime folder (where the
// instance lock lives) and data stay in the test's folder.
struct Deskline {
    explicit Deskline(const QString &home)
    {
        QDir(home).mkpath(u"run"_s);
        QFile::setPermissions(home + u"/run"_s,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"HOME"_s, home);
        env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
        env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
        env.insert(u"XDG_RUNTIME_DIR"_s, home + u"/run"_s);
        env.insert(u"LANG"_s, u"C.UTF-8"_s);
        process.setProcessEnvironment(env);
        process.setProgram(QStringLiteral(DESKLINE_PATH));
        process.setProcessChannelMode(QProcess::SeparateChannels);
    }
    ~Deskline()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(10000);
        }
    }

    void start(const QStringList &arguments)
    {
        process.setArguments(arguments);
        process.start();
        REQUIRE(process.waitForStarted(10000));
    }

    // Reads stdout until a line starting with prefix comes (or the process ends); that line.
    QString waitForLine(const QString &prefix, int timeoutMs = 60000)
    {
        QElapsedTimer elapsed;
        elapsed.start();
        while (elapsed.elapsed() < timeoutMs) {
            while (process.canReadLine()) {
                const QString line = QString::fromUtf8(process.readLine()).trimmed();
                seen << line;
                if (line.startsWith(prefix))
                    return line;
            }
            if (process.state() == QProcess::NotRunning)
                break;
            process.waitForReadyRead(1000);
        }
        INFO("stdout so far: " << seen.join(u" / "_s).toStdString());
        INFO("stderr: " << process.readAllStandardError().toStdString());
        FAIL("no line starting with " << prefix.toStdString());
        return {};
    }

    QProcess process;
    QStringList seen;
};

qint64 scalar(const QString &path, const QString &sql)
{
    const QString name = u"check-"_s + QString::number(quintptr(&path));
    qint64 value = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        REQUIRE(db.open());
        QSqlQuery query(db);
        REQUIRE(query.exec(sql));
        if (query.next())
            value = query.value(0).toLongLong();
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

} // namespace

TEST_CASE("A second start hands --call and tel: links to the running window and exits 0", "[phone][process]")
{
    TestStore t; // li.na works here
    const qint64 customer = t.addCustomer(u"张伟"_s, u"+86 138 0000 0001"_s);
    t.store->close();
    const QString home = t.dir.filePath(u"home"_s);
    const QStringList store{u"--database"_s, t.path(), u"--agent"_s, u"li.na"_s, u"--listen"_s, u"off"_s};

    Deskline first(home);
    first.start(store);
    const QString server = first.waitForLine(u"deskline: ready"_s).section(u' ', -1);
    REQUIRE(server.startsWith(u"deskline-"_s));

    // Junk on its socket (another program of this user, or a broken one): dropped, the window
    // stays and takes the next start's arguments.
    for (const QByteArray &junk : {QByteArray("not json\n"),
                                   QByteArray(R"({"arguments":[1,{"a":2},null]})"
                                              "\n"),
                                   QByteArray(100 * 1024, 'x'), QByteArray("\0\0\0\n", 4)}) {
        QLocalSocket socket;
        socket.connectToServer(server);
        REQUIRE(socket.waitForConnected(5000));
        socket.write(junk);
        socket.waitForBytesWritten(5000);
        // Answered "ok" or cut off; either way the connection ends.
        while (socket.state() == QLocalSocket::ConnectedState && socket.waitForReadyRead(2000))
            socket.readAll();
        socket.abort();
    }

    // --call: handed over; the running window opens the card and starts the phone ticket.
    Deskline second(home);
    second.start(store + QStringList{u"--call"_s, u"138 0000 0001"_s});
    REQUIRE(second.process.waitForFinished(30000));
    CHECK(second.process.exitStatus() == QProcess::NormalExit);
    CHECK(second.process.exitCode() == 0);
    CHECK(!QString::fromUtf8(second.process.readAllStandardOutput()).contains(u"ready"_s));
    first.waitForLine(u"deskline: took the arguments of another start"_s);
    const QString card = first.waitForLine(u"deskline: call from 138 0000 0001"_s);
    CHECK(card.contains(u"card open"_s));
    const qint64 ticketId = card.section(u' ', -1).toLongLong();
    CHECK(ticketId > 0);
    CHECK(scalar(t.path(), u"SELECT customer_id FROM calls WHERE ticket_id = %1"_s.arg(ticketId)) == customer);
    CHECK(scalar(t.path(), u"SELECT channel FROM tickets WHERE id = %1"_s.arg(ticketId)) == int(Channel::Phone));

    // A tel: link as the desktop passes it: an unknown number, whose card waits for a name.
    Deskline third(home);
    third.start(store + QStringList{u"tel:+86-139-1234-5678;phone-context=example.com"_s});
    REQUIRE(third.process.waitForFinished(30000));
    CHECK(third.process.exitCode() == 0);
    CHECK(first.waitForLine(u"deskline: call from +86-139-1234-5678"_s).endsWith(u"ticket 0"_s));

    // Junk as a link is refused by the second start itself, and the first is left alone.
    Deskline junk(home);
    junk.start(store + QStringList{u"tel:javascript:alert(1)"_s});
    REQUIRE(junk.process.waitForFinished(30000));
    CHECK(junk.process.exitCode() == 2);

    // The first dies without cleaning up: the next start takes the stale lock and is the window.
    first.process.kill();
    REQUIRE(first.process.waitForFinished(10000));
    Deskline again(home);
    again.start(store + QStringList{u"--call"_s, u"+8613800000001"_s});
    again.waitForLine(u"deskline: ready"_s);
    CHECK(again.waitForLine(u"deskline: call from +8613800000001"_s).contains(u"card open"_s));
}
