#include "sweep/sweep.h"

#include "eval/pipeline.h"
#include "model/property_path.h"
#include "model/validate.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <numeric>
#include <random>
#include <sstream>
#include <thread>

namespace strata {

std::string valueText(const Value& v) {
    std::ostringstream s;
    s.precision(12);
    if (std::holds_alternative<bool>(v))
        s << (std::get<bool>(v) ? "true" : "false");
    else if (std::holds_alternative<std::int64_t>(v))
        s << std::get<std::int64_t>(v);
    else if (std::holds_alternative<double>(v))
        s << std::get<double>(v);
    else if (std::holds_alternative<std::string>(v))
        s << std::get<std::string>(v);
    return s.str();
}

namespace {
double between(const SweepAxis& a, double u) {
    if (a.log && a.min > 0 && a.max > 0)
        return a.min * std::pow(a.max / a.min, u);
    return a.min + (a.max - a.min) * u;
}
} // namespace

std::vector<std::vector<Value>> samplePoints(const SweepSpec& spec) {
    std::vector<std::vector<Value>> points;
    const std::size_t n = spec.axes.size();
    if (n == 0)
        return points;
    if (spec.sampler == "grid") {
        std::vector<std::size_t> index(n, 0);
        for (const SweepAxis& a : spec.axes)
            if (a.values.empty())
                return points;
        while (true) {
            std::vector<Value> p;
            for (std::size_t i = 0; i < n; ++i)
                p.push_back(spec.axes[i].values[index[i]]);
            points.push_back(std::move(p));
            std::size_t k = n; // odometer, last axis fastest
            while (k > 0 && ++index[k - 1] == spec.axes[k - 1].values.size())
                index[--k] = 0;
            if (k == 0)
                return points;
        }
    }
    std::mt19937_64 rng(spec.seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const int m = std::max(0, spec.samples);
    if (spec.sampler == "random") {
        for (int s = 0; s < m; ++s) {
            std::vector<Value> p;
            for (const SweepAxis& a : spec.axes)
                p.emplace_back(between(a, u(rng)));
            points.push_back(std::move(p));
        }
        return points;
    }
    // Latin hypercube: each axis cut into m strata, one sample per stratum, strata shuffled.
    points.assign(static_cast<std::size_t>(m), std::vector<Value>(n));
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<int> strata(static_cast<std::size_t>(m));
        std::iota(strata.begin(), strata.end(), 0);
        std::shuffle(strata.begin(), strata.end(), rng);
        for (int s = 0; s < m; ++s)
            points[static_cast<std::size_t>(s)][i] =
                between(spec.axes[i], (strata[static_cast<std::size_t>(s)] + u(rng)) / m);
    }
    return points;
}

std::vector<SweepRow> runSweep(const Design& base, const Library& library,
                               const EvaluatorRegistry& registry, const SweepSpec& spec,
                               ResultStore* store, std::int64_t run,
                               const std::function<void(const SweepProgress&)>& progress,
                               const CancelToken* cancel) {
    return runPoints(base, library, registry, spec, samplePoints(spec), store, run, progress,
                     cancel);
}

std::vector<SweepRow> runPoints(const Design& base, const Library& library,
                                const EvaluatorRegistry& registry, const SweepSpec& spec,
                                const std::vector<std::vector<Value>>& points, ResultStore* store,
                                std::int64_t run,
                                const std::function<void(const SweepProgress&)>& progress,
                                const CancelToken* cancel) {
    std::vector<SweepRow> rows(points.size());
    // A plugin's evaluator answers differently from one version to the next: points cached with
    // another plugin set are evaluated afresh (stores without plugins keep their keys).
    std::string plugins;
    for (const Evaluator* e : registry.all())
        if (!e->origin().empty())
            plugins += e->origin() + ";";
    const std::string options =
        optionsHash(spec.options) + (plugins.empty() ? "" : "+" + textHash(plugins));
    std::atomic<std::size_t> next{0};
    std::mutex report;
    SweepProgress p;
    p.total = static_cast<int>(points.size());
    const auto t0 = std::chrono::steady_clock::now();

    // One point: apply its values, serve it from the store or evaluate and record it. A point
    // whose values do not apply is keyed by the base design and the values, so it is recorded
    // (and found again on resume) without clobbering a valid point.
    auto evaluatePoint = [&](SweepRow& row, std::size_t i) {
        Design d = base;
        std::vector<std::pair<std::string, std::string>> params;
        std::string paramText;
        for (std::size_t a = 0; a < spec.axes.size(); ++a) {
            params.emplace_back(spec.axes[a].path, valueText(points[i][a]));
            paramText += spec.axes[a].path + "=" + params.back().second + ";";
            const std::string err = setProperty(d, spec.axes[a].path, points[i][a]);
            if (!err.empty() && row.error.empty())
                row.error = err;
        }
        const std::string key =
            row.error.empty() ? designHash(d) : designHash(base) + "-" + textHash(paramText);
        if (store)
            if (const std::optional<StoredEvaluation> cached = store->find(key, options)) {
                row.status = cached->status;
                row.cached = true;
                row.error = cached->error;
                row.metrics = cached->metrics;
                return;
            }
        const auto start = std::chrono::steady_clock::now();
        if (row.error.empty()) {
            EvalResult r = evaluate(registry, {d, library, spec.options, nullptr, cancel});
            if (r.cancelled)
                return; // nothing recorded for an interrupted point
            for (const Diagnostic& diag : r.diagnostics)
                if (diag.severity == Severity::Error && row.error.empty())
                    row.error = format(diag);
            row.metrics = std::move(r.metrics);
        }
        row.status = row.error.empty() ? "ok" : "failed";
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (store)
            store->record(run, key, d, options, params, row.status, row.error, wall, row.metrics);
    };

    auto work = [&] {
        for (std::size_t i = next++; i < points.size(); i = next++) {
            if (cancel && cancel->cancelled())
                return;
            SweepRow& row = rows[i];
            row.values = points[i];
            try {
                evaluatePoint(row, i);
            } catch (const std::exception& e) { // a store or engine failure: the point fails
                row.status = "failed";
                row.error = e.what();
            }
            if (row.status.empty())
                return; // interrupted by a cancellation
            const std::lock_guard lock(report);
            ++p.done;
            p.cached += row.cached ? 1 : 0;
            p.failed += row.status == "failed" ? 1 : 0;
            p.seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (progress)
                progress(p);
        }
    };
    const int threads = std::clamp(spec.parallel, 1, 64);
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread& t : pool)
        t.join();
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [](const SweepRow& r) { return r.status.empty(); }),
               rows.end()); // points not reached before a cancellation
    return rows;
}

} // namespace strata
