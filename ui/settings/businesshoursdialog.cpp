#include "businesshoursdialog.h"

#include "businesscalendar.h"
#include "icalendarholidays.h"
#include "palettecolors.h"
#include "sharedsettingnotice.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QTimeEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

BusinessHoursDialog::BusinessHoursDialog(LocalStore &store, QWidget *parent)
    : QDialog(parent)
    , m_settings(store)
    , m_zone(new QComboBox(this))
    , m_holidayDate(new QDateEdit(this))
    , m_holidays(new QListWidget(this))
    , m_error(new QLabel(this))
    , m_importNote(new QLabel(this))
{
    setWindowTitle(tr("Business hours"));
    const BusinessCalendar calendar = m_settings.calendar();

    m_zone->setEditable(true);
    m_zone->setInsertPolicy(QComboBox::NoInsert);
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        m_zone->addItem(QString::fromUtf8(id));
    m_zone->setCurrentText(QString::fromUtf8(calendar.timeZone().id()));

    auto *week = new QGridLayout;
    week->addWidget(new QLabel(tr("Time zone:"), this), 0, 0);
    week->addWidget(m_zone, 0, 1, 1, 4);
    for (int day = Qt::Monday; day <= Qt::Sunday; ++day) {
        Day &row = m_days[day - 1];
        row.open = new QCheckBox(QLocale().dayName(day), this);
        row.from = new QTimeEdit(this);
        row.to = new QTimeEdit(this);
        for (QTimeEdit *edit : {row.from, row.to})
            edit->setDisplayFormat(u"HH:mm"_s);
        const auto hours = calendar.hours(Qt::DayOfWeek(day));
        row.open->setChecked(hours.has_value());
        row.from->setTime(hours ? hours->open : QTime(9, 0));
        row.to->setTime(hours ? hours->close : QTime(18, 0));
        for (QTimeEdit *edit : {row.from, row.to}) {
            edit->setEnabled(row.open->isChecked());
            connect(row.open, &QCheckBox::toggled, edit, &QWidget::setEnabled);
        }
        row.from->setAccessibleName(tr("%1 from").arg(QLocale().dayName(day)));
        row.to->setAccessibleName(tr("%1 until").arg(QLocale().dayName(day)));
        week->addWidget(row.open, day, 0);
        week->addWidget(row.from, day, 1);
        week->addWidget(new QLabel(u"–"_s, this), day, 2);
        week->addWidget(row.to, day, 3);
    }

    week->setColumnStretch(4, 1); // the hours stay together; the space goes to the right

    QList<QDate> dates(calendar.holidays().begin(), calendar.holidays().end());
    std::sort(dates.begin(), dates.end());
    for (QDate date : std::as_const(dates)) {
        auto *item = new QListWidgetItem(QLocale().toString(date, QLocale::LongFormat), m_holidays);
        item->setData(Qt::UserRole, date);
    }
    m_holidayDate->setCalendarPopup(true);
    m_holidayDate->setAccessibleName(tr("Holiday to add"));
    m_holidays->setAccessibleName(tr("Holidays"));
    m_zone->setAccessibleName(tr("Time zone"));
    m_holidayDate->setDate(m_settings.today());
    auto *add = new QPushButton(tr("&Add holiday"), this);
    auto *remove = new QPushButton(tr("&Remove"), this);
    auto *import = new QPushButton(tr("&Import from iCalendar…"), this);
    import->setObjectName(u"importButton"_s);
    import->setToolTip(tr("Add the all-day events of an .ics file (a public-holiday calendar, say)"));
    connect(add, &QPushButton::clicked, this, &BusinessHoursDialog::addHoliday);
    connect(remove, &QPushButton::clicked, this, &BusinessHoursDialog::removeHoliday);
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import holidays"), QString(),
                                                          tr("iCalendar files (*.ics *.ical);;All files (*)"));
        if (!path.isEmpty())
            importHolidays(path);
    });
    auto *holidayButtons = new QHBoxLayout;
    holidayButtons->addWidget(m_holidayDate, 1);
    holidayButtons->addWidget(add);
    holidayButtons->addWidget(remove);
    holidayButtons->addWidget(import);
    m_importNote->setObjectName(u"importNote"_s);
    m_importNote->setWordWrap(true);
    m_importNote->hide();

    m_error->setObjectName(u"error"_s);
    m_error->setStyleSheet(PaletteColors::errorStyle(m_error->palette()));
    m_error->setWordWrap(true);
    m_error->hide();
    auto *explanation =
        new QLabel(tr("Service deadlines count only these hours, and stand still while a ticket waits on the customer "
                      "or a third party."),
                   this);
    explanation->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &BusinessHoursDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &BusinessHoursDialog::reject);

    auto *notice = new SharedSettingNotice(m_settings, this);
    QList<QWidget *> editors{m_zone, m_holidayDate, add, remove, import};
    for (const Day &day : m_days)
        editors << day.open << day.from << day.to;
    notice->lock(editors, buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(notice);
    layout->addWidget(explanation);
    layout->addLayout(week);
    layout->addWidget(new QLabel(tr("Holidays:"), this));
    layout->addWidget(m_holidays, 1);
    layout->addLayout(holidayButtons);
    layout->addWidget(m_importNote);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

void BusinessHoursDialog::addHoliday()
{
    insertHoliday(m_holidayDate->date(), QString());
}

bool BusinessHoursDialog::insertHoliday(QDate date, const QString &name)
{
    // Kept in date order, each date once.
    int row = 0;
    while (row < m_holidays->count() && m_holidays->item(row)->data(Qt::UserRole).toDate() < date)
        ++row;
    if (row < m_holidays->count() && m_holidays->item(row)->data(Qt::UserRole).toDate() == date)
        return false;
    const QString text = QLocale().toString(date, QLocale::LongFormat);
    auto *item = new QListWidgetItem(name.isEmpty() ? text : tr("%1 (%2)").arg(text, name));
    item->setData(Qt::UserRole, date);
    m_holidays->insertItem(row, item);
    return true;
}

int BusinessHoursDialog::importHolidays(const QString &path)
{
    const int year = m_settings.today().year();
    const auto read = ICalendarHolidays::readFile(path, QDate(year, 1, 1), QDate(year + 1, 12, 31));
    m_importNote->hide();
    if (!read.error.isEmpty()) {
        m_error->setText(tr("No holidays were imported: %1").arg(read.error));
        m_error->show();
        return -1;
    }
    m_error->hide();
    int added = 0;
    for (const ICalendarHolidays::Holiday &holiday : read.holidays)
        added += insertHoliday(holiday.date, holiday.name) ? 1 : 0;
    QString note = tr("%n holiday(s) added from %1 for %2 and %3; save to keep them.", nullptr, added)
                       .arg(QFileInfo(path).fileName())
                       .arg(year)
                       .arg(year + 1);
    if (read.timedEventsSkipped > 0)
        note += u' ' + tr("%n event(s) with a time of day were left out.", nullptr, read.timedEventsSkipped);
    m_importNote->setText(note);
    m_importNote->show();
    return added;
}

void BusinessHoursDialog::removeHoliday()
{
    delete m_holidays->currentItem();
}

bool BusinessHoursDialog::save()
{
    auto refuse = [this](const QString &message) {
        m_error->setText(message);
        m_error->show();
        return false;
    };
    const QTimeZone zone(m_zone->currentText().trimmed().toUtf8());
    if (!zone.isValid())
        return refuse(
            tr("\"%1\" is not a time zone; pick one from the list, such as Asia/Shanghai.").arg(m_zone->currentText()));
    BusinessCalendar calendar;
    calendar.setTimeZone(zone);
    bool anyOpen = false;
    for (int day = Qt::Monday; day <= Qt::Sunday; ++day) {
        const Day &row = m_days[day - 1];
        if (!row.open->isChecked()) {
            calendar.setHours(Qt::DayOfWeek(day), std::nullopt);
            continue;
        }
        if (row.to->time() <= row.from->time())
            return refuse(tr("On %1 the desk closes before it opens.").arg(QLocale().dayName(day)));
        calendar.setHours(Qt::DayOfWeek(day), BusinessCalendar::Hours{row.from->time(), row.to->time()});
        anyOpen = true;
    }
    if (!anyOpen)
        return refuse(tr("Open the desk on at least one day, or no deadline could ever be reached."));
    for (int i = 0; i < m_holidays->count(); ++i)
        calendar.addHoliday(m_holidays->item(i)->data(Qt::UserRole).toDate());
    if (!m_settings.setBusinessCalendar(calendar))
        return refuse(tr("The business hours were not saved: %1").arg(m_settings.errorString()));
    m_error->hide();
    return true;
}

void BusinessHoursDialog::accept()
{
    if (save())
        QDialog::accept();
}
