#pragma once
// The `power` evaluator: block powers from what the workload does (perf activity of the chosen
// phase), with leakage coupled to temperature by a fixed-point thermal solve (thermal/coupled.h,
// to 0.01 K; runaway reported with the last temperatures). Without a workload, or with option
// power.mode = fixed, blocks keep their fixed powers. Publishes the converged source powers as
// table "power.sources", which the thermal evaluator uses.
// Options: power.mode = activity | fixed; power.phase = prefill | decode | training | inference.
#include "eval/evaluator.h"

namespace strata {

class PowerEvaluator : public Evaluator {
public:
    std::string id() const override { return "power"; }
    std::string description() const override {
        return "Block powers from workload activity (energy per operation and per byte) and "
               "temperature-dependent leakage";
    }
    std::vector<std::string> needs() const override { return {"perf"}; }
    void evaluate(const EvalContext& ctx, EvalResult& out) const override;
};

} // namespace strata
