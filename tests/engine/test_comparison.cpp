// Comparing two designs and two evaluations: the design diff names what changed by property path,
// the metric comparison says which way each metric moved and whether that is better, and a saved
// evaluation reads back as the baseline it was.
#include "eval/builtin.h"
#include "eval/metric_comparison.h"
#include "eval/pipeline.h"
#include "eval/result_json.h"
#include "model/design_diff.h"
#include "test_support.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace strata;

namespace {

const MetricChange* find(const std::vector<MetricChange>& changes, const std::string& name) {
    for (const MetricChange& c : changes)
        if (c.name == name)
            return &c;
    return nullptr;
}

EvalResult evaluateAll(const Design& d) {
    EvaluatorRegistry registry;
    registerAllEvaluators(registry);
    return evaluate(registry, EvalRequest{d, test::shippedLibrary(), {}, nullptr, nullptr});
}

} // namespace

class TestComparison : public QObject {
    Q_OBJECT
private slots:
    void identicalDesignsHaveNoChanges() {
        const Design d = test::loadExample("gpu-2.5d");
        QVERIFY(diffDesigns(d, d).empty());
        // Stacks are matched by id: their order in the file is not a change.
        Design reordered = d;
        std::reverse(reordered.stacks.begin(), reordered.stacks.end());
        QVERIFY(diffDesigns(d, reordered).empty());
    }

    void changesAreNamedByPropertyPath() {
        const Design before = test::loadExample("gpu-2.5d");
        Design after = before;
        after.stacks[0].x_m += 1e-3; // a moved stack is one change, not a removal and an addition
        after.cooling.ambient_k += 5;
        std::vector<DesignChange> changes = diffDesigns(before, after);
        QCOMPARE(changes.size(), std::size_t{2});
        const std::string id = before.stacks[0].id;
        QCOMPARE(changes[0].path, "stacks[" + id + "].x_mm");
        QCOMPARE(changes[0].kind, DesignChange::Kind::Changed);
        QCOMPARE(std::stod(changes[0].after) - std::stod(changes[0].before), 1.0);
        QCOMPARE(describe(changes[1]), std::string("cooling.ambient_c: 45 -> 50"));

        // Objects added and removed are named once, whole; tiers by their position.
        after = before;
        Stack extra = before.stacks[1];
        extra.id = "hbm_spare";
        after.stacks.push_back(extra);
        after.links.erase(after.links.begin());
        after.stacks[0].tiers[0].die.frequency_hz = 1.6e9;
        changes = diffDesigns(before, after);
        QCOMPARE(changes.size(), std::size_t{3});
        QCOMPARE(describe(changes[0]), "stacks[" + id + "].tiers[0].die.frequency_ghz added: 1.6");
        QCOMPARE(changes[1].path, std::string("stacks[hbm_spare]"));
        QCOMPARE(changes[1].kind, DesignChange::Kind::Added);
        QCOMPARE(changes[2].path, "links[" + before.links[0].id + "]");
        QCOMPARE(changes[2].kind, DesignChange::Kind::Removed);
        QVERIFY(describe(changes[2]).find(" removed (was {") != std::string::npos);
    }

    void powerMapsAndOtherNonScalarFieldsCount() {
        const Design before = test::loadExample("chiplet-mcm");
        Design after = before;
        PowerMap map;
        map.nx = map.ny = 8;
        map.power_w.assign(64, 0.5);
        after.stacks[0].tiers[0].die.power_map = map;
        std::vector<DesignChange> changes = diffDesigns(before, after);
        QCOMPARE(changes.size(), std::size_t{1});
        QCOMPARE(changes[0].kind, DesignChange::Kind::Added);
        Design hotter = after;
        hotter.stacks[0].tiers[0].die.power_map->power_w[10] = 2.0; // one cell of 64
        changes = diffDesigns(after, hotter);
        QCOMPARE(changes.size(), std::size_t{1});
        QVERIFY2(changes[0].path.find("power_map") != std::string::npos, changes[0].path.c_str());
        QCOMPARE(changes[0].before, std::string("[64 values]")); // summarised, not 64 numbers
    }

    void verdictsFollowTheDirectionThatIsBetter() {
        QCOMPARE(metricPreference("thermal.tj_max_c"), Preference::Lower);
        QCOMPARE(metricPreference("thermal.die.gpu0.max_c"), Preference::Lower);
        QCOMPARE(metricPreference("perf.tokens_per_s"), Preference::Higher);
        QCOMPARE(metricPreference("perf.ttft_s"), Preference::Lower);
        QCOMPARE(metricPreference("cost.die.gpu0.yield"), Preference::Higher);
        QCOMPARE(metricPreference("cost.usd_per_mtoken"), Preference::Lower);
        QCOMPARE(metricPreference("cost.monolithic.kgd_usd"), Preference::None);
        QCOMPARE(metricPreference("reliability.mttf_years"), Preference::Higher);
        QCOMPARE(metricPreference("bandwidth.link.d2d0.utilization"), Preference::Lower);
        QCOMPARE(metricPreference("thermal.solver.iterations"), Preference::None);
        QCOMPARE(metricPreference("power_density.max_w_per_cm2"), Preference::None); // a plugin's

        const std::vector<Metric> before{
            {"thermal.tj_max_c", 80, "°C"},       {"perf.tokens_per_s", 500, "tokens/s"},
            {"thermal.solver.iterations", 7, ""}, {"cost.package_usd", 1000, "USD"},
            {"power.total_w", 100, "W"},          {"old.metric", 1, ""},
            {"cost.silicon_usd", 100, "USD"}};
        const std::vector<Metric> after{{"thermal.tj_max_c", 75, "°C"},
                                        {"perf.tokens_per_s", 450, "tokens/s"},
                                        {"thermal.solver.iterations", 9, ""},
                                        {"cost.package_usd", 1000 * (1 + 5e-7), "USD"},
                                        {"power.total_w", 100, "kW"},
                                        {"new.metric", 2, ""},
                                        {"cost.silicon_usd", 100 * (1 + 2e-6), "USD"}};
        const std::vector<MetricChange> c = compareMetrics(before, after);
        QCOMPARE(c.size(), std::size_t{8});
        QCOMPARE(find(c, "thermal.tj_max_c")->verdict, 1);
        QCOMPARE(find(c, "thermal.tj_max_c")->delta(), -5.0);
        QCOMPARE(find(c, "thermal.tj_max_c")->relative(), -5.0 / 80);
        QCOMPARE(find(c, "perf.tokens_per_s")->verdict, -1);
        QCOMPARE(find(c, "thermal.solver.iterations")->verdict, 0);
        QVERIFY(find(c, "thermal.solver.iterations")->changed());
        QVERIFY(!find(c, "cost.package_usd")->changed()); // within the solvers' tolerance
        QVERIFY(find(c, "cost.silicon_usd")->changed());
        QCOMPARE(find(c, "cost.silicon_usd")->verdict, -1);
        QVERIFY(find(c, "power.total_w")->unitChanged()); // not compared across units
        QCOMPARE(find(c, "power.total_w")->verdict, 0);
        QVERIFY(!find(c, "new.metric")->in_before && find(c, "new.metric")->changed());
        QVERIFY(!find(c, "old.metric")->in_after && find(c, "old.metric")->changed());
        QCOMPARE(c.back().name, std::string("old.metric")); // removed ones last
        QVERIFY(std::isinf(MetricChange{"x", "", "", true, true, 0, 1, 0}.relative()));
    }

    void regressionGateIsRulesOnTheBaseline() {
        // 5 % worse at most: Tj 80 -> 85 °C fails (84 allowed), tokens/s 500 -> 480 passes (475),
        // a metric without a better direction is not gated, a gated one no longer produced fails.
        const std::vector<Metric> baseline{{"thermal.tj_max_c", 80, "°C"},
                                           {"perf.tokens_per_s", 500, "tokens/s"},
                                           {"thermal.solver.iterations", 7, ""},
                                           {"cost.package_usd", 1000, "USD"}};
        const std::vector<CheckRule> rules = regressionRules(baseline, 0.05);
        QCOMPARE(rules.size(), std::size_t{3});
        QCOMPARE(rules[0].comparison, std::string("<="));
        QCOMPARE(rules[0].threshold, 84.0);
        QCOMPARE(rules[1].comparison, std::string(">="));
        QCOMPARE(rules[1].threshold, 475.0);
        EvalResult after;
        after.metrics = {{"thermal.tj_max_c", 85, "°C"}, {"perf.tokens_per_s", 480, "tokens/s"}};
        const std::vector<RuleOutcome> out = checkRules(rules, after);
        QVERIFY(!out[0].passed && out[1].passed && !out[2].passed && out[2].missing);
    }

    void betterCoolingIsBetterWhereverTemperatureMatters() {
        // An independent check of the table on the real pipeline: halving the sink's resistance
        // can only lower temperatures, leakage and failure rates; the workload's speed, which
        // does not depend on temperature here, stays.
        const Design before = test::loadExample("gpu-2.5d");
        Design after = before;
        QVERIFY(after.cooling.r_k_w.has_value());
        *after.cooling.r_k_w /= 2;
        const std::vector<MetricChange> c =
            compareMetrics(evaluateAll(before).metrics, evaluateAll(after).metrics);
        for (const char* name :
             {"thermal.tj_max_c", "thermal.rja_k_per_w", "power.leakage_w", "power.total_w",
              "reliability.system_fit", "reliability.mttf_years", "cost.usd_per_mtoken"})
            QVERIFY2(find(c, name) && find(c, name)->verdict == 1, name);
        for (const char* name : {"perf.tokens_per_s", "perf.ttft_s", "cost.package_usd"})
            QVERIFY2(find(c, name) && !find(c, name)->changed(), name);
        for (const MetricChange& m : c)
            QVERIFY2(m.verdict >= 0, m.name.c_str()); // nothing gets worse
    }

    void savedEvaluationReadsBack() {
        const EvalResult r = evaluateAll(test::loadExample("chiplet-mcm"));
        const EvalResultLoad back =
            parseEvalResult(evalResultToJson(r, "d.strata.json", "mcm"), "x");
        QVERIFY(back.ok());
        QCOMPARE(back.design_name, std::string("mcm"));
        QCOMPARE(back.result->evaluated, r.evaluated);
        QCOMPARE(back.result->metrics.size(), r.metrics.size());
        for (const MetricChange& c : compareMetrics(r.metrics, back.result->metrics))
            QVERIFY2(!c.changed(), c.name.c_str()); // JSON keeps every digit

        const auto firstProblem = [](const std::string& text) {
            const EvalResultLoad load = parseEvalResult(text, "base.json");
            return load.ok() || load.diagnostics.empty()
                       ? std::string("(none)")
                       : load.diagnostics[0].code + " " + load.diagnostics[0].pointer;
        };
        QCOMPARE(firstProblem(R"({"format": "strata-design", "schema": 1})"),
                 std::string("IO-0004 /format"));
        QCOMPARE(firstProblem(R"({"format": "strata-eval"})"), std::string("IO-0009 /metrics"));
        QCOMPARE(firstProblem(R"({"format": "strata-eval", "metrics": [{"name": "a"}]})"),
                 std::string("IO-0007 /metrics/0/value"));
        QCOMPARE(firstProblem(R"({"format": "strata-eval", "metrics": [{"value": 1}]})"),
                 std::string("IO-0007 /metrics/0/name"));
        QCOMPARE(firstProblem(R"({"format": "strata-eval", "metrics": {}})"),
                 std::string("IO-0007 /metrics"));
        QCOMPARE(firstProblem(R"({"format": "strata-eval", "metrics": [)"),
                 std::string("IO-0002 /metrics/0"));
        QCOMPARE(firstProblem(R"({"format": "strata-eval", "metrics": []})"),
                 std::string("(none)"));
        QCOMPARE(loadEvalResultFile(test::tempDir() + "/missing.json").diagnostics[0].code,
                 std::string("IO-0001"));
    }
};

QTEST_GUILESS_MAIN(TestComparison)
#include "test_comparison.moc"
