#pragma once
// For tests of the HotSpot round trip (export, then compare): what HotSpot's run.sh would leave
// in an exported folder, with one temperature everywhere — a grid steady file (HotSpot 7
// dump_steady_temp_grid: "Layer n:", then index and kelvin per cell) with the .lcf's layers plus
// spreader and sink, on the .config's grid.
#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace strata::test {

inline bool writeUniformHotSpotAnswer(const QString& dir, const QString& base, double kelvin) {
    QFile lcf(dir + "/" + base + ".lcf"), config(dir + "/" + base + ".config");
    if (!lcf.open(QIODevice::ReadOnly) || !config.open(QIODevice::ReadOnly))
        return false;
    int dataLines = 0, rows = 0, cols = 0;
    for (const QString& l : QString::fromUtf8(lcf.readAll()).split('\n'))
        dataLines += !l.isEmpty() && !l.startsWith('#');
    for (const QString& l : QString::fromUtf8(config.readAll()).split('\n')) {
        if (l.startsWith("-grid_rows "))
            rows = l.section(' ', 1).toInt();
        if (l.startsWith("-grid_cols "))
            cols = l.section(' ', 1).toInt();
    }
    QFile steady(dir + "/" + base + ".grid.steady");
    if (rows <= 0 || cols <= 0 || !steady.open(QIODevice::WriteOnly))
        return false;
    for (int k = 0; k < dataLines / 7 + 2; ++k) { // 7 lines per .lcf layer
        steady.write(QString("Layer %1:\n").arg(k).toUtf8());
        for (int n = 0; n < rows * cols; ++n)
            steady.write(QString("%1\t%2\n").arg(n).arg(kelvin, 0, 'f', 2).toUtf8());
    }
    return true;
}

// HotSpot's transient temperature trace (-o <base>.ttrace: the units' names as in the exported
// <base>_transient.ptrace, then one row per interval), `kelvin0 + r` K everywhere in row r.
inline bool writeRisingHotSpotTtrace(const QString& dir, const QString& base, double kelvin0,
                                     int rows) {
    QFile ptrace(dir + "/" + base + "_transient.ptrace"), out(dir + "/" + base + ".ttrace");
    if (!ptrace.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
        return false;
    const QStringList names =
        QString::fromUtf8(ptrace.readLine()).split(QRegularExpression("\\s+"), Qt::SkipEmptyParts);
    out.write((names.join('\t') + "\n").toUtf8());
    for (int r = 0; r < rows; ++r) {
        QStringList values;
        for (int n = 0; n < names.size(); ++n)
            values << QString::number(kelvin0 + r, 'f', 2);
        out.write((values.join('\t') + "\n").toUtf8());
    }
    return !names.isEmpty();
}

} // namespace strata::test
