// Cost model: the worked examples of constants.md §6 within 0.5 %, the chip-last bookkeeping
// against its closed form, 3D bond yield, the monolithic comparison and error cases.
#include "cost/package_cost.h"
#include "cost/tco.h"
#include "cost/wafer.h"
#include "cost/yield.h"
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "model/property_path.h"
#include "test_support.h"

#include <QTest>

#include <cmath>

using namespace strata;

namespace {
constexpr double kMm2 = 1e-6;
void near(double actual, double expected, double rel, const char* what) {
    const double err = std::fabs(actual - expected) / std::fabs(expected);
    if (err > rel)
        QFAIL(QString("%1: got %2, expected %3 (%4 % off)")
                  .arg(what)
                  .arg(actual)
                  .arg(expected)
                  .arg(err * 100)
                  .toUtf8());
}
double metric(const EvalResult& r, const std::string& name) {
    const Metric* m = r.metric(name);
    if (!m)
        throw std::runtime_error("missing metric " + name);
    return m->value;
}
EvalResult run(const Design& d, EvalOptions opts = {}) {
    EvaluatorRegistry reg;
    registerBuiltinEvaluators(reg);
    return evaluate(reg, {d, test::shippedLibrary(), std::move(opts), nullptr, nullptr});
}
} // namespace

class TestCost : public QObject {
    Q_OBJECT
private slots:
    // constants.md §6 "Worked examples from Actuary constants": 300 mm wafer, 0.2 mm scribe,
    // 5 mm edge, alpha 10, square dies.
    void goldenYields_data() {
        QTest::addColumn<QString>("node");
        QTest::addColumn<QString>("model");
        QTest::addColumn<double>("area_mm2");
        QTest::addColumn<double>("expected");
        const double areas[] = {100, 400, 800};
        const struct {
            const char* node;
            const char* model;
            double y[3];
        } rows[] = {{"n7", "negative_binomial", {0.914, 0.702, 0.499}},
                    {"n7", "poisson", {0.914, 0.698, 0.487}},
                    {"n7", "murphy", {0.915, 0.705, 0.508}},
                    {"n5", "negative_binomial", {0.896, 0.650, 0.430}},
                    {"n3", "negative_binomial", {0.820, 0.463, 0.227}}};
        for (const auto& row : rows)
            for (int i = 0; i < 3; ++i)
                QTest::addRow("%s %s %g mm2", row.node, row.model, areas[i])
                    << row.node << row.model << areas[i] << row.y[i];
    }
    void goldenYields() {
        QFETCH(QString, node);
        QFETCH(QString, model);
        QFETCH(double, area_mm2);
        QFETCH(double, expected);
        const TechNode* t = test::shippedLibrary().technology(node.toStdString());
        QVERIFY(t);
        const double y = dieYield(*parseYieldModel(model.toStdString()), area_mm2 * kMm2,
                                  t->d0_per_m2, t->alpha);
        near(y, expected, 0.005, "yield");
    }
    void goldenDiesPerWaferAndKgd() {
        const Library& lib = test::shippedLibrary();
        const double areas[] = {100, 400, 800};
        const double dpw[] = {571.7, 130.0, 58.8};
        const struct {
            const char* node;
            double kgd[3];
        } rows[] = {{"n7", {17.9, 102.4, 318.6}},
                    {"n5", {33.1, 201.0, 671.6}},
                    {"n3", {64.0, 498.3, 2251}}};
        for (int i = 0; i < 3; ++i) {
            const double side = std::sqrt(areas[i] * kMm2);
            const TechNode* n7 = lib.technology("n7");
            const double n =
                diesPerWafer(side, side, n7->wafer_diameter_m, n7->edge_loss_m, n7->scribe_m);
            near(n, dpw[i], 0.005, "dies per wafer");
            for (const auto& row : rows) {
                const TechNode* t = lib.technology(row.node);
                const double y =
                    dieYield(YieldModel::NegativeBinomial, areas[i] * kMm2, t->d0_per_m2, t->alpha);
                near(knownGoodDieCost(t->wafer_usd, n, y), row.kgd[i], 0.005, row.node);
            }
        }
    }
    void yieldModelsAgreeAtSmallAreaAndFallWithArea() {
        for (YieldModel m : {YieldModel::NegativeBinomial, YieldModel::Poisson, YieldModel::Murphy,
                             YieldModel::Seeds}) {
            QCOMPARE(dieYield(m, 0, 900, 10), 1.0);
            near(dieYield(m, 1e-8, 900, 10), 1 - 1e-8 * 900, 1e-6, yieldModelName(m));
            QVERIFY(dieYield(m, 400 * kMm2, 900, 10) < dieYield(m, 100 * kMm2, 900, 10));
        }
        // Negative binomial tends to Poisson as clustering vanishes (alpha -> infinity).
        near(dieYield(YieldModel::NegativeBinomial, 4e-4, 900, 1e7), std::exp(-4e-4 * 900), 1e-6,
             "NB limit");
    }
    void organicPackageMatchesClosedForm() {
        // Without a carrier: package = (chips + substrate) / y2, y2 = bond_yield^n (expanding the
        // Actuary terms: defect = substrate (1/y2 - 1), wasted = chips (1/y2 - 1)).
        const Design d = test::loadExample("chiplet-mcm");
        const EvalResult r = run(d);
        const double y2 = std::pow(0.99, 5);
        near(metric(r, "cost.package_usd"),
             (metric(r, "cost.silicon_usd") + metric(r, "cost.substrate_usd")) / y2, 1e-12,
             "organic closed form");
        near(metric(r, "cost.substrate_usd"), 50 * 45 * 0.01, 1e-12, "substrate = area x price");
        near(metric(r, "cost.package_yield"), y2, 1e-12, "package yield");
    }
    void interposerPackageMatchesClosedForm() {
        // With a carrier: package = chips/(y2 y3) + interposer/(y1 y2 y3) + substrate/y3.
        const Design d = test::loadExample("gpu-2.5d");
        const EvalResult r = run(d);
        const double y1 = metric(r, "cost.interposer_yield"), y2 = std::pow(0.95, 7), y3 = 0.99;
        const double expected = metric(r, "cost.silicon_usd") / (y2 * y3) +
                                metric(r, "cost.interposer_usd") / (y1 * y2 * y3) +
                                metric(r, "cost.substrate_usd") / y3;
        near(metric(r, "cost.package_usd"), expected, 1e-12, "interposer closed form");
        // Interposer: a 56 x 37 mm die on the si_interposer node (D0 0.06/cm², alpha 6).
        near(y1, std::pow(1 + 20.72 * 0.06 / 6, -6), 1e-9, "interposer yield");
        near(metric(r, "cost.substrate_usd"), 56 * 37 * 4 * 0.01, 1e-12, "derived substrate");
        QVERIFY(
            test::hasCode(r.diagnostics, "COST-0003")); // larger than a reticle: said, not hidden
        near(metric(r, "cost.die.hbm_w0.kgd_usd"), 200, 1e-12, "purchased part at its price");
    }
    void stackedTierBondYield() {
        const Design d = test::loadExample("sram-on-logic-3d");
        const EvalResult r = run(d);
        const double pads = 6.5 * 6.5 / (0.009 * 0.009); // overlap area / pitch²
        near(metric(r, "cost.stack.soc.bond_yield"), 0.999 * std::pow(0.999999, pads), 1e-9,
             "bond yield");
        Design given = d;
        QCOMPARE(strata::setProperty(given, "stacks[soc].tiers[1].bond.yield", 0.98),
                 std::string());
        near(metric(run(given), "cost.stack.soc.bond_yield"), 0.98, 1e-12, "user bond yield");
        QVERIFY(metric(run(given), "cost.package_usd") < metric(r, "cost.package_usd"));
    }
    void monolithicComparison() {
        const Design d = test::loadExample("chiplet-mcm");
        const EvalResult r = run(d);
        near(metric(r, "cost.monolithic.area_mm2"), 4 * 100 + 300, 1e-9, "area");
        // Monolithic at the largest die's node (io-die: n14, 300 mm²).
        const TechNode* n14 = test::shippedLibrary().technology("n14");
        near(metric(r, "cost.monolithic.yield"),
             dieYield(YieldModel::NegativeBinomial, 700 * kMm2, n14->d0_per_m2, 10), 1e-12,
             "monolithic yield");
        near(metric(r, "cost.monolithic.saving_usd"),
             metric(r, "cost.monolithic.kgd_usd") - metric(r, "cost.monolithic.chiplet_kgd_usd"),
             1e-12, "saving");
    }
    void yieldModelOption() {
        const Design d = test::loadExample("chiplet-mcm");
        EvalOptions murphy;
        murphy.values["cost.yield_model"] = "murphy";
        const double nb = metric(run(d), "cost.die.io0.yield");
        const double mu = metric(run(d, murphy), "cost.die.io0.yield");
        QVERIFY(nb != mu);
        EvalOptions bad;
        bad.values["cost.yield_model"] = "optimistic";
        const EvalResult r = run(d, bad);
        QVERIFY(test::hasCode(r.diagnostics, "COST-0006"));
        QVERIFY(!r.metric("cost.package_usd"));
    }
    void costRespondsToInputs() {
        Design d = test::loadExample("chiplet-mcm");
        const double base = metric(run(d), "cost.package_usd");
        QCOMPARE(strata::setProperty(d, "stacks[cc_north].tiers[0].die.width_mm", 14.0),
                 std::string());
        QVERIFY(metric(run(d), "cost.package_usd") > base); // bigger die, higher cost
        QCOMPARE(strata::setProperty(d, "package.assembly_usd", 25.0), std::string());
        QCOMPARE(strata::setProperty(d, "package.substrate_usd_per_mm2", 0.0), std::string());
        const EvalResult r = run(d);
        near(metric(r, "cost.assembly_usd"), 25, 1e-12, "assembly");
        QCOMPARE(metric(r, "cost.substrate_usd"), 0.0);
    }
    void bridgePackagesAreRefusedNotGuessed() {
        Design d = test::loadExample("gpu-2.5d");
        QCOMPARE(strata::setProperty(d, "package.kind", std::string("bridge")), std::string());
        const EvalResult r = run(d);
        QVERIFY(test::hasCode(r.diagnostics, "COST-0004"));
        QVERIFY(!r.metric("cost.package_usd"));
    }
    void assumptionsAreListed() {
        const EvalResult r = run(test::loadExample("gpu-2.5d"));
        auto it = std::find_if(r.diagnostics.begin(), r.diagnostics.end(),
                               [](const Diagnostic& x) { return x.code == "COST-0101"; });
        QVERIFY(it != r.diagnostics.end());
        QVERIFY(it->message.find("hbm3-stack.unit_usd") != std::string::npos);
    }
    void tcoByHand() {
        Tco t;
        t.packages = 10;
        t.system_overhead_usd = 5000;
        t.lifetime_s = 4 * 365.25 * 86400;
        t.electricity_usd_per_j = 0.1 / 3.6e6; // 0.1 USD/kWh
        t.pue = 1.5;
        t.utilization = 0.5;
        const TcoResult r = computeTco(t, 2000, 300, 1000);
        QCOMPARE(r.capex_usd, 25000.0);
        QVERIFY(std::fabs(r.capex_usd_per_year - 6250) < 1e-9);
        const double kwh = 0.3 * 10 * 1.5 * 8766 * 0.5; // kW x packages x PUE x h x utilisation
        QVERIFY(std::fabs(r.energy_usd_per_year - kwh * 0.1) < 1e-6);
        const double tokens = 1000.0 * 10 * 0.5 * 8766 * 3600;
        QVERIFY(std::fabs(r.usd_per_mtoken - r.tco_usd_per_year / tokens * 1e6) < 1e-12);
        QCOMPARE(computeTco(t, 2000, 300, 0).usd_per_mtoken, 0.0); // no throughput, no price
    }
    void tcoThroughThePipeline() {
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        EvalOptions o;
        o.values["thermal.resolution"] = "coarse";
        const Design d = test::loadExample("gpu-2.5d");
        const EvalResult r = evaluate(reg, {d, test::shippedLibrary(), o, nullptr, nullptr});
        const TcoResult expected =
            computeTco(d.tco, r.metric("cost.package_usd")->value, r.metric("power.total_w")->value,
                       r.metric("perf.tokens_per_s")->value);
        QVERIFY(std::fabs(r.metric("cost.usd_per_mtoken")->value - expected.usd_per_mtoken) <
                1e-12);
        // Without power (only cost), no TCO and a note saying why.
        o.only = {"cost"};
        const EvalResult c = evaluate(reg, {d, test::shippedLibrary(), o, nullptr, nullptr});
        QVERIFY(!c.metric("cost.tco_usd_per_year") && test::hasCode(c.diagnostics, "COST-0008"));
        QVERIFY(c.metric("cost.package_usd"));
    }
};

QTEST_GUILESS_MAIN(TestCost)
#include "test_cost.moc"
