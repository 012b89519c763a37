#pragma once
// Runs the thermal evaluator alone on a design (tests of the thermal engine), or its solver on
// the design's model (the interop round trips compare those).
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "test_support.h"
#include "thermal/builder.h"
#include "thermal/solver.h"

#include <algorithm>

#include <stdexcept>
#include <string>

namespace strata {

inline EvalResult evalThermal(const Design& d, const std::string& resolution = "coarse",
                              EvalOptions opts = {}) {
    EvaluatorRegistry reg;
    registerBuiltinEvaluators(reg);
    opts.only = {"thermal"};
    opts.values["thermal.resolution"] = resolution;
    return evaluate(reg, {d, test::shippedLibrary(), opts, nullptr, nullptr});
}
// The hottest rise above ambient of the design's fixed powers, 16 cells across a die, solved to
// 1e-12 (-1 when no model can be built).
inline double hottestRise(const Design& d) {
    thermal::BuildOptions opt;
    opt.cells_across_die = 16;
    const thermal::BuildResult b = thermal::buildModel(d, test::shippedLibrary(), opt);
    if (!b.ok)
        return -1;
    const thermal::Solver solver(b.model);
    std::vector<double> theta;
    solver.solve(thermal::rasterisePower(b.model), theta, 500, nullptr, 1e-12);
    return *std::max_element(theta.begin(), theta.end());
}

inline double metric(const EvalResult& r, const std::string& name) {
    const Metric* m = r.metric(name);
    if (!m)
        throw std::runtime_error("missing metric " + name);
    return m->value;
}

} // namespace strata
