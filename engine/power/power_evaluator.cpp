#include "power/power_evaluator.h"

#include "power/power_model.h"
#include "thermal/builder.h"
#include "thermal/conductances.h"
#include "thermal/coupled.h"
#include "thermal/memory_budget.h"
#include "thermal/solver_cache.h"

#include <algorithm>
#include <set>

namespace strata {

namespace {
constexpr double kC = 273.15;

double metric(const EvalResult& r, const std::string& name, double fallback = 0) {
    const Metric* m = r.metric(name);
    return m ? m->value : fallback;
}

// The phase whose average activity sets the power: the option, else the steady state of serving
// (decode), else the only phase there is.
std::string chosenPhase(const EvalContext& ctx) {
    std::string asked = ctx.options.get("power.phase", "");
    if (!asked.empty())
        return asked;
    for (const char* p : {"decode", "training", "inference", "prefill", "run"})
        if (ctx.upstream.metric(std::string("perf.") + p + ".stage_s"))
            return p;
    return "";
}

power::PowerInputs activityInputs(const EvalContext& ctx, const std::string& phase) {
    power::PowerInputs in;
    const EvalResult& up = ctx.upstream;
    const std::string p = "perf." + phase + ".";
    const double stage = metric(up, p + "stage_s"), step = metric(up, p + "step_s");
    if (stage <= 0 || step <= 0)
        return in;
    in.from_activity = true;
    // Each die runs `micro-batches` stages per step; the rest of the step it idles.
    const double duty = metric(up, "perf.mapping.micro_batches", 1) * stage / step;
    const std::string prefix = p + "die.";
    for (const Metric& m : up.metrics) {
        if (m.name.rfind(prefix, 0) != 0 || m.value <= 0)
            continue;
        const std::string die = m.name.substr(
            prefix.size(), m.name.size() - prefix.size() - std::string(".utilization").size());
        in.activity[die] = {metric(up, p + "matrix_flops_per_die") / stage * duty,
                            metric(up, p + "vector_flops_per_die") / stage * duty,
                            metric(up, p + "onchip_bytes_per_die") / stage * duty};
    }
    const std::string links = p + "link.";
    for (const Metric& m : up.metrics)
        if (m.name.rfind(links, 0) == 0)
            in.link_Bps[m.name.substr(links.size(), m.name.size() - links.size() -
                                                        std::string(".bytes_per_s").size())] =
                m.value * duty;
    if (ctx.design.workload)
        in.precision = ctx.design.workload->weight_precision.empty()
                           ? ctx.design.workload->precision
                           : ctx.design.workload->weight_precision;
    return in;
}

void addSourceTable(const std::vector<power::SourcePower>& sources, const std::vector<double>& tk,
                    EvalResult& out) {
    Table t;
    t.name = "power.sources";
    t.columns = {{"source", "", false},      {"die", "", false},     {"kind", "", false},
                 {"dynamic", "W", true},     {"leakage", "W", true}, {"total", "W", true},
                 {"temperature", "°C", true}};
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const power::SourcePower& s = sources[i];
        const double leak = s.leakageAt(tk[i]);
        t.text.push_back({s.id, s.die_id, s.kind});
        t.numbers.push_back({s.dynamic_w, leak, s.dynamic_w + leak, tk[i] - kC});
    }
    out.tables.push_back(std::move(t));
}
} // namespace

void PowerEvaluator::evaluate(const EvalContext& ctx, EvalResult& out) const {
    const std::string mode = ctx.options.get("power.mode", "activity");
    if (mode != "activity" && mode != "fixed") {
        out.diagnostics.push_back(
            {"POW-0007",
             Severity::Error,
             "unknown power mode \"" + mode + "\": expected activity or fixed",
             {"power.mode"},
             "",
             ""});
        return;
    }
    const std::string phase = mode == "fixed" ? "" : chosenPhase(ctx);
    const power::PowerInputs inputs =
        phase.empty() ? power::PowerInputs{} : activityInputs(ctx, phase);
    if (!inputs.from_activity)
        out.diagnostics.push_back({"POW-0001",
                                   Severity::Info,
                                   mode == "fixed"
                                       ? std::string("power.mode = fixed: block powers as given")
                                       : "no workload activity (perf not evaluated or no "
                                         "workload): block powers as given",
                                   {},
                                   "",
                                   ""});

    thermal::BuildOptions opt =
        thermal::buildOptionsFor(ctx.options.get("thermal.resolution", "default"))
            .value_or(thermal::BuildOptions{});
    thermal::MemoryClaim claim; // held while the leakage loop solves (memory_budget.h)
    opt.memory_claim = &claim;
    opt.cancel = ctx.cancel;
    thermal::BuildResult built = thermal::buildModel(ctx.design, ctx.library, opt);
    if (!built.ok && ctx.cancelled())
        return;
    if (!built.ok) {
        // The first of the model's problems is quoted: the thermal evaluator reports them all,
        // but it may not run (--only power).
        const auto first =
            std::find_if(built.diagnostics.begin(), built.diagnostics.end(),
                         [](const Diagnostic& x) { return x.severity == Severity::Error; });
        out.diagnostics.push_back(
            {"POW-0008", Severity::Error,
             "the package cannot be modelled thermally" +
                 (first != built.diagnostics.end()
                      ? " (" + first->code + ": " + first->message + ")"
                      : std::string()) +
                 ": leakage cannot be coupled to temperature",
             first != built.diagnostics.end() ? first->object_ids : std::vector<std::string>{},
             first != built.diagnostics.end() ? first->pointer : std::string(), ""});
        return;
    }
    const thermal::Model& model = built.model;
    power::PowerSetup setup = power::setUpPower(ctx.design, ctx.library, model, inputs);
    std::set<std::pair<std::string, std::string>> seen; // one diagnostic per code and object
    for (Diagnostic& d : setup.diagnostics)
        if (seen.insert({d.code, d.object_ids.empty() ? "" : d.object_ids[0]}).second)
            out.diagnostics.push_back(std::move(d));

    const auto& sources = setup.sources;
    std::vector<double> tk(sources.size(), model.ambient_k);
    const bool leaks = std::any_of(sources.begin(), sources.end(),
                                   [](const power::SourcePower& s) { return s.leakage_ref_w > 0; });
    int iterations = 0, solverIterations = 0;
    if (leaks) {
        double atAmbient = 0; // the least power there is: leakage only grows with temperature
        for (const power::SourcePower& s : sources)
            atAmbient += s.at(model.ambient_k);
        const double conductance = thermal::conductanceToAmbient(model);
        if (atAmbient > 0 && !(atAmbient / conductance <= thermal::kMeaninglessRiseK)) {
            out.diagnostics.push_back(
                {"POW-0003",
                 Severity::Error,
                 "thermal runaway: the cooling, " + formatNumber(conductance) +
                     " W/K to ambient, cannot carry even the power at ambient temperature (" +
                     formatNumber(atAmbient) + " W); improve the cooling or lower the power",
                 {},
                 "/cooling",
                 ""});
            return;
        }
        // The thermal evaluator reports an unknown thermal.solver_reuse; here it means per run.
        const thermal::SteadySolverLease solver = thermal::steadySolver(
            model,
            thermal::reuseScope(ctx.options.get("thermal.solver_reuse", "evaluation"), ctx.run)
                .value_or(ctx.run));
        const thermal::CoupledResult c = thermal::solveWithLeakage(
            model, *solver,
            [&](const std::vector<double>& t, std::vector<double>& p) {
                for (std::size_t i = 0; i < sources.size(); ++i)
                    p[i] = sources[i].at(t[i]);
            },
            0.01, 100, 500, 1e-5, ctx.cancel);
        if (c.cancelled)
            return; // the pipeline reports the cancellation
        if (c.solve_failed) {
            out.diagnostics.push_back(
                {"POW-0010",
                 Severity::Error,
                 "the thermal solver did not converge in the leakage loop (relative residual " +
                     formatNumber(c.solve_residual) + " after " +
                     std::to_string(c.solver_iterations) +
                     " iterations in all); leakage powers withheld",
                 {},
                 "",
                 ""});
            return;
        }
        iterations = c.iterations;
        solverIterations = c.solver_iterations;
        tk = c.temperatures_k;
        if (c.runaway || !c.converged) {
            const auto hottest = std::max_element(tk.begin(), tk.end());
            const std::size_t at = static_cast<std::size_t>(hottest - tk.begin());
            out.diagnostics.push_back(
                {"POW-0003",
                 Severity::Error,
                 std::string(c.runaway ? "thermal runaway" : "leakage did not converge") +
                     ": leakage grows faster with temperature than the cooling removes it; "
                     "last state after " +
                     std::to_string(c.iterations) + " iterations: " + sources[at].id + " at " +
                     formatNumber(*hottest - kC) + " °C and rising by " +
                     formatNumber(c.last_change_k) +
                     " K per iteration; improve the cooling or lower the power",
                 {sources[at].die_id},
                 "/cooling",
                 ""});
            return;
        }
    }
    double dynamic = 0, leakage = 0;
    std::map<std::string, std::pair<double, double>> perDie;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const double leak = sources[i].leakageAt(tk[i]);
        dynamic += sources[i].dynamic_w;
        leakage += leak;
        perDie[sources[i].die_id].first += sources[i].dynamic_w;
        perDie[sources[i].die_id].second += leak;
        out.add("power.block." + sources[i].id + ".w", sources[i].dynamic_w + leak, "W");
    }
    const double total = dynamic + leakage;
    out.add("power.total_w", total, "W");
    out.add("power.dynamic_w", dynamic, "W");
    out.add("power.leakage_w", leakage, "W");
    for (const auto& [die, p] : perDie) {
        out.add("power.die." + die + ".total_w", p.first + p.second, "W");
        out.add("power.die." + die + ".leakage_w", p.second, "W");
    }
    for (const Stack& s : ctx.design.stacks) {
        double w = 0;
        for (const Tier& t : s.tiers)
            if (perDie.count(t.die.id))
                w += perDie[t.die.id].first + perDie[t.die.id].second;
        out.add("power.stack." + s.id + ".total_w", w, "W");
    }
    if (inputs.from_activity && total > 0) {
        out.add("power.compute_w", setup.compute_w, "W");
        out.add("power.memory_w", setup.memory_w, "W");
        out.add("power.link_w", setup.link_w, "W");
        out.add("power.onchip_w", setup.onchip_w, "W");
        out.add("power.idle_w", setup.idle_w, "W");
        out.add("power.memory_energy_share", setup.memory_w / total, "");
        out.add("power.link_energy_share", setup.link_w / total, "");
        const double tokens =
            phase == "decode"     ? metric(ctx.upstream, "perf.tokens_per_s")
            : phase == "prefill"  ? metric(ctx.upstream, "perf.prefill_tokens_per_s")
            : phase == "training" ? metric(ctx.upstream, "perf.train_tokens_per_s")
                                  : 0;
        if (tokens > 0)
            out.add("power.energy_per_token_j", total / tokens, "J");
        if (phase == "inference" && metric(ctx.upstream, "perf.images_per_s") > 0)
            out.add("power.energy_per_image_j", total / metric(ctx.upstream, "perf.images_per_s"),
                    "J");
    }
    if (leaks) {
        out.add("power.leakage_iterations", iterations, "");
        // The thermal solves' CG iterations over the loop: 0 when every solve was a projection
        // (a kept session solver that holds the sources, thermal/source_learning.h).
        out.add("power.solver.iterations", solverIterations, "");
    }
    addSourceTable(sources, tk, out);
}

} // namespace strata
