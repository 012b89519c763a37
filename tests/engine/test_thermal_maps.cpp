// The thermal evaluator's maps: every die's own map and the map of all dies' junctions
// (thermal.junction), steady and over a transient, checked against the dies' own fields and
// metrics of the same evaluation.
#include "interop/heatmap.h"
#include "test_support.h"
#include "thermal_eval.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

using namespace strata;

namespace {

const Field* fieldNamed(const EvalResult& r, const std::string& name) {
    for (const Field& f : r.fields)
        if (f.name == name)
            return &f;
    return nullptr;
}

// Value of `f` at the cell holding the point (x, y); NaN outside the field.
double valueAt(const Field& f, double x, double y) {
    for (int j = 0; j < f.ny; ++j)
        for (int i = 0; i < f.nx; ++i)
            if (x > f.x_lines[i] && x < f.x_lines[i + 1] && y > f.y_lines[j] &&
                y < f.y_lines[j + 1])
                return f.values[static_cast<std::size_t>(j) * f.nx + i];
    return std::nan("");
}

// Every cell of the junction map is the hottest of the die maps covering its centre, NaN where
// none does; returns how many cells had no die.
int checkAgainstDieMaps(const EvalResult& r, const std::string& junction,
                        const std::string& diePrefix) {
    const Field* all = fieldNamed(r, junction);
    if (!all || all->values.empty())
        throw std::runtime_error("no " + junction);
    int empty = 0;
    for (int j = 0; j < all->ny; ++j)
        for (int i = 0; i < all->nx; ++i) {
            const double x = (all->x_lines[i] + all->x_lines[i + 1]) / 2;
            const double y = (all->y_lines[j] + all->y_lines[j + 1]) / 2;
            double hottest = std::nan("");
            for (const Field& f : r.fields)
                if (f.name.rfind(diePrefix, 0) == 0) {
                    const double v = valueAt(f, x, y);
                    if (!std::isnan(v) && !(hottest >= v))
                        hottest = v;
                }
            const double v = all->values[static_cast<std::size_t>(j) * all->nx + i];
            if (std::isnan(hottest)) {
                if (!std::isnan(v))
                    throw std::runtime_error("a value where no die is");
                ++empty;
            } else if (v != hottest) {
                throw std::runtime_error("cell differs from the hottest die there");
            }
        }
    return empty;
}

double maxOf(const Field& f) {
    double m = -1e300;
    for (double v : f.values)
        if (!std::isnan(v))
            m = std::max(m, v);
    return m;
}

} // namespace

class TestThermalMaps : public QObject {
    Q_OBJECT
private slots:
    void junctionMapShowsEveryDieSideBySide() {
        // 2.5D: five chiplets apart on the package; the gaps between them have no value.
        const EvalResult r = evalThermal(test::loadExample("chiplet-mcm"));
        const int gaps = checkAgainstDieMaps(r, "thermal.junction", "thermal.die.");
        QVERIFY(gaps > 0);
        QCOMPARE(maxOf(*fieldNamed(r, "thermal.junction")), metric(r, "thermal.tj_max_c"));
    }
    void junctionMapTakesTheHottestTierOfAStack() {
        // 3D: SRAM on logic; where the dies overlap the map holds the hotter tier.
        const EvalResult r = evalThermal(test::loadExample("sram-on-logic-3d"));
        int dies = 0;
        for (const Field& f : r.fields)
            dies += f.name.rfind("thermal.die.", 0) == 0;
        QVERIFY(dies >= 2);
        checkAgainstDieMaps(r, "thermal.junction", "thermal.die.");
        QCOMPARE(maxOf(*fieldNamed(r, "thermal.junction")), metric(r, "thermal.tj_max_c"));
    }
    void transientJunctionPeakMap() {
        QTemporaryDir dir;
        const QString trace = dir.filePath("trace.csv");
        {
            std::ofstream t(trace.toStdString());
            t << "time_s,cc_north.cores,io0.fabric\n0,60,20\n0.05,5,20\n0.1,60,20\n";
        }
        EvalOptions o;
        o.values["thermal.transient_trace"] = trace.toStdString();
        o.values["thermal.transient_steps"] = "20";
        const EvalResult r = evalThermal(test::loadExample("chiplet-mcm"), "coarse", o);
        checkAgainstDieMaps(r, "thermal.transient.junction_peak", "thermal.transient.peak.");
        QCOMPARE(maxOf(*fieldNamed(r, "thermal.transient.junction_peak")),
                 metric(r, "thermal.transient.peak_c"));
        // The solver's work is reported: from ambient every step has something to solve.
        const double total = metric(r, "thermal.transient.solver_iterations");
        const double most = metric(r, "thermal.transient.solver_max_iterations");
        QVERIFY(most >= 1 && most <= total && total <= 2 * 20 * most);
    }
    void filesLeaveCellsWithoutADieEmpty() {
        const EvalResult r = evalThermal(test::loadExample("chiplet-mcm"));
        QTemporaryDir dir;
        const WrittenFiles w = writeThermalMaps(r, dir.path().toStdString());
        QVERIFY(w.errors.empty());
        std::ifstream csv(dir.filePath("junction.csv").toStdString());
        QVERIFY(csv.good());
        std::string header, line;
        std::getline(csv, header);
        int empty = 0, numbers = 0;
        while (std::getline(csv, line)) {
            std::stringstream cells(line);
            std::string cell;
            std::getline(cells, cell, ','); // the row's y
            while (std::getline(cells, cell, ','))
                (cell.empty() ? empty : numbers) += 1;
            empty += !line.empty() && line.back() == ','; // a last empty cell
        }
        const Field& f = *fieldNamed(r, "thermal.junction");
        QCOMPARE(empty + numbers, f.nx * f.ny);
        QVERIFY(empty > 0 && numbers > 0);
        std::ifstream png(dir.filePath("junction.png").toStdString(), std::ios::binary);
        char magic[8] = {};
        png.read(magic, 8);
        QCOMPARE(std::string(magic, 8), std::string("\x89PNG\r\n\x1a\n", 8));
        // A field with no value at all is refused with a message, not drawn.
        Field none = f;
        std::fill(none.values.begin(), none.values.end(), std::nan(""));
        QVERIFY(!writeHeatmapPng(none, dir.filePath("none.png").toStdString()).empty());
    }
};

QTEST_APPLESS_MAIN(TestThermalMaps)
#include "test_thermal_maps.moc"
