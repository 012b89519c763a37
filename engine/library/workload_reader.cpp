#include "library/workload_reader.h"

#include <algorithm>
#include <array>

namespace strata {

namespace {
constexpr std::array<const char*, 12> kOps{"gemm",        "batched_gemm", "conv2d",     "pool",
                                           "elementwise", "softmax",      "layernorm",  "rmsnorm",
                                           "all_reduce",  "all_gather",   "all_to_all", "fc"};

TransformerSpec readTransformer(EntryReader& r, const JsonContext& ctx, const std::string& ptr) {
    TransformerSpec t;
    t.decoder = r.boolean("decoder", true);
    t.layers = r.integer("layers", 0, true, 1);
    t.hidden = r.integer("hidden", 0, true, 1);
    t.heads = r.integer("heads", 0, true, 1);
    t.kv_heads = r.integer("kv_heads", t.heads, false, 1);
    t.head_dim = r.integer("head_dim", t.heads > 0 ? t.hidden / t.heads : 0, false, 1);
    t.ffn_hidden = r.integer("ffn_hidden", 0, true, 1);
    t.ffn = r.text("ffn", false, "gelu");
    t.norm = r.text("norm", false, "layernorm");
    t.rope = r.boolean("rope", false);
    t.vocab = r.integer("vocab", 0, true, 1);
    t.experts = r.integer("experts", 1, false, 1);
    t.top_k = r.integer("top_k", 1, false, 1);
    t.tied_embeddings = r.boolean("tied_embeddings", false);
    if (t.ffn != "gelu" && t.ffn != "swiglu")
        ctx.error("IO-0008", childPointer(ptr, "ffn"),
                  "expected \"gelu\" or \"swiglu\", got \"" + t.ffn + "\"");
    if (t.norm != "layernorm" && t.norm != "rmsnorm")
        ctx.error("IO-0008", childPointer(ptr, "norm"),
                  "expected \"layernorm\" or \"rmsnorm\", got \"" + t.norm + "\"");
    if (t.heads > 0 && t.kv_heads > 0 && t.heads % t.kv_heads != 0)
        ctx.error("IO-0008", childPointer(ptr, "kv_heads"),
                  "expected a divisor of heads (" + std::to_string(t.heads) + "), got " +
                      std::to_string(t.kv_heads));
    if (t.top_k > t.experts)
        ctx.error("IO-0008", childPointer(ptr, "top_k"),
                  "expected at most experts (" + std::to_string(t.experts) + "), got " +
                      std::to_string(t.top_k));
    return t;
}

OpSpec readOp(EntryReader& r, const JsonContext& ctx, const std::string& ptr) {
    OpSpec o;
    o.name = r.text("name", true);
    o.op = r.text("op", true);
    o.repeat = r.integer("repeat", 1, false, 1);
    const bool known = std::find_if(kOps.begin(), kOps.end(),
                                    [&](const char* k) { return o.op == k; }) != kOps.end();
    if (!known) {
        std::string list;
        for (const char* k : kOps)
            list += std::string(list.empty() ? "" : ", ") + k;
        ctx.error("IO-0008", childPointer(ptr, "op"),
                  "expected one of " + list + ", got \"" + o.op + "\"");
        return o;
    }
    if (o.op == "gemm" || o.op == "batched_gemm" || o.op == "fc") {
        o.m = r.number("m", 0, o.op != "fc", 0, 1e12);
        o.n = r.number("n", 0, true, 0, 1e12);
        o.k = r.number("k", 0, true, 0, 1e12);
        o.batch = r.number("batch", 1, o.op == "batched_gemm", 0, 1e12);
    } else if (o.op == "conv2d" || o.op == "pool") {
        o.in_c = r.number("in_channels", 0, true, 0, 1e9);
        o.out_c = r.number("out_channels", o.in_c, o.op == "conv2d", 0, 1e9);
        o.kernel = r.number("kernel", 1, true, 0, 1e4);
        o.stride = r.number("stride", 1, false, 0, 1e4);
        o.in_hw = r.number("in_hw", 0, true, 0, 1e6);
    } else if (o.op == "elementwise") {
        o.elements = r.number("elements", 0, true, 0, 1e15);
        o.flops_per_element = r.number("flops_per_element", 1, false, 0, 1e6, false);
    } else if (o.op == "softmax" || o.op == "layernorm" || o.op == "rmsnorm") {
        o.rows = r.number("rows", 0, true, 0, 1e15);
        o.cols = r.number("cols", 0, true, 0, 1e15);
    } else {
        o.bytes = r.number("bytes", 0, true, 0, 1e15);
    }
    return o;
}
} // namespace

WorkloadSpec readWorkload(EntryReader& r, const std::string& file, const JsonContext& ctx) {
    WorkloadSpec w;
    w.id = r.text("id", true);
    w.name = r.text("name", true);
    w.kind = r.text("kind", true);
    if (w.kind == "transformer") {
        if (const Json* t = r.child("transformer")) {
            const std::string ptr = r.pointerOf("transformer");
            if (expectObject(*t, ptr, ctx, "a transformer shape {layers, hidden, heads, ...}")) {
                EntryReader tr(*t, ptr, ctx);
                w.transformer = readTransformer(tr, ctx, ptr);
                tr.finish();
            }
        } else {
            ctx.error("IO-0009", r.pointerOf("transformer"),
                      "missing required key \"transformer\": expected the model's shape");
        }
    } else if (w.kind == "cnn" || w.kind == "ops") {
        const Json* ops = r.child("ops");
        const std::string ptr = r.pointerOf("ops");
        if (!ops)
            ctx.error("IO-0009", ptr, "missing required key \"ops\": expected a list of operators");
        else if (expectArray(*ops, ptr, ctx, "a list of operators"))
            for (std::size_t i = 0; i < ops->size(); ++i) {
                const std::string op = childPointer(ptr, i);
                if (!expectObject((*ops)[i], op, ctx, "an operator {name, op, ...}"))
                    continue;
                EntryReader orr((*ops)[i], op, ctx);
                w.ops.push_back(readOp(orr, ctx, op));
                orr.finish();
            }
    } else {
        ctx.error("IO-0008", r.pointerOf("kind"),
                  "expected one of transformer, cnn, ops, got \"" + w.kind + "\"");
    }
    w.provenance = r.provenance(file);
    return w;
}

} // namespace strata
