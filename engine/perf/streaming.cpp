#include "perf/streaming.h"

#include <algorithm>

namespace strata::perf {

namespace {
StreamEstimate streamTime(double memoryBytes, double onchipBytes, double flops,
                          const OpCosts& costs, const StreamingDie& die) {
    const double efficiency =
        costs.stream_efficiency > 0 ? costs.stream_efficiency : die.stream_efficiency;
    const double memory = die.memory_Bps > 0 ? memoryBytes / (efficiency * die.memory_Bps) : 0.0;
    const double onchip = die.global_buffer_Bps > 0 ? onchipBytes / die.global_buffer_Bps : 0.0;
    const double compute = die.vector_flops_per_s > 0 ? flops / die.vector_flops_per_s : 0.0;
    StreamEstimate e;
    e.memory_s = memory;
    e.onchip_s = onchip;
    e.compute_s = compute;
    e.memory_bytes = memoryBytes;
    const double work = std::max({memory, onchip, compute});
    e.time_s = std::max(costs.floor_s, costs.dispatch_s + work);
    e.bound = work < e.time_s - work ? "launch"
              : work == memory       ? "memory"
              : work == compute      ? "compute"
                                     : "global buffer";
    return e;
}
} // namespace

StreamEstimate estimateStreaming(double bytes, double flops, const OpCosts& costs,
                                 const StreamingDie& die) {
    return streamTime(bytes, 0, flops, costs, die);
}

StreamEstimate estimateRowwise(double rows, double cols, double elementBytes,
                               double flopsPerElement, const OpCosts& costs,
                               const StreamingDie& die) {
    const double input = rows * cols * elementBytes;
    double memory = 2 * input; // read once, write once
    double onchip = 0;
    if (input <= die.resident_bytes)
        onchip += costs.input_rereads * input;
    else
        memory += costs.input_rereads * input;
    if (costs.row_buffer_bytes > 0 && cols * elementBytes > costs.row_buffer_bytes)
        memory += costs.row_spill_reads * input;
    return streamTime(memory, onchip, flopsPerElement * rows * cols, costs, die);
}

} // namespace strata::perf
