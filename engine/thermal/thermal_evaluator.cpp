#include "thermal/thermal_evaluator.h"

#include "thermal/builder.h"
#include "thermal/conductances.h"
#include "thermal/memory_budget.h"
#include "thermal/result_fields.h"
#include "thermal/results.h"
#include "thermal/solver.h"
#include "thermal/solver_cache.h"
#include "thermal/source_learning.h"
#include "thermal/transient.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

namespace strata {

namespace {

constexpr double kC = thermal::kZeroCelsiusK;
// Melting point of silicon, 1414 °C (CRC Handbook of Chemistry and Physics, "Melting, boiling,
// triple and critical points of the elements").
constexpr double kSiliconMeltsC = 1414;

// Adds the temperature metrics; returns the hottest die's temperatures (nullopt: no die).
std::optional<thermal::RegionTemperature> addTemperatures(const thermal::Model& m,
                                                          const std::vector<double>& theta,
                                                          double power, EvalResult& out) {
    const auto dies = thermal::dieTemperatures(m, theta);
    const thermal::RegionTemperature* hottest = nullptr;
    for (const auto& d : dies) {
        out.add("thermal.die." + d.id + ".max_c", d.max_k - kC, "°C");
        out.add("thermal.die." + d.id + ".mean_c", d.mean_k - kC, "°C");
        out.add("thermal.die." + d.id + ".min_c", d.min_k - kC, "°C");
        if (!hottest || d.max_k > hottest->max_k + thermal::kTemperatureTieK)
            hottest = &d;
    }
    for (const auto& b : thermal::sourceTemperatures(m, theta)) {
        out.add("thermal.block." + b.id + ".max_c", b.max_k - kC, "°C");
        out.add("thermal.block." + b.id + ".mean_c", b.mean_k - kC, "°C");
    }
    if (hottest) {
        out.add("thermal.tj_max_c", hottest->max_k - kC, "°C");
        out.add("thermal.hotspot_x_mm", hottest->hot_x * 1e3, "mm");
        out.add("thermal.hotspot_y_mm", hottest->hot_y * 1e3, "mm");
        if (power > 0)
            out.add("thermal.rja_k_per_w", (hottest->max_k - m.ambient_k) / power, "K/W");
        out.diagnostics.push_back({"THM-0100",
                                   Severity::Info,
                                   "hotspot " + formatNumber(hottest->max_k - kC) +
                                       " °C on die \"" + hottest->id + "\" at x " +
                                       formatNumber(hottest->hot_x * 1e3) + " mm, y " +
                                       formatNumber(hottest->hot_y * 1e3) + " mm",
                                   {hottest->id},
                                   "",
                                   ""});
        if (hottest->max_k - kC > kSiliconMeltsC)
            out.diagnostics.push_back(
                {"THM-0102",
                 Severity::Warning,
                 "Tj " + formatNumber(hottest->max_k - kC) + " °C on die \"" + hottest->id +
                     "\" is above the melting point of silicon (1414 °C): the cooling cannot "
                     "carry " +
                     formatNumber(power) + " W (check cooling.h_w_m2k, r_k_w and secondary_r_k_w)",
                 {hottest->id},
                 "/cooling",
                 ""});
    }
    if (!hottest)
        return std::nullopt;
    return *hottest;
}

// Source powers from the power evaluator's table, matched by source id; false when there is
// none (power not evaluated, or it failed): the model keeps the design's fixed powers.
bool usePowerEvaluatorSources(const EvalResult& upstream, thermal::Model& m) {
    const auto table = std::find_if(upstream.tables.begin(), upstream.tables.end(),
                                    [](const Table& t) { return t.name == "power.sources"; });
    if (table == upstream.tables.end())
        return false;
    std::map<std::string, double> watts;
    for (std::size_t i = 0; i < table->text.size(); ++i)
        watts[table->text[i][0]] = table->numbers[i][2]; // source -> total W
    for (thermal::HeatSource& s : m.sources) {
        const auto it = watts.find(s.id);
        if (it != watts.end())
            s.power_w = it->second;
    }
    return true;
}

// thermal.learn_sources: the session's solver learns each heat source's response now, so that
// later power-only evaluations are projections (source_learning.h).
void learnEverySource(const EvalContext& ctx, const thermal::Model& m,
                      const thermal::Solver& solver, EvalResult& out) {
    const std::size_t budget = thermal::learningBudgetBytes();
    const int held = solver.learnSources(m, ctx.cancel, budget);
    out.add("thermal.solver.sources_learnt", held, "");
    const auto sources = static_cast<int>(m.sources.size());
    if (held == sources || ctx.cancelled())
        return;
    const auto need =
        static_cast<double>(thermal::learntResponseBytes(m.sources.size(), m.unknowns()));
    const std::string why = need > static_cast<double>(budget)
                                ? formatNumber(need / 1e6) +
                                      " MB needed, a quarter of the free memory is " +
                                      formatNumber(static_cast<double>(budget) / 1e6) + " MB"
                                : "the solve of the next one did not converge";
    out.diagnostics.push_back({"THM-0105",
                               Severity::Info,
                               "thermal.learn_sources: " + std::to_string(held) + " of " +
                                   std::to_string(sources) + " heat-source responses learnt (" +
                                   why + "); later power-only evaluations are solved as without it",
                               {"thermal.learn_sources"},
                               "",
                               ""});
}

// The steady state: temperatures, maps and cross-sections into `out`. Its solver is lent for this
// solve only, so that a transient after it does not hold both solvers at once. False when the
// evaluation should stop (cooling that cannot carry the power, cancelled).
bool steadyTemperatures(const EvalContext& ctx, const thermal::Model& m, std::uint64_t scope,
                        bool learnSources, EvalResult& out) {
    if (ctx.progress)
        ctx.progress->progress("thermal", 0.1);

    // Per run, the thermal solve is the run's last: its solver is of no use after it.
    const thermal::SteadySolverLease solver = thermal::steadySolver(m, scope, scope == 0);
    const std::vector<double> q = thermal::rasterisePower(m);
    double power = 0;
    for (double v : q)
        power += v;
    // Cooling so weak that no temperature it gives means anything (conductances.h).
    const double conductance = thermal::conductanceToAmbient(m);
    if (power > 0 && !(power / conductance <= thermal::kMeaninglessRiseK)) {
        out.diagnostics.push_back(
            {"THM-0010",
             Severity::Error,
             "the cooling cannot carry the power: " + formatNumber(power) + " W through " +
                 formatNumber(conductance) + " W/K to ambient puts the hottest cell at least " +
                 formatNumber(power / conductance) +
                 " K above ambient; temperatures withheld (check cooling.h_w_m2k, r_k_w and "
                 "secondary_r_k_w)",
             {"cooling"},
             "/cooling",
             ""});
        return false;
    }
    std::vector<double> theta;
    const thermal::SolveStats st = solver->solve(q, theta, 500, ctx.cancel);
    if (st.cancelled)
        return false; // the pipeline reports the cancellation
    if (!st.converged)
        out.diagnostics.push_back({"THM-0007",
                                   Severity::Error,
                                   "the thermal solver did not converge (relative residual " +
                                       std::to_string(st.residual) + " after " +
                                       std::to_string(st.iterations) +
                                       " iterations); temperatures withheld",
                                   {},
                                   "",
                                   ""});
    else {
        const thermal::HeatFlow flow = solver->heatOut(theta);
        out.add("thermal.power_w", power, "W");
        out.add("thermal.heat_to_sink_w", flow.top, "W");
        out.add("thermal.heat_to_board_w", flow.bottom, "W");
        const auto hottest = addTemperatures(m, theta, power, out);
        out.fields.push_back(junctionField(
            m, [&](int layer) { return layerPlane(m, theta, layer); }, "thermal.junction"));
        for (const thermal::DieRegion& d : m.dies)
            out.fields.push_back(layerField(m, layerPlane(m, theta, d.layer), "thermal.die." + d.id,
                                            d.x0, d.y0, d.x1, d.y1));
        // Every layer (no value where it has no material), and the assembly cut vertically
        // through the hotspot, along x and along y, from those maps.
        const std::size_t firstLayer = out.fields.size();
        for (int k = 0; k < m.nz(); ++k)
            out.fields.push_back(wholeLayerField(m, theta, k,
                                                 "thermal.layer." + std::to_string(k) + "." +
                                                     m.layers[static_cast<std::size_t>(k)].name));
        if (hottest) {
            std::vector<const Field*> layers;
            for (std::size_t k = firstLayer; k < out.fields.size(); ++k)
                layers.push_back(&out.fields[k]);
            const std::vector<double> z = layerHeights(m);
            Field alongX =
                thermal::sectionField(layers, z, true, hottest->hot_y, "thermal.section.x");
            Field alongY =
                thermal::sectionField(layers, z, false, hottest->hot_x, "thermal.section.y");
            out.fields.push_back(std::move(alongX)); // may move the layers: built first
            out.fields.push_back(std::move(alongY));
        }
    }
    out.add("thermal.solver.iterations", st.iterations, "");
    out.add("thermal.solver.residual", st.residual, "");
    out.add("thermal.solver.unknowns", static_cast<double>(m.unknowns()), "");
    if (learnSources && st.converged && !ctx.cancelled())
        learnEverySource(ctx, m, *solver, out);
    return true;
}

} // namespace

void ThermalEvaluator::evaluate(const EvalContext& ctx, EvalResult& out) const {
    const std::string res = ctx.options.get("thermal.resolution", "default");
    const auto options = thermal::buildOptionsFor(res);
    if (!options) {
        out.diagnostics.push_back(thermal::unknownResolution(res));
        return;
    }
    const std::string reuse = ctx.options.get("thermal.solver_reuse", "evaluation");
    const std::optional<std::uint64_t> scope = thermal::reuseScope(reuse, ctx.run);
    if (!scope) {
        out.diagnostics.push_back({"THM-0008",
                                   Severity::Error,
                                   "unknown thermal.solver_reuse \"" + reuse +
                                       "\": expected evaluation (the default) or session",
                                   {"thermal.solver_reuse"},
                                   "",
                                   ""});
        return;
    }
    const std::string learnText = ctx.options.get("thermal.learn_sources", "false");
    std::optional<bool> learn;
    if (learnText == "true" || learnText == "false")
        learn = learnText == "true";
    if (!learn) {
        out.diagnostics.push_back(
            {"THM-0024",
             Severity::Error,
             "thermal.learn_sources is \"" + learnText + "\": expected true or false (the default)",
             {"thermal.learn_sources"},
             "",
             ""});
        return;
    }
    if (*learn && *scope != 0) {
        out.diagnostics.push_back({"THM-0025",
                                   Severity::Warning,
                                   "thermal.learn_sources ignored: it needs thermal.solver_reuse = "
                                   "session (a solver used for one evaluation has no later power "
                                   "vectors to serve)",
                                   {"thermal.learn_sources", "thermal.solver_reuse"},
                                   "",
                                   ""});
        learn = false;
    }
    // The model's memory (and a transient's) stays claimed until this evaluation ends.
    const std::string tracePath = ctx.options.get("thermal.transient_trace", "");
    thermal::MemoryClaim claim;
    thermal::BuildOptions buildOptions = *options;
    buildOptions.memory_claim = &claim;
    buildOptions.cancel = ctx.cancel;
    if (!tracePath.empty())
        buildOptions.extra_bytes_per_unknown = thermal::kTransientBytesPerUnknown;
    thermal::BuildResult built = thermal::buildModel(ctx.design, ctx.library, buildOptions);
    out.diagnostics.insert(out.diagnostics.end(), built.diagnostics.begin(),
                           built.diagnostics.end());
    if (!built.ok)
        return;
    if (!usePowerEvaluatorSources(ctx.upstream, built.model)) {
        double fixed = 0;
        for (const thermal::HeatSource& src : built.model.sources)
            fixed += src.power_w;
        out.diagnostics.push_back(
            {"THM-0103",
             Severity::Info,
             "temperatures are for the design's fixed block powers (" + formatNumber(fixed) +
                 " W in all), not the power evaluator's activity and leakage powers (power " +
                 (ctx.upstream.wasEvaluated("power") ? "gave none" : "not evaluated") + ")",
             {},
             "",
             ""});
    }
    const thermal::Model& m = built.model;
    if (!steadyTemperatures(ctx, m, *scope, *learn, out))
        return;
    if (tracePath.empty() || ctx.cancelled())
        return;
    // A HotSpot trace's sampling interval (its files do not hold it).
    const std::string intervalText = ctx.options.get("thermal.trace_interval_s", "");
    double interval = 0;
    if (!intervalText.empty()) {
        const auto [end, bad] = std::from_chars(
            intervalText.data(), intervalText.data() + intervalText.size(), interval);
        if (bad != std::errc{} || end != intervalText.data() + intervalText.size() ||
            !(interval > 0) || !std::isfinite(interval)) {
            out.diagnostics.push_back({"THM-0023",
                                       Severity::Error,
                                       "thermal.trace_interval_s: expected a time > 0 in "
                                       "seconds, got \"" +
                                           intervalText + "\"",
                                       {},
                                       "",
                                       ""});
            return;
        }
    }
    const auto trace = thermal::readPowerTraceFile(tracePath, m, out.diagnostics, interval);
    if (!trace)
        return;
    int steps = 100;
    const std::string stepText = ctx.options.get("thermal.transient_steps", "100");
    auto [p, ec] = std::from_chars(stepText.data(), stepText.data() + stepText.size(), steps);
    if (ec != std::errc{} || p != stepText.data() + stepText.size() || steps < 1 ||
        steps > 1000000) {
        out.diagnostics.push_back(
            {"THM-0021",
             Severity::Error,
             "thermal.transient_steps: expected an integer from 1 to 1000000, got \"" + stepText +
                 "\"",
             {},
             "",
             ""});
        return;
    }
    const std::string startText = ctx.options.get("thermal.transient_start", "ambient");
    const auto start = thermal::parseTransientStart(startText);
    if (!start) {
        out.diagnostics.push_back({"THM-0022",
                                   Severity::Error,
                                   "thermal.transient_start: expected \"ambient\" (power-on) or "
                                   "\"steady\" (the steady state of the trace's first row), "
                                   "got \"" +
                                       startText + "\"",
                                   {},
                                   "",
                                   ""});
        return;
    }
    if (!thermal::fitsInMemory(m.nx(), m.ny(), m.nz(), thermal::kTransientBytesPerUnknown, 0,
                               "after its steady solve, a transient of the thermal grid",
                               out.diagnostics))
        return;
    const thermal::TransientResult tr =
        thermal::runTransient(m, *trace, steps, ctx.cancel, *start, ctx.progress);
    if (tr.cancelled)
        return;
    double peak = 0;
    for (std::size_t s = 0; s < m.sources.size(); ++s) {
        out.add("thermal.transient.block." + m.sources[s].id + ".peak_c", tr.peak_k[s] - kC, "°C");
        peak = std::max(peak, tr.peak_k[s] - kC);
        Series series{"thermal.transient.block." + m.sources[s].id, "°C", {tr.start_time}, {}};
        series.time_s.insert(series.time_s.end(), tr.times.begin(), tr.times.end());
        series.values.push_back(tr.start_max_k[s] - kC);
        for (const auto& step : tr.source_max_k)
            series.values.push_back(step[s] - kC);
        out.series.push_back(std::move(series));
    }
    out.add("thermal.transient.peak_c", peak, "°C");
    out.add("thermal.transient.steps", tr.steps, "");
    // Solver work: both stages of all steps, and the most one solve took.
    out.add("thermal.transient.solver_iterations", tr.total_iterations, "");
    out.add("thermal.transient.solver_max_iterations", tr.max_iterations, "");
    // The dies' active layers in a set of planes of the run (the peaks, or a snapshot).
    auto activeLayers = [&tr](const std::vector<std::vector<double>>& planes) {
        return [&tr, &planes](int layer) -> const double* {
            const auto at = std::find(tr.peak_layers.begin(), tr.peak_layers.end(), layer);
            return at == tr.peak_layers.end()
                       ? nullptr
                       : planes[static_cast<std::size_t>(at - tr.peak_layers.begin())].data();
        };
    };
    // Where each die got hottest over the run (the peak of every cell of its active layer): all
    // dies in one map, and each die's own map (below).
    const auto peaks = activeLayers(tr.peak_theta);
    out.fields.push_back(junctionField(m, peaks, "thermal.transient.junction_peak"));
    // Snapshots of all dies over the run, for a look at any moment (time_s says which).
    for (std::size_t f = 0; f < tr.frames.size(); ++f) {
        Field frame = junctionField(m, activeLayers(tr.frames[f]),
                                    "thermal.transient.map." + std::to_string(f));
        frame.time_s = tr.frame_times[f];
        out.fields.push_back(std::move(frame));
    }
    for (const thermal::DieRegion& d : m.dies)
        if (const double* hottest = peaks(d.layer))
            out.fields.push_back(
                layerField(m, hottest, "thermal.transient.peak." + d.id, d.x0, d.y0, d.x1, d.y1));
}

} // namespace strata
