#pragma once
// For tests of the 3D-ICE round trip (export, then compare): what 3D-ICE's run.sh would leave in
// an exported folder, with one temperature everywhere — a thermal map (Tmap: a header line, then
// rows of kelvin from the south edge, "%7.3f  " each) for every Tmap of the stack description, on
// its dimensions' grid.
#include <QFile>
#include <QRegularExpression>
#include <QString>

namespace strata::test {

inline bool writeUniformThreeDiceAnswer(const QString& dir, const QString& base, double kelvin) {
    QFile stk(dir + "/" + base + ".stk");
    if (!stk.open(QIODevice::ReadOnly))
        return false;
    const QString text = QString::fromUtf8(stk.readAll());
    const QRegularExpressionMatch chip =
        QRegularExpression("chip length ([0-9.e+-]+), width ([0-9.e+-]+) ;").match(text);
    const QRegularExpressionMatch cell =
        QRegularExpression("cell length ([0-9.e+-]+), width ([0-9.e+-]+) ;").match(text);
    if (!chip.hasMatch() || !cell.hasMatch())
        return false;
    const int cols = qRound(chip.captured(1).toDouble() / cell.captured(1).toDouble());
    const int rows = qRound(chip.captured(2).toDouble() / cell.captured(2).toDouble());
    auto maps = QRegularExpression("Tmap \\((\\w+), \"([^\"]+)\"").globalMatch(text);
    bool any = false;
    while (maps.hasNext()) {
        const QRegularExpressionMatch m = maps.next();
        QFile out(dir + "/" + m.captured(2));
        if (!out.open(QIODevice::WriteOnly))
            return false;
        out.write(("% Thermal map for layer " + m.captured(1) + "\n").toUtf8());
        for (int r = 0; r < rows; ++r) {
            QString row;
            for (int c = 0; c < cols; ++c)
                row += QString::asprintf("%7.3f  ", kelvin);
            out.write((row + "\n").toUtf8());
        }
        any = true;
    }
    return any;
}

// 3D-ICE's transient block maxima (Tflp <base>_L<k>.tflp of <base>_transient.stk: comment lines
// with the elements' names, then one row per slot: its end time and each element's kelvin),
// `kelvin0 + r` K everywhere in row r.
inline bool writeRisingThreeDiceTflp(const QString& dir, const QString& base, double kelvin0,
                                     int rows, double slot_s) {
    QFile stk(dir + "/" + base + "_transient.stk");
    if (!stk.open(QIODevice::ReadOnly))
        return false;
    const QString text = QString::fromUtf8(stk.readAll());
    auto dies = QRegularExpression("die +(\\w+) +\\w+ floorplan \"([^\"]+)\"").globalMatch(text);
    bool any = false;
    while (dies.hasNext()) {
        const QRegularExpressionMatch die = dies.next();
        const QRegularExpressionMatch tflp =
            QRegularExpression("Tflp \\(" + die.captured(1) + ", \"([^\"]+)\"").match(text);
        QFile flp(dir + "/" + die.captured(2));
        if (!tflp.hasMatch() || !flp.open(QIODevice::ReadOnly))
            return false;
        QStringList names;
        auto elements = QRegularExpression("^(\\w+) :", QRegularExpression::MultilineOption)
                            .globalMatch(QString::fromUtf8(flp.readAll()));
        while (elements.hasNext())
            names << elements.next().captured(1) + "(K)";
        QFile out(dir + "/" + tflp.captured(1));
        if (!out.open(QIODevice::WriteOnly))
            return false;
        out.write(("% Maximum temperatures for the floorplan of the die " + die.captured(1) +
                   "\n% Time(s) \t " + names.join(" \t ") + "\n")
                      .toUtf8());
        for (int r = 0; r < rows; ++r) {
            QString row = QString::asprintf("%5.3f \t ", (r + 1) * slot_s);
            for (int n = 0; n < names.size(); ++n)
                row += QString::asprintf("%5.3f \t ", kelvin0 + r);
            out.write((row + "\n").toUtf8());
        }
        any = true;
    }
    return any;
}

} // namespace strata::test
