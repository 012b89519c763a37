// The OpenGL stack view (needs a display with OpenGL: CTest runs it under xvfb-run, where Mesa's
// software renderer serves): the tiers are drawn with their maps on one scale, a click on a top
// face picks its tier exactly where the QPainter view's projection puts it, and the Dear ImGui
// "Tune" overlay changes the design live — dragging its ambient slider is one undoable edit that
// re-evaluates, and the picked die's power slider sets that die's power. The frame is kept in
// build/tests/studio_stack_gl_view.png for people to look at.
#include "commands.h"
#include "stack_gl_view.h"
#include "stack_view.h"
#include "studio_test_support.h"
#include "thermal_map.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QRegularExpression>
#include <QTest>
#include <QUndoStack>

using namespace strata;
using namespace strata::studio;

namespace {

QString sramOnLogic() {
    return QString(STRATA_SOURCE_DIR) + "/projects/sram-on-logic-3d/design.strata.json";
}

// A full press-move-release drag with a frame drawn between the steps, as a user's is.
void drag(QWidget& w, QPointF from, QPointF to) {
    QTest::mouseMove(&w, from.toPoint());
    QTest::qWait(30);
    QTest::mousePress(&w, Qt::LeftButton, {}, from.toPoint());
    QTest::qWait(30);
    for (int i = 1; i <= 5; ++i) {
        const QPointF at = from + (to - from) * i / 5.0;
        QMouseEvent move(QEvent::MouseMove, at, w.mapToGlobal(at), Qt::NoButton, Qt::LeftButton,
                         {});
        QApplication::sendEvent(&w, &move);
        QTest::qWait(30);
    }
    QTest::mouseRelease(&w, Qt::LeftButton, {}, to.toPoint());
    QTest::qWait(30);
}

} // namespace

class TestStackGlView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        qputenv("STRATA_RECOVERY_DIR", QByteArray("/tmp/strata-test-recovery"));
        if (!StackGLView::openGlAvailable())
            QFAIL("no OpenGL 3.3 context: run under xvfb-run (CTest does)");
    }

    void drawsPicksAndTunesLive() {
        Document doc(test::library());
        EvaluationRunner runner(&doc);
        QSignalSpy done(&runner, &EvaluationRunner::finished);
        QCOMPARE(doc.load(sramOnLogic()), QString());
        QVERIFY(done.wait(120000));
        StackGLView view(&doc);
        view.resize(640, 480);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage plain = view.grabFramebuffer();
        view.setResult(runner.result(), false);
        connect(&runner, &EvaluationRunner::finished, &view,
                [&] { view.setResult(runner.result(), false); });
        const QImage frame = view.grabFramebuffer();
        QVERIFY(frame.save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_stack_gl_view.png"));
        const StackScene& scene = view.scene();
        QCOMPARE(scene.boxes.size(), std::size_t(2));
        // The top tier's face shows its map in the stack's scale: the colour of its mean
        // temperature, give or take the cells' spread (it is the cooler tier).
        const QPoint top = view.topFaceCentre(1).toPoint();
        QVERIFY(frame.pixel(top) != plain.pixel(top));
        const QColor seen = frame.pixelColor(top);
        QVERIFY2(seen.blue() > seen.red(), qPrintable(seen.name())); // cool: blue end
        // Clicking a top face picks its tier (the highest one under the point).
        QSignalSpy picked(&view, &StackGLView::tierPicked);
        QCOMPARE(view.tierAt(top).value_or(-1), 1);
        QCOMPARE(view.tierAt(view.topFaceCentre(0)).value_or(-1), 0);
        QCOMPARE(view.tierAt(QPointF(2, view.height() - 2)), std::nullopt);
        QTest::mouseClick(&view, Qt::LeftButton, {}, top);
        QCOMPARE(picked.size(), 1);
        QCOMPARE(view.pickedTier(), 1);
        if (!view.hasOverlay())
            QSKIP("built without Dear ImGui (STRATA_WITH_IMGUI=OFF)");
        view.grabFramebuffer(); // a frame with the overlay's power slider for the picked die
        // Drag the ambient slider to its right end: one undo step, a new evaluation, hotter.
        const double tj = runner.result().metric("thermal.tj_max_c")->value;
        const QRectF ambient = view.overlayControl("ambient C");
        QVERIFY(!ambient.isEmpty());
        done.clear();
        drag(view, ambient.center(), QPointF(ambient.right() + 40, ambient.center().y()));
        QVERIFY(doc.design().cooling.ambient_k > 273.15 + 80);
        QCOMPARE(doc.undoStack()->count(), 1);
        QVERIFY(done.wait(120000));
        QVERIFY(runner.result().metric("thermal.tj_max_c")->value > tj + 30);
        // The picked die's power: its slider to zero leaves the SRAM tier no power of its own.
        view.grabFramebuffer();
        const QRectF power = view.overlayControl("power W");
        QVERIFY(!power.isEmpty());
        drag(view, power.center(), QPointF(power.left() - 40, power.center().y()));
        const Die& sram = doc.design().stacks[0].tiers[1].die;
        QVERIFY(sram.power_w.has_value());
        QCOMPARE(*sram.power_w, 0.0);
        QCOMPARE(doc.undoStack()->count(), 2);
        doc.undoStack()->undo();
        QVERIFY(!doc.design().stacks[0].tiers[1].die.power_w.has_value());
        // A drag on the overlay neither orbits the view nor picks.
        QCOMPARE(view.pickedTier(), 1);
    }

    // A dock floated out gets a new GL context: the view frees its objects with the old one and
    // makes them again, and still draws the maps (no GL warnings on the way).
    void survivesANewContext() {
        QTest::failOnWarning(QRegularExpression("QOpenGL|GL error|destroy"));
        Document doc(test::library());
        EvaluationRunner runner(&doc);
        QSignalSpy done(&runner, &EvaluationRunner::finished);
        QCOMPARE(doc.load(sramOnLogic()), QString());
        QVERIFY(done.wait(120000));
        QMainWindow window;
        auto* dock = new QDockWidget("Stack 3-D", &window);
        auto* view = new StackGLView(&doc);
        view->setResult(runner.result(), false);
        dock->setWidget(view);
        window.addDockWidget(Qt::BottomDockWidgetArea, dock);
        window.resize(800, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QImage before = view->grabFramebuffer();
        dock->setFloating(true);
        dock->resize(640, 480);
        QVERIFY(QTest::qWaitForWindowExposed(dock));
        QTest::qWait(100);
        const QImage after = view->grabFramebuffer();
        const QPoint top = view->topFaceCentre(1).toPoint();
        QVERIFY(!before.isNull() && !after.isNull());
        QVERIFY(after.pixelColor(top) != QColor(245, 246, 248));             // not the background
        QVERIFY(after.pixelColor(top).blue() > after.pixelColor(top).red()); // the cool tier
    }

    // Where both views can draw, the OpenGL one puts a tier where the QPainter one does.
    void agreesWithTheSoftwareView() {
        Document doc(test::library());
        QCOMPARE(doc.load(sramOnLogic()), QString());
        StackGLView gl(&doc);
        StackView soft(&doc);
        for (QWidget* w : {static_cast<QWidget*>(&gl), static_cast<QWidget*>(&soft)}) {
            w->resize(600, 500);
            w->show();
            QVERIFY(QTest::qWaitForWindowExposed(w));
        }
        for (int t = 0; t < 2; ++t) {
            const QPointF a = gl.topFaceCentre(t), b = soft.topFaceCentre(t);
            QVERIFY2((a - b).manhattanLength() < 1.0, qPrintable(QString("tier %1: %2,%3 vs %4,%5")
                                                                     .arg(t)
                                                                     .arg(a.x())
                                                                     .arg(a.y())
                                                                     .arg(b.x())
                                                                     .arg(b.y())));
        }
    }
};

QTEST_MAIN(TestStackGlView)
#include "test_stack_gl_view.moc"
