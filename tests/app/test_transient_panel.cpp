// Evaluate ▸ Thermal Transient in the main window, on the offscreen platform: the example's
// power trace runs at the full thermal resolution and comes back as one curve per block whose
// peaks the table lists (and agree with the engine's metrics) and a map of all dies at a moment
// chosen with a slider or by choosing a block (its peak), exports as CSV, is marked as
// older than the design after an edit and cleared when another design is opened; a trace
// naming a block the design lacks says why nothing was simulated; Stop ends a long run. PNG
// kept in build/tests/studio_transient.png for people to look at.
#include "document.h"
#include "eval/evaluator.h"
#include "evaluation_runner.h"
#include "main_window.h"
#include "studio_test_support.h"
#include "thermal_map.h"
#include "transient_panel.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace strata;
using namespace strata::studio;

namespace {

QString exampleTrace() {
    return QString(STRATA_SOURCE_DIR) + "/projects/gpu-2.5d/llm-serving.trace.csv";
}

// A trace file `name` in `dir` holding `text`; its path (empty if it could not be written).
QString writeTrace(const QTemporaryDir& dir, const QString& name, const char* text) {
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(text) < 0)
        return {};
    return f.fileName();
}

QAction* transientAction(MainWindow& window) {
    for (QAction* a : window.findChildren<QAction*>())
        if (a->text() == "Thermal &Transient…")
            return a;
    return nullptr;
}

// Waits until the runner delivers a result that simulated a trace.
bool waitForTransient(MainWindow& window) {
    QSignalSpy done(window.runner(), &EvaluationRunner::finished);
    for (int i = 0; i < 10; ++i) {
        if (!done.wait(120000))
            return false;
        if (!window.runner()->resultTrace().empty())
            return true;
    }
    return false;
}

} // namespace

class TestTransientPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        qputenv("STRATA_RECOVERY_DIR", QByteArray("/tmp/strata-test-recovery"));
        QSettings().remove("transient");
        QSettings().remove("evaluate/thermalResolution");
    }

    // A first start (no trace chosen yet) must not warn on the console: it used to open "".
    void aFirstStartWarnsAboutNothing() {
        QTest::failOnWarning(QRegularExpression(".*"));
        QSettings().remove("transient");
        TransientPanel panel;
        QVERIFY(panel.trace().isEmpty());
    }

    // The chart a panel stops showing is deleted with its series (QChartView::setChart only
    // releases it: every Run and every new design leaked one).
    void aReplacedChartIsDeleted() {
        TransientPanel panel;
        const QPointer<QChart> shown = panel.chartView()->chart();
        QVERIFY(shown);
        panel.clear();
        QVERIFY(shown.isNull());
        QVERIFY(panel.chartView()->chart());
    }

    void runsTheExampleTraceAndShowsEveryBlock() {
        MainWindow window(test::library());
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(test::example()));
        QSignalSpy first(window.runner(), &EvaluationRunner::finished);
        QVERIFY(first.wait(120000)); // the live evaluation after opening

        auto* panel = window.findChild<TransientPanel*>();
        QVERIFY(panel);
        panel->setTrace(exampleTrace());
        panel->setSteps(40);
        QAction* action = transientAction(window);
        QVERIFY(action);
        action->trigger();
        QVERIFY(waitForTransient(window));
        QCOMPARE(window.runner()->resultResolution(), std::string("default"));

        // One curve per block of the design, each with the start (t = 0, ambient) and a point per
        // step, ending at the trace's last row (8 s).
        const EvalResult& r = window.runner()->result();
        const auto blocks = std::count_if(r.metrics.begin(), r.metrics.end(), [](const Metric& m) {
            return m.name.rfind("thermal.block.", 0) == 0 && m.name.ends_with(".max_c");
        });
        QCOMPARE(blocks, 11);
        QList<QAbstractSeries*> lines = panel->chartView()->chart()->series();
        QCOMPARE(lines.size(), static_cast<int>(blocks) + 1); // and the moment's marker, last
        QCOMPARE(lines.back()->objectName(), QString("time marker"));
        lines.removeLast();
        for (QAbstractSeries* s : lines) {
            auto* line = qobject_cast<QLineSeries*>(s);
            QVERIFY(line);
            QCOMPARE(line->count(), 41);
            QCOMPARE(line->at(0), QPointF(0, 45)); // the design's ambient
            QVERIFY(std::fabs(line->at(40).x() - 8.0) < 1e-9);
        }

        // The table: highest peak first, equal to the engine's per-block and overall peaks, and
        // each curve's maximum is its block's peak.
        QTableWidget* table = panel->peakTable();
        QCOMPARE(table->rowCount(), static_cast<int>(blocks));
        const double overall = r.metric("thermal.transient.peak_c")->value;
        QVERIFY(std::fabs(table->item(0, 1)->data(Qt::UserRole).toDouble() - overall) < 1e-9);
        for (int row = 0; row < table->rowCount(); ++row) {
            const QString block = table->item(row, 0)->text();
            const double peak = table->item(row, 1)->data(Qt::UserRole).toDouble();
            const Metric* m =
                r.metric("thermal.transient.block." + block.toStdString() + ".peak_c");
            QVERIFY2(m && std::fabs(m->value - peak) < 1e-9, qPrintable(block));
            auto* line =
                qobject_cast<QLineSeries*>(lines[table->item(row, 0)->data(Qt::UserRole).toInt()]);
            QCOMPARE(line->name(), block);
            double top = -1e300;
            for (const QPointF& p : line->points())
                top = std::max(top, p.y());
            QVERIFY(std::fabs(top - peak) < 1e-9);
            if (row > 0)
                QVERIFY(peak <= table->item(row - 1, 1)->data(Qt::UserRole).toDouble());
        }
        // The SMs burst to 150 W in the prefills: their peak is more than 10 K above their idle
        // level at 0.8 s, and they cool in the last second, back at idle (steps of 0.2 s).
        const Metric* smPeak = r.metric("thermal.transient.block.gpu0.sm_north.peak_c");
        QVERIFY(smPeak);
        bool seen = false;
        for (QAbstractSeries* s : lines)
            if (s->name() == "gpu0.sm_north") {
                auto* line = qobject_cast<QLineSeries*>(s);
                QVERIFY(std::fabs(line->at(4).x() - 0.8) < 1e-9);
                QVERIFY(smPeak->value > line->at(4).y() + 10);
                QVERIFY(line->at(40).y() < line->at(35).y() - 1);
                seen = true;
            }
        QVERIFY(seen);
        QVERIFY(panel->caption()->text().contains(
            "llm-serving.trace.csv: 40 steps over 8 s from ambient"));

        // Beside the chart, all dies at the end of the run (a snapshot per step here), the marker
        // on the chart at that moment; choosing a block shows the moment of its peak.
        QSlider* slider = panel->timeSlider();
        QVERIFY(slider->isEnabled());
        QCOMPARE(slider->maximum(), 40);
        QCOMPARE(slider->value(), 40);
        QVERIFY(panel->mapView()->field() &&
                std::fabs(panel->mapView()->field()->time_s - 8.0) < 1e-9);
        auto* marker = qobject_cast<QLineSeries*>(panel->chartView()->chart()->series().back());
        QCOMPARE(marker->count(), 2);
        QVERIFY(std::fabs(marker->at(0).x() - 8.0) < 1e-9);
        for (int row = 0; row < table->rowCount(); ++row)
            if (table->item(row, 0)->text() == "gpu0.sm_north") {
                table->setCurrentCell(row, 0);
                const double at = table->item(row, 2)->data(Qt::UserRole).toDouble();
                QVERIFY(std::fabs(panel->mapView()->field()->time_s - at) < 1e-9);
                QVERIFY(std::fabs(marker->at(0).x() - at) < 1e-9);
                // At that moment the map's hottest cell is the SMs' peak (or above it: another
                // block of the die may be hotter then).
                double hottest = -1e300;
                for (double v : panel->mapView()->field()->values)
                    if (!std::isnan(v))
                        hottest = std::max(hottest, v);
                QVERIFY(hottest >= smPeak->value - 1e-9);
            }
        slider->setValue(0);
        QCOMPARE(panel->mapView()->field()->time_s, 0.0); // the start, at ambient
        slider->setValue(slider->maximum());

        // Each die's peak map is among the fields the Thermal map offers.
        QVERIFY(std::any_of(r.fields.begin(), r.fields.end(), [](const Field& f) {
            return f.name == "thermal.transient.peak.gpu0" && !f.values.empty();
        }));
        // Export: time_s and one column per block, a row per step.
        QTemporaryDir dir;
        const QString csv = dir.filePath("t.csv");
        QCOMPARE(panel->exportCsv(csv), QString());
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList rows = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 42);
        QVERIFY(rows[0].startsWith("time_s,"));
        QCOMPARE(rows[0].count(','), static_cast<int>(blocks));

        QTest::qWait(100); // the status bar's new text is laid out
        QVERIFY(window.grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_transient.png"));

        // From the steady state of the first row (idle): every curve starts at its settled idle
        // level, above ambient, and holds it through the first second of idle.
        panel->setStartFromSteadyState(true);
        panel->run();
        QVERIFY(waitForTransient(window));
        QVERIFY(panel->caption()->text().contains("from steady state"));
        for (QAbstractSeries* s : panel->chartView()->chart()->series()) {
            auto* line = qobject_cast<QLineSeries*>(s);
            if (line->objectName() == "time marker")
                continue;
            QVERIFY2(line->at(0).y() > 45.5, qPrintable(line->name()));
            QVERIFY2(std::fabs(line->at(4).y() - line->at(0).y()) < 1e-3, qPrintable(line->name()));
        }
        QCOMPARE(QSettings().value("transient/start").toString(), QString("steady"));

        // An edit: the curves stay, said to be older than the design; the live evaluation that
        // follows (no trace) leaves them on show.
        QSignalSpy live(window.runner(), &EvaluationRunner::finished);
        window.document()->setProperty("cooling.ambient_c", 30.0);
        QVERIFY(panel->caption()->text().contains("changed since this run"));
        QVERIFY(live.wait(120000));
        QVERIFY(window.runner()->resultTrace().empty());
        QCOMPARE(panel->chartView()->chart()->series().size(), static_cast<int>(blocks) + 1);
        QVERIFY(panel->caption()->text().contains("changed since this run"));

        // Another design: the run of the last one is not shown with it; the trace stays chosen.
        QVERIFY(window.openFile(QString(STRATA_SOURCE_DIR) +
                                "/projects/chiplet-mcm/design.strata.json"));
        QVERIFY(panel->chartView()->chart()->series().isEmpty());
        QCOMPARE(panel->peakTable()->rowCount(), 0);
        QVERIFY(panel->caption()->text().startsWith("No transient yet"));
        QCOMPARE(panel->trace(), exampleTrace());
        QSettings().remove("transient");
    }

    void aTraceWithAnUnknownBlockSaysWhy() {
        QTemporaryDir dir;
        const QString trace = writeTrace(dir, "bad.trace.csv",
                                         "time_s,gpu0.sm_north,gpu0.nosuch\n0,100,1\n1,100,1\n");
        QVERIFY(!trace.isEmpty());
        MainWindow window(test::library());
        QVERIFY(window.openFile(test::example()));
        auto* panel = window.findChild<TransientPanel*>();
        panel->setTrace(trace);
        panel->setSteps(10);
        panel->run();
        QVERIFY(waitForTransient(window));
        QVERIFY(panel->chartView()->chart()->series().isEmpty());
        QCOMPARE(panel->peakTable()->rowCount(), 0);
        const QString caption = panel->caption()->text();
        QVERIFY2(caption.contains("No transient of bad.trace.csv") && caption.contains("THM-") &&
                     caption.contains("gpu0.nosuch"),
                 qPrintable(caption));
        QVERIFY(!panel->exportCsv(dir.filePath("x.csv")).isEmpty()); // nothing to export
        QSettings().remove("transient");
    }

    void stopEndsALongRunAndKeepsTheResults() {
        // A long run shows its progress and Run becomes Stop; Stop ends it, the results of the
        // evaluation before stay, and Run is back.
        MainWindow window(test::library());
        QVERIFY(window.openFile(test::example()));
        QSignalSpy first(window.runner(), &EvaluationRunner::finished);
        QVERIFY(first.wait(120000));
        const double tj = window.runner()->result().metric("thermal.tj_max_c")->value;
        auto* panel = window.findChild<TransientPanel*>();
        panel->setTrace(exampleTrace());
        panel->setSteps(20000); // progress every 200 steps, Stop long before the end
        QSignalSpy progress(window.runner(), &EvaluationRunner::progress);
        QSignalSpy stopped(window.runner(), &EvaluationRunner::stopped);
        panel->run();
        QCOMPARE(panel->runButton()->text(), QString("Stop"));
        bool stepping = false;
        for (int i = 0; i < 200 && !stepping; ++i) {
            QVERIFY(progress.wait(60000));
            stepping = progress.last().at(0).toString() == "thermal transient";
        }
        QVERIFY(stepping);
        QVERIFY(panel->caption()->text().contains("% of the steps done"));
        panel->runButton()->click();
        QVERIFY(stopped.wait(60000));
        QCOMPARE(panel->runButton()->text(), QString("Run"));
        QVERIFY(panel->caption()->text().contains("stopped before its end"));
        QVERIFY(!window.runner()->isRunning());
        QVERIFY(window.runner()->resultTrace().empty());
        QCOMPARE(window.runner()->result().metric("thermal.tj_max_c")->value, tj);
        QSettings().remove("transient");
    }
    void aHotSpotTraceRunsWithItsInterval() {
        // A HotSpot trace holds no times: the dock asks for its sampling interval and runs with it.
        QTemporaryDir dir;
        const QString trace =
            writeTrace(dir, "gcc.ptrace", "sm_north\tgpu0.sm_south\n150 150\n20 20\n150 150\n");
        QVERIFY(!trace.isEmpty());
        MainWindow window(test::library());
        QVERIFY(window.openFile(test::example()));
        auto* panel = window.findChild<TransientPanel*>();
        auto* interval = panel->findChild<QLineEdit*>("trace interval");
        QVERIFY(interval);
        panel->setTrace(exampleTrace());
        QVERIFY(!interval->isVisibleTo(panel)); // a CSV holds its times
        panel->setTrace(trace);
        QVERIFY(interval->isVisibleTo(panel));
        // Known by its header, not its name.
        panel->setTrace(writeTrace(dir, "gcc.txt", "sm_north\n150\n"));
        QVERIFY(interval->isVisibleTo(panel));
        panel->setTrace(trace);
        interval->clear();
        QSignalSpy asked(panel, &TransientPanel::runRequested);
        panel->run();
        QCOMPARE(asked.count(), 0);
        QVERIFY2(panel->caption()->text().contains("sampling interval"),
                 qPrintable(panel->caption()->text()));
        panel->setInterval(0.25);
        panel->setSteps(30);
        panel->run();
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.last().at(3).toDouble(), 0.25);
        QVERIFY(waitForTransient(window));
        QVERIFY2(panel->peakTable()->rowCount() > 0, qPrintable(panel->caption()->text()));
        // Three rows of 0.25 s: the run ends at 0.75 s.
        const auto& series = window.runner()->result().series;
        QVERIFY(!series.empty());
        QVERIFY(std::fabs(series.front().time_s.back() - 0.75) < 1e-9);
        QSettings().remove("transient");
    }
    void aMissingFileIsNotRun() {
        MainWindow window(test::library());
        auto* panel = window.findChild<TransientPanel*>();
        QSignalSpy asked(panel, &TransientPanel::runRequested);
        panel->setTrace("/nonexistent/trace.csv");
        panel->run();
        QCOMPARE(asked.count(), 0);
        QVERIFY(panel->caption()->text().contains("No such file: /nonexistent/trace.csv"));
    }
};

QTEST_MAIN(TestTransientPanel)
#include "test_transient_panel.moc"
