#pragma once
// The `thermal` evaluator: steady-state temperatures of the whole package, and optionally a
// transient from a power trace. Powers are the power evaluator's converged source powers (table
// "power.sources": activity plus leakage at temperature) when it ran, else the design's fixed
// block powers (library floorplans, scaled to a die's power_w override).
// Options: thermal.resolution = coarse | default | fine | N (cells across the largest die);
// thermal.transient_trace = path of a trace (power_trace.h: Strata's CSV or HotSpot's .ptrace,
// whose sampling interval thermal.trace_interval_s gives); thermal.transient_steps = N (default
// 100);
// thermal.transient_start = ambient (default) | steady (the first row's steady state). Each
// block's series starts with the starting state at the trace's first time, then one value per
// step;
// thermal.solver_reuse = evaluation (default) | session: how long a steady solver is kept for
// solves of the same operator (solver_cache.h);
// thermal.learn_sources = false (default) | true: with session reuse, the solver then learns
// each heat source's response after the steady solve (source_learning.h), so that every later
// power-only evaluation (a sweep's points) is a projection: the first evaluation pays about one
// solve per source (metric thermal.solver.sources_learnt).
#include "eval/evaluator.h"

namespace strata {

class ThermalEvaluator : public Evaluator {
public:
    std::string id() const override { return "thermal"; }
    std::string description() const override {
        return "3-D finite-volume temperatures of the package: steady state and transients";
    }
    std::vector<std::string> needs() const override { return {"power"}; }
    void evaluate(const EvalContext& ctx, EvalResult& out) const override;
};

} // namespace strata
