// Thermal solver benchmark (run on demand: build/tests/thermal_bench). Prints wall time,
// CG iterations, unknowns, time per unknown and peak memory for
//   (a) a laterally uniform three-die stack (logic + two memory dies with their package),
//   (b) a real package: the same three dies as a 3-D stack in mold on a silicon interposer with
//       TSVs, beside an HBM stack (built from a Design, graded grid),
// at 32..512 cells across the die, steady state, a 100-step transient and power-only re-solves
// (a new direction, one in the span of earlier ones, the mean over a 50-point sweep; and, after
// the solver learnt every source's response as the studio's does between evaluations, a new
// direction and a sweep's mean again, with the time the learning took).
// Each case runs in a child process so its peak resident memory is its own.
#include "../engine/test_support.h"
#include "../engine/thermal_cases.h"
#include "core/memory_policy.h"
#include "model/property_path.h"
#include "thermal/builder.h"
#include "thermal/solver.h"
#include "thermal/source_learning.h"
#include "thermal/transient.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace strata;
using namespace strata::thermal;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

constexpr std::size_t kSweepPoints = 50; // power-only re-solves after the first solve

// Point k of a power-only sweep: every source by its own factor between 0.7 and 1.3.
std::vector<double> sweepPowers(const Model& m, std::size_t k) {
    std::vector<double> powers(m.sources.size());
    for (std::size_t s = 0; s < powers.size(); ++s)
        powers[s] =
            m.sources[s].power_w * (1.0 + 0.3 * std::sin(1.0 + 2.0 * s + 0.7 * (k + s * k)));
    return powers;
}

void runCase(const char* label, const Model& m, double buildMs) {
    // Warm-up in the same process: a whole first solve whose memory is then freed. The timed solve
    // below is what an interactive session sees on every edit; the cold figure (fresh pages) is
    // printed too, because on this VM first-touch page faults cost more than the arithmetic.
    const auto c0 = Clock::now();
    {
        const Solver cold(m);
        std::vector<double> th;
        cold.solve(rasterisePower(m), th);
    }
    const double coldMs = ms(c0, Clock::now());
    // The steady solver lives for the steady solves only: the evaluator lends it for its steady
    // solve and returns it before a transient builds its own (thermal_evaluator.cpp).
    Clock::time_point t0, t1, t2;
    SolveStats st;
    const std::size_t sources = m.sources.size();
    double firstResolve = 0, lastResolve = 0, sweepTotal = 0;
    int firstIt = 0, lastIt = 0;
    {
        t0 = Clock::now();
        Solver solver(m);
        solver.keepAccurateBasis(); // kept for the power-only re-solves below, as sweeps keep it
        t1 = Clock::now();
        std::vector<double> q = rasterisePower(m), theta;
        st = solver.solve(q, theta);
        t2 = Clock::now();
        // Power-only changes: every source by its own factor between 0.7 and 1.3, a new draw for
        // each re-solve (a workload or DVFS change; one common factor would be solved by the scaled
        // warm start alone). Same solver, warm start from the last field; rasterising the new
        // powers is part of each re-solve. The first re-solve is a new direction for the solver;
        // once it has seen one power vector per source (and kept them: see SolutionBasis), a
        // further one is a combination of earlier ones: re-solve sources + 1 shows that case.
        // The rest make a 50-point power-only sweep: its mean re-solve is what a sweep pays.
        for (std::size_t k = 0; k < kSweepPoints; ++k) {
            const auto r0 = Clock::now();
            rasterisePower(m, sweepPowers(m, k), q);
            const SolveStats st2 = solver.solve(q, theta);
            const double t = ms(r0, Clock::now());
            sweepTotal += t;
            if (std::getenv("STRATA_BENCH_TRACE")) // every re-solve, for a closer look
                std::fprintf(stderr, "re-solve %zu: %.1f ms, %d it\n", k, t, st2.iterations);
            if (k == 0 || k == sources + 1) {
                (k == 0 ? firstResolve : lastResolve) = t;
                (k == 0 ? firstIt : lastIt) = st2.iterations;
            }
        }
    }
    // The studio's way (thermal/source_learning.h): a solver that has learnt every source's
    // response once (timed: one solve per source) settles any power-only change by projection,
    // a new direction included.
    double learnMs = 0, learntNew = 0, learntMean = 0;
    int learntIt = 0, learnt = 0;
    {
        Solver solver(m);
        solver.keepAccurateBasis();
        std::vector<double> q = rasterisePower(m), theta;
        solver.solve(q, theta);
        const auto l0 = Clock::now();
        learnt = solver.learnSources(m, nullptr, learningBudgetBytes()); // the studio's budget
        learnMs = ms(l0, Clock::now());
        for (std::size_t k = 0; k < kSweepPoints; ++k) { // the same points as above
            const auto r0 = Clock::now();
            rasterisePower(m, sweepPowers(m, k), q);
            const SolveStats st2 = solver.solve(q, theta);
            const double t = ms(r0, Clock::now());
            learntMean += t / kSweepPoints;
            if (k == 0) {
                learntNew = t;
                learntIt = st2.iterations;
            }
        }
    }
    rusage steadyUsage{}; // peak so far: model, the steady solves' solver, their fields
    getrusage(RUSAGE_SELF, &steadyUsage);
    PowerTrace trace;
    trace.sources = {0};
    trace.times = {0.0, 0.01, 0.02};
    trace.powers = {{m.sources[0].power_w}, {0.0}, {0.0}};
    const auto t3 = Clock::now();
    const TransientResult tr = runTransient(m, trace, 100);
    const auto t4 = Clock::now();
    const double first = ms(t0, t2);
    std::printf(
        "%-28s %5d x %-5d x %3d %10zu unknowns %2zu sources | build %7.1f ms | cold %8.1f ms | "
        "steady %8.1f ms (%3d it, setup %6.1f ms) %6.1f ns/unknown | re-solve: new powers %7.1f "
        "ms (%3d it, %4.0f %%), after %zu others %7.1f ms (%3d it, %4.0f %%), mean of a %zu-point "
        "sweep %7.1f ms (%4.0f %%) | after learning %d sources in %.1f ms: new powers %.1f ms (%d "
        "it, %.0f %%), sweep mean %.1f ms (%.0f %%) | 100-step transient %8.1f ms (%d it, max %d) "
        "| steady peak "
        "memory %.0f MB\n",
        label, m.nx(), m.ny(), m.nz(), m.unknowns(), sources, buildMs, coldMs, first, st.iterations,
        ms(t0, t1), first * 1e6 / static_cast<double>(m.unknowns()), firstResolve, firstIt,
        100 * firstResolve / first, sources + 1, lastResolve, lastIt, 100 * lastResolve / first,
        kSweepPoints, sweepTotal / kSweepPoints, 100 * sweepTotal / kSweepPoints / first, learnt,
        learnMs, learntNew, learntIt, 100 * learntNew / first, learntMean, 100 * learntMean / first,
        ms(t3, t4), tr.total_iterations, tr.max_iterations, steadyUsage.ru_maxrss / 1024.0);
    std::fflush(stdout);
}

void inChild(void (*fn)(int), int n) {
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
        fn(n);
        std::fflush(stdout);
        _exit(0);
    }
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    std::printf("%38s peak memory %.0f MB (steady solves and the transient's solver)\n", "",
                ru.ru_maxrss / 1024.0);
}

// The laterally uniform three-die stack, n x n cells, 100 W: the logic die's four quadrants
// (22.5 W each) and the two memory dies (5 W each) are separate sources.
Model uniformModel(int n) {
    Model m = test::layeredModel(n, 10e-3, test::threeDieStack(), 2e4, 5, 10e-3, 100, 0.5e-3);
    const HeatSource die = m.sources[0];
    m.sources.clear();
    for (int q = 0; q < 4; ++q) {
        HeatSource s = die;
        s.id = "logic.q" + std::to_string(q);
        s.x0 = q % 2 ? 5e-3 : 0.0;
        s.x1 = s.x0 + 5e-3;
        s.y0 = q / 2 ? 5e-3 : 0.0;
        s.y1 = s.y0 + 5e-3;
        s.power_w = 22.5;
        m.sources.push_back(s);
    }
    for (int layer : {8, 10}) { // mem1, mem2 (threeDieStack: no layer below them is split)
        HeatSource s = die;
        s.id = m.layers[static_cast<std::size_t>(layer)].name;
        s.layer = layer;
        s.power_w = 5;
        m.sources.push_back(s);
    }
    return m;
}

// The real package: sram-on-logic-3d with a second memory die on top (logic + two SRAM tiers,
// hybrid-bonded) and TSVs in the interposer.
Design realPackageDesign() {
    Design d = test::loadExample("sram-on-logic-3d");
    Tier second = d.stacks[0].tiers[1];
    second.die.id = "sram1";
    d.stacks[0].tiers.push_back(second);
    d.stacks[0].tiers[0].die.thickness_m = 600e-6;
    d.package.layers[2].via_pitch_m = 50e-6; // TSVs in the interposer (TAP-2.5D 10 / 50 µm)
    d.package.layers[2].via_diameter_m = 10e-6;
    return d;
}

void uniformStack(int n) {
    const auto t0 = Clock::now();
    const Model m = uniformModel(n);
    char label[64];
    std::snprintf(label, sizeof label, "uniform stack %d^2", n);
    runCase(label, m, ms(t0, Clock::now()));
}

void realPackage(int n) {
    const Design d = realPackageDesign();
    BuildOptions opt;
    opt.cells_across_die = n;
    const Library& library = test::shippedLibrary(); // loaded from disk on first use: not timed
    const auto t0 = Clock::now();
    const BuildResult b = buildModel(d, library, opt);
    const double buildMs = ms(t0, Clock::now());
    if (!b.ok) {
        std::printf("model build failed\n");
        return;
    }
    char label[64];
    std::snprintf(label, sizeof label, "real package %d across die", n);
    runCase(label, b.model, buildMs);
}

// For profilers: builds one case and repeats its steady solve (set-up included) `reps` times.
int repeatSteady(const char* kind, int n, int reps) {
    Model m;
    if (std::string(kind) == "uniform") {
        m = uniformModel(n);
    } else {
        BuildOptions opt;
        opt.cells_across_die = n;
        m = buildModel(realPackageDesign(), test::shippedLibrary(), opt).model;
    }
    const std::vector<double> q = rasterisePower(m);
    std::vector<double> theta;
    double total = 0, best = 1e300;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = Clock::now();
        const Solver solver(m);
        theta.assign(q.size(), 0.0);
        const SolveStats st = solver.solve(q, theta);
        const double t = ms(t0, Clock::now());
        total += t;
        best = std::min(best, t);
        if (r + 1 == reps)
            std::printf("%s %d: %.2f ms per steady solve with set-up, mean (best %.2f ms, %d it)\n",
                        kind, n, total / reps, best, st.iterations);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    keepLargeAllocationsInHeap();
    if (argc == 5 && std::string(argv[1]) == "--repeat")
        return repeatSteady(argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
    const int maxUniform = argc > 1 ? std::atoi(argv[1]) : 512;
    const int maxReal = argc > 2 ? std::atoi(argv[2]) : maxUniform;
    std::printf("Thermal benchmark (one core). Usage: thermal_bench [max cells uniform] [max cells "
                "real] | --repeat uniform|real CELLS REPS\n");
    for (int n = 32; n <= maxUniform; n *= 2)
        inChild(uniformStack, n);
    for (int n = 32; n <= maxReal; n *= 2)
        inChild(realPackage, n);
    return 0;
}
