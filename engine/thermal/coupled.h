#pragma once
// Leakage coupling: the power evaluator supplies temperature-dependent source powers (leakage
// grows roughly as exp(beta (T - T0))); this iterates solve -> temperatures -> powers until no
// source's mean temperature moves by more than `tolerance_k` (0.01 K). A rise beyond
// `runaway_rise_k`, or no convergence within `max_iterations`, ends the loop with the last state
// and runaway = true: thermal runaway is reported, never looped on forever.
#include "thermal/solver.h"

#include <functional>
#include <vector>

namespace strata::thermal {

// Given the mean temperature (K) of every heat source, fill the power (W) of every source.
using PowerOfTemperature =
    std::function<void(const std::vector<double>& temperature_k, std::vector<double>& power_w)>;

struct CoupledResult {
    bool converged = false;
    bool runaway = false;
    int iterations = 0;
    int solver_iterations = 0; // the solves' own (CG) iterations, all together
    bool cancelled = false;    // `cancel` was set: stopped within a solve or between them
    bool solve_failed = false; // a solve stopped above its tolerance (residual in solve_residual)
    double solve_residual = 0;
    double last_change_k = 0;
    std::vector<double> theta;  // temperature rise per cell of the last solve
    std::vector<double> powers; // source powers used in the last solve
    std::vector<double> temperatures_k;
};

// Each solve stops at relative residual `solve_tolerance`: 1e-5 kept the source temperatures
// within 1.1e-5 K of solves to 1e-10 on gpu-2.5d (test_thermal), far inside `tolerance_k`, and
// took the full coupled pipeline there from 142 to 82 ms. The caller reports a field from its own
// solve at the default tolerance with the converged powers. A solve that does not converge ends
// the loop (solve_failed): temperatures from it would steer the powers anywhere. `cancel` stops
// the loop within a solve (a fine grid's loop takes seconds; the studio's next edit waited for it).
CoupledResult solveWithLeakage(const Model& model, const Solver& solver,
                               const PowerOfTemperature& power, double tolerance_k = 0.01,
                               int max_iterations = 100, double runaway_rise_k = 500,
                               double solve_tolerance = 1e-5, const CancelToken* cancel = nullptr);

} // namespace strata::thermal
