// The studio's widgets on the offscreen platform, driven by real events where a user would use
// the mouse: a drag-and-drop of a library chiplet creates a die at the drop point; dragging a die
// snaps to its neighbour's edge; the resize grip resizes designed dies only; links are one layer
// with per-link tooltips; a tier row dragged in the stack editor reorders the stack; the
// inspector edits a multi-selection; the Lua console's edits are one undo step and Stop works;
// the sweep explorer finds the Pareto front and opens a point; the 3-D stack view draws the
// temperature maps, picks and orbits; live evaluation follows edits; the main window renders the
// example (PNGs kept in build/tests/ for people to look at: studio_main_window, studio_floorplan,
// studio_operators, studio_sweep_explorer, studio_stack_view, studio_canvas_overlay,
// studio_power_map). The thermal map panel's tests: test_thermal_map_panel.cpp.
#include "canvas_view.h"
#include "charts_panel.h"
#include "docks.h"
#include "document.h"
#include "eval/result_json.h"
#include "evaluation_runner.h"
#include "library/library_loader.h"
#include "link_layer.h"
#include "lua_console.h"
#include "main_window.h"
#include "model/design_io.h"
#include "model/geometry.h"
#include "power_map_row.h"
#include "resize_handle.h"
#include "stack_editor.h"
#include "stack_view.h"
#include "studio_test_support.h"
#include "sweep_explorer.h"
#include "thermal_map.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDropEvent>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPieSeries>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScatterSeries>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace strata;
using namespace strata::studio;

using test::baseFootprint;
using test::example;
using test::library;
using test::openedAndEvaluated;

namespace {
// The canvas on screen, the package fitted to it.
void showFitted(CanvasView& view) {
    view.resize(800, 600);
    view.show();
    view.zoomToFit();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
}
// A left-button drag with real mouse events, in four moves.
void drag(QWidget* w, QPoint from, QPoint to) {
    QTest::mousePress(w, Qt::LeftButton, {}, from);
    for (int step = 1; step <= 4; ++step) {
        const QPoint at = from + (to - from) * step / 4;
        QMouseEvent move(QEvent::MouseMove, at, w->mapToGlobal(at), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(w, &move);
    }
    QTest::mouseRelease(w, Qt::LeftButton, {}, to);
}
} // namespace

class TestStudioWidgets : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qputenv("STRATA_RECOVERY_DIR", QByteArray("/tmp/strata-test-recovery")); }
    void dropFromTheLibraryCreatesADie() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        CanvasView view(&doc);
        showFitted(view);
        const std::size_t before = doc.design().stacks.size();
        QMimeData mime;
        mime.setData(kChipletMime, "hbm3e-stack");
        // Drop at the scene point (10 mm, 5 mm) of the package.
        const QPoint at = view.mapFromScene(QPointF(10.0, -5.0));
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view.viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view.viewport(), &drop);
        QCOMPARE(doc.design().stacks.size(), before + 1);
        const Stack& added = doc.design().stacks.back();
        QCOMPARE(added.tiers[0].die.type, std::string("hbm3e-stack"));
        QVERIFY(std::fabs(added.x_m - 10e-3) < 0.3e-3 && std::fabs(added.y_m - 5e-3) < 0.3e-3);
        QCOMPARE(doc.selection(), QStringList{QString::fromStdString(added.id)});
        doc.undoStack()->undo();
        QCOMPARE(doc.design().stacks.size(), before);
    }
    void linksAreOneLayerWithTooltips() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        CanvasView view(&doc);
        QList<LinkLayer*> layers;
        for (QGraphicsItem* it : view.scene()->items())
            if (auto* l = dynamic_cast<LinkLayer*>(it))
                layers << l;
        QCOMPARE(layers.size(), 1);
        QCOMPARE(layers[0]->size(), doc.design().links.size());
        QVERIFY(layers[0]->penGroups() >= 1 && layers[0]->penGroups() <= layers[0]->size());
        QCOMPARE(layers[0]->acceptedMouseButtons(), Qt::NoButton); // clicks reach the dies
        // The tooltip names the link under the mouse: link_hbm_w0 runs from hbm_w0's east edge
        // to the GPU's west edge, in the middle of the span they share.
        auto base = [&](const std::string& id) { return baseFootprint(doc.design(), id); };
        const Rect hbm = base("hbm_w0"), gpu = base("gpu");
        const double y = (std::max(hbm.y0, gpu.y0) + std::min(hbm.y1, gpu.y1)) / 2; // overlap
        const QPointF between((hbm.x1 + gpu.x0) / 2 * 1e3, -y * 1e3);
        QVERIFY(layers[0]->tipAt(between, 0.05).startsWith("link_hbm_w0:"));
        QVERIFY(layers[0]->tipAt(QPointF(between.x(), between.y() - 8), 0.05).isEmpty());
    }
    void resizeGripResizesDesignedDiesOnly() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        const Design before = doc.design();
        CanvasView view(&doc);
        showFitted(view);
        auto grips = [&] {
            QMap<QString, QGraphicsItem*> found;
            for (QGraphicsItem* it : view.scene()->items())
                if (dynamic_cast<ResizeHandle*>(it))
                    found[it->data(1).toString()] = it;
            return found;
        };
        QVERIFY(grips().contains("gpu"));
        QVERIFY(!grips().contains("hbm_w0")); // a purchased HBM stack keeps its footprint
        QVERIFY(!grips()["gpu"]->isVisible());
        doc.setSelection({"gpu"});
        QGraphicsItem* grip = grips()["gpu"];
        QVERIFY(grip->isVisible());
        const ResolvedDie die = resolveDie(before.stacks[0].tiers[0].die, before, library());
        // Drag the grip 2 mm east and 1 mm north: the die grows by 4 mm x 2 mm about its centre.
        const QPointF corner = grip->scenePos();
        const QPoint from = view.mapFromScene(corner);
        const QPoint to = view.mapFromScene(corner + QPointF(2.0, -1.0));
        drag(view.viewport(), from, to);
        QCoreApplication::processEvents(); // the resize is pushed once the grip is done
        const Die& resized = findStack(doc.design(), "gpu")->tiers[0].die;
        QVERIFY(resized.width_m && resized.height_m);
        const double pxMm = 1.0 / view.transform().m11(); // one pixel of rounding, in mm
        QVERIFY(std::fabs(*resized.width_m - (die.width_m + 4e-3)) <= 2 * pxMm * 1e-3 + 1e-4);
        QVERIFY(std::fabs(*resized.height_m - (die.height_m + 2e-3)) <= 2 * pxMm * 1e-3 + 1e-4);
        QCOMPARE(findStack(doc.design(), "gpu")->x_m, before.stacks[0].x_m); // centre stays
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
    }
    void draggingSnapsToTheNeighboursEdge() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        const Design before = doc.design();
        CanvasView view(&doc);
        showFitted(view);
        const auto& base = baseFootprint;
        const Rect hbm = base(before, "hbm_w0"), gpu = base(before, "gpu");
        const double gap = gpu.x0 - hbm.x1; // mm on the scene = 1e3 * m
        QVERIFY(gap > 0.3e-3);
        // Press on the HBM die and drag right so its east edge ends about 0.2 mm short of the
        // GPU's west edge, with real mouse events.
        const QPoint from = view.mapFromScene(QPointF(hbm.cx() * 1e3, -hbm.cy() * 1e3));
        const QPoint to =
            view.mapFromScene(QPointF((hbm.cx() + gap - 0.2e-3) * 1e3, -hbm.cy() * 1e3));
        drag(view.viewport(), from, to);
        const Rect moved = base(doc.design(), "hbm_w0");
        QVERIFY2(std::fabs(moved.x1 - gpu.x0) < 1e-9,
                 qPrintable(QString("east edge %1 mm, GPU west edge %2 mm")
                                .arg(moved.x1 * 1e3)
                                .arg(gpu.x0 * 1e3)));
        QCOMPARE(moved.y0, hbm.y0); // lined up with its neighbours in y as before
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
    }
    void draggingATierRowReordersTheStack() {
        Document doc(library());
        QCOMPARE(
            doc.load(QString(STRATA_SOURCE_DIR) + "/projects/sram-on-logic-3d/design.strata.json"),
            QString());
        const Design before = doc.design();
        const Stack& stack = before.stacks[0];
        QVERIFY(stack.tiers.size() >= 2);
        StackEditor editor(&doc);
        editor.resize(500, 300);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        doc.setSelection({QString::fromStdString(stack.id)});
        auto* table = editor.findChild<TierTable*>();
        QVERIFY(table);
        const int n = table->rowCount();
        QCOMPARE(n, static_cast<int>(stack.tiers.size()));
        // Drag the top row (the top tier) onto the bottom row.
        table->setCurrentCell(0, 0);
        std::unique_ptr<QMimeData> mime(
            table->model()->mimeData(table->selectionModel()->selectedIndexes()));
        const QPoint at = table->visualItemRect(table->item(n - 1, 0)).center();
        QDragEnterEvent enter(at, Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(table->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(table->viewport(), &drop);
        const Stack& after = *findStack(doc.design(), stack.id);
        QCOMPARE(after.tiers.front().die.id, stack.tiers.back().die.id); // top is now at the bottom
        QCOMPARE(after.tiers.size(), stack.tiers.size());
        QCOMPARE(table->item(n - 1, 0)->text(), QString::fromStdString(stack.tiers.back().die.id));
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
    }
    void luaConsoleEditsAreOneUndoStep() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        const Design before = doc.design();
        LuaConsole console(&doc);
        QSignalSpy finished(&console, &LuaConsole::finished);
        // Several edits and an evaluation of the open design; output streams to the console.
        console.editor()->setPlainText("design:set('stacks[gpu].x_mm', 30)\n"
                                       "design:set('stacks[hbm_w0].y_mm', 7)\n"
                                       "local r = strata.evaluate(design, {only = 'cost'})\n"
                                       "print('cost', r.metrics['cost.package_usd'] > 0)\n");
        console.run();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.takeFirst().at(0).toBool(), true);
        QVERIFY(console.output()->toPlainText().contains("cost\ttrue"));
        QCOMPARE(findStack(doc.design(), "gpu")->x_m, 0.030);
        QCOMPARE(findStack(doc.design(), "hbm_w0")->y_m, 0.007);
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before);

        // An error names the console line and changes nothing.
        console.editor()->setPlainText("design:set('stacks[gpu].x_mm', 31)\nerror('boom')\n");
        console.run();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.takeFirst().at(0).toBool(), false);
        QVERIFY(console.output()->toPlainText().contains("console:2: boom"));
        QVERIFY(doc.design() == before);

        // Stop ends a script that would run for ever.
        console.editor()->setPlainText("while true do end");
        console.run();
        QTest::qWait(200);
        QVERIFY(console.isRunning());
        console.stop();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.takeFirst().at(0).toBool(), false);
        QVERIFY(console.output()->toPlainText().contains("stopped"));
        QVERIFY(doc.design() == before);
    }
    void sweepExplorerPlotsTheParetoFrontAndOpensAPoint() {
        QTemporaryDir dir;
        const QString db = dir.filePath("sweep.db");
        {
            std::string error;
            auto store = ResultStore::open(db.toStdString(), error);
            QVERIFY2(store, error.c_str());
            const std::int64_t run = store->beginRun("test", "");
            // (a, b) = (1,4) (2,2) (4,1) (3,3): with both minimised the first three are the
            // front; (3,3) is dominated by (2,2).
            const double a[] = {1, 2, 4, 3}, b[] = {4, 2, 1, 3};
            for (int i = 0; i < 4; ++i) {
                Design d = *loadDesignFile(example().toStdString()).design;
                d.stacks[0].x_m += 1e-3 * i;
                store->record(run, designHash(d), d, "opts",
                              {{"stacks[gpu].x_mm", std::to_string(i)}}, "ok", "", 0.1,
                              {{"a", a[i], ""}, {"b", b[i], ""}});
            }
            store->endRun(run, "ok");
        }
        SweepExplorer explorer;
        QCOMPARE(explorer.open(db), QString());
        QCOMPARE(explorer.table()->rowCount(), 4);
        QCOMPARE(explorer.xMetric()->currentText(), QString("a"));
        QCOMPARE(explorer.yMetric()->currentText(), QString("b"));
        QCOMPARE(explorer.paretoIds(), (std::vector<std::int64_t>{1, 2, 3}));
        explorer.yMaximise()->setChecked(true); // min a, max b: (1,4) beats everything
        QCOMPARE(explorer.paretoIds(), (std::vector<std::int64_t>{1}));
        QCOMPARE(explorer.chart()->chart()->series().size(), 2);
        // Pick the point of evaluation 3 and open its design.
        std::vector<Design> opened;
        connect(&explorer, &SweepExplorer::openDesign, this,
                [&](const Design& d, const QString&) { opened.push_back(d); });
        explorer.pick(3);
        QCOMPARE(explorer.selectedId(), std::int64_t(3));
        explorer.openSelected();
        QCOMPARE(opened.size(), std::size_t(1));
        const double x0 = loadDesignFile(example().toStdString()).design->stacks[0].x_m;
        QCOMPARE(opened[0].stacks[0].x_m, x0 + 2e-3);
        QCOMPARE(QString(explorer.open(dir.filePath("no/such/dir/x.db"))).isEmpty(), false);
        explorer.resize(900, 700);
        QVERIFY(
            explorer.grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_sweep_explorer.png"));
    }
    void stackViewShowsTheTiersWithTheirTemperatures() {
        Document doc(library());
        QCOMPARE(
            doc.load(QString(STRATA_SOURCE_DIR) + "/projects/sram-on-logic-3d/design.strata.json"),
            QString());
        EvaluationRunner runner(&doc);
        QSignalSpy done(&runner, &EvaluationRunner::finished);
        runner.evaluateAt("coarse");
        QVERIFY(done.wait(120000));
        StackView view(&doc);
        view.resize(600, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const Stack& stack = doc.design().stacks[0];
        QCOMPARE(view.stackId(), QString::fromStdString(stack.id)); // the tallest stack
        const QImage plain = view.grab().toImage();
        view.setResult(runner.result(), false);
        const QImage hot = view.grab().toImage();
        // The temperature map is drawn on the faces: the top face's centre is no longer the
        // plain kind colour.
        const QPoint centre = view.topFaceCentre(0).toPoint();
        QVERIFY(hot.pixel(centre) != plain.pixel(centre));
        // One colour scale for the whole stack: from the coolest to the hottest cell of all its
        // tiers, so only the hottest tier reaches the top colour.
        const StackScene& scene = view.scene();
        double lo = 1e300, hi = -1e300;
        for (const Tier& t : stack.tiers) {
            const Field* f = nullptr;
            for (const Field& g : runner.result().fields)
                if (g.name == "thermal.die." + t.die.id)
                    f = &g;
            QVERIFY(f);
            lo = std::min(lo, valueRange(*f).first);
            hi = std::max(hi, valueRange(*f).second);
        }
        QCOMPARE(scene.tlo, lo);
        QCOMPARE(scene.thi, hi);
        const QRgb hottest = heatColour(hi, lo, hi).rgb();
        int reachTop = 0;
        for (const StackBox& b : scene.boxes) {
            bool hasTop = false;
            for (int y = 0; y < b.heat.height(); ++y)
                for (int x = 0; x < b.heat.width(); ++x)
                    hasTop = hasTop || b.heat.pixel(x, y) == hottest;
            QCOMPARE(hasTop, b.tmax == hi);
            reachTop += hasTop;
        }
        QCOMPARE(reachTop, 1);
        QVERIFY(hot.save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_stack_view.png"));
        // Clicking the top tier's face picks it and reads out its die.
        const int top = static_cast<int>(stack.tiers.size()) - 1;
        QSignalSpy picked(&view, &StackView::tierPicked);
        const QPoint at = view.topFaceCentre(top).toPoint();
        QCOMPARE(view.tierAt(at).value_or(-1), top);
        QTest::mouseClick(&view, Qt::LeftButton, {}, at);
        QCOMPARE(picked.size(), 1);
        QCOMPARE(picked.at(0).at(1).toInt(), top);
        QVERIFY(view.findChild<QLabel*>()->text().contains(
            QString::fromStdString(stack.tiers.back().die.id)));
        // Orbiting moves the picture.
        view.orbit(60, 20);
        QVERIFY(view.topFaceCentre(top) != QPointF(at));
        QVERIFY(view.grab().toImage() != hot);
    }
    void liveEvaluationFollowsEdits() {
        Document doc(library());
        EvaluationRunner runner(&doc);
        QSignalSpy done(&runner, &EvaluationRunner::finished);
        QCOMPARE(doc.load(example()), QString()); // opening a design evaluates it
        QVERIFY(done.wait(120000));
        const double tj = runner.result().metric("thermal.tj_max_c")->value;
        QVERIFY(!runner.isStale());
        // Two edits in a row: the first evaluation is superseded, the result is for the second.
        done.clear();
        doc.setProperty("cooling.ambient_c", 50.0);
        QVERIFY(runner.isStale());
        doc.setProperty("cooling.ambient_c", 60.0);
        QVERIFY(done.wait(120000));
        QTest::qWait(200);
        QCOMPARE(done.count(), 1);
        QVERIFY(runner.result().metric("thermal.tj_max_c")->value > tj + 10);
    }
    void aPowerEditAfterLearningNeedsNoThermalSolve() {
        // Between evaluations the session's thermal solver learns each heat source's response
        // (thermal/source_learning.h): the next edit of a die's power, a power vector it never
        // solved, is re-evaluated without a CG step; an edit of the cooling is solved anew.
        Document doc(library());
        EvaluationRunner runner(&doc);
        QSignalSpy done(&runner, &EvaluationRunner::finished);
        QSignalSpy learnt(&runner, &EvaluationRunner::sourcesLearnt);
        QCOMPARE(doc.load(example()), QString());
        QVERIFY(done.wait(120000));
        QTRY_VERIFY_WITH_TIMEOUT(learnt.count() > 0, 120000); // may have come with `finished`
        const int sources = learnt.at(0).at(1).toInt();
        QVERIFY(sources > 1);
        QCOMPARE(learnt.at(0).at(0).toInt(), sources);
        const double tj = runner.result().metric("thermal.tj_max_c")->value;
        done.clear();
        doc.setProperty("stacks[gpu].tiers[0].die.power_w", 300.0);
        QVERIFY(done.wait(120000));
        QCOMPARE(runner.result().metric("thermal.solver.iterations")->value, 0.0);
        QVERIFY(runner.result().metric("thermal.tj_max_c")->value > tj + 5);
        done.clear();
        doc.setProperty("cooling.r_k_w", 0.2);
        QVERIFY(done.wait(120000));
        QVERIFY(runner.result().metric("thermal.solver.iterations")->value > 0);
    }
    // File > New: the package comes with a heat sink (default_cooling.h), so the first die dropped
    // on it is evaluated at once instead of asking for cooling (THM-0005).
    void newDesignEvaluatesWithItsFirstDie() {
        MainWindow window(library());
        QVERIFY(window.document()->design().cooling.r_k_w.has_value());
        Stack s;
        s.id = "c0";
        s.x_m = s.y_m = 20e-3;
        Tier t;
        t.die.id = "c0";
        t.die.type = "compute-chiplet";
        s.tiers.push_back(t);
        QSignalSpy done(window.runner(), &EvaluationRunner::finished);
        window.document()->insertStack(s, {}, -1);
        window.runner()->evaluateNow();
        QVERIFY(done.wait(120000));
        const EvalResult& r = window.runner()->result();
        for (const Diagnostic& d : r.diagnostics)
            QVERIFY2(d.code != "THM-0005", d.message.c_str());
        QVERIFY(r.metric("thermal.tj_max_c") && r.metric("thermal.tj_max_c")->value > 45);
    }
    void evaluateNowUsesTheChosenThermalResolution() {
        QSettings().remove("evaluate/thermalResolution");
        MainWindow window(library());
        QVERIFY(window.openFile(example()));
        QSignalSpy done(window.runner(), &EvaluationRunner::finished);
        QVERIFY(done.wait(120000)); // the live evaluation after opening: coarse
        QCOMPARE(window.runner()->resultResolution(), std::string("coarse"));
        const double coarse = window.runner()->result().metric("thermal.solver.unknowns")->value;
        QAction* fine = nullptr;
        for (QAction* a : window.findChildren<QAction*>())
            if (a->text().startsWith("&Fine"))
                fine = a;
        QVERIFY(fine);
        done.clear();
        fine->trigger(); // choosing a resolution evaluates at it at once
        QVERIFY(done.wait(120000));
        QCOMPARE(window.runner()->resultResolution(), std::string("fine"));
        QVERIFY(window.runner()->result().metric("thermal.solver.unknowns")->value > 4 * coarse);
        QCOMPARE(QSettings().value("evaluate/thermalResolution").toString(), QString("fine"));
        bool named = false; // F5's menu entry says which grid it will solve on
        for (QAction* a : window.findChildren<QAction*>())
            named = named || a->text() == "Evaluate &Now (fine grid)";
        QVERIFY(named);
        // Kept for the next session's F5.
        MainWindow next(library());
        QCOMPARE(next.runner()->fullResolution(), std::string("fine"));
        QSettings().remove("evaluate/thermalResolution");
    }
    void temperatureOverlayDrawsEachDiesMap() {
        Document doc(library());
        EvaluationRunner runner(&doc);
        QVERIFY(openedAndEvaluated(doc, runner));
        CanvasView canvas(&doc);
        canvas.setResult(&runner.result(), false);
        // Where the rendered floorplan shows a point of the package (renderFloorplan: the scene's
        // bounding box in mm, y up on the package, 10 px/mm).
        const Rect gpu = baseFootprint(doc.design(), "gpu");
        auto colourAt = [&](const QImage& image, double fx, double fy) {
            const double x = (gpu.x0 + fx * gpu.width()) / 1e-3;
            const double y = (gpu.y0 + fy * gpu.height()) / 1e-3;
            QGraphicsScene* scene = canvas.scene();
            const QRectF area = scene->itemsBoundingRect().adjusted(-1, -1, 1, 1);
            return image.pixelColor(static_cast<int>((x - area.left()) * 10),
                                    static_cast<int>((-y - area.top()) * 10));
        };
        canvas.setTemperatureOverlay(true);
        const QImage withMaps = canvas.renderFloorplan(10);
        QVERIFY(withMaps.save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_canvas_overlay.png"));
        // The GPU die's centre (its hotspot) is hotter, i.e. redder (lower hue), than its corner.
        const QColor centre = colourAt(withMaps, 0.5, 0.5), corner = colourAt(withMaps, 0.03, 0.03);
        QVERIFY2(centre.hueF() < corner.hueF() - 0.05,
                 qPrintable(QString("%1 vs %2").arg(centre.hueF()).arg(corner.hueF())));
        // After an edit the maps fade (the result is older than the design).
        canvas.setStale(true);
        const QColor faded = colourAt(canvas.renderFloorplan(10), 0.5, 0.5);
        QVERIFY2(
            faded.saturationF() < centre.saturationF() - 0.2,
            qPrintable(QString("%1 vs %2").arg(faded.saturationF()).arg(centre.saturationF())));
        canvas.setStale(false);
        // Without a result there is no map: the overlay leaves the die in its kind's colour.
        canvas.setResult(nullptr, false);
        const QImage plain = canvas.renderFloorplan(10);
        QCOMPARE(colourAt(plain, 0.5, 0.5).rgb(), colourAt(plain, 0.3, 0.3).rgb());
    }
    // Started without a file, the studio offers File > New's package to drop dies on, shown
    // whole (it showed an empty canvas: a package of 0 x 0 mm).
    void theStatusBarSaysWhenPowerEditsNeedNoThermalSolve() {
        MainWindow window(library());
        QSignalSpy done(window.runner(), &EvaluationRunner::finished);
        QSignalSpy learnt(window.runner(), &EvaluationRunner::sourcesLearnt);
        QVERIFY(window.openFile(example()));
        QVERIFY(done.wait(120000));
        auto* status = window.findChild<QLabel*>("evaluationStatus");
        QVERIFY(status);
        QVERIFY(!status->text().contains("no thermal solve"));
        QTRY_VERIFY_WITH_TIMEOUT(learnt.count() > 0, 120000);
        QVERIFY2(status->text().contains("✓") && status->text().contains("no thermal solve"),
                 qPrintable(status->text()));
        QVERIFY(status->toolTip().contains("heat source"));
        // The next result's label is its own until its sources are known to be held.
        done.clear();
        window.document()->setProperty("cooling.r_k_w", 0.2);
        QVERIFY(done.wait(120000));
        QVERIFY(!status->text().contains("no thermal solve"));
        QVERIFY(status->toolTip().isEmpty());
        // Sources that were not learnt (too little memory): the user is told why.
        QTRY_VERIFY_WITH_TIMEOUT(learnt.count() > 1, 120000);
        emit window.runner()->sourcesLearnt(0, 7, false);
        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains("its 7 heat sources") && message.contains("more memory"),
                 qPrintable(message));
        QVERIFY(status->toolTip().isEmpty());
        emit window.runner()->sourcesLearnt(2, 7, true); // they fit, a solve failed
        QVERIFY2(window.statusBar()->currentMessage().contains("2 of them are; a solve did not"),
                 qPrintable(window.statusBar()->currentMessage()));
    }
    void aNewWindowHasAPackageToDropOn() {
        MainWindow window(library());
        window.resize(1400, 900);
        window.show();
        const Package& pkg = window.document()->design().package;
        QCOMPARE(pkg.width_m, 40e-3);
        QCOMPARE(pkg.height_m, 40e-3);
        QTest::qWait(50); // the canvas fits the package once shown
        const QRect shown =
            window.canvas()->mapFromScene(window.canvas()->sceneRect()).boundingRect();
        QVERIFY2(shown.width() > window.canvas()->viewport()->width() / 2,
                 qPrintable(QString::number(shown.width())));
    }
    void mainWindowRendersTheExample() {
        MainWindow window(library());
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(example()));
        QSignalSpy done(window.runner(), &EvaluationRunner::finished);
        QVERIFY(done.wait(120000));
        QTest::qWait(100);
        const QImage shot = window.grab().toImage();
        QVERIFY(shot.save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_main_window.png"));
        QSet<QRgb> colours;
        for (int y = 0; y < shot.height(); y += 7)
            for (int x = 0; x < shot.width(); x += 7)
                colours.insert(shot.pixel(x, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
        QVERIFY(window.windowTitle().contains("design.strata.json"));

        // Operators: a list of phases, and a roofline with every operator of the phase under
        // the die's roofs (no operator can beat both its compute and its memory limit).
        auto* charts = window.findChild<ChartsPanel*>();
        QVERIFY(charts);
        QStringList phases;
        for (int i = 0; i < charts->phaseList()->count(); ++i)
            phases << charts->phaseList()->itemText(i);
        QCOMPARE(phases, (QStringList{"prefill", "decode"}));
        for (const QString& phase : phases) {
            charts->phaseList()->setCurrentText(phase);
            const QList<QAbstractSeries*> series = charts->rooflineView()->chart()->series();
            QCOMPARE(series.size(), 2);
            auto* points = qobject_cast<QScatterSeries*>(series[1]);
            QVERIFY(points && points->count() > 3);
            const double peak = window.runner()->result().metric("perf.peak_flops_per_s")->value;
            const double bw =
                window.runner()->result().metric("perf.peak_memory_bytes_per_s")->value;
            for (const QPointF& p : points->points())
                QVERIFY2(p.y() <= std::min(peak, bw * p.x()) * 1.000001,
                         qPrintable(QString("%1: %2 FLOP/B at %3 FLOP/s above the roof")
                                        .arg(phase)
                                        .arg(p.x())
                                        .arg(p.y())));
        }

        // Power by die: a slice per die, adding up to the total.
        auto* byDie =
            qobject_cast<QPieSeries*>(charts->powerByDieView()->chart()->series().value(0));
        QVERIFY(byDie && byDie->count() == 7); // the GPU and six HBM stacks
        QVERIFY(std::fabs(byDie->sum() - window.runner()->result().metric("power.total_w")->value) <
                1e-9 * byDie->sum());
        // Cost: the parts shown add up to the package cost. Reliability: each die's bar (its
        // mechanisms) adds up to the die's FIT.
        const EvalResult& res = window.runner()->result();
        auto* pie = qobject_cast<QPieSeries*>(charts->costView()->chart()->series().value(0));
        QVERIFY(pie && pie->count() >= 3);
        QVERIFY(std::fabs(pie->sum() - res.metric("cost.package_usd")->value) <
                1e-6 * res.metric("cost.package_usd")->value);
        auto* stacked = qobject_cast<QHorizontalStackedBarSeries*>(
            charts->reliabilityView()->chart()->series().value(0));
        QVERIFY(stacked && stacked->count() == 4);
        auto* dieAxis = qobject_cast<QBarCategoryAxis*>(
            charts->reliabilityView()->chart()->axes(Qt::Vertical).value(0));
        const auto dieFits =
            std::count_if(res.metrics.begin(), res.metrics.end(), [](const Metric& m) {
                return m.name.rfind("reliability.die.", 0) == 0 && m.name.ends_with(".fit");
            });
        QVERIFY(dieAxis && dieAxis->count() == dieFits); // one bar per die
        for (int i = 0; i < dieAxis->count(); ++i) {
            double sum = 0;
            for (QBarSet* set : stacked->barSets())
                sum += set->at(i);
            const double fit =
                res.metric("reliability.die." + dieAxis->at(i).toStdString() + ".fit")->value;
            QVERIFY2(std::fabs(sum - fit) < 1e-6 * fit, qPrintable(dieAxis->at(i)));
        }
        charts->resize(700, 700);
        charts->setCurrentIndex(4);
        QVERIFY(charts->grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_reliability.png"));
        charts->setCurrentIndex(1);
        QVERIFY(charts->grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_operators.png"));

        // File > Export: results, metrics, maps, the floorplan picture, the thermal model for
        // HotSpot and 3D-ICE, whose answers Evaluate compares, and the assembly as 3Dblox and as
        // IHP .chiplet.
        QStringList exports;
        for (QMenu* m : window.findChildren<QMenu*>())
            if (m->title() == "&Export")
                for (QAction* a : m->actions())
                    exports << a->text();
        QCOMPARE(exports.size(), 8);
        QVERIFY(exports.contains("&HotSpot Model…")); // test_tool_compare_studio
        QVERIFY(exports.contains("&3D-ICE Model…"));
        QVERIFY(exports.contains("3D&blox Assembly…"));
        QVERIFY(exports.contains("IHP .&chiplet Assembly…"));
        QStringList evaluate;
        for (QMenu* m : window.findChildren<QMenu*>())
            if (m->title() == "E&valuate")
                for (QAction* a : m->actions())
                    evaluate << a->text();
        QVERIFY(evaluate.contains("Compare with &HotSpot…") &&
                evaluate.contains("Compare with &3D-ICE…"));
        const std::string csv = metricsToCsv(window.runner()->result());
        QVERIFY(csv.rfind("metric,value,unit\n", 0) == 0);
        QVERIFY(csv.find("\"thermal.tj_max_c\",") != std::string::npos);
        const QImage plan = window.canvas()->renderFloorplan(10);
        const Package& pkg = window.document()->design().package;
        QVERIFY(plan.width() >= pkg.width_m * 1e4 && plan.width() < pkg.width_m * 1e4 + 200);
        QVERIFY(plan.save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_floorplan.png"));
        QSet<QRgb> planColours;
        for (int y = 0; y < plan.height(); y += 5)
            for (int x = 0; x < plan.width(); x += 5)
                planColours.insert(plan.pixel(x, y));
        QVERIFY(planColours.size() > 5);
    }
};

QTEST_MAIN(TestStudioWidgets)
#include "test_studio_widgets.moc"
