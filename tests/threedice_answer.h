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

} // namespace strata::test
