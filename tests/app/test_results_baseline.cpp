// The Results dock's baseline, as a user tries it: evaluate, Set as Baseline, edit, and the
// results come back beside the baseline with the change, red where worse and green where better;
// the cards carry their change, the line under them names the edits since and warns when the grid
// differs; Changed only hides what stayed; Clear goes back to the plain table. The dock is kept in
// build/tests/studio_results_baseline.png for people to look at.
#include "evaluation_runner.h"
#include "main_window.h"
#include "model/design_io.h"
#include "results_panel.h"
#include "studio_test_support.h"

#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <optional>

using namespace strata;
using namespace strata::studio;

namespace {

int rowOf(const QTableWidget* t, const QString& metric) {
    for (int r = 0; r < t->rowCount(); ++r)
        if (t->item(r, 0)->text() == metric)
            return r;
    return -1;
}

QPushButton* button(QWidget* in, const QString& text) {
    for (QPushButton* b : in->findChildren<QPushButton*>())
        if (b->text() == text)
            return b;
    return nullptr;
}

// The window on screen with the example open and evaluated.
bool shownAndEvaluated(MainWindow& window) {
    window.resize(1400, 900);
    window.show();
    QSignalSpy done(window.runner(), &EvaluationRunner::finished);
    return window.openFile(test::example()) && done.wait(120000);
}

} // namespace

class TestResultsBaseline : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qputenv("STRATA_RECOVERY_DIR", QByteArray("/tmp/strata-test-recovery")); }

    void resultsAreShownBesideTheBaseline() {
        MainWindow window(test::library());
        QVERIFY(shownAndEvaluated(window));
        QSignalSpy done(window.runner(), &EvaluationRunner::finished);
        auto* results = window.findChild<ResultsPanel*>();
        QVERIFY(results);
        QTableWidget* table = results->table();
        QCOMPARE(table->columnCount(), 3);
        QPushButton* set = button(results, "Set as Baseline");
        QVERIFY(set && set->isEnabled());
        const double tj = window.runner()->result().metric("thermal.tj_max_c")->value;
        QTest::mouseClick(set, Qt::LeftButton);
        QVERIFY(results->hasBaseline());
        QCOMPARE(table->columnCount(), 4);
        QCOMPARE(table->rowCount(), 0); // Changed only: nothing has changed yet
        QVERIFY2(results->baselineLabel()->text().contains("0 design changes since"),
                 qPrintable(results->baselineLabel()->text()));

        // An edit: 10 K more ambient. While it is evaluated the results are stale and cannot
        // become the baseline.
        done.clear();
        window.document()->setProperty("cooling.ambient_c", 55.0);
        QVERIFY(!set->isEnabled());
        QVERIFY(done.wait(120000));
        QVERIFY(set->isEnabled());
        const double tjNow = window.runner()->result().metric("thermal.tj_max_c")->value;
        QVERIFY(tjNow > tj + 10 - 1e-9);
        const int row = rowOf(table, "thermal.tj_max_c");
        QVERIFY(row >= 0);
        QCOMPARE(table->horizontalHeaderItem(1)->text(), QString("Change"));
        QVERIFY2(table->item(row, 1)->text().startsWith("+1"),
                 qPrintable(table->item(row, 1)->text()));
        QCOMPARE(table->item(row, 1)->foreground().color(), QColor(190, 20, 20)); // worse: red
        QCOMPARE(table->item(row, 2)->text(), QString::number(tjNow, 'g', 5) + " °C");
        QCOMPARE(table->item(row, 3)->text(), QString::number(tj, 'g', 5) + " °C");
        const int mttf = rowOf(table, "reliability.mttf_years");
        QVERIFY(mttf >= 0 && table->item(mttf, 1)->text().startsWith("-"));
        QCOMPARE(table->item(mttf, 1)->foreground().color(), QColor(190, 20, 20)); // shorter life
        QCOMPARE(rowOf(table, "cost.package_usd"), -1); // unchanged, hidden by Changed only
        auto* tjCard = results->findChild<QLabel*>("thermal.tj_max_c");
        QVERIFY2(tjCard->text().contains("color:#be1414'>+1"), qPrintable(tjCard->text()));
        QVERIFY(results->baselineLabel()->text().contains("1 design change since"));
        QVERIFY2(results->baselineLabel()->toolTip().contains("cooling.ambient_c: 45 -&gt; 55"),
                 qPrintable(results->baselineLabel()->toolTip()));

        // Back to the baseline's ambient: everything as it was, so nothing is listed (the solver,
        // started from its last solutions, lands within its tolerance of the baseline, and the
        // hotspot of this mirror-symmetric design stays on the same side).
        done.clear();
        window.document()->setProperty("cooling.ambient_c", 45.0);
        QVERIFY(done.wait(120000));
        QCOMPARE(table->rowCount(), 0);
        // Better cooling than the baseline: green.
        done.clear();
        window.document()->setProperty("cooling.ambient_c", 35.0);
        QVERIFY(done.wait(120000));
        QCOMPARE(table->item(rowOf(table, "thermal.tj_max_c"), 1)->foreground().color(),
                 QColor(20, 130, 50));

        // Changed only off: every headline row, the unchanged ones said so.
        auto* changedOnly = results->findChild<QCheckBox*>();
        changedOnly->setChecked(false);
        const int cost = rowOf(table, "cost.package_usd");
        QVERIFY(cost >= 0);
        QCOMPARE(table->item(cost, 1)->text(), QString("unchanged"));

        // Evaluate now runs on the default grid; the baseline was the live coarse one.
        done.clear();
        window.runner()->evaluateNow();
        QVERIFY(done.wait(120000));
        QVERIFY2(results->baselineLabel()->text().contains("Baseline on the coarse preview, these "
                                                           "on the default grid"),
                 qPrintable(results->baselineLabel()->text()));
        changedOnly->setChecked(true);
        QTest::qWait(50); // the layout takes the label's second line
        QVERIFY(
            results->grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_results_baseline.png"));

        QTest::mouseClick(button(results, "Clear"), Qt::LeftButton);
        QVERIFY(!results->hasBaseline());
        QCOMPARE(table->columnCount(), 3);
        QVERIFY(results->baselineLabel()->text().isEmpty());
    }

    void anotherDesignFileIsTheBaseline() {
        // Evaluate ▸ Compare with Design File…: a copy of the example at a 10 K cooler ambient
        // becomes the baseline, evaluated as the results shown were (the same grid): the
        // example's junction is then at least 10 K hotter (more with the leakage it adds), red,
        // and the line names the file and the one property that differs.
        QTemporaryDir tmp;
        QFile in(test::example());
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray text = in.readAll();
        QVERIFY(text.contains("\"ambient_c\": 45"));
        text.replace("\"ambient_c\": 45", "\"ambient_c\": 35");
        const QString cooler = tmp.filePath("cooler.strata.json");
        QFile out(cooler);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
        out.close();
        MainWindow window(test::library());
        QVERIFY(shownAndEvaluated(window));
        QString message;
        QVERIFY(!window.compareWithDesignFile(tmp.filePath("missing.strata.json"), message));
        QVERIFY2(message.contains("IO-0001"), qPrintable(message));
        auto* results = window.findChild<ResultsPanel*>();
        QVERIFY(!results->hasBaseline());
        QVERIFY2(window.compareWithDesignFile(cooler, message), qPrintable(message));
        QVERIFY(results->hasBaseline());
        const QString line = results->baselineLabel()->text();
        QVERIFY2(line.contains("Baseline cooler.strata.json · 1 design change from it") &&
                     !line.contains("⚠"), // the same grid
                 qPrintable(line));
        QVERIFY(results->baselineLabel()->toolTip().contains("cooling.ambient_c: 35 -&gt; 45"));
        QTableWidget* table = results->table();
        const int row = rowOf(table, "thermal.tj_max_c");
        QVERIFY(row >= 0);
        QVERIFY2(table->item(row, 1)->text().startsWith("+1"),
                 qPrintable(table->item(row, 1)->text()));
        QCOMPARE(table->item(row, 1)->foreground().color(), QColor(190, 20, 20));
    }

    void aComparisonCanBeCancelled() {
        // The other design is evaluated on a worker thread; cancelling it (the progress dialog's
        // Cancel) hands back a cancelled result and leaves the results shown as they were.
        MainWindow window(test::library());
        QVERIFY(shownAndEvaluated(window));
        const DesignLoad load = loadDesignFile(test::example().toStdString());
        QVERIFY(load.ok());
        std::optional<EvalResult> other;
        int progressCalls = 0;
        const auto cancel = window.runner()->evaluateOther(
            *load.design, [&](const QString&, double) { ++progressCalls; },
            [&](EvalResult r) { other = std::move(r); });
        cancel->cancel(); // long before the pipeline's tens of milliseconds are over
        QTRY_VERIFY_WITH_TIMEOUT(other.has_value(), 60000);
        QVERIFY(other->cancelled);
        QVERIFY(!window.findChild<ResultsPanel*>()->hasBaseline());
        // Not cancelled: the same design comes back evaluated, progress reported on the way.
        other.reset();
        window.runner()->evaluateOther(
            *load.design, [&](const QString&, double) { ++progressCalls; },
            [&](EvalResult r) { other = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(other.has_value(), 60000);
        QVERIFY(!other->cancelled);
        QVERIFY(progressCalls > 0);
        // The same grid as the results shown (which reuse the session's solver: equal to its
        // tolerance, not bit for bit).
        const Metric* tj = other->metric("thermal.tj_max_c");
        const Metric* shown = window.runner()->result().metric("thermal.tj_max_c");
        QVERIFY(tj && shown);
        QVERIFY2(std::abs(tj->value - shown->value) < 1e-6 * shown->value,
                 qPrintable(QString::number(tj->value - shown->value)));
    }
};

QTEST_MAIN(TestResultsBaseline)
#include "test_results_baseline.moc"
