#pragma once
// The `reliability` evaluator: RAMP failure rates per block and mechanism at the temperatures the
// thermal evaluator computed (reliability/ramp.h), each die qualified to the RAMP budget (800 FIT
// per mechanism at 345 K) shared among its blocks by area; sums to die, stack and system FIT and
// MTTF. Package-level bump fatigue (Coffin-Manson, N = N_ref (dT_ref / dT)^q with dT = die
// temperature - ambient) only with user-supplied, cited parameters: the design's `reliability`
// section (bump_exponent, bump_cycles_ref, bump_delta_t_ref_k, cycles_per_day, bump_source;
// model/design.h), since constants.md §7 found none to default.
#include "eval/evaluator.h"

namespace strata {

class ReliabilityEvaluator : public Evaluator {
public:
    std::string id() const override { return "reliability"; }
    std::string description() const override {
        return "Lifetime (RAMP: electromigration, stress migration, TDDB, thermal cycling) at the "
               "computed temperatures; bump fatigue with user parameters";
    }
    std::vector<std::string> needs() const override { return {"thermal"}; }
    void evaluate(const EvalContext& ctx, EvalResult& out) const override;
};

} // namespace strata
