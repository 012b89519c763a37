#pragma once
// The evaluator interface. An evaluator (thermal, perf, cost, ...) declares which other
// evaluators' results it needs and turns an EvalContext (design, library, options, the results
// so far) into metrics, fields and diagnostics. Built-ins and plugins register the same way.
#include "core/diagnostic.h"
#include "core/progress.h"
#include "library/library.h"
#include "model/design.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace strata {

struct Metric {
    std::string name; // stable dotted name: "cost.package_usd"
    double value = 0; // in `unit`
    std::string unit; // "USD", "W", "°C", "" for ratios
};

// A gridded result (a temperature map, a power map): nx * ny values, row-major from the lowest y,
// on the rectilinear grid x_lines (nx + 1) by y_lines (ny + 1), in metres on the package plane.
// A cell without a value (outside every die, in a map of all dies) holds NaN.
struct Field {
    std::string name, unit;
    int nx = 0, ny = 0;
    std::vector<double> x_lines, y_lines;
    std::vector<double> values;
    double time_s = -1; // the moment a transient's snapshot shows; -1 for a steady field
    // What the grid's two axes are: "x", "y" for a plan view; a vertical cross-section has a
    // lateral axis first and "z" (height, one row per layer) second.
    std::string x_axis = "x", y_axis = "y";
};

// Where each row of a cross-section (y_axis "z") is drawn, from 0 (bottom) to 1 (top): half of
// the height shared equally by the rows, half by thickness, so that µm-thin layers stay visible
// beside a mm-thick sink. For any other field, its own y_lines scaled to 0..1 (true scale).
inline std::vector<double> displayRows(const Field& f) {
    std::vector<double> d(f.y_lines.size(), 0.0);
    const double H = f.y_lines.empty() ? 0 : f.y_lines.back() - f.y_lines.front();
    if (f.ny <= 0 || !(H > 0) || d.size() != static_cast<std::size_t>(f.ny) + 1)
        return d;
    const bool section = f.y_axis == "z";
    for (std::size_t j = 0; j + 1 < d.size(); ++j) {
        const double t = (f.y_lines[j + 1] - f.y_lines[j]) / H;
        d[j + 1] = d[j] + (section ? (1.0 / f.ny + t) / 2 : t);
    }
    d.back() = 1;
    return d;
}

// The smallest and largest value of a field, cells without a value (NaN) left out; first >
// second when it has none.
inline std::pair<double, double> valueRange(const Field& f) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : f.values)
        if (v == v) // not NaN
            lo = std::min(lo, v), hi = std::max(hi, v);
    return {lo, hi};
}

// A time series (a block's temperature during a transient).
struct Series {
    std::string name, unit;
    std::vector<double> time_s, values;
};

// A result table (the per-operator table of perf): named columns with units, rows of cells that
// are numbers or text.
struct Table {
    struct Column {
        std::string name, unit;
        bool numeric = true;
    };
    std::string name;
    std::vector<Column> columns;
    std::vector<std::vector<std::string>> text; // per row, one entry per text column
    std::vector<std::vector<double>> numbers;   // per row, one entry per numeric column
};

struct EvalOptions {
    std::map<std::string, std::string> values; // "cost.yield_model" -> "murphy"
    std::vector<std::string> only;             // evaluator ids to run; empty = all
    // Adds the evaluator ids of a comma-separated list ("perf,power") to `only`.
    void addOnly(const std::string& list) {
        for (std::size_t start = 0; start < list.size();) {
            const std::size_t end = std::min(list.find(',', start), list.size());
            if (end > start)
                only.push_back(list.substr(start, end - start));
            start = end + 1;
        }
    }
    std::string get(const std::string& key, const std::string& fallback) const {
        auto it = values.find(key);
        return it == values.end() ? fallback : it->second;
    }
};

struct EvalResult {
    std::vector<Metric> metrics;
    std::vector<Field> fields;
    std::vector<Series> series;
    std::vector<Table> tables;
    std::vector<Diagnostic> diagnostics;
    std::vector<std::string> evaluated;     // evaluator ids that ran, in order
    std::vector<std::string> not_evaluated; // registered but skipped (--only, missing input)
    bool cancelled = false;

    void add(std::string name, double value, std::string unit) {
        metrics.push_back(Metric{std::move(name), value, std::move(unit)});
    }
    const Metric* metric(const std::string& name) const;
    bool wasEvaluated(const std::string& id) const;
};

struct EvalContext {
    const Design& design;
    const Library& library;
    const EvalOptions& options;
    const EvalResult& upstream; // results of the evaluators that ran before this one
    ProgressSink* progress = nullptr;
    const CancelToken* cancel = nullptr;
    // Identifies one pipeline run (evaluate()), never 0 and never reused in the process:
    // evaluators may share work within a run under it (thermal: the power evaluator's leakage
    // solver is the thermal evaluator's, solver_cache.h).
    std::uint64_t run = 0;
    bool cancelled() const { return cancel && cancel->cancelled(); }
};

class Evaluator {
public:
    virtual ~Evaluator() = default;
    virtual std::string id() const = 0;
    virtual std::string description() const = 0;
    virtual std::vector<std::string> needs() const { return {}; }
    // Where it comes from: empty for a built-in, "plugin NAME VERSION" for a plugin's.
    // Results cached by a sweep are keyed by it, so a new plugin version is evaluated afresh.
    virtual std::string origin() const { return {}; }
    // Adds metrics/fields/diagnostics to `out`. Must not throw for bad designs: report them.
    virtual void evaluate(const EvalContext& ctx, EvalResult& out) const = 0;
};

} // namespace strata
