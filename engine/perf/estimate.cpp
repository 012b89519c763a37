#include "perf/estimate.h"

#include <algorithm>

namespace strata::perf {

GemmEstimate GemmCache::get(std::int64_t m, std::int64_t n, std::int64_t k, double bytes,
                            const MatrixDie& die) {
    const Key key{m, n, k, bytes, die.memory_Bps, die.rate_scale, die.cores};
    auto it = cache_.find(key);
    if (it != cache_.end())
        return it->second;
    return cache_.emplace(key, estimateGemm(m, n, k, bytes, die)).first->second;
}

namespace {
OpTiming timeGemm(const PerfOp& op, const DieResources& die, GemmCache& cache) {
    OpTiming t;
    const MatrixDie& d = die.matrix;
    // A batch of independent products runs as one GEMM of batch * m rows whose B operand is
    // different for each product: its extra reads add to the off-chip traffic.
    const auto rows = static_cast<std::int64_t>(static_cast<double>(op.m) * op.batch);
    const GemmEstimate e = cache.get(rows, op.n, op.k, op.element_bytes, d);
    const double extraB =
        (op.batch - 1) * static_cast<double>(op.k) * static_cast<double>(op.n) * op.element_bytes;
    const double bandwidth = d.memory_efficiency * d.memory_Bps;
    const double offchip = e.offchip_s + (bandwidth > 0 ? extraB / bandwidth : 0.0);
    const double one = std::max({e.compute_s, e.onchip_s, offchip}) + d.launch_overhead_s;
    t.time_s = op.count * one;
    t.bound = offchip >= e.compute_s && offchip >= e.onchip_s ? "memory"
              : e.compute_s >= e.onchip_s                     ? "compute"
                                                              : "global buffer";
    if (d.launch_overhead_s > std::max({e.compute_s, e.onchip_s, offchip}))
        t.bound = "launch";
    t.memory_bytes = op.count * (offchip * bandwidth);
    t.onchip_bytes = op.count * e.onchip_bytes;
    return t;
}

StreamEstimate streamingOn(const PerfOp& op, const ChipletType& type, const StreamingDie& die) {
    OpCosts costs = opCostsOf(type, op.kernel);
    if (op.kind != OpKind::Rowwise)
        return estimateStreaming(op.bytes, op.flops, costs, die);
    if (op.kernel == "rmsnorm" && type.compute && !type.compute->op_overheads.count("rmsnorm"))
        costs = opCostsOf(type, "layernorm"); // the same kernel shape
    const double cells = op.rows * op.cols;
    return estimateRowwise(op.rows, op.cols, op.element_bytes, cells > 0 ? op.flops / cells : 0,
                           costs, die);
}

// Memory-bound operators: on the die, or on its near-memory units when they are faster.
OpTiming timeStreaming(const PerfOp& op, const DieResources& die) {
    StreamEstimate e = streamingOn(op, *die.type, die.streaming);
    bool near = false;
    if (die.use_near_memory && die.near_memory_type && die.near_memory.memory_Bps > 0) {
        const StreamEstimate n = streamingOn(op, *die.near_memory_type, die.near_memory);
        if (n.time_s < e.time_s) {
            e = n;
            near = true;
        }
    }
    OpTiming t;
    t.time_s = op.count * e.time_s;
    t.memory_bytes = op.count * e.memory_bytes;
    t.bound = near ? std::string("near-memory ") + e.bound : std::string(e.bound);
    t.near_memory = near;
    return t;
}
} // namespace

StageTiming timeOps(const std::vector<PerfOp>& ops, const DieResources& die, GemmCache& cache) {
    StageTiming stage;
    for (const PerfOp& op : ops) {
        OpTiming t;
        switch (op.kind) {
        case OpKind::Gemm:
            t = timeGemm(op, die, cache);
            stage.compute_s += op.count * op.gemmFlops() / die.matrix.peakFlops();
            break;
        case OpKind::Elementwise:
        case OpKind::Attention:
        case OpKind::Rowwise:
            t = timeStreaming(op, die);
            break;
        case OpKind::Collective: {
            auto it = die.fabrics.find(op.group);
            const Fabric fabric = it == die.fabrics.end() ? Fabric{} : it->second;
            const CollectiveEstimate c = estimateCollective(op.collective, op.bytes, fabric);
            t.time_s = op.count * c.time_s;
            t.link_bytes = op.count * c.moved_bytes;
            t.bound = "link";
            break;
        }
        }
        t.index = stage.ops.size();
        stage.time_s += t.time_s;
        stage.flops += op.totalFlops();
        stage.memory_bytes += t.memory_bytes;
        stage.link_bytes += t.link_bytes;
        stage.onchip_bytes += t.onchip_bytes;
        (op.kind == OpKind::Gemm ? stage.matrix_flops : stage.vector_flops) += op.totalFlops();
        stage.ops.push_back(std::move(t));
    }
    return stage;
}

} // namespace strata::perf
