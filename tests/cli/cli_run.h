#pragma once
// Runs strata-cli (or another of our programs) as a user does, for the command-line tests: exit
// code, output, crash.
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace cli_test {
struct Run {
    int exit = -1;
    bool crashed = false;
    QString out, err;
};
// Runs `program` (with `env`, when given, instead of this process's environment).
inline Run runProgram(const QString& program, const QStringList& args,
                      const QProcessEnvironment* env = nullptr) {
    QProcess p;
    if (env)
        p.setProcessEnvironment(*env);
    p.start(program, args);
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
inline Run cli(const QStringList& args) {
    return runProgram(STRATA_CLI_PATH, args);
}
inline QString source(const QString& rel) {
    return QString(STRATA_SOURCE_DIR) + "/" + rel;
}
inline QString example(const QString& name) {
    return source("projects/" + name + "/design.strata.json");
}
} // namespace cli_test

using namespace cli_test;
