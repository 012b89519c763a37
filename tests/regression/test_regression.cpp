// Regression: every example project is evaluated and compared with its expected.json (golden
// metrics with tolerances, in the rules-file format with "approx" comparisons, so that
// `strata-cli check design.strata.json --rules expected.json` does the same by hand), and its
// rules.json must pass. A model change that moves a golden value updates expected.json in the
// same commit: run this test with STRATA_UPDATE_GOLDEN="<reason>" to rewrite the files with the
// reason recorded in them.
#include "core/atomic_file.h"
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "eval/rules.h"
#include "library/library_loader.h"
#include "model/design_io.h"

#include <QDir>
#include <QTest>

#include <cstdlib>
#include <nlohmann/json.hpp>

using namespace strata;

namespace {
const Library& library() {
    static const LibraryLoad load = loadDefaultLibrary();
    return load.library;
}

QString projectsDir() {
    return QString(STRATA_SOURCE_DIR) + "/projects";
}

// Metrics worth pinning: the headline numbers of every evaluator, not every block.
bool golden(const std::string& name) {
    if (name.find(".block.") != std::string::npos || name.find(".link.") != std::string::npos)
        return false;
    for (const char* prefix : {"perf.ttft_s",
                               "perf.tpot_s",
                               "perf.tokens_per_s",
                               "perf.prefill_tokens_per_s",
                               "perf.images_per_s",
                               "perf.memory.per_die_gb",
                               "power.total_w",
                               "power.dynamic_w",
                               "power.leakage_w",
                               "thermal.tj_max_c",
                               "thermal.rja_k_per_w",
                               "thermal.die.",
                               "bandwidth.max_utilization",
                               "bandwidth.shoreline.",
                               "reliability.system_fit",
                               "reliability.mttf_years",
                               "cost.package_usd",
                               "cost.package_yield",
                               "cost.tco_usd_per_year",
                               "cost.usd_per_mtoken"})
        if (name.rfind(prefix, 0) == 0)
            return true;
    return false;
}

// Relative tolerance: iterative solvers converge to 1e-9 but differ in the last digits between
// machines; 1e-4 is far below any physical change worth noticing and far above that noise.
constexpr double kTolerance = 1e-4;

std::string goldenFile(const EvalResult& r, const std::string& reason) {
    nlohmann::ordered_json j;
    j["format"] = "strata-rules";
    j["schema"] = 1;
    j["reason"] = reason;
    j["rules"] = nlohmann::ordered_json::array();
    for (const Metric& m : r.metrics)
        if (golden(m.name))
            j["rules"].push_back({{"id", m.name},
                                  {"metric", m.name},
                                  {"comparison", "approx"},
                                  {"threshold", m.value},
                                  {"tolerance", kTolerance},
                                  {"message", "golden value (" + m.unit + ")"}});
    return j.dump(2) + "\n";
}
} // namespace

class TestRegression : public QObject {
    Q_OBJECT
private slots:
    void examplesMatchTheirGoldenValuesAndRules_data() {
        QTest::addColumn<QString>("project");
        for (const QString& p : QDir(projectsDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            QTest::newRow(qPrintable(p)) << p;
    }
    void examplesMatchTheirGoldenValuesAndRules() {
        QFETCH(QString, project);
        const std::string dir = (projectsDir() + "/" + project).toStdString();
        DesignLoad load = loadDesignFile(dir + "/design.strata.json");
        QVERIFY(load.ok());
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        const EvalResult r = evaluate(reg, {*load.design, library(), {}, nullptr, nullptr});
        QVERIFY(!hasErrors(r.diagnostics));
        const char* update = std::getenv("STRATA_UPDATE_GOLDEN");
        if (update && *update) {
            QCOMPARE(writeFileAtomically(dir + "/expected.json", goldenFile(r, update)),
                     std::string());
            qInfo("rewrote %s/expected.json", dir.c_str());
        }
        for (const char* file : {"/expected.json", "/rules.json"}) {
            std::string text, err;
            QVERIFY2(readWholeFile(dir + file, text, err), (dir + file + ": " + err).c_str());
            std::vector<Diagnostic> diags;
            const std::vector<CheckRule> rules = parseRules(text, dir + file, diags);
            QVERIFY(!hasErrors(diags) && !rules.empty());
            int failed = 0;
            for (const RuleOutcome& o : checkRules(rules, r)) {
                if (o.passed || o.rule.severity != "error")
                    continue; // warnings are the design's to fix, not regressions
                ++failed;
                qWarning("%s: %s = %.9g, expected %s %.9g", file, o.rule.metric.c_str(),
                         o.missing ? 0.0 : o.measured, o.rule.comparison.c_str(), o.rule.threshold);
            }
            QVERIFY2(failed == 0, (dir + file).c_str());
        }
    }
};

QTEST_APPLESS_MAIN(TestRegression)
#include "test_regression.moc"
