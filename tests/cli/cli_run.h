#pragma once
// Runs strata-cli as a user does, for the CLI tests: exit code, output, crash.
#include <QProcess>
#include <QString>
#include <QStringList>

namespace cli_test {
struct Run {
    int exit = -1;
    bool crashed = false;
    QString out, err;
};
inline Run cli(const QStringList& args) {
    QProcess p;
    p.start(STRATA_CLI_PATH, args);
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        r.crashed = true;
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exit = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}
inline QString source(const QString& rel) {
    return QString(STRATA_SOURCE_DIR) + "/" + rel;
}
inline QString example(const QString& name) {
    return source("projects/" + name + "/design.strata.json");
}
} // namespace cli_test

using namespace cli_test;
