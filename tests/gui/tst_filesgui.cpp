#include "catchcompat.h"
#include "conversationmodel.h"
#include "conversationpane.h"
#include "desk.h"
#include "messagedelegate.h"
#include "teststore.h"

#include <QFile>
#include <QListView>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// Team mode: a colleague's file is listed before its bytes are on the desk (issue 15). The pane
// asks for them when the message is shown, says so in the bubble, and saves once they are here;
// it never waits for the network itself.
TEST_CASE("A colleague's file is fetched when its message is shown, and saved once it is here", "[gui][files]")
{
    TestStore t;
    t.store->setTeamMode(true);
    const qint64 ticket = t.addTicket(t.addCustomer(u"周敏"_s), u"截图"_s, u"见截图"_s);
    const QByteArray bytes = "\x89PNG screenshot";
    const auto message =
        t.store->addMessage(ticket, MessageKind::Customer, u"截图在这里"_s, {{u"screen.png"_s, u"image/png"_s, bytes}});
    REQUIRE(message);
    // As the sync engine lists a colleague's file: name, size and SHA-256, no bytes yet.
    QSqlQuery strip(t.store->database());
    REQUIRE(strip.exec(u"UPDATE attachments SET content = NULL"_s));
    const QString sha256 = LocalStore::contentSha256(bytes);

    Desk desk(*t.store);
    ConversationPane pane(desk);
    pane.resize(900, 700);
    pane.show();
    QSignalSpy wanted(&pane, &ConversationPane::contentWanted);
    QSignalSpy errors(&pane, &ConversationPane::errorOccurred);
    pane.setTicket(ticket);
    REQUIRE(wanted.size() == 1);
    CHECK(wanted.first().at(0).toString() == sha256);
    QAbstractItemModel *model = pane.thread()->model();
    const QModelIndex row = model->index(model->rowCount() - 1, 0);
    CHECK(MessageDelegate::attachmentText(row).contains(u"Fetching…"_s));
    const QVariantMap file = row.data(ConversationModel::AttachmentsRole).toList().first().toMap();
    CHECK(file.value(u"sha256"_s).toString() == sha256);

    // Saving waits for the bytes; the server has none for this agent: said, nothing written.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"screen.png"_s);
    pane.saveAttachmentTo(file.value(u"id"_s).toLongLong(), path);
    CHECK_FALSE(QFile::exists(path));
    pane.contentFetched(sha256, false);
    REQUIRE(errors.size() == 1);
    CHECK(errors.first().at(0).toString().contains(u"screen.png"_s));
    CHECK(MessageDelegate::attachmentText(model->index(model->rowCount() - 1, 0)).contains(u"Not available"_s));
    CHECK_FALSE(QFile::exists(path));
    QTest::qWait(10);
    CHECK(wanted.size() == 2); // the save asked again; showing the thread does not ask on its own

    // Asked again, and this time the engine kept the bytes: the save goes on, the bubble is plain.
    pane.saveAttachmentTo(file.value(u"id"_s).toLongLong(), path);
    CHECK(wanted.size() == 3);
    QSqlQuery keep(t.store->database());
    REQUIRE(keep.prepare(u"UPDATE attachments SET content = ? WHERE sha256 = ?"_s));
    keep.addBindValue(bytes);
    keep.addBindValue(sha256);
    REQUIRE(keep.exec());
    pane.contentFetched(sha256, true);
    CHECK(errors.size() == 1);
    QFile saved(path);
    REQUIRE(saved.open(QIODevice::ReadOnly));
    CHECK(saved.readAll() == bytes);
    const QString shown = MessageDelegate::attachmentText(model->index(model->rowCount() - 1, 0));
    CHECK(shown.contains(u"screen.png"_s));
    CHECK_FALSE(shown.contains(u"Fetching…"_s));
    CHECK_FALSE(shown.contains(u"Not available"_s));
}
