#include "tageditor.h"

#include <QCompleter>
#include <QEvent>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QStringListModel>
#include <QToolButton>

using namespace Qt::StringLiterals;

TagEditor::TagEditor(QWidget *parent)
    : QWidget(parent)
    , m_chips(new QHBoxLayout)
    , m_input(new QLineEdit(this))
    , m_completer(new QCompleter(this))
{
    m_input->setObjectName(u"tagInput"_s);
    m_completer->setModel(new QStringListModel(m_completer));
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_input->setCompleter(m_completer);
    m_input->installEventFilter(this);
    m_input->setMaximumWidth(fontMetrics().horizontalAdvance(u'M') * 10);
    m_chips->setContentsMargins(0, 0, 0, 0);
    m_chips->setSpacing(4);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_chips);
    layout->addWidget(m_input);
    layout->addStretch(1);
    connect(m_input, &QLineEdit::returnPressed, this, [this] {
        const QString tag = m_input->text().trimmed().toLower();
        if (tag.isEmpty())
            return;
        m_input->clear();
        if (!m_tags.contains(tag))
            Q_EMIT tagAdded(tag);
    });
    retranslate();
}

void TagEditor::retranslate()
{
    m_input->setPlaceholderText(tr("Add tag…"));
    m_input->setAccessibleName(tr("Add a tag"));
    m_input->setToolTip(tr("Type a tag and press Enter (Ctrl+Shift+T)"));
    rebuild();
}

void TagEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TagEditor::setTags(const QStringList &tags)
{
    m_tags = tags;
    rebuild();
}

void TagEditor::setKnownTagsSource(std::function<QStringList()> source)
{
    m_knownTags = std::move(source);
}

bool TagEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::FocusIn && m_knownTags)
        static_cast<QStringListModel *>(m_completer->model())->setStringList(m_knownTags());
    return QWidget::eventFilter(watched, event);
}

void TagEditor::rebuild()
{
    while (QLayoutItem *item = m_chips->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    // New chips would come last in the window's keyboard order; they go just before the input.
    QWidget *before = m_input->previousInFocusChain();
    for (const QString &tag : std::as_const(m_tags)) {
        auto *chip = new QToolButton(this);
        chip->setObjectName(u"tag-"_s + tag);
        chip->setText(tag + u"  ✕"_s);
        chip->setToolTip(tr("Remove the tag \"%1\"").arg(tag));
        chip->setAutoRaise(false);
        chip->setStyleSheet(u"QToolButton { border-radius: 9px; padding: 1px 8px; background: palette(midlight); }"_s);
        chip->setAccessibleName(tr("Tag %1").arg(tag));
        chip->setAccessibleDescription(tr("Press to remove the tag"));
        connect(chip, &QToolButton::clicked, this, [this, tag] { Q_EMIT tagRemoved(tag); });
        m_chips->addWidget(chip);
        setTabOrder(before, chip);
        before = chip;
    }
    if (before != m_input->previousInFocusChain())
        setTabOrder(before, m_input);
}
