#pragma once

#include <QLabel>

class SettingsService;
class QDialogButtonBox;

// Tells the agent that a setting is the team's (team mode only; hidden on a desk of its own).
// For an agent who may not change it, lock() turns the dialog into a view: its editors are
// disabled and Save becomes Close.
class SharedSettingNotice : public QLabel
{
    Q_OBJECT

public:
    SharedSettingNotice(const SettingsService &settings, QWidget *parent);

    bool editable() const { return m_editable; }
    // Does nothing when the agent may change the setting.
    void lock(const QList<QWidget *> &editors, QDialogButtonBox *buttons) const;

private:
    bool m_editable;
};
