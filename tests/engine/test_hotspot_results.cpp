// HotSpot's grid temperatures read back and set beside Strata's: files written here in HotSpot's
// layout (HotSpot 7 dump_steady_temp_grid: "Layer n:", then "index<TAB>K" row by row from the
// north edge) with known values, so that every difference is known exactly; and what is wrong
// with a malformed file is said with its line.
#include "interop/hotspot_export.h"
#include "interop/hotspot_results.h"
#include "test_support.h"
#include "thermal/builder.h"
#include "thermal/result_fields.h"
#include "thermal/solver.h"

#include <QTest>

#include <cmath>
#include <functional>

using namespace strata;
using namespace strata::thermal;

namespace {

// A grid steady file of `layers` layers whose cell (row, col) of layer k holds kelvin(k, row, col).
std::string gridSteady(int layers, int rows, int cols,
                       const std::function<double(int, int, int)>& kelvin) {
    std::string s;
    char buf[64];
    for (int k = 0; k < layers; ++k) {
        s += "Layer " + std::to_string(k) + ":\n";
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                std::snprintf(buf, sizeof buf, "%d\t%.2f\n", r * cols + c, kelvin(k, r, c));
                s += buf;
            }
    }
    return s;
}

} // namespace

class TestHotSpotResults : public QObject {
    Q_OBJECT
    Model model;
    std::vector<double> theta;
    HotSpotChip chip;
    int rows = 12, cols = 18;

private slots:
    void initTestCase() {
        const BuildResult b = buildModel(test::loadExample("gpu-2.5d"), test::shippedLibrary(),
                                         *buildOptionsFor("coarse"));
        QVERIFY(b.ok);
        model = b.model;
        Solver s(model);
        QVERIFY(s.solve(rasterisePower(model), theta).converged);
        chip = hotspotChip(model);
    }

    // Every cell of HotSpot's grid distinct (300 K + row + 100 col): each of Strata's cells must
    // be set beside the HotSpot cell it lies in, rows counted from the north edge.
    void eachCellMeetsTheHotSpotCellItLiesIn() {
        std::vector<Diagnostic> diags;
        const auto hs = parseHotSpotGridSteady(
            gridSteady(chip.layers + 2, rows, cols,
                       [](int, int r, int c) { return 300.0 + r + 100.0 * c; }),
            rows, cols, "x.grid.steady", diags);
        QVERIFY(hs && diags.empty());
        const ThermalComparison c = compareWithHotSpot(model, theta, *hs);
        QVERIFY(c.ok);
        QCOMPARE(c.dies.size(), model.dies.size());
        const double cw = (chip.x1 - chip.x0) / cols, ch = (chip.y1 - chip.y0) / rows;
        for (std::size_t d = 0; d < model.dies.size(); ++d) {
            const DieRegion& die = model.dies[d];
            const Field& f = c.differences[d];
            QCOMPARE(f.name, "hotspot.diff." + die.id);
            QCOMPARE(f.unit, std::string("K"));
            int i0 = 0, j0 = 0;
            fieldOver(model, "", die.x0, die.y0, die.x1, die.y1, i0, j0);
            double strataMax = -1e300;
            for (int j = 0; j < f.ny; ++j)
                for (int i = 0; i < f.nx; ++i) {
                    const int mi = i0 + i, mj = j0 + j;
                    const double x = (model.xs[mi] + model.xs[mi + 1]) / 2,
                                 y = (model.ys[mj] + model.ys[mj + 1]) / 2;
                    const int col = static_cast<int>((x - chip.x0) / cw);
                    const int row = rows - 1 - static_cast<int>((y - chip.y0) / ch);
                    const double strata =
                        model.ambient_k +
                        layerPlane(model, theta,
                                   die.layer)[static_cast<std::size_t>(mj) * model.nx() + mi];
                    strataMax = std::max(strataMax, strata);
                    QCOMPARE(f.values[static_cast<std::size_t>(j) * f.nx + i],
                             strata - (300.0 + row + 100.0 * col));
                }
            QCOMPARE(c.dies[d].strata_max_c, strataMax - kZeroCelsiusK);
        }
    }

    // One temperature everywhere: the comparison's figures follow by hand.
    void aUniformAnswerGivesTheRiseAboveIt() {
        std::vector<Diagnostic> diags;
        const auto hs = parseHotSpotGridSteady(
            gridSteady(chip.layers + 2, rows, cols, [](int, int, int) { return 350.0; }), rows,
            cols, "x.grid.steady", diags);
        QVERIFY(hs);
        const ThermalComparison c = compareWithHotSpot(model, theta, *hs);
        QVERIFY(c.ok);
        for (const DieComparison& d : c.dies) {
            QCOMPARE(d.reference_max_c, 350.0 - kZeroCelsiusK);
            QVERIFY(d.max_abs_diff_k >= std::abs(d.strata_max_c + kZeroCelsiusK - 350.0) - 1e-9);
        }
        // gpu0 is hotter than 350 K everywhere: its mean difference is its mean rise above it.
        QVERIFY(c.dies[0].die == "gpu0" && c.dies[0].mean_diff_k > 0);
    }

    void anotherResolutionIsSaidNotCompared() {
        std::vector<Diagnostic> diags;
        const auto hs = parseHotSpotGridSteady(
            gridSteady(chip.layers + 3, rows, cols, [](int, int, int) { return 350.0; }), rows,
            cols, "x.grid.steady", diags);
        QVERIFY(hs);
        const ThermalComparison c = compareWithHotSpot(model, theta, *hs);
        QVERIFY(!c.ok && c.dies.empty());
        QVERIFY(c.notes.at(0).message.find("same resolution") != std::string::npos);
    }

    void malformedFilesNameTheLine_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("says");
        const std::string good = gridSteady(1, 2, 2, [](int, int, int) { return 300.0; });
        QTest::newRow("empty") << ""
                               << ""
                               << "no \"Layer 0:\"";
        QTest::newRow("no header") << "0\t300.00\n"
                                   << "line 1"
                                   << "expected \"Layer n:\"";
        QTest::newRow("skipped cell") << "Layer 0:\n0\t300\n2\t300\n"
                                      << "line 3"
                                      << "expected cell 1";
        QTest::newRow("not a number") << "Layer 0:\n0\t300\n1\tnan\n"
                                      << "line 3"
                                      << "a temperature in K";
        QTest::newRow("short layer") << "Layer 0:\n0\t300\nLayer 1:\n"
                                     << "line 3"
                                     << "has 1 cells, expected 4";
        QTest::newRow("wrong layer number") << QString::fromStdString(good) + "Layer 5:\n"
                                            << "line 6"
                                            << "expected \"Layer 1:\"";
        QTest::newRow("negative kelvin") << "Layer 0:\n0\t-3\n"
                                         << "line 2"
                                         << "positive";
        QTest::newRow("truncated") << "Layer 0:\n0\t300\n1\t300\n"
                                   << "line 3"
                                   << "the last layer has 2 cells";
    }
    void malformedFilesNameTheLine() {
        QFETCH(QString, text);
        QFETCH(QString, line);
        QFETCH(QString, says);
        std::vector<Diagnostic> diags;
        QVERIFY(!parseHotSpotGridSteady(text.toStdString(), 2, 2, "r.grid.steady", diags));
        QCOMPARE(diags.size(), std::size_t(1));
        QCOMPARE(diags[0].code, std::string("IO-0022"));
        QCOMPARE(diags[0].file, std::string("r.grid.steady"));
        QCOMPARE(QString::fromStdString(diags[0].pointer), line);
        QVERIFY2(diags[0].message.find(says.toStdString()) != std::string::npos,
                 diags[0].message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestHotSpotResults)
#include "test_hotspot_results.moc"
