// The studio's command line as a user meets it: `strata --help` and `strata --version` answer on
// a machine without a display (over ssh, in CI) instead of aborting in Qt's platform plugin.
#include "../cli/cli_run.h"

#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTest>

namespace {

// Runs `strata` with no display to connect to: a start of Qt's GUI would abort there.
Run strata(const QStringList& args) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    env.insert("QT_QPA_PLATFORM", "xcb");
    return runProgram(STRATA_APP_PATH, args, &env);
}

} // namespace

class TestStudioCommandLine : public QObject {
    Q_OBJECT
private slots:
    void helpNeedsNoDisplay() {
        for (const QString& option : {QString("--help"), QString("-h")}) {
            const Run r = strata({option});
            QVERIFY2(!r.crashed && r.exit == 0, qPrintable(r.err));
            QVERIFY(r.out.startsWith("strata — the Strata design studio"));
            for (const char* item : {"Usage: strata [FILE]", ".chiplet", ".3dbx", "--plugin FILE",
                                     "--raise DOCK", "--screenshot PNG", "strata-cli help"})
                QVERIFY2(r.out.contains(item), item);
            QVERIFY(r.err.isEmpty());
        }
        // Wherever it stands: after a file, the file is not opened.
        const Run r = strata({"design.strata.json", "--help"});
        QCOMPARE(r.exit, 0);
        QVERIFY(r.out.contains("Usage: strata [FILE]"));
    }
    void versionNeedsNoDisplay() {
        const Run r = strata({"--version"});
        QVERIFY2(!r.crashed && r.exit == 0, qPrintable(r.err));
        QVERIFY2(QRegularExpression("^strata \\d+\\.\\d+\\.\\d+\\n$").match(r.out).hasMatch(),
                 qPrintable(r.out));
    }
    void withoutADisplayTheStudioDoesNotStart() {
        // The check that the two above would have failed without their early answer.
        const Run r = strata({});
        QVERIFY(r.crashed || r.exit != 0);
    }
};

QTEST_GUILESS_MAIN(TestStudioCommandLine)
#include "test_studio_command_line.moc"
