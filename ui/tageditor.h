#pragma once

#include <QStringList>
#include <QWidget>

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
    void setKnownTags(const QStringList &tags);
    QLineEdit *input() const { return m_input; }

Q_SIGNALS:
    void tagAdded(const QString &tag);
    void tagRemoved(const QString &tag);

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void retranslate();

    QStringList m_tags;
    QHBoxLayout *m_chips;
    QLineEdit *m_input;
    QCompleter *m_completer;
};
