#include "cannedanswersdialog.h"

#include "cannedanswerfiller.h"
#include "desk.h"
#include "palettecolors.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

CannedAnswersDialog::CannedAnswersDialog(Desk &desk, QWidget *parent)
    : QDialog(parent)
    , m_answers(desk.store())
    , m_list(new QListWidget(this))
    , m_title(new QLineEdit(this))
    , m_body(new QPlainTextEdit(this))
    , m_language(new QComboBox(this))
    , m_error(new QLabel(this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_remove(new QPushButton(tr("&Delete"), this))
{
    setWindowTitle(tr("Canned answers"));
    m_list->setAccessibleName(tr("Canned answers"));
    m_language->addItem(tr("Any language"), QString());
    m_language->addItem(u"简体中文"_s, u"zh_CN"_s);
    m_language->addItem(u"English"_s, u"en"_s);
    m_error->setStyleSheet(PaletteColors::errorStyle(m_error->palette()));
    m_error->setWordWrap(true);
    m_error->hide();
    auto *add = new QPushButton(tr("&New"), this);

    auto *form = new QFormLayout;
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Language:"), m_language);
    form->addRow(tr("Te&xt:"), m_body);
    auto *variables = new QLabel(CannedAnswerFiller::help(), this);
    variables->setObjectName(u"variablesHelp"_s);
    variables->setWordWrap(true);
    variables->setTextInteractionFlags(Qt::TextSelectableByMouse);
    variables->setStyleSheet(u"color: palette(mid);"_s);
    form->addRow(QString(), variables);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    buttons->addWidget(m_save);

    auto *editor = new QVBoxLayout;
    editor->addLayout(form, 1);
    editor->addWidget(m_error);
    editor->addLayout(buttons);

    auto *top = new QHBoxLayout;
    top->addWidget(m_list, 1);
    top->addLayout(editor, 2);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(close);
    resize(fontMetrics().horizontalAdvance(u'M') * 60, fontMetrics().height() * 24);

    connect(m_list, &QListWidget::currentRowChanged, this, &CannedAnswersDialog::showCurrent);
    connect(add, &QPushButton::clicked, this, &CannedAnswersDialog::addNew);
    connect(m_save, &QPushButton::clicked, this, &CannedAnswersDialog::saveCurrent);
    connect(m_remove, &QPushButton::clicked, this, &CannedAnswersDialog::removeCurrent);
    connect(close, &QDialogButtonBox::rejected, this, &CannedAnswersDialog::reject);
    reload();
}

void CannedAnswersDialog::reload(qint64 selectId)
{
    const QSignalBlocker block(m_list);
    m_list->clear();
    int selectRow = 0;
    for (const CannedAnswer &answer : m_answers.answers()) {
        auto *item = new QListWidgetItem(answer.title, m_list);
        item->setData(Qt::UserRole, answer.id);
        item->setData(Qt::UserRole + 1, answer.body);
        item->setData(Qt::UserRole + 2, answer.language);
        if (answer.id == selectId)
            selectRow = m_list->count() - 1;
    }
    m_list->setCurrentRow(m_list->count() > 0 ? selectRow : -1);
    showCurrent();
}

void CannedAnswersDialog::showCurrent()
{
    const QListWidgetItem *item = m_list->currentItem();
    m_title->setText(item ? item->text() : QString());
    m_body->setPlainText(item ? item->data(Qt::UserRole + 1).toString() : QString());
    m_language->setCurrentIndex(std::max(0, m_language->findData(item ? item->data(Qt::UserRole + 2) : QString())));
    m_remove->setEnabled(item != nullptr);
    m_error->hide();
}

void CannedAnswersDialog::addNew()
{
    const QSignalBlocker block(m_list);
    m_list->setCurrentRow(-1);
    m_list->clearSelection();
    m_title->clear();
    m_body->clear();
    m_remove->setEnabled(false);
    m_title->setFocus();
}

bool CannedAnswersDialog::saveCurrent()
{
    CannedAnswer answer;
    const QListWidgetItem *item = m_list->currentItem();
    answer.id = item ? item->data(Qt::UserRole).toLongLong() : 0;
    answer.title = m_title->text();
    answer.body = m_body->toPlainText();
    answer.language = m_language->currentData().toString();
    const auto id = m_answers.save(answer);
    if (!id) {
        m_error->setText(m_answers.errorString());
        m_error->show();
        return false;
    }
    reload(*id);
    return true;
}

void CannedAnswersDialog::removeCurrent()
{
    const QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    if (!m_answers.remove(item->data(Qt::UserRole).toLongLong())) {
        m_error->setText(m_answers.errorString());
        m_error->show();
        return;
    }
    reload();
}
