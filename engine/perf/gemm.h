#pragma once
// GEMM time on a die of matrix engines (DESIGN.md § Performance), the first operator model of
// the perf evaluator. A tiled mapper tries output tiles per core (Tm x Tn, K streamed in Tk
// slices) that fit the core's SRAM with double buffering, and keeps the fastest:
//   compute = waves * ceil(Tm/rows) * ceil(Tn/cols) * K / units cycles, waves = ceil(tiles/cores)
//             (edge effects: partial tiles still occupy whole array passes and whole waves),
//   on-chip = tile loads (A and B slices for every tile) / global-buffer bandwidth,
//   off-chip = A, B read once if they fit in the global buffer, else once per tile row/column,
//             plus C written, / (memory_efficiency * memory bandwidth),
//   time    = max(compute / compute_efficiency, on-chip, off-chip) + launch overhead
// (compute and transfers overlap: double buffering). The efficiencies and the launch overhead
// are properties of the chiplet type, calibrated once against measurements, never per shape.
#include <cstdint>
#include <string>

namespace strata::perf {

struct MatrixDie {
    int cores = 0;
    int units_per_core = 0;
    int rows = 0, cols = 0; // MACs per cycle per unit = rows * cols
    double clock_hz = 0;
    double sram_per_core_bytes = 0;
    double global_buffer_bytes = 0;
    double global_buffer_Bps = 0;  // on-chip bandwidth from the global buffer to the cores
    double memory_Bps = 0;         // off-chip (HBM) bandwidth
    double compute_efficiency = 1; // sustained fraction of the peak MAC rate (clock under load)
    double memory_efficiency = 1;  // achievable fraction of the memory bandwidth
    double launch_overhead_s = 0;  // per operator (kernel launch, dispatch, synchronisation)
    double rate_scale = 1;         // MACs per cycle relative to 16-bit (precision)

    double peakFlops() const {
        return 2.0 * cores * units_per_core * rows * cols * clock_hz * rate_scale;
    }
};

struct GemmEstimate {
    double time_s = 0;
    double compute_s = 0, onchip_s = 0, offchip_s = 0;
    double onchip_bytes = 0; // tile loads from the global buffer to the cores
    int tile_m = 0, tile_n = 0, tile_k = 0;
    std::int64_t waves = 0;
    const char* bound = ""; // "compute", "global buffer", "memory"
};

// C[M,N] = A[M,K] B[K,N] with `bytes` per input element (accumulation in 4-byte words).
GemmEstimate estimateGemm(std::int64_t M, std::int64_t N, std::int64_t K, double bytes,
                          const MatrixDie& die);

} // namespace strata::perf

namespace strata {
struct ChipletType;
}

namespace strata::perf {

struct StreamingDie;
struct OpCosts;

// The matrix and streaming resources of a library chiplet type with the given off-chip memory
// bandwidth (the HBM stacks it reaches). Empty for a type without compute resources.
MatrixDie matrixDieOf(const ChipletType& type, double memory_Bps);
StreamingDie streamingDieOf(const ChipletType& type, double memory_Bps);
// The costs of one operator type's kernel; an operator the type does not list costs one launch.
OpCosts opCostsOf(const ChipletType& type, const std::string& op);

} // namespace strata::perf
