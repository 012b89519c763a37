#pragma once
// Runs the thermal evaluator alone on a design (tests of the thermal engine).
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "test_support.h"

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
inline double metric(const EvalResult& r, const std::string& name) {
    const Metric* m = r.metric(name);
    if (!m)
        throw std::runtime_error("missing metric " + name);
    return m->value;
}

} // namespace strata
