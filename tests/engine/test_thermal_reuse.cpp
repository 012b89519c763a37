// Reuse across solves of one operator, checked against independent answers: a power vector in
// the span of earlier ones needs no CG step and equals a cold solve; the kept solutions project in
// the energy norm (a dense SPD matrix and its LU solve); the solver cache hands a solver only to a
// solve of the same operator in the same scope.
#include "thermal/solution_basis.h"
#include "thermal/solver.h"
#include "thermal/solver_cache.h"
#include "thermal_cases.h"

#include <Eigen/Dense>
#include <QTest>

#include <cmath>

using namespace strata;
using namespace strata::thermal;

namespace {
// Two answers to one problem agree as two solves to the default tolerance can: every cell within
// twice the tolerance of its rise (a solve leaves at most ~1.2e-7 of the peak rise, solver.h).
bool agreeWithinTolerance(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t n = 0; n < b.size(); ++n)
        if (!(std::fabs(a[n] - b[n]) <= 2 * kSolveTolerance * std::fabs(b[n]) + 1e-12))
            return false;
    return true;
}
// A 1-D conduction chain of n nodes (a dense SPD matrix): conductance 10^((i * step) % span - 1)
// between nodes i and i + 1, decades apart, and 0.5 W/K from the last node to ambient; with its
// LU factors for exact solutions and its product as a SolutionBasis operator.
struct ConductionChain {
    int n;
    Eigen::MatrixXd A;
    Eigen::PartialPivLU<Eigen::MatrixXd> lu;
    SolutionBasis::Operator apply;
    ConductionChain(int nodes, int step, int span)
        : n(nodes), A(Eigen::MatrixXd::Zero(nodes, nodes)) {
        for (int i = 0; i + 1 < n; ++i) {
            const double g = std::pow(10.0, (i * step) % span - 1.0);
            A(i, i) += g;
            A(i + 1, i + 1) += g;
            A(i, i + 1) -= g;
            A(i + 1, i) -= g;
        }
        A(n - 1, n - 1) += 0.5; // the path to ambient
        lu.compute(A);
        apply = [this](const double* x, double* y) {
            Eigen::Map<Eigen::VectorXd>(y, n) = A * Eigen::Map<const Eigen::VectorXd>(x, n);
        };
    }
    ConductionChain(const ConductionChain&) = delete; // `apply` points at this one
    ConductionChain& operator=(const ConductionChain&) = delete;
};
} // namespace

class TestThermalReuse : public QObject {
    Q_OBJECT
private slots:
    void powerOnlyResolveStartsFromTheScaledLastField() {
        Model m = test::smallPackage(9, 7);
        m.sources.push_back({"warm", "die", 1, 1, 4e-3, 3e-3, 6e-3, 5e-3, 10});
        const Solver solver(m);
        std::vector<double> theta;
        QVERIFY(solver.solve(rasterisePower(m), theta).converged);
        const std::vector<double> before = theta;
        // One common factor: the scaled warm start is the answer, no CG step is needed.
        const SolveStats same = solver.solve(rasterisePower(m, {1.3 * 30, 1.3 * 10}), theta);
        QVERIFY(same.converged);
        QCOMPARE(same.iterations, 0);
        for (std::size_t n = 0; n < theta.size(); ++n)
            QVERIFY(std::fabs(theta[n] - 1.3 * before[n]) <= 1e-8 * 1.3 * before[n] + 1e-12);
        // Any other change still converges to what a cold solve gives.
        const std::vector<double> q = rasterisePower(m, {36, 2});
        std::vector<double> cold;
        QVERIFY(Solver(m).solve(q, cold).converged);
        const SolveStats other = solver.solve(q, theta);
        QVERIFY(other.converged && other.iterations > 0);
        QVERIFY(agreeWithinTolerance(theta, cold));
    }

    void resolveInTheSpanOfEarlierPowersNeedsNoStep() {
        // Two sources: after two independent power vectors every other one is a combination of
        // them, and the projection onto the earlier solutions is the answer: no CG step between
        // them (each kept solution's residual is within the tolerance, and so is a weighted mean
        // of them); beyond them (negative weights magnify those residuals) at most one, and none
        // with keepAccurateBasis (the kept solutions' residuals a tenth of the tolerance).
        for (const bool accurate : {false, true}) {
            Model m = test::smallPackage(9, 7);
            m.sources.push_back({"warm", "die", 1, 1, 4e-3, 3e-3, 6e-3, 5e-3, 10});
            Solver solver(m);
            if (accurate)
                solver.keepAccurateBasis();
            std::vector<double> theta;
            QVERIFY(solver.solve(rasterisePower(m, {30, 10}), theta).converged);
            QVERIFY(solver.solve(rasterisePower(m, {36, 2}), theta).iterations > 0);
            struct Case {
                std::vector<double> powers;
                int maxSteps;
            };
            for (const Case& c : std::vector<Case>{{{33, 6}, 0},
                                                   {{34.5, 4}, 0},
                                                   {{30.6, 9.2}, 0},
                                                   {{10, 25}, accurate ? 0 : 1}}) {
                const std::vector<double> q = rasterisePower(m, c.powers);
                const SolveStats st = solver.solve(q, theta);
                QVERIFY(st.converged && st.iterations <= c.maxSteps);
                std::vector<double> cold;
                QVERIFY(Solver(m).solve(q, cold).converged);
                QVERIFY(agreeWithinTolerance(theta, cold));
                const HeatFlow out = solver.heatOut(theta); // energy balance of the combination
                const double power = c.powers[0] + c.powers[1];
                QVERIFY(std::fabs(out.top + out.bottom - power) <= 1e-9 * power);
            }
        }
    }

    void aPowerSweepIsProjectionsOnceEachSourceIsKnown() {
        // A power-only sweep over three sources with a solver kept for it (keepAccurateBasis, as
        // the studio's and sweeps' shared solver), every point a new draw (each source between
        // 0.7 and 1.3 of its power, as thermal_bench's): the first three points are solves, every
        // later one a projection without a CG step, each within the tolerance of a cold solve.
        Model m = test::smallPackage(12, 10);
        m.sources.push_back({"warm", "die", 1, 1, 4e-3, 3e-3, 6e-3, 5e-3, 10});
        m.sources.push_back({"edge", "die", 1, 1, 1e-3, 1e-3, 2e-3, 6e-3, 5});
        Solver solver(m);
        solver.keepAccurateBasis();
        std::vector<double> theta;
        int steps = 0;
        for (int k = 0; k < 20; ++k) {
            std::vector<double> powers;
            for (std::size_t s = 0; s < m.sources.size(); ++s)
                powers.push_back(m.sources[s].power_w *
                                 (1.0 + 0.3 * std::sin(1.0 + 2.0 * s + 0.7 * (k + s * k))));
            const std::vector<double> q = rasterisePower(m, powers);
            const SolveStats st = solver.solve(q, theta);
            QVERIFY(st.converged);
            if (k >= 3)
                steps += st.iterations;
            std::vector<double> cold;
            QVERIFY(Solver(m).solve(q, cold).converged);
            QVERIFY2(agreeWithinTolerance(theta, cold), qPrintable(QString::number(k)));
        }
        QCOMPARE(steps, 0);
    }

    void learntSourcesSettleEveryPowerVector() {
        // Solver::learnSources: once the response of each source is held, a power vector never
        // solved before (one source alone, all of them by new factors) is a projection without a
        // CG step, within the tolerance of a cold solve, with its energy balanced. For the
        // multigrid solver of a package and for the layered solver of a uniform stack.
        auto check = [](Model m) {
            Solver solver(m);
            std::vector<double> theta;
            QCOMPARE(solver.learnSources(m), 0); // only for a solver kept for many power vectors
            solver.keepAccurateBasis();
            QVERIFY(solver.solve(rasterisePower(m), theta).converged);
            const std::size_t n = m.sources.size();
            // One field per source and two more: a byte less than that is not enough to learn.
            const std::size_t need = (n + 2) * m.unknowns() * sizeof(double);
            QCOMPARE(solver.learnSources(m, nullptr, need - 1), 0);
            QCOMPARE(solver.learnSources(m, nullptr, need), static_cast<int>(n));
            for (int k = 0; k < 6; ++k) {
                std::vector<double> powers(n, 0.0);
                for (std::size_t s = 0; s < n; ++s)
                    powers[s] = k < static_cast<int>(n)
                                    ? (s == static_cast<std::size_t>(k) ? 7.0 : 0.0)
                                    : 3.0 + 11.0 * std::fabs(std::sin(1.0 + k * (s + 2.0)));
                const std::vector<double> q = rasterisePower(m, powers);
                const SolveStats st = solver.solve(q, theta);
                QVERIFY(st.converged);
                QVERIFY2(st.iterations == 0, qPrintable(QString::number(st.iterations)));
                std::vector<double> cold;
                QVERIFY(Solver(m).solve(q, cold).converged);
                QVERIFY2(agreeWithinTolerance(theta, cold), qPrintable(QString::number(k)));
                // The projection's own residual bound (no operator applied) holds: the true
                // residual meets the tolerance and is no larger than reported
                std::vector<double> aTheta;
                solver.multiply(theta, aTheta);
                double rr = 0, bb = 0;
                for (std::size_t c = 0; c < q.size(); ++c) {
                    const double r = q[c] - aTheta[c];
                    rr += r * r;
                    bb += q[c] * q[c];
                }
                // (to round-off: the bound combines images, the check applies A to the combination)
                QVERIFY2(std::sqrt(rr) <= (st.residual + 1e-12) * std::sqrt(bb),
                         qPrintable(QString::number(st.residual)));
                QVERIFY(st.residual <= kSolveTolerance);
                double power = 0;
                for (double p : powers)
                    power += p;
                const HeatFlow out = solver.heatOut(theta);
                QVERIFY(std::fabs(out.top + out.bottom - power) <= 1e-9 * power);
            }
            // A source moved is a new one: all are learnt again; then the moved one's powers too
            // are a projection.
            m.sources[0].x0 += 0.5e-3;
            m.sources[0].x1 += 0.5e-3;
            QCOMPARE(solver.learnSources(m), static_cast<int>(n));
            std::vector<double> cold;
            const std::vector<double> q = rasterisePower(m);
            QVERIFY(Solver(m).solve(q, cold).converged);
            QCOMPARE(solver.solve(q, theta).iterations, 0);
            QVERIFY(agreeWithinTolerance(theta, cold));
            // Held already: nothing to do, even when cancelled.
            CancelToken cancel;
            cancel.cancel();
            QCOMPARE(solver.learnSources(m, &cancel), static_cast<int>(n));
            // A change cancelled before its first solve leaves nothing learnt, and solves that
            // follow are right (CG steps again).
            m.sources[1].y1 -= 0.5e-3;
            QCOMPARE(solver.learnSources(m, &cancel), 0);
            const std::vector<double> q2 = rasterisePower(m);
            QVERIFY(Solver(m).solve(q2, cold).converged);
            const SolveStats again = solver.solve(q2, theta);
            QVERIFY(again.converged && again.iterations > 0);
            QVERIFY(agreeWithinTolerance(theta, cold));
        };
        Model package = test::smallPackage(12, 10);
        package.sources.push_back({"warm", "die", 1, 1, 4e-3, 3e-3, 6e-3, 5e-3, 10});
        package.sources.push_back({"edge", "die", 1, 1, 1e-3, 1e-3, 2e-3, 6e-3, 5});
        check(package);
        Model stack =
            test::layeredModel(16, 10e-3, test::threeDieStack(), 2e4, 5, 4e-3, 50, 0.5e-3);
        stack.sources.push_back({"mem", "mem1", 8, 1, 1e-3, 1e-3, 9e-3, 9e-3, 5});
        stack.sources.push_back({"corner", "die", 5, 1, 0.0, 0.0, 2e-3, 2e-3, 8});
        check(stack);
    }

    void projectionBoundsItsResidualFromImages() {
        // SolutionBasis::keepImages: for right-hand sides inside some ranges, the projection
        // bounds its residual from the vectors' images there and their norms outside, without
        // applying the operator. Solutions a little off (as a solve's are) give the images a part
        // outside the ranges (between them too): the bound must cover it, and the sum of the
        // residual must be exact.
        const ConductionChain chain(30, 3, 4);
        const int n = chain.n;
        auto rhs = [&](int k) { // heat at two nodes of the ranges [4, 9) and [13, 16)
            Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
            b(4 + 2 * k) = 1.0 + k;
            b(15 - k) = 0.5;
            return b;
        };
        for (const double off : {0.0, 1e-7}) {
            SolutionBasis basis(static_cast<std::size_t>(n), 4);
            basis.keepImages({{13, 16}, {4, 7}, {6, 9}}, nullptr); // merged to two
            std::vector<double> work(static_cast<std::size_t>(n));
            for (int k = 0; k < 3; ++k) {
                Eigen::VectorXd x = chain.lu.solve(rhs(k));
                for (int i = 0; i < n; ++i) // a solve's error: smooth, everywhere
                    x(i) *= 1.0 + off * std::sin(0.3 * i + k);
                const Eigen::VectorXd ax = chain.A * x;
                QVERIFY(basis.add(x.data(), ax.data(), work.data(), chain.apply));
            }
            for (const Eigen::VectorXd& b :
                 {Eigen::VectorXd(0.3 * rhs(0) + 2.0 * rhs(1) + 1.7 * rhs(2)),
                  Eigen::VectorXd(rhs(0) - 0.2 * rhs(2)), Eigen::VectorXd(rhs(1))}) {
                Eigen::VectorXd x0(n);
                const SolutionBasis::Projection p = basis.project(b.data(), x0.data());
                QVERIFY(p.bounded);
                const Eigen::VectorXd r = b - chain.A * x0;
                const double roundOff = 1e-20 * b.squaredNorm(); // a 1e-10 relative residual
                QVERIFY2(r.squaredNorm() <= p.rrBound * (1 + 1e-9) + roundOff,
                         qPrintable(QString("%1 > %2").arg(r.squaredNorm()).arg(p.rrBound)));
                QVERIFY(std::fabs(r.sum() - p.rs) <= 1e-10 * b.lpNorm<1>());
                QCOMPARE(p.bb, b.squaredNorm());
                if (off == 0) // exact solutions: the bound is round-off
                    QVERIFY(p.rrBound <= roundOff);
                else // and it is not loose beyond use
                    QVERIFY(p.rrBound <= 1e6 * std::max(r.squaredNorm(), roundOff));
            }
            for (const int node : {20, 11, 3}) { // heat outside the ranges: no bound
                Eigen::VectorXd beyond = rhs(0);
                beyond(node) = 1.0;
                Eigen::VectorXd x0(n);
                QVERIFY(!basis.project(beyond.data(), x0.data()).bounded);
            }
        }
    }

    void solutionBasisProjectsInTheEnergyNorm() {
        // A 1-D conduction chain with conductances over four decades (a dense SPD matrix): the
        // projection of A^-1 b onto earlier solutions is exact for a right-hand side in their
        // span, and otherwise its residual is orthogonal to each of them (Galerkin condition).
        // A full basis starts again from its newest solution.
        const ConductionChain chain(40, 7, 5);
        const int n = chain.n;
        auto rhs = [&](int k) { // heat injected at two nodes
            Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
            b(3 * k + 1) = 1.0 + k;
            b(n - 2 - 5 * k) = 2.0;
            return b;
        };
        auto add = [&](SolutionBasis& basis, int k) {
            std::vector<double> work(static_cast<std::size_t>(n));
            const Eigen::VectorXd x = chain.lu.solve(rhs(k));
            const Eigen::VectorXd ax = chain.A * x;
            return basis.add(x.data(), ax.data(), work.data(), chain.apply);
        };
        auto projectionError = [&](const SolutionBasis& basis, const Eigen::VectorXd& b) {
            Eigen::VectorXd x0(n);
            basis.project(b.data(), x0.data());
            return (x0 - chain.lu.solve(b)).norm() / chain.lu.solve(b).norm();
        };
        SolutionBasis basis(static_cast<std::size_t>(n), 3);
        for (int k = 0; k < 3; ++k) {
            QVERIFY(add(basis, k));
            QVERIFY(!add(basis, k)); // already in the span
        }
        QCOMPARE(basis.size(), 3);
        const Eigen::VectorXd inSpan = 0.3 * rhs(0) - 2.0 * rhs(1) + 1.7 * rhs(2);
        QVERIFY(projectionError(basis, inSpan) <= 1e-9); // measured 4e-12
        const Eigen::VectorXd outside = rhs(3) + rhs(0);
        Eigen::VectorXd x0(n);
        basis.project(outside.data(), x0.data());
        QVERIFY(projectionError(basis, outside) > 1e-3);
        const Eigen::VectorXd error = chain.lu.solve(outside) - x0;
        for (int k = 0; k < 3; ++k) { // cosine of the angle between x_k and the error, A-norm
            const Eigen::VectorXd xk = chain.lu.solve(rhs(k));
            const double cosine = std::fabs(xk.dot(chain.A * error)) /
                                  std::sqrt(xk.dot(chain.A * xk) * error.dot(chain.A * error));
            QVERIFY2(cosine <= 1e-8, qPrintable(QString::number(cosine)));
        }
        // Solutions that differ little (a leakage loop, a fine sweep): each new part is ~1 % of
        // its solution, and one orthogonalisation pass loses A-orthogonality with every addition
        // (measured here: projection error 1.3e-9 with one pass, 2e-11 with two).
        SolutionBasis close(static_cast<std::size_t>(n), 8);
        std::vector<double> work(static_cast<std::size_t>(n));
        Eigen::VectorXd sum = Eigen::VectorXd::Zero(n);
        for (int k = 0; k < 8; ++k) {
            Eigen::VectorXd b = rhs(0);
            b(5 + 4 * k) += 0.01;
            const Eigen::VectorXd x = chain.lu.solve(b), ax = chain.A * x;
            QVERIFY(close.add(x.data(), ax.data(), work.data(), chain.apply));
            sum += (k % 2 ? 1.5 : -0.5) * b;
        }
        QVERIFY(projectionError(close, sum) <= 2e-10);
        QVERIFY(add(basis, 3)); // full: only the newest solution is kept
        QCOMPARE(basis.size(), 1);
        QVERIFY(projectionError(basis, 2.5 * rhs(3)) <= 1e-9);
        QVERIFY(projectionError(basis, rhs(2)) > 1e-3);
    }

    void steadySolverIsReusedOnlyForTheSameOperatorAndScope() {
        // The cache is process-wide: scopes of this test's own keep it apart from other tests.
        const std::uint64_t scope = 0x7e57'0001, other = 0x7e57'0002;
        Model m = test::smallPackage(9, 7);
        const std::vector<double> q = rasterisePower(m);
        std::vector<double> theta;
        const Solver* first = nullptr;
        {
            const SteadySolverLease a = steadySolver(m, scope);
            QVERIFY(!a.reused());
            QVERIFY(a->solve(q, theta).converged);
            first = &*a;
        }
        Model powerOnly = m; // sources and ambient do not enter the operator
        powerOnly.sources[0].power_w *= 2;
        powerOnly.ambient_k += 10;
        {
            const SteadySolverLease b = steadySolver(powerOnly, scope);
            QVERIFY(b.reused() && &*b == first);
            const SteadySolverLease busy = steadySolver(powerOnly, scope); // lent: a fresh one
            QVERIFY(!busy.reused() && &*busy != first);
            std::vector<double> again;
            const SolveStats st = b->solve(rasterisePower(powerOnly), again);
            QVERIFY(st.converged);
            QCOMPARE(st.iterations, 0); // twice the power: in the span of the kept solution
            // (refined at this first re-solve to a tenth of the tolerance: the answer agrees with
            // twice the first one within the tolerance that one was solved to)
            std::vector<double> twice(theta);
            for (double& t : twice)
                t *= 2;
            QVERIFY(agreeWithinTolerance(again, twice));
        }
        {
            // busy came back while b was lent: dropped; the cache still holds the first solver.
            const SteadySolverLease same = steadySolver(m, scope);
            QVERIFY(same.reused() && &*same == first);
        }
        // Each lease below ends with its statement; a fresh solver then replaces the cached one.
        QVERIFY(!steadySolver(m, other).reused()); // another run's scope
        QVERIFY(steadySolver(m, other).reused());  // kept under that scope
        Model material = m;
        material.layers[2].cells[5].kz *= 1.01;
        QVERIFY(!steadySolver(material, other).reused());
        QVERIFY(!steadySolver(m, other).reused()); // material's solver had replaced it
        Model cooling = m;
        cooling.h_top *= 1.5;
        QVERIFY(!steadySolver(cooling, other).reused());
        QVERIFY(!steadySolver(m, other, false).reused()); // not offered: not kept
        QVERIFY(steadySolver(cooling, other).reused());
        // The scope's last solve (offer = false) uses the cached solver and takes it out.
        QVERIFY(steadySolver(cooling, other, false).reused());
        QVERIFY(!steadySolver(cooling, other).reused());
        QCOMPARE(reuseScope("evaluation", 42).value(), std::uint64_t{42});
        QCOMPARE(reuseScope("session", 42).value(), std::uint64_t{0});
        QVERIFY(!reuseScope("always", 42));
        // Kept while a steady evaluation of its size takes at most a quarter of the memory free:
        // 6 M unknowns (840 MB) with 20 GB free, not with 2 GB; 2 M when nothing is known.
        QVERIFY(worthKeeping(6'000'000, std::size_t{20} << 30));
        QVERIFY(!worthKeeping(6'000'000, std::size_t{2} << 30));
        QVERIFY(worthKeeping(2'000'000, 0) && !worthKeeping(2'000'001, 0));
    }
};

QTEST_GUILESS_MAIN(TestThermalReuse)
#include "test_thermal_reuse.moc"
