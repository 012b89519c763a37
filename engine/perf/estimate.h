#pragma once
// Times the operators of a phase on one compute die (DESIGN.md § Performance): GEMMs through the
// tiled mapper (cached per shape), streaming and row-wise operators from bytes and bandwidth,
// collectives over the fabric of their group. Each operator's time is its count times one run.
#include "perf/collective.h"
#include "perf/gemm.h"
#include "perf/graph.h"
#include "perf/streaming.h"

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace strata::perf {

// One compute die as the models see it, with the fabric of each parallel group it belongs to.
struct DieResources {
    const ChipletType* type = nullptr;
    MatrixDie matrix;
    StreamingDie streaming;
    std::map<std::string, Fabric> fabrics; // "tp", "pp", "ep", "dp", "all"
    // Near-memory compute beside the die's memory (memory_Bps 0: none): memory-bound operators
    // run there when it is faster and allowed.
    StreamingDie near_memory;
    const ChipletType* near_memory_type = nullptr;
    bool use_near_memory = true;
};

struct OpTiming {
    std::size_t index = 0;    // of the operator in the phase's list
    double time_s = 0;        // count x one run
    std::string bound;        // compute, memory, global buffer, launch, link
    double memory_bytes = 0;  // off-chip traffic, count x one run
    double link_bytes = 0;    // bytes this die sends over links, count x one run
    double onchip_bytes = 0;  // global buffer to cores, count x one run
    bool near_memory = false; // ran on the near-memory units
};

struct StageTiming {
    std::vector<OpTiming> ops;
    double time_s = 0, flops = 0, memory_bytes = 0, link_bytes = 0, onchip_bytes = 0;
    double matrix_flops = 0, vector_flops = 0;
    double compute_s = 0; // time the matrix engines would need at peak (for utilisation)
};

// GEMM results by shape, reused across operators, phases and mapping candidates.
class GemmCache {
public:
    GemmEstimate get(std::int64_t m, std::int64_t n, std::int64_t k, double bytes,
                     const MatrixDie& die);
    std::size_t size() const { return cache_.size(); }

private:
    // Shape, element bytes, and what tells dies apart: memory bandwidth, rate, cores.
    using Key = std::tuple<std::int64_t, std::int64_t, std::int64_t, double, double, double, int>;
    std::map<Key, GemmEstimate> cache_;
};

StageTiming timeOps(const std::vector<PerfOp>& ops, const DieResources& die, GemmCache& cache);

} // namespace strata::perf
