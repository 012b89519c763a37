#pragma once
// Operator graphs of a workload for one phase (DESIGN.md § Performance). A transformer becomes
// the operators of one decoder layer as one die of a tensor-parallel group runs them (GEMM shapes
// split by the TP degree, an all-reduce after attention and after the FFN), repeated for the
// layers of a pipeline stage, plus the embedding and the LM head; a CNN or generic operator list
// becomes its layer table scaled by the batch. A training step adds the backward pass (two GEMMs
// of the forward shape per forward GEMM: input and weight gradients), the optimizer update and
// the data-parallel gradient all-reduce.
#include "library/workload.h"
#include "perf/collective.h"

#include <cstdint>
#include <string>
#include <vector>

namespace strata::perf {

enum class OpKind { Gemm, Elementwise, Rowwise, Attention, Collective };

struct PerfOp {
    std::string name;
    std::string kernel; // kernel type, looked up in the chiplet's op costs (gelu, softmax, ...)
    OpKind kind = OpKind::Gemm;
    double count = 1; // times it runs per step on one die (e.g. layers of the stage)
    // GEMM: C[m,n] = A[m,k] B[k,n], `batch` independent products.
    std::int64_t m = 0, n = 0, k = 0;
    double batch = 1;
    double element_bytes = 2;
    // Streaming and row-wise: bytes moved (elementwise, attention), rows x cols, vector FLOPs.
    double bytes = 0, rows = 0, cols = 0, flops = 0;
    // Collective: kind, bytes per device, and the group it runs in ("tp", "ep", "dp", "pp").
    Collective collective = Collective::AllReduce;
    std::string group;
    double weight_bytes = 0; // weights this operator reads

    double gemmFlops() const {
        return 2.0 * batch * static_cast<double>(m) * static_cast<double>(n) *
               static_cast<double>(k);
    }
    double totalFlops() const { return count * (kind == OpKind::Gemm ? gemmFlops() : flops); }
};

struct Parallelism {
    int tp = 1, pp = 1, dp = 1, ep = 1;
    int micro_batches = 1;
    int dies() const { return tp * pp * dp; }
};

struct Precision {
    double weight_bytes = 2, activation_bytes = 2, kv_bytes = 2;
    double matrix_rate = 1; // matrix-engine throughput relative to 16-bit
    std::string name = "bf16";
};

// Bytes per element of a precision name (fp32, bf16, fp16, fp8, int8, int4); 0 if unknown.
double bytesOf(const std::string& precision);

// What one phase asks: tokens in flight, prompt and context lengths, per data-parallel replica.
struct PhaseShape {
    std::string phase;  // prefill | decode | training | inference (cnn)
    double batch = 1;   // sequences (or images) per replica
    double seq = 1;     // tokens per sequence processed in this step
    double context = 0; // tokens attended to (decode: the KV cache length)
};

// One pipeline stage's operators for one micro-batch (the stage with the most work: the last,
// which also holds the LM head). `count` on each op already includes the stage's layers.
std::vector<PerfOp> buildPhaseOps(const WorkloadSpec& w, const PhaseShape& shape,
                                  const Parallelism& par, const Precision& prec);

} // namespace strata::perf
