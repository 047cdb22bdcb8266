#include "sharedsettingnotice.h"

#include "settingsservice.h"

#include <QDialogButtonBox>
#include <QPushButton>

using namespace Qt::StringLiterals;

SharedSettingNotice::SharedSettingNotice(const SettingsService &settings, QWidget *parent)
    : QLabel(parent)
    , m_editable(settings.canChange())
{
    setObjectName(u"sharedSettingNotice"_s);
    setWordWrap(true);
    setText(m_editable ? tr("The whole team works with these settings: saving changes them on every desk.")
                       : tr("Your team's supervisors set these for every desk; you can read them here."));
    setVisible(settings.shared());
}

void SharedSettingNotice::lock(const QList<QWidget *> &editors, QDialogButtonBox *buttons) const
{
    if (m_editable)
        return;
    for (QWidget *editor : editors)
        editor->setEnabled(false);
    buttons->setStandardButtons(QDialogButtonBox::Close);
}
