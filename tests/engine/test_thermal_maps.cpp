// The thermal evaluator's maps: every die's own map and the map of all dies' junctions
// (thermal.junction), steady and over a transient, checked against the dies' own fields and
// metrics of the same evaluation.
#include "interop/heatmap.h"
#include "test_support.h"
#include "thermal/builder.h"
#include "thermal/transient.h"
#include "thermal_cases.h"
#include "thermal_eval.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>
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
    return valueRange(f).second;
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
        // Snapshots of all dies at every step here (20 steps: fewer than the frame limit), from
        // the start (at ambient) to the end of the trace; cell by cell their maximum is the peak.
        const Field& peak = *fieldNamed(r, "thermal.transient.junction_peak");
        std::vector<const Field*> frames;
        for (int k = 0;; ++k) {
            const Field* f = fieldNamed(r, "thermal.transient.map." + std::to_string(k));
            if (!f)
                break;
            frames.push_back(f);
        }
        QCOMPARE(frames.size(), std::size_t{21});
        QCOMPARE(frames.front()->time_s, 0.0);
        QCOMPARE(frames.back()->time_s, 0.1);
        QCOMPARE(maxOf(*frames.front()), 45.0); // the design's ambient
        for (std::size_t c = 0; c < peak.values.size(); ++c) {
            double hottest = std::nan("");
            for (const Field* f : frames)
                if (!(hottest >= f->values[c]))
                    hottest = f->values[c];
            QVERIFY(std::isnan(peak.values[c]) ? std::isnan(hottest) : hottest == peak.values[c]);
        }
        QVERIFY(fieldNamed(r, "thermal.junction")->time_s < 0); // steady fields have no time
        // The solver's work is reported: from ambient every step has something to solve.
        const double total = metric(r, "thermal.transient.solver_iterations");
        const double most = metric(r, "thermal.transient.solver_max_iterations");
        QVERIFY(most >= 1 && most <= total && total <= 2 * 20 * most);
    }
    void longRunsKeepAFixedNumberOfSnapshots() {
        // 1000 steps on a small package: 101 snapshots, evenly spaced, the last at the end.
        thermal::Model m = test::smallPackage(9, 7);
        m.dies.push_back({"die", 1, 2e-3, 2e-3, 6e-3, 5e-3});
        thermal::PowerTrace pulse;
        pulse.sources = {0};
        pulse.times = {0.0, 0.5, 1.0};
        pulse.powers = {{30}, {0}, {0}};
        const thermal::TransientResult r = thermal::runTransient(m, pulse, 1000);
        QCOMPARE(r.frames.size(), std::size_t{thermal::kMaxTransientFrames});
        QCOMPARE(r.frame_times.size(), r.frames.size());
        QCOMPARE(r.frame_times.front(), 0.0);
        QCOMPARE(r.frame_times.back(), r.times.back());
        for (std::size_t f = 1; f < r.frame_times.size(); ++f)
            QVERIFY(std::fabs(r.frame_times[f] - r.frame_times[f - 1] - 0.01) < 1e-9);
        // The last snapshot is the final field.
        const std::size_t plane = m.cellsPerLayer();
        for (std::size_t c = 0; c < plane; ++c)
            QCOMPARE(r.frames.back()[0][c], r.theta[plane + c]);
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

    // The SVG map: well formed, the map's rectangles tile it exactly (runs of one colour along
    // each row), the hottest cell in the ramp's hottest colour, cells without a die grey, the
    // colour bar labelled with the field's range.
    void svgMapsTileTheFieldAndKeepItsColours() {
        const EvalResult r = evalThermal(test::loadExample("chiplet-mcm"));
        QTemporaryDir dir;
        const WrittenFiles w = writeThermalMaps(r, dir.path().toStdString());
        QVERIFY(w.errors.empty());
        QVERIFY(std::find(w.written.begin(), w.written.end(),
                          dir.filePath("junction.svg").toStdString()) != w.written.end());
        QFile file(dir.filePath("junction.svg"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        double area = 0, mapX1 = 0, mapY1 = 0;
        int rects = 0;
        QStringList fills, labels;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                const auto a = xml.attributes();
                if (xml.name() == QLatin1String("rect") && !a.value("fill").startsWith(u"url(")) {
                    const double x = a.value("x").toDouble(), y = a.value("y").toDouble();
                    const double wd = a.value("width").toDouble(),
                                 ht = a.value("height").toDouble();
                    area += wd * ht;
                    mapX1 = std::max(mapX1, x + wd), mapY1 = std::max(mapY1, y + ht);
                    fills << a.value("fill").toString();
                    ++rects;
                } else if (xml.name() == QLatin1String("text")) {
                    labels << xml.readElementText();
                }
            }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        const Field& f = *fieldNamed(r, "thermal.junction");
        QVERIFY(rects > 0 && rects <= f.nx * f.ny);
        // The map spans (10, 10) to (mapX1, mapY1) and its rectangles cover it once.
        QVERIFY2(std::abs(area - (mapX1 - 10) * (mapY1 - 10)) < 1e-3 * area,
                 qPrintable(QString::number(area)));
        QVERIFY(fills.contains("#7f0500")); // heatRamp(1), dark red: the hottest cell
        QVERIFY(fills.contains("#e1e1e1")); // no die there
        const auto [lo, hi] = valueRange(f);
        QVERIFY(labels.size() == 3 && labels[0].startsWith(QString::number(hi, 'g', 5)) &&
                labels[2].startsWith(QString::number(lo, 'g', 5)) && labels[0].endsWith("°C"));
    }

    // The cross-sections through the hotspot: one row per layer (its own plane at the cut),
    // heights adding up to the assembly's, the hotspot on them, and heat flowing away from it.
    void sectionsCutThroughTheHotspot() {
        const Design d = test::loadExample("gpu-2.5d");
        const EvalResult r = evalThermal(d);
        const thermal::BuildResult b =
            thermal::buildModel(d, test::shippedLibrary(), *thermal::buildOptionsFor("coarse"));
        const thermal::Model& m = b.model;
        double height = 0;
        for (const thermal::Layer& l : m.layers)
            height += l.thickness;
        const double tj = metric(r, "thermal.tj_max_c");
        const double at[2] = {metric(r, "thermal.hotspot_y_mm") * 1e-3,
                              metric(r, "thermal.hotspot_x_mm") * 1e-3};
        for (const char* axis : {"x", "y"}) {
            const bool alongX = axis[0] == 'x';
            const Field* s = fieldNamed(r, std::string("thermal.section.") + axis);
            QVERIFY(s);
            QCOMPARE(s->x_axis, std::string(axis));
            QCOMPARE(s->y_axis, std::string("z"));
            QCOMPARE(s->ny, m.nz());
            QCOMPARE(s->x_lines, alongX ? m.xs : m.ys);
            QVERIFY(std::fabs(s->y_lines.back() - height) < 1e-12);
            // Row k is layer k's own map along the cut; cells without material are empty.
            const int cut = thermal::cellIndex(alongX ? m.ys : m.xs, at[alongX ? 0 : 1]);
            int layerFields = 0, empty = 0;
            for (const Field& f : r.fields) {
                if (f.name.rfind("thermal.layer.", 0) != 0)
                    continue;
                const int k = layerFields++;
                for (int c = 0; c < s->nx; ++c) {
                    const std::size_t cell = alongX ? static_cast<std::size_t>(cut) * m.nx() + c
                                                    : static_cast<std::size_t>(c) * m.nx() + cut;
                    const double v = s->values[static_cast<std::size_t>(k) * s->nx + c];
                    if (m.layers[static_cast<std::size_t>(k)].cells[cell].isVoid()) {
                        QVERIFY(std::isnan(v) && std::isnan(f.values[cell]));
                        ++empty;
                    } else
                        QCOMPARE(v, f.values[cell]);
                }
            }
            QCOMPARE(layerFields, m.nz());
            QVERIFY(empty > 0); // beside the package, under the sink
            const auto [lo, hi] = valueRange(*s);
            QVERIFY(std::fabs(hi - tj) < 1e-9);
            // In the hotspot's column the temperature falls both ways from the hottest layer:
            // up to the sink and down to the board (no power above or below it in 2.5D).
            const int col = thermal::cellIndex(s->x_lines, at[alongX ? 1 : 0]);
            auto t = [&](int k) { return s->values[static_cast<std::size_t>(k) * s->nx + col]; };
            int hot = 0;
            for (int k = 0; k < s->ny; ++k)
                if (t(k) > t(hot))
                    hot = k;
            QCOMPARE(t(hot), hi);
            for (int k = hot + 1; k < s->ny; ++k)
                QVERIFY2(t(k) <= t(k - 1) + 1e-9, qPrintable(QString("layer %1").arg(k)));
            for (int k = hot - 1; k >= 0; --k)
                QVERIFY2(t(k) <= t(k + 1) + 1e-9, qPrintable(QString("layer %1").arg(k)));
            QVERIFY(t(s->ny - 1) < tj - 10); // the sink's top is far cooler than the junction
        }
        // Files: the lateral axis and z in the CSV's corner, a PNG of each.
        QTemporaryDir dir;
        QVERIFY(writeThermalMaps(r, dir.path().toStdString()).errors.empty());
        std::ifstream csv(dir.filePath("section.y.csv").toStdString());
        std::string header;
        std::getline(csv, header);
        QVERIFY(header.rfind("z_mm\\y_mm,", 0) == 0);
        QVERIFY(QFile::exists(dir.filePath("section.x.png")));
    }
};

QTEST_APPLESS_MAIN(TestThermalMaps)
#include "test_thermal_maps.moc"
