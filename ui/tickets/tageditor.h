#pragma once

#include <QStringList>
#include <QWidget>

#include <functional>

class QCompleter;
class QHBoxLayout;
class QLineEdit;

// A ticket's tags as removable chips, and a field to add one (with completion from
// the tags already in use). It only reports what the agent asked for; the pane
// writes it to the store.
class TagEditor : public QWidget
{
    Q_OBJECT

public:
    explicit TagEditor(QWidget *parent = nullptr);

    void setTags(const QStringList &tags);
    QStringList tags() const { return m_tags; }
    // Where completion gets the tags in use; asked when the agent starts typing a tag,
    // not each time a ticket opens.
    void setKnownTagsSource(std::function<QStringList()> source);
    QLineEdit *input() const { return m_input; }

Q_SIGNALS:
    void tagAdded(const QString &tag);
    void tagRemoved(const QString &tag);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuild();
    void retranslate();

    QStringList m_tags;
    QHBoxLayout *m_chips;
    QLineEdit *m_input;
    QCompleter *m_completer;
    std::function<QStringList()> m_knownTags;
};
