// The Thermal map panel on the offscreen platform, with the example's evaluation: it opens on all
// dies' junctions, names the die under the mouse and says where there is none; cross-sections
// through the hotspot show every layer by name, and a click on a plan map cuts them there; a
// baseline shows later maps as their change. PNGs kept in build/tests/: studio_thermal_map,
// studio_thermal_section, studio_thermal_section_hbm, studio_thermal_change.
#include "document.h"
#include "eval/evaluator.h"
#include "evaluation_runner.h"
#include "studio_test_support.h"
#include "thermal_map.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace strata;
using namespace strata::studio;
using test::baseFootprint;
using test::library;
using test::openedAndEvaluated;

class TestThermalMapPanel : public QObject {
    Q_OBJECT
    // Each test: the example opened and evaluated, and the panel on screen with its result.
    std::unique_ptr<Document> doc_;
    std::unique_ptr<EvaluationRunner> runner_;
    std::unique_ptr<ThermalMapPanel> panel_;
    bool ready_ = false;
private slots:
    void init() {
        doc_ = std::make_unique<Document>(library());
        runner_ = std::make_unique<EvaluationRunner>(doc_.get());
        ready_ = openedAndEvaluated(*doc_, *runner_);
        panel_ = std::make_unique<ThermalMapPanel>();
        panel_->resize(900, 500);
        panel_->show();
        panel_->setResult(runner_->result(), false);
    }
    void cleanup() {
        panel_.reset();
        runner_.reset();
        doc_.reset();
    }
    void thermalMapShowsAllDiesFirstWithTheirNames() {
        QVERIFY(ready_);
        auto* chooser = panel_->findChild<QComboBox*>();
        QCOMPARE(chooser->currentData().toString(), QString("thermal.junction")); // floorplan first
        QCOMPARE(chooser->currentText(), QString("All dies: junction temperature (hottest tier)"));
        // The other overviews next: the cross-sections, before each die and layer.
        QCOMPARE(chooser->itemData(1).toString(), QString("thermal.section.x"));
        QCOMPARE(chooser->itemData(2).toString(), QString("thermal.section.y"));
        QVERIFY(chooser->itemData(3).toString().startsWith("thermal.die."));
        QCOMPARE(fieldLabel("thermal.layer.7.gpu0.active"),
                 QString("Layer 7 from the bottom: gpu0.active"));
        auto* plot = panel_->findChild<FieldPlot*>();
        const Field& f = *plot->field();
        // The marked hottest cell is the engine's hotspot (THM-0100), also in this mirror-
        // symmetric design, whose two mirror cells tie within the solver's tolerance.
        const std::size_t hot = plot->hottestCell();
        QVERIFY(hot < f.values.size());
        const auto hi = static_cast<std::size_t>(hot % static_cast<std::size_t>(f.nx));
        const auto hj = static_cast<std::size_t>(hot / static_cast<std::size_t>(f.nx));
        QCOMPARE((f.x_lines[hi] + f.x_lines[hi + 1]) / 2 * 1e3,
                 runner_->result().metric("thermal.hotspot_x_mm")->value);
        QCOMPARE((f.y_lines[hj] + f.y_lines[hj + 1]) / 2 * 1e3,
                 runner_->result().metric("thermal.hotspot_y_mm")->value);
        // Where the plot draws a point of the package (FieldPlot::plotRect: to scale, top left).
        const double w = f.x_lines.back() - f.x_lines.front();
        const double h = f.y_lines.back() - f.y_lines.front();
        const double s = std::min((plot->width() - 90) / w, (plot->height() - 20) / h);
        auto pixel = [&](double x, double y) {
            return QPoint(static_cast<int>(10 + (x - f.x_lines.front()) * s),
                          static_cast<int>(10 + h * s - (y - f.y_lines.front()) * s));
        };
        int noDie = -1, inGpu = -1;
        const Rect gpu = baseFootprint(doc_->design(), "gpu");
        for (int k = 0; k < f.nx * f.ny; ++k) {
            const double x = (f.x_lines[k % f.nx] + f.x_lines[k % f.nx + 1]) / 2;
            const double y = (f.y_lines[k / f.nx] + f.y_lines[k / f.nx + 1]) / 2;
            if (std::isnan(f.values[static_cast<std::size_t>(k)]))
                noDie = noDie < 0 ? k : noDie;
            else if (x > gpu.x0 + 2e-3 && x < gpu.x1 - 2e-3 && y > gpu.y0 + 2e-3 &&
                     y < gpu.y1 - 2e-3)
                inGpu = inGpu < 0 ? k : inGpu;
        }
        QVERIFY(noDie >= 0 && inGpu >= 0); // gaps between the HBM stacks, and the GPU die
        auto centre = [&](int k) {
            return pixel((f.x_lines[k % f.nx] + f.x_lines[k % f.nx + 1]) / 2,
                         (f.y_lines[k / f.nx] + f.y_lines[k / f.nx + 1]) / 2);
        };
        QSignalSpy hover(plot, &FieldPlot::hovered);
        QTest::mouseMove(plot, centre(noDie));
        QVERIFY(hover.count() > 0);
        QVERIFY2(hover.last().at(0).toString().endsWith("no die"),
                 qPrintable(hover.last().at(0).toString()));
        QTest::mouseMove(plot, centre(inGpu));
        const QString overGpu = hover.last().at(0).toString();
        QVERIFY2(overGpu.contains("(gpu0)") && overGpu.endsWith("°C"), qPrintable(overGpu));
        QVERIFY(plot->grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_thermal_map.png"));
        // A single die's map has no outlines and no empty cells.
        chooser->setCurrentIndex(chooser->findData("thermal.die.gpu0"));
        QCOMPARE(chooser->currentText(), QString("Die gpu0: active layer"));
        QTest::mouseMove(plot, pixel(0.028, 0.0185));
        QVERIFY(!hover.last().at(0).toString().contains("("));
    }
    // Export Image…: the map shown as PNG, or as SVG (interop/heatmap.h); a folder that does not
    // exist is said, not ignored.
    void exportsTheMapShownAsPngOrSvg() {
        QVERIFY(ready_);
        QTemporaryDir dir;
        QVERIFY(panel_->exportImage(dir.filePath("map.png")).isEmpty());
        QVERIFY(!QImage(dir.filePath("map.png")).isNull());
        QVERIFY(panel_->exportImage(dir.filePath("map.svg")).isEmpty());
        QFile svg(dir.filePath("map.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray text = svg.readAll();
        QVERIFY(text.startsWith("<svg"));
        // In the panel's colours: its hottest colour is there, the CLI maps' ramp is not.
        const auto* plot = panel_->findChild<FieldPlot*>();
        const auto [lo, hi] = valueRange(*plot->field());
        const QString hottest = heatColour(hi, lo, hi).name();
        QVERIFY2(text.contains(hottest.toLatin1()), qPrintable(hottest));
        QVERIFY(!text.contains("#7f000c"));
        QVERIFY(!panel_->exportImage(dir.filePath("none/map.svg")).isEmpty());
        QVERIFY(!panel_->exportImage(dir.filePath("none/map.png")).isEmpty());
        ThermalMapPanel empty;
        QVERIFY(empty.exportImage(dir.filePath("empty.svg")).contains("evaluate"));
    }
    void crossSectionShowsEveryLayerByName() {
        QVERIFY(ready_);
        auto* chooser = panel_->findChild<QComboBox*>();
        chooser->setCurrentIndex(chooser->findData("thermal.section.x"));
        QCOMPARE(chooser->currentText(),
                 QString("Cross-section along x through the hotspot (board to sink)"));
        auto* plot = panel_->findChild<FieldPlot*>();
        const Field& f = *plot->field();
        QCOMPARE(f.y_axis, std::string("z"));
        // Where the plot draws a cell (FieldPlot::plotRect: a section fills the area; its rows
        // are displayRows).
        const std::vector<double> rows = displayRows(f);
        auto centre = [&](int i, int j) {
            const double x = ((f.x_lines[i] + f.x_lines[i + 1]) / 2 - f.x_lines.front()) /
                             (f.x_lines.back() - f.x_lines.front());
            const double up = (rows[static_cast<std::size_t>(j)] + rows[j + 1u]) / 2;
            return QPoint(static_cast<int>(10 + x * (plot->width() - 90)),
                          static_cast<int>(10 + (1 - up) * (plot->height() - 20)));
        };
        // The GPU's active layer is a 2 µm row, yet wide enough to point at.
        int active = -1, k = 0;
        for (const Field& g : runner_->result().fields)
            if (g.name.rfind("thermal.layer.", 0) == 0) {
                if (g.name.find("gpu0.active") != std::string::npos)
                    active = k;
                ++k;
            }
        QVERIFY(active >= 0);
        QVERIFY((rows[active + 1u] - rows[static_cast<std::size_t>(active)]) *
                    (plot->height() - 20) >=
                3);
        const int hotColumn = [&] {
            const double x = runner_->result().metric("thermal.hotspot_x_mm")->value * 1e-3;
            return static_cast<int>(std::upper_bound(f.x_lines.begin(), f.x_lines.end(), x) -
                                    f.x_lines.begin() - 1);
        }();
        QSignalSpy hover(plot, &FieldPlot::hovered);
        QTest::mouseMove(plot, centre(hotColumn, active));
        QVERIFY(hover.count() > 0);
        const QString overGpu = hover.last().at(0).toString();
        QVERIFY2(overGpu.contains("gpu0.active") && overGpu.contains("(z ") &&
                     overGpu.endsWith("°C"),
                 qPrintable(overGpu));
        // The package's bottom layer beside the package (under the wider sink) has no material.
        QTest::mouseMove(plot, centre(0, 0));
        QVERIFY2(hover.last().at(0).toString().endsWith("no material"),
                 qPrintable(hover.last().at(0).toString()));
        QVERIFY(plot->grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_thermal_section.png"));
        // A click on a plan map cuts both sections there instead, and shows the one along x.
        chooser->setCurrentIndex(chooser->findData("thermal.junction"));
        const Field& plan = *plot->field();
        const double w = plan.x_lines.back() - plan.x_lines.front();
        const double h = plan.y_lines.back() - plan.y_lines.front();
        const double s = std::min((plot->width() - 90) / w, (plot->height() - 20) / h);
        const Rect hbm = baseFootprint(doc_->design(), "hbm_w0"); // away from the GPU's hotspot
        const double cx = (hbm.x0 + hbm.x1) / 2, cy = (hbm.y0 + hbm.y1) / 2;
        QTest::mouseClick(plot, Qt::LeftButton, {},
                          QPoint(static_cast<int>(10 + (cx - plan.x_lines.front()) * s),
                                 static_cast<int>(10 + h * s - (cy - plan.y_lines.front()) * s)));
        QCOMPARE(chooser->currentData().toString(), QString("thermal.section.x"));
        QVERIFY2(chooser->currentText().startsWith("Cross-section along x through x "),
                 qPrintable(chooser->currentText()));
        const Field& cut = *plot->field();
        QCOMPARE(cut.y_axis, std::string("z"));
        // Its row for the HBM stack's layer holds that layer's map along y = cy.
        const Field* hbmLayer = nullptr;
        k = 0;
        int hbmRow = -1;
        for (const Field& g : runner_->result().fields)
            if (g.name.rfind("thermal.layer.", 0) == 0) {
                if (!hbmLayer && g.name.find("hbm_w0.active") != std::string::npos) {
                    hbmLayer = &g;
                    hbmRow = k;
                }
                ++k;
            }
        QVERIFY(hbmLayer);
        const auto j = static_cast<std::size_t>(
            std::upper_bound(hbmLayer->y_lines.begin(), hbmLayer->y_lines.end(), cy) -
            hbmLayer->y_lines.begin() - 1);
        for (int i = 0; i < cut.nx; ++i) {
            const double a = cut.values[static_cast<std::size_t>(hbmRow) * cut.nx + i];
            const double b = hbmLayer->values[j * hbmLayer->nx + i];
            QVERIFY(a == b || (std::isnan(a) && std::isnan(b)));
        }
        QVERIFY(valueRange(cut).second < runner_->result().metric("thermal.tj_max_c")->value);
        QVERIFY(
            plot->grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_thermal_section_hbm.png"));
        // The next evaluation is cut at the same point; another design goes back to the hotspot.
        const std::vector<double> before = plot->field()->values;
        const QString label = chooser->currentText();
        panel_->setResult(runner_->result(), false);
        QCOMPARE(chooser->currentText(), label);
        const std::vector<double>& after = plot->field()->values;
        QVERIFY(std::equal(before.begin(), before.end(), after.begin(), after.end(),
                           [](double a, double b) { return a == b || (a != a && b != b); }));
        panel_->designReplaced();
        panel_->setResult(runner_->result(), false);
        QCOMPARE(chooser->currentText(),
                 QString("Cross-section along x through the hotspot (board to sink)"));
    }
    void mapsShowTheirChangeSinceABaseline() {
        QVERIFY(ready_);
        auto* change = panel_->findChild<QCheckBox*>();
        QVERIFY(!change->isEnabled()); // no baseline yet
        panel_->setBaseline();
        QVERIFY(change->isEnabled());
        // 10 K warmer air: every die cell is at least 10 K warmer (as much with fixed powers,
        // more with leakage rising with temperature).
        QSignalSpy done(runner_.get(), &EvaluationRunner::finished);
        doc_->setProperty("cooling.ambient_c", doc_->design().cooling.ambient_k - 273.15 + 10);
        QVERIFY(done.wait(120000));
        panel_->setResult(runner_->result(), false);
        change->setChecked(true);
        auto* plot = panel_->findChild<FieldPlot*>();
        const Field& diff = *plot->field();
        QCOMPARE(diff.name, std::string("thermal.junction"));
        QCOMPARE(diff.unit, std::string("K"));
        const auto [lo, hi] = valueRange(diff);
        QVERIFY2(lo >= 10 - 1e-6 && hi < 15, qPrintable(QString("%1 %2").arg(lo).arg(hi)));
        auto* readout = panel_->findChildren<QLabel*>().last();
        QVERIFY2(readout->text().startsWith("Change since the baseline"),
                 qPrintable(readout->text()));
        QVERIFY(plot->grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_thermal_change.png"));
        // A moved die changes the grid: the map itself, and the reason.
        QVERIFY(done.count() == 1);
        doc_->setProperty("stacks[gpu].x_mm", 27.0);
        QVERIFY(done.wait(120000));
        panel_->setResult(runner_->result(), false);
        QCOMPARE(plot->field()->unit, std::string("°C"));
        QVERIFY(readout->text().contains("no such map on this grid"));
        panel_->designReplaced();
        QVERIFY(!change->isEnabled() && !change->isChecked());
    }
};

QTEST_MAIN(TestThermalMapPanel)
#include "test_thermal_map_panel.moc"
