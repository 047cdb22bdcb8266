#include "cannedanswersdialog.h"

#include "cannedanswerfiller.h"
#include "desk.h"
#include "palettecolors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
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
    , m_public(new QCheckBox(tr("&Publish in the FAQ of the chat page"), this))
    , m_article(new QGroupBox(tr("FAQ article"), this))
    , m_titleZh(new QLineEdit(m_article))
    , m_bodyZh(new QPlainTextEdit(m_article))
    , m_titleEn(new QLineEdit(m_article))
    , m_bodyEn(new QPlainTextEdit(m_article))
    , m_error(new QLabel(this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_remove(new QPushButton(tr("&Delete"), this))
{
    setWindowTitle(tr("Canned answers"));
    m_list->setAccessibleName(tr("Canned answers"));
    m_title->setAccessibleName(tr("Title"));
    m_body->setAccessibleName(tr("Text"));
    m_language->setAccessibleName(tr("Language"));
    m_public->setAccessibleName(tr("Publish in the FAQ of the chat page"));
    m_titleZh->setAccessibleName(tr("FAQ title in Chinese"));
    m_bodyZh->setAccessibleName(tr("FAQ text in Chinese"));
    m_titleEn->setAccessibleName(tr("FAQ title in English"));
    m_bodyEn->setAccessibleName(tr("FAQ text in English"));
    const QString fallback = tr("Empty: the title and text above, when the answer is in this language or any.");
    m_titleZh->setPlaceholderText(fallback);
    m_titleEn->setPlaceholderText(fallback);
    for (QPlainTextEdit *body : {m_bodyZh, m_bodyEn}) {
        body->setPlaceholderText(fallback);
        body->setTabChangesFocus(true);
        body->setMaximumHeight(fontMetrics().height() * 4);
    }
    auto *article = new QFormLayout(m_article);
    article->addRow(tr("Chinese t&itle:"), m_titleZh);
    article->addRow(tr("C&hinese text:"), m_bodyZh);
    article->addRow(tr("En&glish title:"), m_titleEn);
    article->addRow(tr("English t&ext:"), m_bodyEn);
    m_article->setEnabled(false);
    connect(m_public, &QCheckBox::toggled, m_article, &QWidget::setEnabled);
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
    form->addRow(QString(), m_public);
    form->addRow(m_article);

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
    resize(fontMetrics().horizontalAdvance(u'M') * 60, fontMetrics().height() * 34);

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
    m_loaded = m_answers.answers();
    for (const CannedAnswer &answer : std::as_const(m_loaded)) {
        auto *item = new QListWidgetItem(answer.isPublic ? tr("%1 (FAQ)").arg(answer.title) : answer.title, m_list);
        item->setData(Qt::UserRole, answer.id);
        if (answer.id == selectId)
            selectRow = m_list->count() - 1;
    }
    m_list->setCurrentRow(m_list->count() > 0 ? selectRow : -1);
    showCurrent();
}

CannedAnswer CannedAnswersDialog::current() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_loaded.size() ? m_loaded[row] : CannedAnswer{};
}

void CannedAnswersDialog::showCurrent()
{
    const bool selected = m_list->currentItem() != nullptr;
    const CannedAnswer answer = current();
    m_title->setText(answer.title);
    m_body->setPlainText(answer.body);
    m_language->setCurrentIndex(std::max(0, m_language->findData(answer.language)));
    m_public->setChecked(answer.isPublic);
    m_titleZh->setText(answer.titleZh);
    m_bodyZh->setPlainText(answer.bodyZh);
    m_titleEn->setText(answer.titleEn);
    m_bodyEn->setPlainText(answer.bodyEn);
    m_remove->setEnabled(selected);
    m_error->hide();
}

void CannedAnswersDialog::addNew()
{
    const QSignalBlocker block(m_list);
    m_list->setCurrentRow(-1);
    m_list->clearSelection();
    m_title->clear();
    m_body->clear();
    m_public->setChecked(false);
    m_titleZh->clear();
    m_bodyZh->clear();
    m_titleEn->clear();
    m_bodyEn->clear();
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
    answer.isPublic = m_public->isChecked();
    answer.titleZh = m_titleZh->text();
    answer.bodyZh = m_bodyZh->toPlainText();
    answer.titleEn = m_titleEn->text();
    answer.bodyEn = m_bodyEn->toPlainText();
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
