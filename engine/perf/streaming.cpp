#include "perf/streaming.h"

#include <algorithm>

namespace strata::perf {

double estimateStreaming(double bytes, double flops, const StreamingCosts& costs,
                         const StreamingDie& die) {
    const double memory =
        die.memory_Bps > 0 ? bytes / (die.stream_efficiency * die.memory_Bps) : 0.0;
    const double compute = die.vector_flops_per_s > 0 ? flops / die.vector_flops_per_s : 0.0;
    return std::max(costs.floor_s, costs.dispatch_s + std::max(memory, compute));
}

} // namespace strata::perf
