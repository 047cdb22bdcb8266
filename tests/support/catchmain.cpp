#if defined(DESKLINE_CATCH2_V3)
#include <catch2/catch_session.hpp>
#else
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#endif

// The models' tests run without Qt Widgets, to show that nothing below the window needs
// them; the window's tests get a QApplication.
#if defined(DESKLINE_TEST_WIDGETS)
#include <QApplication>
using TestApplication = QApplication;
#elif defined(DESKLINE_TEST_CORE)
#include <QCoreApplication>
using TestApplication = QCoreApplication;
#else
#include <QGuiApplication>
using TestApplication = QGuiApplication;
#endif
#include <QLocale>
#include <QStandardPaths>

int main(int argc, char *argv[])
{
    // Test discovery runs this binary at build time, where no display may exist.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Settings and data locations of the person running the tests stay untouched.
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    TestApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("DesklineTests"));
    QCoreApplication::setApplicationName(QStringLiteral("DesklineTests"));
    return Catch::Session().run(argc, argv);
}
