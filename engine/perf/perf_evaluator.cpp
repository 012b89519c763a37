#include "perf/perf_evaluator.h"

#include "perf/hardware.h"
#include "perf/perf_model.h"

#include <algorithm>

namespace strata {

namespace {
using namespace perf;

void report(Diagnostic d, EvalResult& out) {
    out.diagnostics.push_back(std::move(d));
}

// The slowest compute die stands for all of them (the step waits for the slowest).
const ComputeDieView* slowest(const HardwareView& view) {
    const ComputeDieView* worst = nullptr;
    for (const ComputeDieView& v : view.compute)
        if (!worst || v.matrix.memory_Bps < worst->matrix.memory_Bps ||
            (v.matrix.memory_Bps == worst->matrix.memory_Bps &&
             v.matrix.peakFlops() < worst->matrix.peakFlops()))
            worst = &v;
    return worst;
}

void addOperatorTable(const PerfReport& rep, EvalResult& out) {
    Table t;
    t.name = "perf.operators";
    t.columns = {{"phase", "", false},     {"operator", "", false}, {"kernel", "", false},
                 {"placement", "", false}, {"bound", "", false},    {"count", "", true},
                 {"time", "s", true},      {"share", "", true},     {"flops", "GFLOP", true},
                 {"memory", "MB", true},   {"link", "MB", true}};
    for (const PhaseResult& ph : rep.phases)
        for (const OpTiming& o : ph.stage.ops) {
            const PerfOp& op = ph.ops[o.index];
            t.text.push_back(
                {ph.phase, op.name, op.kernel, o.near_memory ? "near-memory" : "die", o.bound});
            t.numbers.push_back({op.count, o.time_s,
                                 ph.stage.time_s > 0 ? o.time_s / ph.stage.time_s : 0,
                                 op.totalFlops() / 1e9, o.memory_bytes / 1e6, o.link_bytes / 1e6});
        }
    out.tables.push_back(std::move(t));
}
} // namespace

void PerfEvaluator::evaluate(const EvalContext& ctx, EvalResult& out) const {
    const Design& d = ctx.design;
    if (!d.workload) {
        report({"PERF-0002",
                Severity::Info,
                "the design has no workload: performance not evaluated (add \"workload\" with a "
                "model from `strata-cli list workloads`)",
                {},
                "/workload",
                ""},
               out);
        return;
    }
    const Workload& w = *d.workload;
    const WorkloadSpec* spec = ctx.library.workload(w.model);
    if (!spec) {
        report({"PERF-0003",
                Severity::Error,
                "unknown workload \"" + w.model + "\"",
                {"workload"},
                "/workload/model",
                ""},
               out);
        return;
    }
    HardwareView view = hardwareView(d, ctx.library);
    for (Diagnostic& diag : view.diagnostics)
        out.diagnostics.push_back(std::move(diag));
    const ComputeDieView* die = slowest(view);
    if (!die) {
        report({"PERF-0004",
                Severity::Error,
                "the design has no compute die to run \"" + w.model +
                    "\" (dies whose chiplet type has compute resources)",
                {},
                "/stacks",
                ""},
               out);
        return;
    }
    if (die->matrix.memory_Bps <= 0) {
        report({"PERF-0001",
                Severity::Error,
                "compute die \"" + die->die_id +
                    "\" reaches no memory bandwidth: the workload cannot be timed",
                {die->die_id},
                "",
                ""},
               out);
        return;
    }
    PerfRequest req;
    req.workload = spec;
    req.phase = w.phase;
    req.precision =
        precisionOf(w.precision, w.weight_precision, w.kv_cache_precision, die->resolved);
    req.prefill_batch = w.prefill_batch;
    req.prefill_seq = w.prefill_seq;
    req.decode_batch = w.decode_batch;
    req.decode_context = w.decode_context;
    req.par = {w.mapping.tp, w.mapping.pp, w.mapping.dp, w.mapping.ep, w.mapping.micro_batches};
    req.auto_search = w.mapping.auto_search;
    req.objective = w.mapping.objective;

    DieResources res;
    res.type = &die->resolved;
    res.matrix = die->matrix;
    res.streaming = die->streaming;
    res.fabrics["link"] = die->fabric;
    res.near_memory = die->near_memory;
    res.near_memory_type = die->near_memory_type;
    res.use_near_memory = w.mapping.near_memory;
    GemmCache cache;
    const auto dies = static_cast<int>(view.compute.size());
    const PerfReport rep = runPerf(req, res, die->memory_capacity_bytes, dies, cache);
    for (const Diagnostic& diag : rep.diagnostics)
        out.diagnostics.push_back(diag);
    if (!rep.ok)
        return;

    auto positive = [&](const char* name, double v, const char* unit) {
        if (v > 0)
            out.add(name, v, unit);
    };
    positive("perf.ttft_s", rep.ttft_s, "s");
    positive("perf.prefill_tokens_per_s", rep.prefill_tokens_per_s, "tokens/s");
    positive("perf.tpot_s", rep.tpot_s, "s");
    positive("perf.tokens_per_s", rep.tokens_per_s, "tokens/s");
    positive("perf.train_step_s", rep.train_step_s, "s");
    positive("perf.train_tokens_per_s", rep.train_tokens_per_s, "tokens/s");
    positive("perf.images_per_s", rep.images_per_s, "images/s");
    positive("perf.run_s", rep.run_s, "s");
    out.add("perf.mapping.tp", rep.par.tp, "");
    out.add("perf.mapping.pp", rep.par.pp, "");
    out.add("perf.mapping.dp", rep.par.dp, "");
    out.add("perf.mapping.ep", rep.par.ep, "");
    out.add("perf.mapping.micro_batches", rep.par.micro_batches, "");
    out.add("perf.dies_used", rep.par.dies(), "");
    out.add("perf.matrix_rate", req.precision.matrix_rate, "");
    out.add("perf.memory.per_die_gb", rep.footprint.total() / 1e9, "GB");
    out.add("perf.memory.weights_gb", rep.footprint.weights / 1e9, "GB");
    out.add("perf.memory.kv_cache_gb", rep.footprint.kv_cache / 1e9, "GB");
    out.add("perf.memory.activations_gb", rep.footprint.activations / 1e9, "GB");
    if (rep.footprint.optimizer > 0)
        out.add("perf.memory.optimizer_gb", rep.footprint.optimizer / 1e9, "GB");
    out.add("perf.memory.capacity_gb", rep.capacity_bytes / 1e9, "GB");

    // Utilisation over each phase, the same on every die that runs it (0 on idle dies); traffic
    // per link: memory links carry their share of the die's memory traffic, compute links the
    // collectives.
    const double peak = res.matrix.peakFlops() * req.precision.matrix_rate;
    // The roofs of one die at the workload's precision (the studio's roofline chart).
    out.add("perf.peak_flops_per_s", peak, "FLOP/s");
    out.add("perf.peak_memory_bytes_per_s", die->matrix.memory_Bps, "B/s");
    for (const PhaseResult& ph : rep.phases) {
        const double t = ph.stage.time_s;
        if (t <= 0)
            continue;
        const std::string p = "perf." + ph.phase + ".";
        out.add(p + "step_s", ph.step_s, "s");
        out.add(p + "compute_utilization", ph.stage.flops / (peak * t), "");
        out.add(p + "memory_utilization", ph.stage.memory_bytes / (die->matrix.memory_Bps * t), "");
        out.add(p + "flops_per_die", ph.stage.flops, "FLOP");
        out.add(p + "memory_bytes_per_die", ph.stage.memory_bytes, "B");
        out.add(p + "link_bytes_per_die", ph.stage.link_bytes, "B");
        out.add(p + "onchip_bytes_per_die", ph.stage.onchip_bytes, "B");
        out.add(p + "matrix_flops_per_die", ph.stage.matrix_flops, "FLOP");
        out.add(p + "vector_flops_per_die", ph.stage.vector_flops, "FLOP");
        out.add(p + "stage_s", t, "s");
        for (std::size_t i = 0; i < view.compute.size(); ++i) {
            const ComputeDieView& v = view.compute[i];
            const bool used = static_cast<int>(i) < rep.par.dies();
            out.add(p + "die." + v.die_id + ".utilization",
                    used ? ph.stage.flops / (peak * t) : 0.0, "");
            for (const Link& link : d.links) {
                if (link.from != v.die_id && link.to != v.die_id)
                    continue;
                const std::string other = link.from == v.die_id ? link.to : link.from;
                const bool memory = std::find(v.memory_dies.begin(), v.memory_dies.end(), other) !=
                                    v.memory_dies.end();
                double bytes = 0;
                if (used && memory)
                    bytes = ph.stage.memory_bytes / static_cast<double>(v.memory_dies.size());
                else if (used && !v.compute_neighbours.empty())
                    bytes = ph.stage.link_bytes / static_cast<double>(v.compute_neighbours.size());
                if (memory || !v.compute_neighbours.empty())
                    out.add(p + "link." + link.id + ".bytes_per_s", bytes / t, "B/s");
            }
        }
    }
    addOperatorTable(rep, out);
}

} // namespace strata
