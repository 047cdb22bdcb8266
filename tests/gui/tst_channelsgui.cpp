#include "catchcompat.h"
#include "channelsdialog.h"
#include "desk.h"
#include "mailboxdialog.h"
#include "mailstore.h"
#include "mainwindow.h"
#include "teststore.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

namespace {

// Chinese as an input method commits it (QTest's key clicks are Latin-1 only).
void commit(QLineEdit *field, const QString &text)
{
    field->setFocus();
    QInputMethodEvent event;
    event.setCommitString(text);
    QApplication::sendEvent(field, &event);
}

void retype(QLineEdit *field, const QString &text)
{
    field->selectAll();
    QTest::keyClick(field, Qt::Key_Backspace);
    QTest::keyClicks(field, text);
}

} // namespace

TEST_CASE("Tools > Channels… adds a mailbox through the form, refusing a wrong field with a message", "[gui][channels]")
{
    TestStore t;
    t.signInAsSupervisor();
    Desk desk(*t.store);
    ChannelsDialog dialog(desk);
    dialog.show();
    REQUIRE(dialog.list()->topLevelItemCount() == 0);
    CHECK(dialog.addButton()->isEnabled());
    CHECK_FALSE(dialog.testButton()->isEnabled());
    QSignalSpy changed(&dialog, &ChannelsDialog::mailboxesChanged);
    const QString passwordFile = t.ownerOnlyFile(u"support.password"_s, "s3cret\n");

    bool filled = false;
    QTimer::singleShot(0, &dialog, [&] {
        auto *form = qobject_cast<MailboxDialog *>(QApplication::activeModalWidget());
        REQUIRE(form);
        commit(form->nameField(), u"售后"_s);
        QTest::keyClicks(form->addressField(), u"support at example"_s);
        QTest::keyClicks(form->imapField(), u"imaps://support%40example.com@imap.example.com/INBOX"_s);
        QTest::keyClicks(form->smtpField(), u"smtps://support%40example.com@smtp.example.com"_s);

        // Keychain chosen, no password typed: said, and the form stays.
        QTest::mouseClick(form->addButton(), Qt::LeftButton);
        CHECK(form->isVisible());
        CHECK(form->problemText().contains(u"address"_s));
        retype(form->addressField(), u"support@example.com"_s);
        QTest::mouseClick(form->addButton(), Qt::LeftButton);
        CHECK(form->isVisible());
        CHECK(form->problemText().contains(u"password"_s));

        // A password file others may read is refused before anything is written.
        form->fileChoice()->click();
        CHECK(form->passwordFileField()->isEnabled());
        CHECK_FALSE(form->passwordField()->isEnabled());
        QTest::keyClicks(form->passwordFileField(), passwordFile);
        QFile::setPermissions(passwordFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        QTest::mouseClick(form->addButton(), Qt::LeftButton);
        CHECK(form->isVisible());
        CHECK(form->problemText().contains(u"chmod 600"_s));
        CHECK(MailStore(*t.store).mailboxes().isEmpty());

        QFile::setPermissions(passwordFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        form->maxAttachmentBox()->setValue(40);
        QTest::mouseClick(form->addButton(), Qt::LeftButton);
        filled = true;
    });
    REQUIRE(dialog.addMailbox());
    REQUIRE(filled);
    CHECK(changed.size() == 1);

    REQUIRE(dialog.list()->topLevelItemCount() == 1);
    const QTreeWidgetItem *row = dialog.list()->topLevelItem(0);
    CHECK(row->text(ChannelsDialog::NameColumn) == u"售后"_s);
    CHECK(row->text(ChannelsDialog::AddressColumn) == u"support@example.com"_s);
    CHECK(row->text(ChannelsDialog::ImapColumn).startsWith(u"imaps://"_s));
    CHECK(row->text(ChannelsDialog::PasswordColumn) == passwordFile);
    CHECK(dialog.messageText().contains(u"售后"_s));
    CHECK(dialog.testButton()->isEnabled());
    const QList<Mailbox> stored = MailStore(*t.store).mailboxes();
    REQUIRE(stored.size() == 1);
    CHECK(stored.constFirst().passwordFile == passwordFile);
    CHECK(stored.constFirst().maxAttachmentBytes == 40LL * 1024 * 1024);

    // The same name again is refused in the form.
    QTimer::singleShot(0, &dialog, [&] {
        auto *form = qobject_cast<MailboxDialog *>(QApplication::activeModalWidget());
        REQUIRE(form);
        commit(form->nameField(), u"售后"_s);
        QTest::keyClicks(form->addressField(), u"other@example.com"_s);
        QTest::keyClicks(form->imapField(), u"imaps://other@imap.example.com"_s);
        QTest::keyClicks(form->smtpField(), u"smtps://other@smtp.example.com"_s);
        form->fileChoice()->click();
        QTest::keyClicks(form->passwordFileField(), passwordFile);
        QTest::mouseClick(form->addButton(), Qt::LeftButton);
        CHECK(form->problemText().contains(u"exists already"_s));
        form->reject();
    });
    CHECK_FALSE(dialog.addMailbox());
    CHECK(dialog.list()->topLevelItemCount() == 1);

    REQUIRE(dialog.removeMailbox(stored.constFirst().id));
    CHECK(dialog.list()->topLevelItemCount() == 0);
    CHECK(changed.size() == 2);
    CHECK(MailStore(*t.store).mailboxes().isEmpty());
}

TEST_CASE("An agent is refused Tools > Channels… and every change in the dialog", "[gui][channels][roles]")
{
    TestStore t; // li.na, an agent
    REQUIRE(t.store->setCurrentAgent(u"li.na"_s));
    Mailbox box;
    box.name = u"support"_s;
    box.address = u"support@example.test"_s;
    box.imapUrl = u"imaps://support@127.0.0.1/INBOX"_s;
    box.smtpUrl = u"smtps://support@127.0.0.1"_s;
    const auto id = MailStore(*t.store).addMailbox(box);
    REQUIRE(id);
    Desk desk(*t.store);
    QSettings settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    MainWindow window(desk, t.clock, settings);
    window.show();
    QAction *action = window.findChild<QAction *>(u"channelsAction"_s);
    REQUIRE(action);
    CHECK_FALSE(action->isEnabled());
    CHECK_FALSE(window.openChannels());
    CHECK(window.statusBar()->currentMessage().contains(u"supervisor"_s));
    CHECK(window.findChildren<ChannelsDialog *>().isEmpty());

    // Made anyway, the dialog lists the mailboxes but the service refuses each change.
    ChannelsDialog dialog(desk);
    dialog.show();
    CHECK(dialog.list()->topLevelItemCount() == 1);
    CHECK_FALSE(dialog.addButton()->isEnabled());
    CHECK_FALSE(dialog.removeButton()->isEnabled());
    CHECK(dialog.messageText().contains(u"supervisor"_s));
    CHECK_FALSE(dialog.addMailbox());
    CHECK_FALSE(dialog.removeMailbox(*id));
    CHECK(dialog.messageText().contains(u"supervisor"_s));
    CHECK(MailStore(*t.store).mailboxes().size() == 1);
}
