#pragma once
// Steady solves for the thermal tests: the field of a model's own powers, and a layer's peak.
#include "thermal/model.h"
#include "thermal/solver.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace strata::test {

// The largest temperature rise in `layer`.
inline double maxIn(const thermal::Model& m, const std::vector<double>& theta, int layer) {
    double v = -1e300;
    for (std::size_t n = 0; n < m.cellsPerLayer(); ++n)
        v = std::max(v, theta[m.cellsPerLayer() * static_cast<std::size_t>(layer) + n]);
    return v;
}

// The steady field of the model's source powers (throws when the solve does not converge).
inline std::vector<double> solveSteady(const thermal::Model& m, int* iterations = nullptr) {
    const thermal::Solver s(m);
    std::vector<double> theta;
    const thermal::SolveStats st = s.solve(thermal::rasterisePower(m), theta);
    if (iterations)
        *iterations = st.iterations;
    if (!st.converged)
        throw std::runtime_error("solver did not converge");
    return theta;
}

} // namespace strata::test
