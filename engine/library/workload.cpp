#include "library/workload.h"

namespace strata {

// Weights per layer: Q and O are hidden x heads*head_dim, K and V hidden x kv_heads*head_dim
// (grouped-query attention shares K/V among heads); a GELU FFN has two hidden x ffn matrices, a
// SwiGLU FFN three (gate, up, down). Biases are left out (below 0.1 % of the total).
double TransformerSpec::attentionParams() const {
    const double h = hidden, q = static_cast<double>(heads) * head_dim,
                 kv = static_cast<double>(kv_heads) * head_dim;
    return 2 * h * q + 2 * h * kv;
}

double TransformerSpec::ffnParamsPerExpert() const {
    return (ffn == "swiglu" ? 3.0 : 2.0) * hidden * ffn_hidden;
}

double TransformerSpec::layerParams() const {
    const double norms = (norm == "layernorm" ? 4.0 : 2.0) * hidden; // two norms per layer
    const double router = experts > 1 ? static_cast<double>(hidden) * experts : 0.0;
    return attentionParams() + experts * ffnParamsPerExpert() + norms + router;
}

double TransformerSpec::embeddingParams() const {
    return (tied_embeddings ? 1.0 : 2.0) * vocab * hidden; // token embedding (+ LM head)
}

double TransformerSpec::totalParams() const {
    return layers * layerParams() + embeddingParams();
}

} // namespace strata
