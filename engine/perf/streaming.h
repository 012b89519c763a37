#pragma once
// Memory-bound operators (DESIGN.md § Performance): elementwise ops such as GELU that read their
// input and write their output once, and row-wise reductions (softmax, LayerNorm) whose kernels
// may read their input more than once. Latency has a floor set by the kernel launch, and above it
// a non-overlapped dispatch part plus the data moved at the achievable bandwidth:
//   t = max(floor, dispatch + max(memory bytes / (efficiency * bandwidth),
//                                 on-chip re-reads / global-buffer bandwidth,
//                                 flops / vector rate))
// A re-read of the input comes from the global buffer while the whole input fits in its resident
// part, else from memory; a row wider than the kernel's row buffer spills and is read again from
// memory. Floor, dispatch, re-reads and row buffer are per operator type and are properties of
// the chiplet type (its kernels), calibrated once, never per shape.
namespace strata::perf {

struct StreamingDie {
    double memory_Bps = 0;
    double stream_efficiency = 1;  // achievable fraction of memory bandwidth for read+write
    double vector_flops_per_s = 0; // 0: not a limit
    double resident_bytes = 0;     // part of the global buffer that keeps data between passes
    double global_buffer_Bps = 0;  // 0: not a limit
};

struct OpCosts {
    double floor_s = 0, dispatch_s = 0;
    double input_rereads = 0;     // passes over the input after the first
    double row_buffer_bytes = 0;  // 0: rows never spill
    double row_spill_reads = 0;   // extra memory reads of the input when a row spills
    double stream_efficiency = 0; // 0: the die's
};

struct StreamEstimate {
    double time_s = 0;
    double memory_s = 0, onchip_s = 0, compute_s = 0; // the overlapped parts
    double memory_bytes = 0;                          // off-chip traffic
    const char* bound = "";                           // memory, global buffer, compute, launch
};

// An elementwise operator moving `bytes` in total (inputs read + outputs written).
StreamEstimate estimateStreaming(double bytes, double flops, const OpCosts& costs,
                                 const StreamingDie& die);

// A row-wise operator over a [rows, cols] tensor of `elementBytes`-byte elements, output of the
// same shape, `flopsPerElement` vector operations per element.
StreamEstimate estimateRowwise(double rows, double cols, double elementBytes,
                               double flopsPerElement, const OpCosts& costs,
                               const StreamingDie& die);

} // namespace strata::perf
