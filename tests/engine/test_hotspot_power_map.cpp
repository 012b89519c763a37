// A HotSpot floorplan and power trace as a die's power map: every unit's mean power lands where
// the unit is (row 0 south, as the map is stored), the total is kept, and what is wrong with the
// files is said with the file and line. Then a design heats where the floorplan put the power.
#include "interop/hotspot_power_map.h"
#include "test_support.h"
#include "thermal_eval.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <fstream>
#include <numeric>

using namespace strata;

namespace {

// 10 x 4 mm: a hot west unit (3 W mean), a cool east one (1 W), each 5 x 4 mm, and a 5 x 1 mm
// strip on top of the east one at the north edge, made from its own power (0.5 W).
const char* kFlp = "# name width height left bottom\n"
                   "west\t0.005\t0.004\t0\t0\n"
                   "east\t0.005\t0.003\t0.005\t0\n"
                   "strip\t0.005\t0.001\t0.005\t0.003\t1.75e6\t0.01\n"; // detailed_3D columns
const char* kTrace = "west east strip\n2 1 0.5\n4 1 0.5\n";

double sum(const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0);
}

} // namespace

class TestHotSpotPowerMap : public QObject {
    Q_OBJECT
private slots:
    void unitsLandWhereTheyAre() {
        std::vector<Diagnostic> diags;
        const auto units = parseHotSpotFlp(kFlp, "a.flp", diags);
        const auto powers = meanHotSpotPowers(kTrace, "a.ptrace", diags);
        QVERIFY(units && powers && diags.empty());
        QCOMPARE(powers->at("west"), 3.0); // the mean of its rows, as HotSpot's steady state
        const auto map = hotspotPowerMap(*units, *powers, "a.ptrace", diags);
        QVERIFY(map);
        // Cells of half the smallest side (1 mm): 20 x 8 over the 10 x 4 mm outline.
        QCOMPARE(map->nx, 20);
        QCOMPARE(map->ny, 8);
        QVERIFY(std::abs(sum(map->power_w) - 4.5) < 1e-12);
        auto region = [&](int i0, int i1, int j0, int j1) {
            double w = 0;
            for (int j = j0; j < j1; ++j)
                for (int i = i0; i < i1; ++i)
                    w += map->power_w[static_cast<std::size_t>(j) * map->nx + i];
            return w;
        };
        QVERIFY(std::abs(region(0, 10, 0, 8) - 3.0) < 1e-12);  // west half
        QVERIFY(std::abs(region(10, 20, 0, 6) - 1.0) < 1e-12); // east, south of the strip
        QVERIFY(std::abs(region(10, 20, 6, 8) - 0.5) < 1e-12); // the strip: the north rows
    }

    void aUnitSmallerThanACellIsSpreadByOverlap() {
        std::vector<Diagnostic> diags;
        const auto units = parseHotSpotFlp(
            "big 0.01 0.01 0 0\ntiny 0.0001 0.0001 0.00495 0.00495\n", "b.flp", diags);
        QVERIFY(units);
        const auto map = hotspotPowerMap(*units, {{"big", 1.0}, {"tiny", 1.0}}, "b.ptrace", diags,
                                         4); // 4 x 4 cells of 2.5 mm: tiny straddles four
        QVERIFY(map && map->nx == 4 && map->ny == 4);
        QVERIFY(std::abs(sum(map->power_w) - 2.0) < 1e-12);
        for (int c : {5, 6, 9, 10}) // the four middle cells share tiny's watt
            QVERIFY(std::abs(map->power_w[static_cast<std::size_t>(c)] - (1.0 / 16 + 0.25)) <
                    1e-12);
    }

    void aFloorplanIsToldByItsExtension() {
        QVERIFY(isHotSpotFloorplan("ev6.flp") && isHotSpotFloorplan("/x/EV6.FLP"));
        QVERIFY(!isHotSpotFloorplan("map.csv") && !isHotSpotFloorplan(".flp") &&
                !isHotSpotFloorplan("flp"));
        QTemporaryDir dir;
        const std::string f = (dir.path() + "/a.flp").toStdString();
        std::ofstream(f) << kFlp;
        QCOMPARE(*hotspotFloorplanAspect(f), 2.5); // 10 x 4 mm
        QVERIFY(!hotspotFloorplanAspect(dir.path().toStdString() + "/none.flp"));
        std::string error;
        QVERIFY(!readPowerMapFile("ev6.flp", "", error));
        QVERIFY(error.find("needs its power trace") != std::string::npos);
    }
    void badFilesNameTheFileAndLine_data() {
        QTest::addColumn<QString>("flp");
        QTest::addColumn<QString>("trace");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("says");
        QTest::newRow("short unit") << "a 0.1 0.1 0\n"
                                    << kTrace << "a.flp line 1"
                                    << "expected a unit";
        QTest::newRow("zero width") << "a 0 0.1 0 0\n"
                                    << kTrace << "a.flp line 1"
                                    << "widths > 0";
        QTest::newRow("twice") << "a 1 1 0 0\na 1 1 1 0\n"
                               << "a\n1\n"
                               << "a.flp line 2"
                               << "named twice";
        QTest::newRow("empty flp") << "# nothing\n"
                                   << kTrace << "a.flp"
                                   << "no units";
        QTest::newRow("no rows") << kFlp << "west east strip\n"
                                 << "t.ptrace"
                                 << "at least one row";
        QTest::newRow("short row") << kFlp << "west east strip\n1 2\n"
                                   << "t.ptrace line 2"
                                   << "2 values for 3 units";
        QTest::newRow("negative") << kFlp << "west east strip\n1 -2 0\n"
                                  << "t.ptrace line 2"
                                  << "column 2 (east)";
        QTest::newRow("missing unit") << kFlp << "west east\n1 2\n"
                                      << "t.ptrace"
                                      << "no power for unit \"strip\"";
        QTest::newRow("unknown unit") << kFlp << "west east strip core\n1 2 3 4\n"
                                      << "t.ptrace line 1"
                                      << "\"core\" is no unit";
    }
    void badFilesNameTheFileAndLine() {
        QFETCH(QString, flp);
        QFETCH(QString, trace);
        QFETCH(QString, where);
        QFETCH(QString, says);
        QTemporaryDir dir;
        const std::string f = (dir.path() + "/a.flp").toStdString(),
                          t = (dir.path() + "/t.ptrace").toStdString();
        std::ofstream(f) << flp.toStdString();
        std::ofstream(t) << trace.toStdString();
        std::string error;
        QVERIFY(!readHotSpotPowerMap(f, t, error));
        const QString e = QString::fromStdString(error);
        QVERIFY2(e.contains("IO-0023") && e.contains(says), qPrintable(e));
        const QString file = where.section(' ', 0, 0), line = where.section(' ', 1);
        QVERIFY2(e.contains(dir.path() + "/" + file) && e.contains(line), qPrintable(e));
        QVERIFY(!readHotSpotPowerMap(f, dir.path().toStdString() + "/none.ptrace", error));
        QVERIFY(QString::fromStdString(error).contains("none.ptrace"));
    }

    // On a die: the floorplan's hot west half makes the die's west half the hotter one.
    void aDieHeatsWhereTheFloorplanPutsThePower() {
        std::vector<Diagnostic> diags;
        auto map =
            hotspotPowerMap(*parseHotSpotFlp(kFlp, "a.flp", diags),
                            {{"west", 150.0}, {"east", 10.0}, {"strip", 5.0}}, "a.ptrace", diags);
        QVERIFY(map);
        Design d = test::loadExample("gpu-2.5d");
        d.stacks[0].tiers[0].die.power_map = *map;
        const EvalResult r = evalThermal(d);
        const auto it = std::find_if(r.fields.begin(), r.fields.end(), [&](const Field& g) {
            return g.name == "thermal.die." + d.stacks[0].tiers[0].die.id;
        });
        const Field* f = it == r.fields.end() ? nullptr : &*it;
        QVERIFY(f && f->nx > 2);
        double west = 0, east = 0;
        for (int j = 0; j < f->ny; ++j)
            for (int i = 0; i < f->nx; ++i)
                (i < f->nx / 2 ? west : east) += f->values[static_cast<std::size_t>(j) * f->nx + i];
        QVERIFY2(west > east, qPrintable(QString("%1 vs %2").arg(west).arg(east)));
    }
};

QTEST_GUILESS_MAIN(TestHotSpotPowerMap)
#include "test_hotspot_power_map.moc"
