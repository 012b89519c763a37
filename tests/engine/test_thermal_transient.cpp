// Transients against independent references: the lumped RC response of a thin plate (second
// order in time), the steady state a long transient ends at (layered and multigrid solvers), and a
// transient started from the steady state. The steady solver: test_thermal.cpp.
#include "test_support.h"
#include "thermal/builder.h"
#include "thermal/results.h"
#include "thermal/solver.h"
#include "thermal/transient.h"
#include "thermal_cases.h"
#include "thermal_solve.h"

#include <QTest>

#include <cmath>

using namespace strata;
using namespace strata::thermal;

class TestThermalTransient : public QObject {
    Q_OBJECT
private slots:
    void transientFollowsTheLumpedRcResponseToSecondOrder() {
        // A thin copper plate heated uniformly, cooled by h on top: one time constant tau = R C.
        const std::vector<test::LayerSpec> layers{{"plate", 1e-3, 400, 3.4944e6}};
        const double side = 20e-3, h = 1e3, power = 10;
        Model m = test::layeredModel(4, side, layers, h, 0, side, power);
        const double A = side * side, C = 3.4944e6 * A * 1e-3;
        const double R =
            1 / (1 / (1e-3 / (2 * 400) + 1 / h)) / A; // h in series with half the plate
        const double tau = R * C;
        PowerTrace trace;
        trace.sources = {0};
        trace.times = {0.0, 5 * tau};
        trace.powers = {{power}, {power}};
        // The plate's cells are one RC each, all alike: each step must be the TR-BDF2 recurrence
        // of the lumped ODE C y' = P - y / R (coded here from its definition: a trapezoid to
        // t + gamma dt, then BDF2 through t, t + gamma dt, t + dt; gamma = 2 - sqrt 2), and the
        // error against the exponential must fall fourfold when the steps double (second order).
        const double gamma = 2 - std::sqrt(2.0);
        auto endError = [&](int steps) {
            const TransientResult tr = runTransient(m, trace, steps);
            const double dt = 5 * tau / steps;
            double y = 0;
            for (int s = 0; s < steps; ++s) {
                const double h = gamma * dt; // trapezoid: (y_g - y) / h = (f(y_g) + f(y)) / 2
                const double yg =
                    (y + h / 2 * (power / C - y / tau + power / C)) / (1 + h / 2 / tau);
                const double w = (1 - gamma) / (2 - gamma); // BDF2 with unequal spacing
                const double a = 1 / (gamma * (2 - gamma)), b = (1 - gamma) * (1 - gamma) * a;
                y = (a * yg - b * y + w * dt * power / C) / (1 + w * dt / tau);
                const double got = tr.source_max_k[static_cast<std::size_t>(s)][0] - m.ambient_k;
                if (std::fabs(got - y) > 1e-6 * power * R)
                    return std::nan("");
            }
            const double exact = power * R * (1 - std::exp(-5.0));
            return std::fabs(tr.source_max_k.back()[0] - m.ambient_k - exact) / exact;
        };
        const double coarse = endError(50), fine = endError(100);
        QVERIFY2(fine < 1e-5, qPrintable(QString::number(fine)));
        QVERIFY2(coarse / fine > 3.6 && coarse / fine < 4.4,
                 qPrintable(QString("%1 / %2").arg(coarse).arg(fine)));
    }
    void transientEndsAtTheSteadyState() {
        const auto layers = test::threeDieStack();
        const Model m = test::layeredModel(16, 16e-3, layers, 2e4, 5, 8e-3, 40);
        const auto steady = test::solveSteady(m);
        PowerTrace trace;
        trace.sources = {0};
        trace.times = {0.0, 200.0,
                       2000.0}; // a long soak (slowest time constant is tens of seconds)
        trace.powers = {{40}, {40}, {40}};
        const TransientResult tr = runTransient(m, trace, 200);
        QVERIFY(tr.max_iterations <= 1); // laterally uniform: the preconditioner is exact
        const double peakSteady = test::maxIn(m, steady, 5), peakEnd = test::maxIn(m, tr.theta, 5);
        QVERIFY2(std::fabs(peakEnd - peakSteady) < 1e-6 * peakSteady,
                 qPrintable(QString("%1 vs %2").arg(peakEnd).arg(peakSteady)));
    }
    void multigridTransientEndsAtTheSteadyState() {
        // Dies in mold with voids (the multigrid path): a power step soaked for long enough ends
        // where the steady solve is.
        const Model m = test::smallPackage(9, 7);
        const auto steady = test::solveSteady(m);
        PowerTrace soak;
        soak.sources = {0};
        soak.times = {0.0, 600.0};
        soak.powers = {{30}, {30}};
        const TransientResult tr = runTransient(m, soak, 600);
        const int layer = m.sources[0].layer;
        const double peakSteady = test::maxIn(m, steady, layer),
                     peakEnd = test::maxIn(m, tr.theta, layer);
        QVERIFY2(std::fabs(peakEnd - peakSteady) < 1e-6 * peakSteady,
                 qPrintable(QString("%1 vs %2").arg(peakEnd).arg(peakSteady)));
        // Each stage starts from the best combination of the last field and its last change
        // (transient.cpp). Measured with TR-BDF2 (two solves per step): the soak 41 iterations
        // over 1200 solves; a 0.1 s pulse and as long a cool-down in 100 steps 201 over 200. (With
        // backward Euler, one solve per step, 20 and 109; 25 and 159 from the last field alone.)
        QVERIFY2(tr.total_iterations <= 60, qPrintable(QString::number(tr.total_iterations)));
        PowerTrace pulse;
        pulse.sources = {0};
        pulse.times = {0.0, 0.1, 0.2};
        pulse.powers = {{30}, {0}, {0}};
        const TransientResult p = runTransient(m, pulse, 100);
        QVERIFY2(p.total_iterations <= 240, qPrintable(QString::number(p.total_iterations)));
    }
    void transientFromTheSteadyStateStaysThere() {
        // The steady state is a fixed point of both TR-BDF2 stages: started there, a trace that
        // keeps the first row's power leaves every step where it started (multigrid path, dies in
        // mold).
        Model m = test::smallPackage(9, 7);
        m.dies.push_back({"die", 1, 2e-3, 2e-3, 6e-3, 5e-3}); // for the peak maps
        PowerTrace hold;
        hold.sources = {0};
        hold.times = {0.0, 0.5, 1.0};
        hold.powers = {{30}, {30}, {30}};
        QCOMPARE(m.sources[0].power_w, 30.0);
        const std::vector<double> steady = test::solveSteady(m);
        const double rise = sourceTemperatures(m, steady)[0].max_k - m.ambient_k;
        const TransientResult tr = runTransient(m, hold, 20, nullptr, TransientStart::Steady);
        QCOMPARE(tr.steps, 20);
        QVERIFY2(std::fabs(tr.start_max_k[0] - m.ambient_k - rise) < 1e-6 * rise,
                 qPrintable(QString("%1 vs %2").arg(tr.start_max_k[0] - m.ambient_k).arg(rise)));
        for (const auto& step : tr.source_max_k)
            QVERIFY2(std::fabs(step[0] - tr.start_max_k[0]) < 1e-5 * rise,
                     qPrintable(QString("%1 vs %2").arg(step[0]).arg(tr.start_max_k[0])));
        QVERIFY(std::fabs(tr.peak_k[0] - tr.start_max_k[0]) < 1e-5 * rise);
        // From ambient the same trace starts cold: after 50 ms the source is well below its steady
        // rise, after 1 s (several time constants of this small package) within 1 % of it.
        const TransientResult cold = runTransient(m, hold, 20);
        QCOMPARE(cold.start_max_k[0], m.ambient_k);
        QVERIFY(cold.source_max_k.front()[0] - m.ambient_k < 0.8 * rise);
        QVERIFY(std::fabs(cold.source_max_k.back()[0] - m.ambient_k - rise) < 0.01 * rise);
        // Heating all the way, every cell of the die's layer peaks at the end.
        const std::size_t plane = m.cellsPerLayer();
        QCOMPARE(cold.peak_layers, std::vector<int>{1});
        for (std::size_t c = 0; c < plane; ++c)
            QCOMPARE(cold.peak_theta[0][c], cold.theta[plane + c]);
        // Power off at 0.5 s from the steady state: the start is the peak of the cool-down.
        PowerTrace off = hold;
        off.powers = {{30}, {0}, {0}};
        const TransientResult cooling = runTransient(m, off, 20, nullptr, TransientStart::Steady);
        QVERIFY(cooling.peak_k[0] >= cooling.start_max_k[0]);
        QVERIFY(cooling.peak_k[0] - cooling.start_max_k[0] < 1e-5 * rise); // held, then cooled
        QVERIFY(cooling.source_max_k.back()[0] < cooling.start_max_k[0] - 0.1 * rise);
        // Cooling after a hold at the steady state: every cell peaks at the start.
        for (std::size_t c = 0; c < plane; ++c)
            QVERIFY(std::fabs(cooling.peak_theta[0][c] - steady[plane + c]) < 1e-5 * rise);
        QCOMPARE(parseTransientStart("steady"), std::optional(TransientStart::Steady));
        QCOMPARE(parseTransientStart("ambient"), std::optional(TransientStart::Ambient));
        QVERIFY(!parseTransientStart("Steady"));
    }
};

QTEST_GUILESS_MAIN(TestThermalTransient)
#include "test_thermal_transient.moc"
