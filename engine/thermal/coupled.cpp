#include "thermal/coupled.h"

#include "thermal/results.h"

#include <cmath>

namespace strata::thermal {

CoupledResult solveWithLeakage(const Model& model, const Solver& solver,
                               const PowerOfTemperature& power, double tolerance_k,
                               int max_iterations, double runaway_rise_k, double solve_tolerance,
                               const CancelToken* cancel) {
    CoupledResult r;
    const std::size_t n = model.sources.size();
    r.temperatures_k.assign(n, model.ambient_k);
    r.powers.assign(n, 0.0);
    r.theta.assign(model.unknowns(), 0.0);
    std::vector<double> q;
    for (r.iterations = 1; r.iterations <= max_iterations; ++r.iterations) {
        if (cancel && cancel->cancelled()) { // (a solve checks it only between its CG steps)
            r.cancelled = true;
            return r;
        }
        power(r.temperatures_k, r.powers);
        for (double p : r.powers)
            if (!std::isfinite(p) || p > 1e7) { // the power model itself blew up
                r.runaway = true;
                return r;
            }
        rasterisePower(model, r.powers, q);
        const SolveStats st = solver.solve(q, r.theta, 500, cancel, solve_tolerance);
        r.solver_iterations += st.iterations;
        if (st.cancelled) {
            r.cancelled = true;
            return r;
        }
        if (!st.converged) {
            r.solve_failed = true;
            r.solve_residual = st.residual;
            return r;
        }
        const auto temps = sourceTemperatures(model, r.theta);
        r.last_change_k = 0;
        double hottest = 0;
        for (std::size_t s = 0; s < n; ++s) {
            r.last_change_k =
                std::max(r.last_change_k, std::fabs(temps[s].mean_k - r.temperatures_k[s]));
            r.temperatures_k[s] = temps[s].mean_k;
            hottest = std::max(hottest, temps[s].max_k - model.ambient_k);
        }
        if (hottest > runaway_rise_k) {
            r.runaway = true;
            return r;
        }
        if (r.last_change_k <= tolerance_k) {
            r.converged = true;
            return r;
        }
    }
    r.iterations = max_iterations;
    r.runaway = true; // still moving after max_iterations: treat as runaway, report the state
    return r;
}

} // namespace strata::thermal
