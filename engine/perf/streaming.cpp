#include "perf/streaming.h"

#include <algorithm>

namespace strata::perf {

namespace {
double streamTime(double memoryBytes, double onchipBytes, double flops, const OpCosts& costs,
                  const StreamingDie& die) {
    const double efficiency =
        costs.stream_efficiency > 0 ? costs.stream_efficiency : die.stream_efficiency;
    const double memory = die.memory_Bps > 0 ? memoryBytes / (efficiency * die.memory_Bps) : 0.0;
    const double onchip = die.global_buffer_Bps > 0 ? onchipBytes / die.global_buffer_Bps : 0.0;
    const double compute = die.vector_flops_per_s > 0 ? flops / die.vector_flops_per_s : 0.0;
    return std::max(costs.floor_s, costs.dispatch_s + std::max({memory, onchip, compute}));
}
} // namespace

double estimateStreaming(double bytes, double flops, const OpCosts& costs,
                         const StreamingDie& die) {
    return streamTime(bytes, 0, flops, costs, die);
}

double estimateRowwise(double rows, double cols, double elementBytes, double flopsPerElement,
                       const OpCosts& costs, const StreamingDie& die) {
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
