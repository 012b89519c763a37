#include "perf/perf_model.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace strata::perf {

Precision precisionOf(const std::string& precision, const std::string& weights,
                      const std::string& kv, const ChipletType& type) {
    Precision p;
    p.name = precision;
    p.activation_bytes = bytesOf(precision);
    p.weight_bytes = bytesOf(weights.empty() ? precision : weights);
    p.kv_bytes = bytesOf(kv.empty() ? precision : kv);
    // The matrix engines run at the rate of the wider operand.
    const std::string matrix =
        p.weight_bytes >= p.activation_bytes && !weights.empty() ? weights : precision;
    if (type.compute) {
        auto it = type.compute->matrix_rate_by_precision.find(matrix);
        p.matrix_rate = it == type.compute->matrix_rate_by_precision.end() ? 1.0 : it->second;
    }
    return p;
}

namespace {
std::string gb(double bytes) {
    std::ostringstream s;
    s.precision(bytes >= 10e9 ? 4 : 3);
    s << bytes / 1e9 << " GB";
    return s.str();
}

struct Phase {
    std::string name, graphPhase;
    PhaseShape shape;
};

std::vector<Phase> phasesOf(const PerfRequest& r) {
    const WorkloadSpec& w = *r.workload;
    const double pb = r.prefill_batch, db = r.decode_batch;
    if (w.kind == "ops")
        return {{"run", "run", {"run", 1, 1, 0}}};
    if (r.phase == "training")
        return {{"training", "training", {"training", pb, w.kind == "cnn" ? 1 : r.prefill_seq, 0}}};
    if (w.kind == "cnn")
        return {{"inference", "inference", {"inference", pb, 1, 0}}};
    std::vector<Phase> out{{"prefill", "prefill", {"prefill", pb, r.prefill_seq, 0}}};
    if (w.transformer.decoder && r.phase == "decode")
        out.push_back({"decode", "decode", {"decode", db, 1, r.decode_context}});
    return out;
}

PhaseSizes sizesOf(const Phase& p) {
    return {p.shape.phase, p.shape.batch, p.shape.seq, p.shape.context};
}

// The mapping's own consistency against the workload and the dies available.
bool checkMapping(const PerfRequest& r, const Parallelism& par, int dies,
                  std::vector<Diagnostic>& diags) {
    auto fail = [&](const std::string& field, const std::string& message) {
        diags.push_back(
            {"PERF-0005", Severity::Error, message, {}, "/workload/mapping/" + field, ""});
        return false;
    };
    if (par.dies() > dies)
        return fail("tp", "the mapping needs " + std::to_string(par.dies()) + " compute dies (tp " +
                              std::to_string(par.tp) + " x pp " + std::to_string(par.pp) +
                              " x dp " + std::to_string(par.dp) + ") but the design has " +
                              std::to_string(dies));
    const WorkloadSpec& w = *r.workload;
    if (w.kind != "transformer") {
        if (par.tp > 1 || par.pp > 1 || par.ep > 1)
            return fail("tp", "workload \"" + w.id +
                                  "\" is an operator list: only data parallelism (dp) is "
                                  "modelled for it, expected tp = pp = ep = 1");
        return true;
    }
    const TransformerSpec& t = w.transformer;
    if (t.heads % par.tp != 0)
        return fail("tp", "tp " + std::to_string(par.tp) + " does not divide the " +
                              std::to_string(t.heads) + " attention heads of \"" + w.id + "\"");
    if (par.pp > t.layers)
        return fail("pp", "pp " + std::to_string(par.pp) + " exceeds the " +
                              std::to_string(t.layers) + " layers of \"" + w.id + "\"");
    if (par.ep > 1 && (t.experts % par.ep != 0 || par.tp % par.ep != 0))
        return fail("ep", "ep " + std::to_string(par.ep) + " must divide the " +
                              std::to_string(t.experts) + " experts of \"" + w.id +
                              "\" and tp (experts are spread within the tensor-parallel group)");
    return true;
}

// What would fit when the footprint does not: more stages, lower weight precision, fewer layers.
std::string fitAdvice(const PerfRequest& r, const Parallelism& par, const Phase& phase,
                      double capacity, int dies) {
    const WorkloadSpec& w = *r.workload;
    std::vector<std::string> options;
    if (w.kind == "transformer") {
        for (int pp = par.pp + 1; pp <= w.transformer.layers; ++pp) {
            Parallelism more = par;
            more.pp = pp;
            if (footprintPerDie(w, sizesOf(phase), more, r.precision).total() <= capacity) {
                options.push_back(std::to_string(more.dies()) + " dies (tp " +
                                  std::to_string(par.tp) + " x pp " + std::to_string(pp) + ")" +
                                  (more.dies() > dies ? ", more than the design has" : ""));
                break;
            }
        }
        const Footprint now = footprintPerDie(w, sizesOf(phase), par, r.precision);
        const double layers = std::ceil(static_cast<double>(w.transformer.layers) / par.pp);
        const double embedding =
            w.transformer.embeddingParams() / par.tp * r.precision.weight_bytes;
        const double perLayer = (now.total() - embedding) / layers;
        const int fitLayers = static_cast<int>(std::floor((capacity - embedding) / perLayer));
        if (fitLayers >= 1 && fitLayers < layers)
            options.push_back("at most " + std::to_string(fitLayers) + " of " +
                              std::to_string(static_cast<int>(layers)) + " layers per die");
    }
    for (const char* lower : {"fp8", "int8", "int4"}) {
        if (bytesOf(lower) >= r.precision.weight_bytes)
            continue;
        Precision p = r.precision;
        p.weight_bytes = bytesOf(lower);
        if (footprintPerDie(w, sizesOf(phase), par, p).total() <= capacity) {
            options.push_back(std::string("weights in ") + lower);
            break;
        }
    }
    if (options.empty())
        return "";
    std::string text = "; would fit with ";
    for (std::size_t i = 0; i < options.size(); ++i)
        text += (i ? i + 1 == options.size() ? " or " : ", " : "") + options[i];
    return text;
}

std::map<std::string, Fabric> groupFabrics(const Fabric& link, const Parallelism& par) {
    std::map<std::string, Fabric> f;
    for (auto [group, n] : {std::pair{"tp", par.tp},
                            {"ep", par.ep},
                            {"dp", par.dp},
                            {"pp", par.pp > 1 ? 2 : 1},
                            {"all", par.dies()}}) {
        Fabric g = link;
        g.devices = n;
        f[group] = g;
    }
    return f;
}

PerfReport evaluateMapping(const PerfRequest& r, const DieResources& base, double capacity,
                           int dies, const Parallelism& requested, GemmCache& cache) {
    PerfReport rep;
    rep.par = requested;
    Parallelism& par = rep.par;
    if (par.micro_batches <= 0)
        par.micro_batches = par.pp;
    rep.capacity_bytes = capacity;
    if (!checkMapping(r, par, dies, rep.diagnostics))
        return rep;
    DieResources die = base;
    die.matrix.rate_scale = r.precision.matrix_rate;
    die.fabrics =
        groupFabrics(base.fabrics.count("link") ? base.fabrics.at("link") : Fabric{}, par);
    for (auto [group, n] : {std::pair{"tp", par.tp}, {"pp", par.pp}, {"dp", par.dp}})
        if (n > 1 && die.fabrics[group].device_Bps <= 0) {
            rep.diagnostics.push_back(
                {"PERF-0006",
                 Severity::Error,
                 std::string(group) + " = " + std::to_string(n) +
                     " needs links between compute dies, but the compute dies have none (or "
                     "links of zero bandwidth)",
                 {},
                 std::string("/workload/mapping/") + group,
                 ""});
            return rep;
        }
    const std::vector<Phase> phases = phasesOf(r);
    for (const Phase& p : phases) {
        const Footprint f = footprintPerDie(*r.workload, sizesOf(p), par, r.precision);
        if (f.total() > rep.footprint.total())
            rep.footprint = f;
    }
    if (rep.footprint.total() > capacity) {
        const Footprint& f = rep.footprint;
        const Phase& worst = phases.back();
        rep.diagnostics.push_back(
            {"PERF-0007",
             Severity::Error,
             "\"" + r.workload->id + "\" in " + r.precision.name + " needs " + gb(f.total()) +
                 " per die (weights " + gb(f.weights) + ", KV cache " + gb(f.kv_cache) +
                 ", activations " + gb(f.activations) +
                 (f.optimizer > 0 ? ", optimizer " + gb(f.optimizer) : "") +
                 ") but a die reaches " + gb(capacity) + ": short by " + gb(f.total() - capacity) +
                 fitAdvice(r, par, worst, capacity, dies),
             {},
             "/workload",
             ""});
        return rep;
    }
    const double dp = par.dp;
    for (const Phase& p : phases) {
        PhaseResult ph;
        ph.phase = p.name;
        PhaseShape shape = p.shape;
        shape.batch = std::ceil(shape.batch / dp);
        ph.batch = shape.batch;
        ph.ops = buildPhaseOps(*r.workload, shape, par, r.precision);
        ph.stage = timeOps(ph.ops, die, cache);
        ph.step_s = (par.micro_batches + par.pp - 1) * ph.stage.time_s;
        if (p.name == "training") {
            const double params = rep.footprint.params_per_die;
            // Mixed-precision Adam reads gradient and fp32 state, writes state and weights.
            ph.extra_s = estimateStreaming(params * 28, params * 12,
                                           opCostsOf(*die.type, "optimizer"), die.streaming)
                             .time_s;
            if (par.dp > 1)
                ph.extra_s +=
                    estimateCollective(Collective::AllReduce, params * r.precision.activation_bytes,
                                       die.fabrics["dp"])
                        .time_s;
            ph.step_s += ph.extra_s;
        }
        const double tokens = dp * shape.batch * shape.seq;
        if (p.name == "prefill") {
            rep.ttft_s = ph.step_s;
            rep.prefill_tokens_per_s = tokens / ph.step_s;
        } else if (p.name == "decode") {
            rep.tpot_s = ph.step_s;
            rep.tokens_per_s = dp * shape.batch / ph.step_s;
        } else if (p.name == "training") {
            rep.train_step_s = ph.step_s;
            rep.train_tokens_per_s = tokens / ph.step_s;
        } else if (p.name == "inference") {
            rep.images_per_s = dp * shape.batch / ph.step_s;
        } else {
            rep.run_s = ph.step_s;
        }
        rep.phases.push_back(std::move(ph));
    }
    rep.ok = true;
    return rep;
}

// Higher is better.
double score(const PerfReport& r, const std::string& objective) {
    if (!r.ok)
        return -1;
    const bool latency = objective == "latency";
    if (r.tpot_s > 0)
        return latency ? 1 / r.tpot_s : r.tokens_per_s;
    if (r.train_step_s > 0)
        return latency ? 1 / r.train_step_s : r.train_tokens_per_s;
    if (r.images_per_s > 0)
        return latency ? r.images_per_s / r.par.dp : r.images_per_s;
    if (r.ttft_s > 0)
        return latency ? 1 / r.ttft_s : r.prefill_tokens_per_s;
    return r.run_s > 0 ? 1 / r.run_s : 0;
}

std::vector<Parallelism> candidates(const PerfRequest& r, int dies) {
    std::vector<Parallelism> out;
    const WorkloadSpec& w = *r.workload;
    const bool transformer = w.kind == "transformer";
    for (int tp = 1; tp <= dies; tp *= 2) {
        if (!transformer && tp > 1)
            break;
        if (transformer && w.transformer.heads % tp != 0)
            continue;
        for (int pp = 1; tp * pp <= dies; ++pp) {
            if (!transformer && pp > 1)
                break;
            if (transformer && pp > w.transformer.layers)
                break;
            const int dp = r.objective == "latency" ? 1 : dies / (tp * pp);
            for (int ep = 1; ep <= tp; ep *= 2) {
                if (ep > 1 && (!transformer || w.transformer.experts % ep != 0))
                    break;
                out.push_back({tp, pp, dp, ep, 0});
            }
        }
    }
    return out;
}
} // namespace

PerfReport runPerf(const PerfRequest& request, const DieResources& die, double capacity_bytes,
                   int dies, GemmCache& cache) {
    if (!request.auto_search)
        return evaluateMapping(request, die, capacity_bytes, dies, request.par, cache);
    PerfReport best;
    PerfReport firstFailure;
    for (const Parallelism& p : candidates(request, dies)) {
        PerfReport r = evaluateMapping(request, die, capacity_bytes, dies, p, cache);
        if (r.ok && score(r, request.objective) > score(best, request.objective))
            best = std::move(r);
        else if (!r.ok && firstFailure.diagnostics.empty())
            firstFailure = std::move(r);
    }
    if (best.ok)
        return best;
    // Nothing fits: report why the largest mapping fails.
    Parallelism widest{1, 1, 1, 1, 0};
    if (request.workload->kind == "transformer") {
        for (int tp = 1; tp <= dies && request.workload->transformer.heads % tp == 0; tp *= 2)
            widest.tp = tp;
        widest.pp = std::min(request.workload->transformer.layers, dies / widest.tp);
    }
    PerfReport r = evaluateMapping(request, die, capacity_bytes, dies, widest, cache);
    if (!r.ok && !r.diagnostics.empty())
        r.diagnostics.back().message = "no mapping onto " + std::to_string(dies) +
                                       " dies fits; the widest (tp " + std::to_string(widest.tp) +
                                       " x pp " + std::to_string(widest.pp) +
                                       "): " + r.diagnostics.back().message;
    return r.diagnostics.empty() ? firstFailure : r;
}

} // namespace strata::perf
