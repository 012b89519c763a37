#include "perf/graph.h"

#include <algorithm>
#include <cmath>

namespace strata::perf {

double bytesOf(const std::string& precision) {
    if (precision == "fp32")
        return 4;
    if (precision == "bf16" || precision == "fp16")
        return 2;
    if (precision == "fp8" || precision == "int8")
        return 1;
    if (precision == "int4")
        return 0.5;
    return 0;
}

namespace {
std::int64_t whole(double v) {
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(v)));
}

struct Builder {
    std::vector<PerfOp> ops;
    const Precision& prec;
    double repeat = 1; // multiplies every op added (layers per stage)

    PerfOp& add(PerfOp op) {
        op.count *= repeat;
        ops.push_back(std::move(op));
        return ops.back();
    }
    void gemm(const std::string& name, double m, double n, double k, double batch = 1,
              bool weights = true) {
        PerfOp op;
        op.name = name;
        op.kernel = "gemm";
        op.kind = OpKind::Gemm;
        op.m = whole(m);
        op.n = whole(n);
        op.k = whole(k);
        op.batch = batch;
        op.element_bytes = weights ? prec.weight_bytes : prec.activation_bytes;
        op.weight_bytes = weights ? n * k * prec.weight_bytes : 0;
        add(op);
    }
    void elementwise(const std::string& name, const std::string& kernel, double elements,
                     double flopsPerElement, double tensorsMoved = 2) {
        PerfOp op;
        op.name = name;
        op.kernel = kernel;
        op.kind = OpKind::Elementwise;
        op.bytes = tensorsMoved * elements * prec.activation_bytes;
        op.flops = flopsPerElement * elements;
        add(op);
    }
    void rowwise(const std::string& name, const std::string& kernel, double rows, double cols,
                 double flopsPerElement) {
        PerfOp op;
        op.name = name;
        op.kernel = kernel;
        op.kind = OpKind::Rowwise;
        op.rows = rows;
        op.cols = cols;
        op.element_bytes = prec.activation_bytes;
        op.flops = flopsPerElement * rows * cols;
        add(op);
    }
    void collective(const std::string& name, Collective kind, const std::string& group,
                    double bytes) {
        PerfOp op;
        op.name = name;
        op.kernel = collectiveName(kind);
        op.kind = OpKind::Collective;
        op.collective = kind;
        op.group = group;
        op.bytes = bytes;
        add(op);
    }
};

// Flops per element of the vector operators (counted as vector operations): softmax max, exp,
// sum, divide; LayerNorm mean, variance, normalise, scale, shift; RMSNorm without the mean;
// tanh-GELU about 8; SiLU times the up projection about 5; RoPE a rotation (4 mul, 2 add).
constexpr double kSoftmaxFlops = 5, kLayerNormFlops = 7, kRmsNormFlops = 4, kGeluFlops = 8,
                 kSwigluFlops = 5, kRopeFlops = 6;

void transformerLayer(Builder& b, const TransformerSpec& t, const PhaseShape& s,
                      const Parallelism& par, double microBatch) {
    const double tp = par.tp, tokens = microBatch * s.seq;
    const double h = t.hidden, hd = t.head_dim;
    const double heads = std::max(1.0, t.heads / tp);
    const double kvHeads = std::max(1.0, t.kv_heads / tp); // fewer KV heads than dies: replicated
    const std::string norm = t.norm;
    const double normFlops = norm == "rmsnorm" ? kRmsNormFlops : kLayerNormFlops;
    const double act = b.prec.activation_bytes;

    b.rowwise("attn_norm", norm, tokens, h, normFlops);
    b.gemm("qkv_proj", tokens, (heads + 2 * kvHeads) * hd, h);
    if (t.rope)
        b.elementwise("rope", "rope", tokens * (heads + kvHeads) * hd, kRopeFlops);
    const double context = s.phase == "decode" ? s.context : s.seq;
    if (s.phase == "decode") {
        // One query per sequence against the whole KV cache: memory-bound, read the cache once.
        PerfOp att;
        att.name = "attention";
        att.kernel = "attention";
        att.kind = OpKind::Attention;
        att.bytes = 2 * microBatch * context * kvHeads * hd * b.prec.kv_bytes +
                    2 * microBatch * kvHeads * hd * b.prec.kv_bytes + // append this token's K, V
                    2 * microBatch * heads * hd * act;                // q in, context out
        att.flops =
            4 * microBatch * heads * context * hd + kSoftmaxFlops * microBatch * heads * context;
        b.add(att);
    } else {
        b.gemm("attn_scores", s.seq, context, hd, microBatch * heads, false);
        b.rowwise("attn_softmax", "softmax", microBatch * heads * s.seq, context, kSoftmaxFlops);
        b.gemm("attn_context", s.seq, hd, context, microBatch * heads, false);
    }
    b.gemm("attn_out_proj", tokens, h, heads * hd);
    if (par.tp > 1)
        b.collective("attn_all_reduce", Collective::AllReduce, "tp", tokens * h * act);
    b.elementwise("attn_residual", "elementwise", tokens * h, 1, 3);
    b.rowwise("ffn_norm", norm, tokens, h, normFlops);

    const bool swiglu = t.ffn == "swiglu";
    const double upWidth = swiglu ? 2.0 : 1.0;
    if (t.experts > 1) {
        b.gemm("moe_router", tokens, t.experts, h);
        b.rowwise("moe_router_softmax", "softmax", tokens, t.experts, kSoftmaxFlops);
        const double ep = par.ep, split = std::max(1.0, tp / ep); // TP inside each expert
        const double localExperts = std::max(1.0, t.experts / ep);
        const double tokensPerExpert = tokens * t.top_k / t.experts;
        if (par.ep > 1)
            b.collective("moe_dispatch", Collective::AllToAll, "ep", tokens * t.top_k * h * act);
        const double saved = b.repeat;
        b.repeat *= localExperts;
        b.gemm("expert_up", tokensPerExpert, upWidth * t.ffn_hidden / split, h);
        b.elementwise("expert_act", swiglu ? "swiglu" : "gelu",
                      tokensPerExpert * t.ffn_hidden / split, swiglu ? kSwigluFlops : kGeluFlops,
                      swiglu ? 3 : 2);
        b.gemm("expert_down", tokensPerExpert, h, t.ffn_hidden / split);
        b.repeat = saved;
        if (par.ep > 1)
            b.collective("moe_combine", Collective::AllToAll, "ep", tokens * t.top_k * h * act);
    } else {
        b.gemm("ffn_up", tokens, upWidth * t.ffn_hidden / tp, h);
        b.elementwise("ffn_act", swiglu ? "swiglu" : "gelu", tokens * t.ffn_hidden / tp,
                      swiglu ? kSwigluFlops : kGeluFlops, swiglu ? 3 : 2);
        b.gemm("ffn_down", tokens, h, t.ffn_hidden / tp);
    }
    if (par.tp > 1)
        b.collective("ffn_all_reduce", Collective::AllReduce, "tp", tokens * h * act);
    b.elementwise("ffn_residual", "elementwise", tokens * h, 1, 3);
}

void transformer(Builder& b, const WorkloadSpec& w, const PhaseShape& s, const Parallelism& par) {
    const TransformerSpec& t = w.transformer;
    const double microBatch = s.batch / std::max(1, par.micro_batches);
    const double tokens = microBatch * s.seq;
    const double layersPerStage = std::ceil(static_cast<double>(t.layers) / par.pp);
    const double act = b.prec.activation_bytes;
    if (par.pp == 1)
        b.elementwise("embedding", "embedding", tokens * t.hidden, 0, 1);
    b.repeat = layersPerStage;
    transformerLayer(b, t, s, par, microBatch);
    b.repeat = 1;
    if (par.pp > 1)
        b.collective("stage_send", Collective::SendRecv, "pp", tokens * t.hidden * act);
    // The last stage: final norm and LM head. Generation needs only each sequence's last token;
    // training computes the loss over every token.
    const double logits = s.phase == "training" ? tokens : microBatch;
    if (t.decoder || s.phase == "training") {
        b.rowwise("final_norm", t.norm, logits, t.hidden,
                  t.norm == "rmsnorm" ? kRmsNormFlops : kLayerNormFlops);
        b.gemm("lm_head", logits, static_cast<double>(t.vocab) / par.tp, t.hidden);
    }
}

void operatorList(Builder& b, const WorkloadSpec& w, const PhaseShape& s) {
    const bool perSample = w.kind == "cnn";
    const double n = perSample ? s.batch : 1.0;
    for (const OpSpec& o : w.ops) {
        b.repeat = o.repeat;
        if (o.op == "conv2d") {
            // im2col: [batch * out_hw^2, in_c * kernel^2] x [in_c * kernel^2, out_c]
            const double out = o.outHw();
            b.gemm(o.name, n * out * out, o.out_c, o.in_c * o.kernel * o.kernel);
        } else if (o.op == "fc") {
            b.gemm(o.name, perSample ? n : o.m, o.n, o.k);
        } else if (o.op == "gemm") {
            b.gemm(o.name, o.m * n, o.n, o.k);
        } else if (o.op == "batched_gemm") {
            b.gemm(o.name, o.m, o.n, o.k, o.batch * n, false);
        } else if (o.op == "pool") {
            const double out = o.outHw();
            const double outElements = n * o.in_c * out * out;
            PerfOp& op = b.add({});
            op.name = o.name;
            op.kernel = "pool";
            op.kind = OpKind::Elementwise;
            op.bytes = (n * o.in_c * o.in_hw * o.in_hw + outElements) * b.prec.activation_bytes;
            op.flops = outElements * o.kernel * o.kernel;
            op.count = o.repeat;
        } else if (o.op == "elementwise") {
            b.elementwise(o.name, "elementwise", o.elements * n, o.flops_per_element);
        } else if (o.op == "softmax" || o.op == "layernorm" || o.op == "rmsnorm") {
            b.rowwise(o.name, o.op, o.rows * n, o.cols,
                      o.op == "softmax"     ? kSoftmaxFlops
                      : o.op == "layernorm" ? kLayerNormFlops
                                            : kRmsNormFlops);
        } else if (o.op == "all_reduce") {
            b.collective(o.name, Collective::AllReduce, "all", o.bytes * n);
        } else if (o.op == "all_gather") {
            b.collective(o.name, Collective::AllGather, "all", o.bytes * n);
        } else if (o.op == "all_to_all") {
            b.collective(o.name, Collective::AllToAll, "all", o.bytes * n);
        }
    }
    b.repeat = 1;
}

// Backward pass: per forward GEMM an input-gradient and a weight-gradient GEMM of the same FLOPs;
// streaming and row-wise operators about twice their forward traffic; collectives once more.
void addBackward(Builder& b) {
    const std::size_t forward = b.ops.size();
    for (std::size_t i = 0; i < forward; ++i) {
        PerfOp op = b.ops[i];
        op.name += ".backward";
        op.count *= op.kind == OpKind::Collective ? 1 : 2; // collectives: once more
        b.ops.push_back(op);
    }
}
} // namespace

std::vector<PerfOp> buildPhaseOps(const WorkloadSpec& w, const PhaseShape& shape,
                                  const Parallelism& par, const Precision& prec) {
    Builder b{{}, prec};
    if (w.kind == "transformer")
        transformer(b, w, shape, par);
    else
        operatorList(b, w, shape);
    if (shape.phase == "training")
        addBackward(b);
    return std::move(b.ops);
}

} // namespace strata::perf
