// Evaluate ▸ Options: the text of KEY=VALUE lines is checked line by line, the dialog turns its
// choices into the options the CLI takes as --option, and the live evaluation uses them — a
// Murphy yield that follows from the Poisson one by Murphy's formula, fixed block powers — and
// the options come back in the next session. The dialog is kept in
// build/tests/studio_evaluation_options.png for people to look at.
#include "evaluation_options.h"
#include "main_window.h"
#include "studio_test_support.h"

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTest>

#include <cmath>

using namespace strata;
using namespace strata::studio;

namespace {

double yieldWith(EvaluationRunner& runner, const EvaluationOptions& options) {
    QSignalSpy done(&runner, &EvaluationRunner::finished);
    runner.setUserOptions(options);
    if (!done.wait(120000))
        return std::nan("");
    const Metric* y = runner.result().metric("cost.die.gpu0.yield");
    return y ? y->value : std::nan("");
}

} // namespace

class TestEvaluationOptions : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        qputenv("STRATA_RECOVERY_DIR", QByteArray("/tmp/strata-test-recovery"));
        QSettings().remove("evaluate/options");
    }

    void linesAreCheckedOneByOne() {
        QStringList errors;
        const EvaluationOptions o = parseEvaluationOptions(
            "# a comment\ncost.yield_model = murphy\n\nplugin.limit=5\nnonsense\n"
            "thermal.resolution=fine\n",
            errors);
        QCOMPARE(o.size(), std::size_t(2));
        QCOMPARE(o.at("cost.yield_model"), std::string("murphy"));
        QCOMPARE(o.at("plugin.limit"), std::string("5"));
        QCOMPARE(errors.size(), 2);
        QVERIFY(errors[0].startsWith("line 5:"));
        QVERIFY(errors[1].startsWith("line 6:") && errors[1].contains("Evaluate menu"));
        QCOMPARE(optionsFromStrings(optionsToStrings(o)), o);
    }

    void theDialogGivesItsChoicesAsOptions() {
        EvaluationOptionsDialog dialog({{"power.mode", "fixed"}, {"x.y", "1"}});
        QCOMPARE(dialog.powerMode()->currentData().toString(), QString("fixed"));
        QCOMPARE(dialog.otherOptions()->toPlainText(), QString("x.y=1"));
        dialog.yieldModel()->setCurrentIndex(dialog.yieldModel()->findData("murphy"));
        dialog.otherOptions()->setPlainText("power_density.limit_w_per_cm2=50\nbroken");
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(dialog.problems()->text().contains("line 2"));
        dialog.otherOptions()->setPlainText("power_density.limit_w_per_cm2=50");
        QVERIFY(dialog.okButton()->isEnabled());
        const EvaluationOptions expected{{"cost.yield_model", "murphy"},
                                         {"power.mode", "fixed"},
                                         {"power_density.limit_w_per_cm2", "50"}};
        QCOMPARE(dialog.options(), expected);
        dialog.resize(560, 360);
        QVERIFY(
            dialog.grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_evaluation_options.png"));
    }

    // Poisson Y = exp(-AD), Murphy Y = ((1 - exp(-AD)) / AD)^2: the same die, the same AD.
    void theLiveEvaluationUsesThem() {
        Document doc(test::library());
        EvaluationRunner runner(&doc);
        QVERIFY(test::openedAndEvaluated(doc, runner));
        const double poisson = yieldWith(runner, {{"cost.yield_model", "poisson"}});
        const double murphy = yieldWith(runner, {{"cost.yield_model", "murphy"}});
        QVERIFY(poisson > 0 && poisson < 1);
        const double ad = -std::log(poisson);
        QVERIFY(std::abs(murphy - std::pow((1 - std::exp(-ad)) / ad, 2)) < 1e-9);
        QSignalSpy done(&runner, &EvaluationRunner::finished);
        runner.setUserOptions({{"power.mode", "fixed"}});
        QVERIFY(done.wait(120000));
        bool fixed = false;
        for (const Diagnostic& d : runner.result().diagnostics)
            fixed = fixed || (d.code == "POW-0001" && d.message.find("fixed") != std::string::npos);
        QVERIFY(fixed);
    }

    void theyComeBackNextSession() {
        QSettings().setValue("evaluate/options", QStringList{"cost.yield_model=seeds"});
        MainWindow window(test::library());
        const EvaluationOptions expected{{"cost.yield_model", "seeds"}};
        QCOMPARE(window.runner()->userOptions(), expected);
        bool menu = false;
        for (QAction* a : window.findChildren<QAction*>())
            menu = menu || a->text() == "&Options…";
        QVERIFY(menu);
        QSettings().remove("evaluate/options");
    }
};

QTEST_MAIN(TestEvaluationOptions)
#include "test_evaluation_options.moc"
