#pragma once
// The `perf` evaluator: how fast the design runs its workload (DESIGN.md § Performance). Builds
// the hardware view (compute dies, the memory and links they reach), maps the workload (given
// degrees or `auto`), checks the footprint and times every phase; see perf/perf_model.h.
// Metrics: perf.ttft_s, perf.tpot_s, perf.tokens_per_s, perf.prefill_tokens_per_s,
// perf.train_step_s, perf.images_per_s, the mapping, memory per die, utilisation per compute die
// and memory, traffic per link; table "perf.operators" (one row per operator and phase).
#include "eval/evaluator.h"

namespace strata {

class PerfEvaluator : public Evaluator {
public:
    std::string id() const override { return "perf"; }
    std::string description() const override {
        return "AI workload performance: prefill, decode, training and CNN throughput on the "
               "design's compute dies, with mapping and capacity checks";
    }
    void evaluate(const EvalContext& ctx, EvalResult& out) const override;
};

} // namespace strata
