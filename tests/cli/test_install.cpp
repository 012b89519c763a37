// `cmake --install` (packaging/CMakeLists.txt) into a fresh prefix gives a Strata that runs from
// there: the installed strata-cli reads the installed assets, Lua stdlib and plugins (not the
// source tree's), evaluates the installed example projects and runs a sweep script that needs the
// stdlib; the desktop entry, AppStream metadata and MIME type pass their validators and the
// plugin header compiles as plain C.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exit = -1;
    QString out, err;
};

Run run(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Runs a validator that the Debian package list installs (packaging/debian-packages.txt).
void validates(const QString& tool, const QStringList& args) {
    const QString path = QStandardPaths::findExecutable(tool);
    QVERIFY2(!path.isEmpty(), qPrintable(tool + " is missing: ./studio.sh installs it"));
    const Run r = run(path, args);
    QVERIFY2(r.exit == 0, qPrintable(tool + ": " + r.out + r.err));
}

} // namespace

class TestInstall : public QObject {
    Q_OBJECT
    QTemporaryDir prefix_;
    QString cli_;

private slots:
    void initTestCase() {
        QVERIFY(prefix_.isValid());
        const Run install =
            run(STRATA_CMAKE_COMMAND, {"--install", STRATA_BUILD_DIR, "--prefix", prefix_.path()});
        QVERIFY2(install.exit == 0, qPrintable(install.out + install.err));
        cli_ = prefix_.filePath("bin/strata-cli");
        QVERIFY(QFile::exists(cli_));
    }

    void theInstalledCliReadsItsOwnFiles() {
        const Run v = run(cli_, {"--version"});
        QCOMPARE(v.exit, 0);
        QVERIFY2(v.out.contains("assets   " + prefix_.filePath("share/strata/assets")),
                 qPrintable(v.out));
        QVERIFY2(v.out.contains("lua      " + prefix_.filePath("share/strata/lua")),
                 qPrintable(v.out));
        QVERIFY2(
            v.out.contains("plugins  " + prefix_.filePath("lib/strata/plugins") + ", 1 loaded"),
            qPrintable(v.out));
        // The source tree's strata-cli does not take the installed files.
        const Run here = run(STRATA_CLI_PATH, {"--version"});
        QVERIFY(!here.out.contains(prefix_.path()));
    }

    void theInstalledExamplesEvaluate() {
        const QString projects = prefix_.filePath("share/strata/projects");
        const QStringList designs = QDir(projects).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QVERIFY(designs.size() >= 3);
        for (const QString& d : designs) {
            const Run r = run(cli_, {"validate", projects + "/" + d + "/design.strata.json"});
            QVERIFY2(r.exit == 0 || r.exit == 1, qPrintable(d + ": " + r.err)); // 1: DRC only
        }
        QVERIFY(QDir(projects + "/gpu-2.5d").entryList({"*.db"}).isEmpty()); // no local results
        const Run eval = run(cli_, {"eval", projects + "/gpu-2.5d/design.strata.json", "--only",
                                    "perf,power,power_density"});
        QCOMPARE(eval.exit, 0);
        QVERIFY2(eval.out.contains("power_density.max_block_w_per_cm2"), qPrintable(eval.out));
    }

    // strata.pareto comes from the installed stdlib.
    void aScriptUsesTheInstalledStdlib() {
        QTemporaryDir dir;
        QFile script(dir.filePath("front.lua"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("local f = strata.pareto({{a = 1, b = 3}, {a = 2, b = 1}, {a = 3, b = 4}},\n"
                     "                         {{'a', 'min'}, {'b', 'min'}})\n"
                     "print(#f)\n");
        script.close();
        const Run r = run(cli_, {"run", script.fileName()});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QString("2"));
    }

    void desktopIntegrationFilesAreValid() {
        const QString share = prefix_.filePath("share");
        if (QFile::exists(prefix_.filePath("bin/strata"))) {
            validates("desktop-file-validate",
                      {share + "/applications/io.github.strata.Strata.desktop"});
            validates("appstreamcli", {"validate", "--no-net",
                                       share + "/metainfo/io.github.strata.Strata.metainfo.xml"});
            validates("xmllint", {"--noout", share + "/mime/packages/strata-design.xml"});
            QVERIFY(
                QFile::exists(share + "/icons/hicolor/scalable/apps/io.github.strata.Strata.svg"));
        }
        validates("cc", {"-fsyntax-only", "-Wall", "-Wextra", "-pedantic", "-std=c99", "-x", "c",
                         prefix_.filePath("include/strata/strata_plugin.h")});
    }
};

QTEST_GUILESS_MAIN(TestInstall)
#include "test_install.moc"
