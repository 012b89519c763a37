#pragma once
// Workloads of the library (assets/workloads): transformer models described by their shape, and
// operator lists (a CNN's layer table, or any generic list) in per-sample sizes. The perf
// evaluator turns them into operator graphs per phase (perf/graph.h).
#include "library/provenance.h"

#include <cmath>
#include <string>
#include <vector>

namespace strata {

struct TransformerSpec {
    bool decoder = true; // false: encoder only (BERT), no decode phase
    int layers = 0, hidden = 0, heads = 0, kv_heads = 0, head_dim = 0;
    int ffn_hidden = 0;
    std::string ffn = "gelu";       // gelu | swiglu
    std::string norm = "layernorm"; // layernorm | rmsnorm
    bool rope = false;
    int vocab = 0;
    int experts = 1, top_k = 1; // mixture of experts: FFN experts, experts per token
    bool tied_embeddings = false;

    // Parameter counts (weights), from the shapes above.
    double attentionParams() const;
    double ffnParamsPerExpert() const;
    double layerParams() const; // attention + all experts + norms + router
    double embeddingParams() const;
    double totalParams() const;
};

// One operator of an operator list, sizes per sample (a CNN) or absolute (a generic list).
struct OpSpec {
    std::string name;
    std::string op; // gemm, batched_gemm, fc, conv2d, pool, elementwise, softmax, layernorm,
                    // rmsnorm, all_reduce, all_gather, all_to_all
    int repeat = 1;
    double m = 0, n = 0, k = 0, batch = 1;                         // gemm, batched_gemm
    double in_c = 0, out_c = 0, kernel = 1, stride = 1, in_hw = 0; // conv2d, pool
    double elements = 0, flops_per_element = 1;                    // elementwise
    double rows = 0, cols = 0;                                     // softmax, norms
    double bytes = 0;                                              // collectives

    double outHw() const { return stride > 0 ? std::ceil(in_hw / stride) : in_hw; }
};

struct WorkloadSpec {
    std::string id, name;
    std::string kind; // transformer | cnn | ops
    TransformerSpec transformer;
    std::vector<OpSpec> ops; // cnn (per image) and ops
    Provenance provenance;
};

} // namespace strata
