// Power from activity and leakage coupled to temperature: energy conservation through the
// pipeline (blocks = total = the thermal model's heat input), the dynamic power by hand for a
// known activity, monotonicity with ambient temperature, fixed-power mode, and thermal runaway on
// a deliberately under-cooled design.
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "power/power_model.h"
#include "test_support.h"
#include "thermal/builder.h"

#include <QTest>

#include <algorithm>

#include <cmath>

using namespace strata;

namespace {
EvalResult run(const Design& d, std::map<std::string, std::string> options = {},
               std::vector<std::string> only = {}) {
    EvaluatorRegistry reg;
    registerBuiltinEvaluators(reg);
    EvalOptions o;
    o.values = std::move(options);
    o.only = std::move(only);
    return evaluate(reg, {d, test::shippedLibrary(), o, nullptr, nullptr});
}

// Power set-up of a design for the given activity (from_activity set), on its default-resolution
// thermal model.
power::PowerSetup setUp(const Design& d, power::PowerInputs in) {
    const thermal::BuildResult built = thermal::buildModel(d, test::shippedLibrary(), {});
    if (!built.ok)
        qFatal("the thermal model of %s did not build", d.name.c_str());
    in.from_activity = true;
    return power::setUpPower(d, test::shippedLibrary(), built.model, in);
}

double value(const EvalResult& r, const std::string& name) {
    const Metric* m = r.metric(name);
    if (!m)
        qFatal("metric %s missing", name.c_str());
    return m->value;
}
} // namespace

class TestPower : public QObject {
    Q_OBJECT
private slots:
    void blockPowersAddUpAndHeatTheThermalModel() {
        const EvalResult r = run(test::loadExample("gpu-2.5d"), {{"thermal.resolution", "coarse"}});
        double blocks = 0;
        for (const Metric& m : r.metrics)
            if (m.name.rfind("power.block.", 0) == 0)
                blocks += m.value;
        const double total = value(r, "power.total_w");
        QVERIFY(total > 0);
        QVERIFY(std::fabs(blocks - total) <= 1e-9 * total);
        QVERIFY(std::fabs(value(r, "power.dynamic_w") + value(r, "power.leakage_w") - total) <=
                1e-9 * total);
        // The thermal evaluator takes the converged powers: its heat input is the same.
        QVERIFY(std::fabs(value(r, "thermal.power_w") - total) <= 1e-9 * total);
        QVERIFY(value(r, "power.leakage_iterations") >= 2);
        QVERIFY(value(r, "power.energy_per_token_j") == total / value(r, "perf.tokens_per_s"));
    }
    void dynamicPowerFromActivityByHand() {
        const Library& lib = test::shippedLibrary();
        power::PowerInputs in;
        in.activity["gpu0"] = {2e14, 1e12, 1e12}; // 1e14 MAC/s, 1e12 vector op/s, 1 TB/s of L2
        const power::PowerSetup s = setUp(test::loadExample("gpu-2.5d"), in);
        const NodeEnergy* n7 = lib.energy("n7");
        QVERIFY(n7);
        const double compute = 1e14 * n7->mac_j.at("bf16") + 1e12 * n7->vector_flop_j;
        QVERIFY(std::fabs(s.compute_w - compute) < 1e-9 * compute);
        QVERIFY(std::fabs(s.onchip_w - 1e12 * n7->global_buffer_j_per_byte) < 1e-9);
        double dynamic = 0, leakRef = 0, area = 0;
        for (const power::SourcePower& p : s.sources)
            if (p.die_id == "gpu0") {
                dynamic += p.dynamic_w;
                leakRef += p.leakage_ref_w;
                area += p.area_m2;
            }
        QVERIFY(std::fabs(dynamic - (compute + s.onchip_w + s.idle_w)) < 1e-9 * dynamic);
        QVERIFY(std::fabs(leakRef - n7->leakage_w_per_m2 * area) < 1e-9 * leakRef);
        // Leakage at T: density x area x exp(beta (T - T_ref)).
        const power::SourcePower& first = s.sources.front();
        QVERIFY(std::fabs(first.leakageAt(first.ref_k + 50) -
                          first.leakage_ref_w * std::exp(50 * first.beta_per_k)) < 1e-12);
    }
    void idleClockPowerScalesWithTheClock() {
        // P = C V^2 f for the clock tree: twice the type's clock, twice the idle power.
        Design d = test::loadExample("gpu-2.5d");
        const double nominal = setUp(d, {}).idle_w;
        QVERIFY(nominal > 0);
        d.stacks[0].tiers[0].die.frequency_hz =
            2 * test::shippedLibrary().chiplet("gpu-large")->frequency_hz;
        const double doubled = setUp(d, {}).idle_w;
        QVERIFY(std::fabs(doubled - 2 * nominal) < 1e-9 * nominal);
    }
    void memoryAccessEnergyByHandAndMarkedAssumed() {
        // 100 GB/s over one HBM link: the HBM3 stack's access energy (the HBM2 figure, which
        // includes the I/O, assumed for HBM3) and no second charge for the HBM PHY.
        power::PowerInputs in;
        in.link_Bps["link_hbm_w0"] = 100e9;
        const power::PowerSetup s = setUp(test::loadExample("gpu-2.5d"), in);
        QVERIFY(std::fabs(s.memory_w - 8 * 100e9 * 3.48e-12) < 1e-9);
        QCOMPARE(s.link_w, 0.0);
        const auto assumed = std::find_if(s.diagnostics.begin(), s.diagnostics.end(),
                                          [](const Diagnostic& x) { return x.code == "POW-0009"; });
        QVERIFY(assumed != s.diagnostics.end());
        QCOMPARE(assumed->object_ids, std::vector<std::string>{"hbm_w0"});
        QVERIFY(!test::hasCode(s.diagnostics, "POW-0004"));
    }
    void warmerAmbientMeansMoreLeakageAndHotterDies() {
        Design d = test::loadExample("gpu-2.5d");
        const EvalResult cool = run(d, {{"thermal.resolution", "coarse"}});
        d.cooling.ambient_k += 20;
        const EvalResult warm = run(d, {{"thermal.resolution", "coarse"}});
        QVERIFY(value(warm, "power.leakage_w") > value(cool, "power.leakage_w"));
        QVERIFY(value(warm, "thermal.tj_max_c") > value(cool, "thermal.tj_max_c") + 20);
        QCOMPARE(value(warm, "power.dynamic_w"), value(cool, "power.dynamic_w"));
    }
    void fixedModeUsesTheGivenBlockPowers() {
        const Design d = test::loadExample("gpu-2.5d");
        const EvalResult r = run(d, {{"power.mode", "fixed"}}, {"power"});
        double library = 0;
        for (const DieRef& ref : allDies(d))
            library += test::shippedLibrary().chiplet(ref.tier->die.type)->power_w;
        QVERIFY(std::fabs(value(r, "power.total_w") - library) < 1e-9 * library);
        QCOMPARE(value(r, "power.leakage_w"), 0.0);
        QVERIFY(test::hasCode(r.diagnostics, "POW-0001"));
    }
    void underCooledDesignRunsAway() {
        Design d = test::loadExample("gpu-2.5d");
        d.cooling.r_k_w = 5.0; // a fanless sink for a GPU: leakage outruns the cooling
        const EvalResult r = run(d, {{"thermal.resolution", "coarse"}}, {"perf", "power"});
        QVERIFY(test::hasCode(r.diagnostics, "POW-0003"));
        QVERIFY(!r.metric("power.total_w"));
        for (const Diagnostic& diag : r.diagnostics)
            if (diag.code == "POW-0003")
                QVERIFY2(diag.message.find("°C") != std::string::npos, diag.message.c_str());
    }
    void unmodellablePackageIsExplainedWithoutTheThermalEvaluator() {
        // --only power: the thermal evaluator does not run, so its THM- cause is quoted here.
        Design d = test::loadExample("gpu-2.5d");
        d.stacks[0].tiers[0].die.thickness_m = 10e-6;
        const EvalResult r = run(d, {{"thermal.resolution", "coarse"}}, {"perf", "power"});
        const auto e = std::find_if(r.diagnostics.begin(), r.diagnostics.end(),
                                    [](const Diagnostic& x) { return x.code == "POW-0008"; });
        QVERIFY(e != r.diagnostics.end());
        QVERIFY2(e->message.find("THM-0003") != std::string::npos, e->message.c_str());
        QCOMPARE(e->pointer, std::string("/stacks/0/tiers/0/die/thickness_um"));
    }
    void hopelessCoolingIsRefusedBeforeTheLeakageLoop() {
        // 1e-9 W/m²K: even the power at ambient is 1e13 K over ambient. Said at once, not after a
        // solve that cannot converge (the message used to quote 191436 °C from a diverged field).
        Design d = test::loadExample("gpu-2.5d");
        d.cooling.r_k_w.reset();
        d.cooling.secondary_r_k_w.reset();
        d.cooling.h_w_m2k = 1e-9;
        const EvalResult r = run(d, {{"thermal.resolution", "coarse"}}, {"perf", "power"});
        const auto e = std::find_if(r.diagnostics.begin(), r.diagnostics.end(),
                                    [](const Diagnostic& x) { return x.code == "POW-0003"; });
        QVERIFY(e != r.diagnostics.end());
        QVERIFY2(e->message.find("cannot carry even the power at ambient") != std::string::npos,
                 e->message.c_str());
        QCOMPARE(e->pointer, std::string("/cooling"));
        QVERIFY(!r.metric("power.total_w"));
    }
};

QTEST_APPLESS_MAIN(TestPower)
#include "test_power.moc"
