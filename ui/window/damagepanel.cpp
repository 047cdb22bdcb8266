#include "damagepanel.h"

#include "palettecolors.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

DamagePanel::DamagePanel(QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(tr("This store is damaged"), this))
    , m_text(new QLabel(this))
    , m_restore(new QPushButton(tr("&Restore the newest good backup…"), this))
    , m_export(new QPushButton(tr("&Export the tickets that can still be read…"), this))
    , m_rebuild(new QPushButton(tr("Re&build from the server"), this))
    , m_status(new QLabel(this))
{
    setObjectName(u"damagePanel"_s);
    setAccessibleName(tr("The store is damaged"));
    setFrameShape(QFrame::StyledPanel);
    m_title->setObjectName(u"damageTitle"_s);
    QFont bigger = m_title->font();
    bigger.setBold(true);
    bigger.setPointSizeF(bigger.pointSizeF() * 1.4);
    m_title->setFont(bigger);
    m_title->setStyleSheet(u"QLabel { %1 }"_s.arg(PaletteColors::errorStyle(palette())));
    m_text->setObjectName(u"damageText"_s);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_restore->setObjectName(u"restoreBackupButton"_s);
    m_export->setObjectName(u"exportReadableButton"_s);
    connect(m_restore, &QPushButton::clicked, this, &DamagePanel::restoreWanted);
    connect(m_export, &QPushButton::clicked, this, &DamagePanel::exportWanted);
    m_rebuild->setObjectName(u"rebuildButton"_s);
    m_rebuild->hide();
    connect(m_rebuild, &QPushButton::clicked, this, &DamagePanel::rebuildWanted);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_export);
    buttons->addWidget(m_restore);
    buttons->addWidget(m_rebuild);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 32, 32, 32);
    layout->addWidget(m_title);
    layout->addWidget(m_text);
    layout->addSpacing(12);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addStretch(1);
    m_status->setObjectName(u"damageStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void DamagePanel::setStatus(const QString &text)
{
    m_status->setText(text);
}

void DamagePanel::setTeamMode(bool team)
{
    m_team = team;
    m_rebuild->setVisible(team);
    m_restore->setVisible(!team);
    m_export->setVisible(!team);
}

void DamagePanel::setProblem(const QString &storePath, const QString &problem)
{
    if (m_team) {
        m_text->setText(tr("Part of %1, this desk's copy of the team's tickets, cannot be read any more (%2): a "
                           "disk fault or a crash damaged the file. Deskline saves nothing more to it.\n\n"
                           "Rebuild it from the server: Deskline closes, fetches a new copy and opens again. "
                           "Your changes the server has not got yet and your drafts are kept wherever they can "
                           "still be read, and you are told how many.")
                            .arg(QDir::toNativeSeparators(storePath), problem));
        return;
    }
    m_text->setText(tr("Part of %1 cannot be read any more (%2): a disk fault or a crash damaged the file. "
                       "Deskline saves nothing more to it, so the damage does not spread, and shows no tickets, "
                       "since the ones it could not read would simply be missing.\n\n"
                       "Export the tickets that can still be read first if you want them, then restore the newest "
                       "good backup. Work done since that backup is lost.")
                        .arg(QDir::toNativeSeparators(storePath), problem));
}
