#include "perf/gemm.h"

#include "library/library.h"
#include "perf/streaming.h"

#include <algorithm>
#include <array>
#include <limits>

namespace strata::perf {

namespace {
std::int64_t ceilDiv(std::int64_t a, std::int64_t b) {
    return (a + b - 1) / b;
}
} // namespace

GemmEstimate estimateGemm(std::int64_t M, std::int64_t N, std::int64_t K, double bytes,
                          const MatrixDie& d) {
    GemmEstimate best;
    best.time_s = std::numeric_limits<double>::infinity();
    if (M <= 0 || N <= 0 || K <= 0 || d.cores <= 0 || d.units_per_core <= 0 || d.clock_hz <= 0)
        return best;
    constexpr std::array<int, 5> kTiles{32, 64, 128, 256, 512};
    constexpr std::array<int, 3> kSlices{32, 64, 128};
    const double bandwidth = d.memory_efficiency * d.memory_Bps;
    for (int tm : kTiles)
        for (int tn : kTiles)
            for (int tk : kSlices) {
                // Double-buffered A and B slices plus the 4-byte accumulator tile must fit.
                const double sram = 2.0 * (tm * tk + tk * tn) * bytes + 4.0 * tm * tn;
                if (sram > d.sram_per_core_bytes)
                    continue;
                const std::int64_t em = std::min<std::int64_t>(tm, M),
                                   en = std::min<std::int64_t>(tn, N);
                const std::int64_t tilesM = ceilDiv(M, em), tilesN = ceilDiv(N, en);
                const std::int64_t waves = ceilDiv(tilesM * tilesN, d.cores);
                const double passes =
                    static_cast<double>(ceilDiv(em, d.rows) * ceilDiv(en, d.cols));
                const double cycles =
                    static_cast<double>(waves) * passes * static_cast<double>(K) / d.units_per_core;
                const double compute = cycles / d.clock_hz / d.rate_scale / d.compute_efficiency;
                const double tileLoads = static_cast<double>(tilesM * tilesN) *
                                         static_cast<double>(em + en) * static_cast<double>(K) *
                                         bytes;
                const double onchip =
                    d.global_buffer_Bps > 0 ? tileLoads / d.global_buffer_Bps : 0.0;
                const double aBytes = static_cast<double>(M) * static_cast<double>(K) * bytes;
                const double bBytes = static_cast<double>(K) * static_cast<double>(N) * bytes;
                const double cBytes = static_cast<double>(M) * static_cast<double>(N) * bytes;
                // Whatever does not fit in the global buffer is re-read for every tile row/column.
                const double aReads =
                    aBytes + bBytes <= d.global_buffer_bytes ? 1.0 : static_cast<double>(tilesN);
                const double bReads =
                    aBytes + bBytes <= d.global_buffer_bytes ? 1.0 : static_cast<double>(tilesM);
                const double offchipBytes =
                    std::min(aBytes * aReads + bBytes, aBytes + bBytes * bReads) + cBytes;
                const double offchip = bandwidth > 0 ? offchipBytes / bandwidth : 0.0;
                const double t = std::max({compute, onchip, offchip}) + d.launch_overhead_s;
                if (t < best.time_s) {
                    best = {t, compute, onchip, offchip, tileLoads, tm, tn, tk, waves, ""};
                    best.bound = compute >= onchip && compute >= offchip ? "compute"
                                 : onchip >= offchip                     ? "global buffer"
                                                                         : "memory";
                }
            }
    return best;
}

} // namespace strata::perf

namespace strata::perf {

MatrixDie matrixDieOf(const ChipletType& type, double memory_Bps) {
    MatrixDie d;
    if (!type.compute)
        return d;
    const ComputeSpec& c = *type.compute;
    d.cores = c.cores;
    d.units_per_core = c.matrix_units_per_core;
    d.rows = c.array_rows;
    d.cols = c.array_cols;
    d.clock_hz = type.frequency_hz;
    d.sram_per_core_bytes = c.sram_per_core_bytes;
    d.global_buffer_bytes = c.global_buffer_bytes;
    d.global_buffer_Bps = c.global_buffer_bytes_per_cycle * type.frequency_hz;
    d.memory_Bps = memory_Bps;
    d.compute_efficiency = c.compute_efficiency;
    d.memory_efficiency = c.memory_efficiency;
    d.launch_overhead_s = c.launch_overhead_s;
    return d;
}

StreamingDie streamingDieOf(const ChipletType& type, double memory_Bps) {
    StreamingDie d;
    if (!type.compute)
        return d;
    const ComputeSpec& c = *type.compute;
    d.memory_Bps = memory_Bps;
    d.stream_efficiency = c.stream_memory_efficiency;
    d.vector_flops_per_s = c.cores * c.vector_flops_per_cycle_per_core * type.frequency_hz;
    d.resident_bytes = c.global_buffer_resident_fraction * c.global_buffer_bytes;
    d.global_buffer_Bps = c.global_buffer_bytes_per_cycle * type.frequency_hz;
    return d;
}

OpCosts opCostsOf(const ChipletType& type, const std::string& op) {
    OpCosts costs;
    if (!type.compute)
        return costs;
    const auto it = type.compute->op_overheads.find(op);
    if (it == type.compute->op_overheads.end()) {
        costs.floor_s = type.compute->launch_overhead_s; // at least a kernel launch
        costs.dispatch_s = type.compute->launch_overhead_s;
        return costs;
    }
    const ComputeSpec::OpOverhead& o = it->second;
    return {o.floor_s,          o.dispatch_s,      o.input_rereads,
            o.row_buffer_bytes, o.row_spill_reads, o.stream_efficiency};
}

} // namespace strata::perf
