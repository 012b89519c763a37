#pragma once
// A workload on a design's compute dies for a mapping (DESIGN.md § Performance): builds each
// phase's operators for one pipeline stage and micro-batch, times them on one die, and composes
//   step = (micro-batches + stages - 1) * stage time            (GPipe-style fill and drain)
// for prefill (TTFT), one decode step (TPOT) and a training step (plus the optimizer update and
// the data-parallel gradient all-reduce). Replicas (DP) multiply throughput. The footprint is
// checked against the memory the die reaches; a mapping that does not fit is refused with what
// would fit. `auto` searches TP, PP, DP (and EP for MoE) for the best throughput or latency.
#include "core/diagnostic.h"
#include "perf/estimate.h"
#include "perf/footprint.h"

#include <string>
#include <vector>

namespace strata::perf {

struct PerfRequest {
    const WorkloadSpec* workload = nullptr;
    std::string phase = "decode"; // prefill | decode | training
    Precision precision;
    double prefill_batch = 1, prefill_seq = 2048, decode_batch = 1, decode_context = 2048;
    Parallelism par;
    bool auto_search = false;
    std::string objective = "throughput"; // throughput | latency
};

struct PhaseResult {
    std::string phase; // prefill, decode, training, inference, run
    double step_s = 0;
    double batch = 0; // per replica
    std::vector<PerfOp> ops;
    StageTiming stage;
    double extra_s = 0; // optimizer and gradient all-reduce of a training step
};

struct PerfReport {
    bool ok = false;
    Parallelism par;
    Footprint footprint;
    double capacity_bytes = 0;
    std::vector<PhaseResult> phases;
    double ttft_s = 0, tpot_s = 0, tokens_per_s = 0, prefill_tokens_per_s = 0;
    double train_step_s = 0, train_tokens_per_s = 0, images_per_s = 0, run_s = 0;
    std::vector<Diagnostic> diagnostics;
};

// `dies` compute dies like `die`, each reaching `capacity_bytes` of memory.
PerfReport runPerf(const PerfRequest& request, const DieResources& die, double capacity_bytes,
                   int dies, GemmCache& cache);

// Precision of a workload: `weights`/`kv` empty mean the same as `precision`. The matrix rate
// relative to 16-bit comes from the chiplet type (1 if it does not say).
Precision precisionOf(const std::string& precision, const std::string& weights,
                      const std::string& kv, const ChipletType& type);

} // namespace strata::perf
