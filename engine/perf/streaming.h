#pragma once
// Memory-bound (streaming) operators: elementwise ops such as GELU that read their input and
// write their output once. Their latency has a floor set by the kernel launch, and above it a
// non-overlapped dispatch part plus the data moved at the achievable read+write bandwidth:
//   t = max(floor, dispatch + max(bytes / (stream_efficiency * bandwidth), flops / vector rate))
// floor and dispatch are per operator type, properties of the chiplet type (its software stack).
namespace strata::perf {

struct StreamingDie {
    double memory_Bps = 0;
    double stream_efficiency = 1;
    double vector_flops_per_s = 0;
};

struct StreamingCosts {
    double floor_s = 0, dispatch_s = 0;
};

double estimateStreaming(double bytes, double flops, const StreamingCosts& costs,
                         const StreamingDie& die);

} // namespace strata::perf
