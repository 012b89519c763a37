#pragma once
// Memory footprint of a workload on one compute die for a mapping (DESIGN.md § Performance):
// weights (split by TP, layers by PP, experts by EP), the KV cache of the sequences the die
// serves, working activations, and for training the stored activations (Korthikanti et al.,
// "Reducing Activation Recomputation in Large Transformer Models", 2022, eq. 1: s b h (34 + 5 a s
// / h) bytes per layer in 16-bit without recomputation, divided by TP) and the optimizer state of
// mixed-precision Adam (Rajbhandari et al., "ZeRO", SC 2020, section 3.1: 16 bytes per parameter
// with the 16-bit weights, i.e. 14 beyond them, with the 16-bit weight bytes scaled by precision).
#include "library/workload.h"
#include "perf/graph.h"

namespace strata::perf {

struct Footprint {
    double weights = 0, kv_cache = 0, activations = 0, optimizer = 0; // bytes per die
    double params_per_die = 0;
    double total() const { return weights + kv_cache + activations + optimizer; }
};

struct PhaseSizes {
    std::string phase;  // prefill | decode | training (the phase with the largest footprint)
    double batch = 1;   // sequences per replica
    double seq = 1;     // prompt / training sequence length
    double context = 0; // KV cache length per sequence (decode)
};

Footprint footprintPerDie(const WorkloadSpec& w, const PhaseSizes& s, const Parallelism& par,
                          const Precision& prec);

} // namespace strata::perf
