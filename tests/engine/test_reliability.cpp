// RAMP reliability: the FIT budget at the qualification point, acceleration against the closed
// forms at two temperatures, monotonicity through the whole pipeline (warmer ambient -> hotter
// dies -> more leakage -> shorter life), the stress-migration model flagged past its peak, and bump
// fatigue only with cited user parameters.
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "model/design_io.h"
#include "reliability/ramp.h"
#include "test_support.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace strata;
using namespace strata::reliability;

namespace {
EvalResult run(const Design& d, std::map<std::string, std::string> options = {}) {
    EvaluatorRegistry reg;
    registerBuiltinEvaluators(reg);
    EvalOptions o;
    o.values = std::move(options);
    o.values["thermal.resolution"] = "coarse";
    return evaluate(reg, {d, test::shippedLibrary(), o, nullptr, nullptr});
}
} // namespace

class TestReliability : public QObject {
    Q_OBJECT
private slots:
    void qualificationPointMeetsTheBudget() {
        const RampConstants c;
        for (Mechanism m : kMechanisms) {
            QVERIFY(std::fabs(structureFit(m, c.qualification_k, c.qualification_ambient_k, 1) -
                              800) < 1e-9);
            QVERIFY(std::fabs(structureFit(m, c.qualification_k, c.qualification_ambient_k, 0.25) -
                              200) < 1e-9);
        }
        // 4 x 800 FIT -> 1e9 / 3200 h = 35.7 years; RAMP's five mechanisms give 28.5 years.
        QVERIFY(std::fabs(mttfYears(4000) - 1e9 / 4000 / 8766) < 1e-12);
    }
    void everyBlockIsCountedOnce() {
        // Conservation over the examples: one FIT per block that has a temperature, the dies'
        // FITs add up to the blocks', the system's to the dies'. (chiplet-mcm counted 7 of its 14
        // blocks while the evaluator read the metrics it was appending to: system FIT 11605
        // instead of 21253.)
        for (const char* name : {"gpu-2.5d", "chiplet-mcm", "sram-on-logic-3d"}) {
            const EvalResult r = run(test::loadExample(name));
            int temperatures = 0, fits = 0;
            double blocks = 0, dies = 0;
            for (const Metric& m : r.metrics) {
                const auto endsWith = [&](const std::string& tail) {
                    return m.name.size() > tail.size() &&
                           m.name.compare(m.name.size() - tail.size(), tail.size(), tail) == 0;
                };
                if (m.name.rfind("thermal.block.", 0) == 0 && endsWith(".mean_c"))
                    ++temperatures;
                if (m.name.rfind("reliability.block.", 0) == 0 && endsWith(".fit")) {
                    ++fits;
                    blocks += m.value;
                }
                if (m.name.rfind("reliability.die.", 0) == 0 && endsWith(".fit"))
                    dies += m.value;
            }
            QVERIFY2(temperatures > 2 && fits == temperatures, name);
            const double system = r.metric("reliability.system_fit")->value;
            QVERIFY2(std::fabs(dies - blocks) <= 1e-9 * blocks, name);
            QVERIFY2(std::fabs(system - dies) <= 1e-9 * dies, name);
        }
    }
    void accelerationMatchesTheClosedForms() {
        const double k = 8.617e-5, tq = 345, t = 375, amb = 318.15;
        QVERIFY(std::fabs(accelerationFactor(Mechanism::Electromigration, t, amb) -
                          std::exp(0.9 / k * (1 / tq - 1 / t))) < 1e-12);
        QVERIFY(std::fabs(accelerationFactor(Mechanism::StressMigration, t, amb) -
                          std::pow((500 - t) / (500 - tq), 2.5) *
                              std::exp(0.9 / k * (1 / tq - 1 / t))) < 1e-12);
        QVERIFY(std::fabs(accelerationFactor(Mechanism::ThermalCycling, t, amb) -
                          std::pow((t - amb) / (tq - amb), 2.35)) < 1e-12);
        auto tddb = [&](double T) { return (0.759 - 66.8 / T - 8.37e-4 * T) / (k * T); };
        QVERIFY(std::fabs(accelerationFactor(Mechanism::Tddb, t, amb) -
                          std::exp(tddb(tq) - tddb(t))) < 1e-12);
        // Hotter is always worse; no swing, no cycling wear.
        for (Mechanism m : kMechanisms)
            QVERIFY(accelerationFactor(m, 360, amb) > accelerationFactor(m, 350, amb));
        QCOMPARE(accelerationFactor(Mechanism::ThermalCycling, amb, amb), 0.0);
    }
    void stressMigrationPastItsPeakIsFlagged() {
        // The model's fastest wear is where d ln MTTF / dT = 0: the acceleration is largest there
        // and falls on both sides (the model's own shape, not physics above it).
        const double peak = stressMigrationPeakK(), amb = 318.15;
        QVERIFY2(std::fabs(peak - 451.2) < 0.5, qPrintable(QString::number(peak)));
        const double at = accelerationFactor(Mechanism::StressMigration, peak, amb);
        QVERIFY(at > accelerationFactor(Mechanism::StressMigration, peak - 2, amb));
        QVERIFY(at > accelerationFactor(Mechanism::StressMigration, peak + 2, amb));
        QCOMPARE(accelerationFactor(Mechanism::StressMigration, 500, amb), 0.0);
        // A normal design is not flagged; one cooled by still air (blocks far above 178 °C) is.
        Design d = test::loadExample("chiplet-mcm");
        QVERIFY(!test::hasCode(run(d).diagnostics, "REL-0004"));
        d.cooling.r_k_w.reset();
        d.cooling.h_w_m2k = 300.0;
        const EvalResult hot = run(d);
        QVERIFY(hot.metric("thermal.tj_max_c")->value > peak - 273.15);
        const auto said = std::find_if(hot.diagnostics.begin(), hot.diagnostics.end(),
                                       [](const Diagnostic& x) { return x.code == "REL-0004"; });
        QVERIFY(said != hot.diagnostics.end());
        QVERIFY2(said->message.find("178 °C") != std::string::npos, said->message.c_str());
    }
    void warmerAmbientShortensLife() {
        Design d = test::loadExample("gpu-2.5d");
        const EvalResult cool = run(d);
        d.cooling.ambient_k += 15;
        const EvalResult warm = run(d);
        QVERIFY(warm.metric("reliability.system_fit")->value >
                cool.metric("reliability.system_fit")->value);
        QVERIFY(warm.metric("reliability.mttf_years")->value <
                cool.metric("reliability.mttf_years")->value);
        double dies = 0;
        for (const Metric& m : cool.metrics)
            if (m.name.rfind("reliability.die.", 0) == 0)
                dies += m.value;
        QVERIFY(std::fabs(dies - cool.metric("reliability.system_fit")->value) < 1e-9 * dies);
        QVERIFY(test::hasCode(cool.diagnostics, "REL-0100"));
    }
    void bumpFatigueNeedsCitedParameters() {
        Design d = test::loadExample("gpu-2.5d");
        QVERIFY(test::hasCode(run(d).diagnostics, "REL-0002"));
        // The parameters live in the design's "reliability" section and survive a save.
        DesignLoad withInputs =
            parseDesign(designToJsonText(d).insert(1, R"("reliability": {"bump_exponent": 2,
                "bump_cycles_ref": 1000, "bump_delta_t_ref_k": 100, "cycles_per_day": 2},)"),
                        "fatigue.strata.json");
        QVERIFY(withInputs.ok());
        d = *withInputs.design;
        QCOMPARE(*d.reliability.bump_delta_t_ref_k, 100.0);
        QVERIFY(test::hasCode(run(d).diagnostics, "REL-0003")); // no source given
        d.reliability.bump_source = "JEDEC JESD22-A104 qualification of this bump, 1000 cycles";
        const DesignLoad again = parseDesign(designToJsonText(d), "again.strata.json");
        QVERIFY(again.ok() && *again.design == d);
        const EvalResult r = run(d);
        const double mean = r.metric("thermal.die.gpu0.mean_c")->value + 273.15;
        const double cycles = 1000 * std::pow(100 / (mean - d.cooling.ambient_k), 2);
        QVERIFY(std::fabs(r.metric("reliability.bump.gpu0.cycles_to_failure")->value - cycles) <
                1e-9 * cycles);
        // A negative exponent is refused at load, naming the field.
        const DesignLoad bad =
            parseDesign(designToJsonText(test::loadExample("gpu-2.5d"))
                            .insert(1, R"("reliability": {"bump_exponent": -2},)"),
                        "bad.strata.json");
        QVERIFY(!bad.ok());
        QVERIFY(format(bad.diagnostics.front()).find("/reliability/bump_exponent") !=
                std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestReliability)
#include "test_reliability.moc"
