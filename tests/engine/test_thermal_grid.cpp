// The thermal model's lateral grid: lines on every edge, fine inside dies, graded outside with
// neighbouring cells within 1.5x, no larger than twice the fine size; coarser resolutions give
// fewer cells, not slivers; and the examples' solves converge as fast on coarse grids as on fine.
#include "test_support.h"
#include "thermal/grid.h"
#include "thermal_eval.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace strata;
using namespace strata::thermal;

class TestThermalGrid : public QObject {
    Q_OBJECT
private slots:
    void gradedGridRespectsRatioAndEdges() {
        const std::vector<double> lines =
            makeGridLines({-30e-3, 30e-3, -5e-3, 5e-3, 1e-3}, {{-5e-3, 5e-3}}, 0.5e-3);
        for (double e : {-30e-3, -5e-3, 1e-3, 5e-3, 30e-3})
            QVERIFY(std::any_of(lines.begin(), lines.end(),
                                [&](double l) { return std::fabs(l - e) < 1e-12; }));
        for (std::size_t i = 0; i + 2 < lines.size(); ++i) {
            const double a = lines[i + 1] - lines[i], b = lines[i + 2] - lines[i + 1];
            QVERIFY(std::max(a / b, b / a) <= 1.5 + 1e-9);
            if (lines[i] >= -5e-3 && lines[i + 1] <= 5e-3)
                QVERIFY(a <= 0.5e-3 + 1e-12);
        }
        QVERIFY(lines.size() < 90); // 20 fine cells plus graded margins, not a uniform 120
        for (std::size_t i = 0; i + 1 < lines.size(); ++i)
            QVERIFY(lines[i + 1] - lines[i] <= 2 * 0.5e-3 * (1 + 1e-9)); // growth stops at 2 h
    }
    void coarserGridsDoNotHaveMoreCells() {
        // chiplet-mcm's y edges (package, spreader, sink, dies, blocks) in metres, and its dies.
        const std::vector<double> edges{
            0,     0.045,  -0.005, 0.05,   -0.0275, 0.0725, 0.015,  0.03,   0.017,
            0.028, 0.015,  0.017,  0.032,  0.042,   0.033,  0.039,  0.039,  0.041,
            0.032, 0.033,  0.003,  0.013,  0.004,   0.01,   0.01,   0.012,  0.003,
            0.004, 0.0175, 0.0275, 0.0185, 0.0245,  0.0245, 0.0265, 0.0175, 0.0185};
        const std::vector<Interval> dies{
            {0.015, 0.03}, {0.032, 0.042}, {0.003, 0.013}, {0.0175, 0.0275}};
        std::size_t previous = 0;
        for (int across : {3, 4, 6, 8, 10, 12, 16, 20, 24, 32}) {
            const double h = 0.015 / across;
            const std::vector<double> lines = makeGridLines(edges, dies, h);
            double smallest = 1;
            for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
                const double a = lines[i + 1] - lines[i];
                smallest = std::min(smallest, a);
                if (i + 2 < lines.size()) {
                    const double b = lines[i + 2] - lines[i + 1];
                    QVERIFY(std::max(a / b, b / a) <= 1.5 + 1e-9);
                }
            }
            const std::size_t cells = lines.size() - 1;
            qInfo("%2d across the largest die: %3zu cells, smallest %.3f mm", across, cells,
                  smallest * 1e3);
            // The shortest interval kept between edges is 0.5 mm: a cell far below it (0.19 mm
            // at 7.5 across with the halving fix-up of before) is rounding run wild.
            QVERIFY2(smallest >= 0.4e-3 || smallest >= 0.5 * h,
                     qPrintable(QString("%1 mm at %2 across").arg(smallest * 1e3).arg(across)));
            QVERIFY2(1.1 * static_cast<double>(cells) >=
                         static_cast<double>(previous), // rounding: a few
                     qPrintable(QString("%1 cells at %2 across, %3 before")
                                    .arg(cells)
                                    .arg(across)
                                    .arg(previous)));
            previous = cells;
        }
    }
    void coarseGridsConvergeLikeFineOnes() {
        // Iterations of the examples' solves at a few cells across the largest die: rounding in
        // the grid once left slivers and long thin cells there (chiplet-mcm at 8: 38 iterations).
        for (const auto& [project, across] : std::vector<std::pair<std::string, std::string>>{
                 {"chiplet-mcm", "8"}, {"gpu-2.5d", "12"}, {"sram-on-logic-3d", "8"}}) {
            const EvalResult r = evalThermal(test::loadExample(project), across);
            const double iterations = metric(r, "thermal.solver.iterations");
            qInfo("%s at %s across: %.0f iterations", project.c_str(), across.c_str(), iterations);
            QVERIFY2(iterations <= 15, qPrintable(QString::fromStdString(project)));
        }
    }
};

QTEST_GUILESS_MAIN(TestThermalGrid)
#include "test_thermal_grid.moc"
