#include "perf/footprint.h"

#include <algorithm>
#include <cmath>

namespace strata::perf {

namespace {
Footprint transformerFootprint(const TransformerSpec& t, const PhaseSizes& s,
                               const Parallelism& par, const Precision& prec) {
    Footprint f;
    const double tp = par.tp;
    const double layers = std::ceil(static_cast<double>(t.layers) / par.pp);
    double ffn = t.experts * t.ffnParamsPerExpert() / tp;
    if (t.experts > 1 && par.ep > 1) // whole experts spread over EP, TP inside each
        ffn = std::ceil(static_cast<double>(t.experts) / par.ep) * t.ffnParamsPerExpert() /
              std::max(1.0, tp / par.ep);
    const double rest = t.layerParams() - t.attentionParams() - t.experts * t.ffnParamsPerExpert();
    const double perLayer = t.attentionParams() / tp + ffn + rest;
    // Embedding on the first stage, LM head on the last: a die holds at most the larger share.
    const double embedding =
        par.pp == 1 ? t.embeddingParams() / tp : static_cast<double>(t.vocab) * t.hidden / tp;
    f.params_per_die = layers * perLayer + embedding;
    f.weights = f.params_per_die * prec.weight_bytes;

    const double kvHeads = std::max(1.0, t.kv_heads / tp);
    const double micro = s.batch / std::max(1, par.micro_batches);
    const double tokensInCache = s.phase == "decode" ? s.context : s.seq;
    if (t.decoder && s.phase != "training")
        f.kv_cache = 2 * layers * s.batch * tokensInCache * kvHeads * t.head_dim * prec.kv_bytes;
    const double heads = std::max(1.0, t.heads / tp);
    const double tokens = micro * (s.phase == "decode" ? 1 : s.seq);
    const double width =
        std::max<double>(t.hidden, (t.ffn == "swiglu" ? 2.0 : 1.0) * t.ffn_hidden / tp);
    const double scores =
        s.phase == "decode" ? micro * heads * s.context : micro * heads * s.seq * s.seq;
    f.activations = (2 * tokens * width + scores) * prec.activation_bytes;
    if (s.phase == "training") {
        const double inFlight = std::min<double>(std::max(1, par.micro_batches), par.pp);
        const double perLayer16 =
            s.seq * micro * t.hidden * (34 + 5.0 * t.heads * s.seq / t.hidden) / tp;
        f.activations = layers * inFlight * perLayer16 * prec.activation_bytes / 2;
        f.optimizer = f.params_per_die * 14;
    }
    return f;
}

Footprint operatorListFootprint(const WorkloadSpec& w, const PhaseSizes& s, const Precision& prec) {
    Footprint f;
    const double n = w.kind == "cnn" ? s.batch : 1.0;
    double largest = 0, stored = 0;
    for (const OpSpec& o : w.ops) {
        double params = 0, outputs = 0;
        if (o.op == "conv2d") {
            params = o.in_c * o.out_c * o.kernel * o.kernel;
            outputs = o.out_c * o.outHw() * o.outHw();
        } else if (o.op == "fc" || o.op == "gemm") {
            params = o.n * o.k;
            outputs = (o.op == "fc" ? 1 : o.m) * o.n;
        } else if (o.op == "pool") {
            outputs = o.in_c * o.outHw() * o.outHw();
        } else if (o.op == "elementwise") {
            outputs = o.elements;
        } else if (o.op == "softmax" || o.op == "layernorm" || o.op == "rmsnorm") {
            outputs = o.rows * o.cols;
        }
        f.params_per_die += params * o.repeat;
        largest = std::max(largest, outputs);
        stored += outputs * o.repeat;
    }
    f.weights = f.params_per_die * prec.weight_bytes;
    // Inference keeps an input and an output alive; training stores every output for backward.
    f.activations = n * (s.phase == "training" ? stored : 2 * largest) * prec.activation_bytes;
    if (s.phase == "training")
        f.optimizer = f.params_per_die * 14;
    return f;
}
} // namespace

Footprint footprintPerDie(const WorkloadSpec& w, const PhaseSizes& s, const Parallelism& par,
                          const Precision& prec) {
    if (w.kind == "transformer")
        return transformerFootprint(w.transformer, s, par, prec);
    return operatorListFootprint(w, s, prec);
}

} // namespace strata::perf
