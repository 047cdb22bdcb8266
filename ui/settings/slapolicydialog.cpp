#include "slapolicydialog.h"

#include "palettecolors.h"
#include "sharedsettingnotice.h"
#include "slapolicy.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 minuteMs = 60 * 1000;
constexpr qint64 hourMs = 60 * minuteMs;
} // namespace

SlaPolicyDialog::SlaPolicyDialog(LocalStore &store, QWidget *parent)
    : QDialog(parent)
    , m_settings(store)
    , m_error(new QLabel(this))
{
    setObjectName(u"slaPolicyDialog"_s);
    setWindowTitle(tr("Service targets"));
    const SlaPolicy &policy = m_settings.policy();
    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("First answer"), this), 0, 1);
    grid->addWidget(new QLabel(tr("Each later answer"), this), 0, 2);
    grid->addWidget(new QLabel(tr("Solved within"), this), 0, 3);
    int row = 1;
    for (Channel channel : allFieldValues<Channel>()) {
        auto minutes = [this](qint64 ms) {
            auto *box = new QSpinBox(this);
            box->setRange(1, int(SlaPolicy::maxTargetMsecs / minuteMs));
            box->setSuffix(tr(" min"));
            box->setValue(int(ms / minuteMs));
            return box;
        };
        Row r;
        r.first = minutes(policy.baseMsecs(SlaPolicy::Target::FirstResponse, channel));
        r.next = minutes(policy.baseMsecs(SlaPolicy::Target::NextResponse, channel));
        r.resolution = new QSpinBox(this);
        r.resolution->setRange(1, int(SlaPolicy::maxTargetMsecs / hourMs));
        r.resolution->setSuffix(tr(" h"));
        r.resolution->setValue(
            int(std::max<qint64>(1, policy.baseMsecs(SlaPolicy::Target::Resolution, channel) / hourMs)));
        // In a grid no label is the box's buddy: each says its channel and target itself.
        r.first->setAccessibleName(tr("%1: first answer").arg(fieldLabel(channel)));
        r.next->setAccessibleName(tr("%1: each later answer").arg(fieldLabel(channel)));
        r.resolution->setAccessibleName(tr("%1: solved within").arg(fieldLabel(channel)));
        grid->addWidget(new QLabel(fieldLabel(channel), this), row, 0);
        grid->addWidget(r.first, row, 1);
        grid->addWidget(r.next, row, 2);
        grid->addWidget(r.resolution, row, 3);
        m_rows << r;
        ++row;
    }
    auto *help = new QLabel(tr("Counted in business hours and paused while a ticket waits on the customer or a third "
                               "party. A later answer is due after each message the customer writes once answered. "
                               "Urgent tickets get half of each target."),
                            this);
    help->setWordWrap(true);
    help->setStyleSheet(u"color: palette(mid);"_s);
    m_error->setObjectName(u"errorLabel"_s);
    m_error->setStyleSheet(PaletteColors::errorStyle(m_error->palette()));
    m_error->setWordWrap(true);
    m_error->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto *notice = new SharedSettingNotice(m_settings, this);
    QList<QWidget *> editors;
    for (const Row &r : std::as_const(m_rows))
        editors << r.first << r.next << r.resolution;
    notice->lock(editors, buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(notice);
    layout->addLayout(grid);
    layout->addWidget(help);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &SlaPolicyDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SlaPolicyDialog::reject);
}

QSpinBox *SlaPolicyDialog::firstResponseBox(Channel channel) const
{
    return m_rows.value(int(channel)).first;
}

QSpinBox *SlaPolicyDialog::nextResponseBox(Channel channel) const
{
    return m_rows.value(int(channel)).next;
}

QSpinBox *SlaPolicyDialog::resolutionBox(Channel channel) const
{
    return m_rows.value(int(channel)).resolution;
}

bool SlaPolicyDialog::save()
{
    SlaPolicy policy = m_settings.policy();
    for (Channel channel : allFieldValues<Channel>()) {
        const Row &r = m_rows[int(channel)];
        policy.setBaseMsecs(SlaPolicy::Target::FirstResponse, channel, r.first->value() * minuteMs);
        policy.setBaseMsecs(SlaPolicy::Target::NextResponse, channel, r.next->value() * minuteMs);
        policy.setBaseMsecs(SlaPolicy::Target::Resolution, channel, r.resolution->value() * hourMs);
    }
    if (!m_settings.setSlaPolicy(policy)) {
        m_error->setText(tr("The targets were not saved: %1").arg(m_settings.errorString()));
        m_error->show();
        return false;
    }
    return true;
}

void SlaPolicyDialog::accept()
{
    if (save())
        QDialog::accept();
}
