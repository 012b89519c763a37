#pragma once
// Sweeps (DESIGN.md § Scripting): axes over property paths, sampled as a full grid, at random or
// by Latin hypercube, each point evaluated by the pipeline in `parallel` worker threads and
// recorded in the results store (when given) in its own transaction. A point the store already
// holds for the same design and options is served from it, so re-running a killed sweep resumes
// where it stopped. A point whose values are invalid (a failed property check, a design that
// does not validate) is recorded as failed with its reason and the sweep goes on.
#include "core/progress.h"
#include "eval/registry.h"
#include "model/properties.h"
#include "store/result_store.h"

#include <functional>
#include <string>
#include <vector>

namespace strata {

struct SweepAxis {
    std::string path;
    std::vector<Value> values; // for a grid; random and LHS sample between min and max
    double min = 0, max = 0;
    bool log = false; // sample uniformly in log space (random / LHS)
};

struct SweepSpec {
    std::vector<SweepAxis> axes;
    std::string sampler = "grid"; // grid | random | lhs
    int samples = 0;              // random / lhs
    unsigned seed = 1;
    int parallel = 1;
    EvalOptions options;
};

struct SweepRow {
    std::vector<Value> values; // one per axis
    std::string status;        // ok | failed
    bool cached = false;       // served from the store
    std::string error;
    std::vector<Metric> metrics;
};

struct SweepProgress {
    int done = 0, total = 0, cached = 0, failed = 0;
    double seconds = 0;
};

// The points a spec asks for, one vector of values per point (axis order).
std::vector<std::vector<Value>> samplePoints(const SweepSpec& spec);

// Evaluates given points (one value per axis) as a sweep does.
std::vector<SweepRow> runPoints(const Design& base, const Library& library,
                                const EvaluatorRegistry& registry, const SweepSpec& spec,
                                const std::vector<std::vector<Value>>& points, ResultStore* store,
                                std::int64_t run,
                                const std::function<void(const SweepProgress&)>& progress = {},
                                const CancelToken* cancel = nullptr);

std::vector<SweepRow> runSweep(const Design& base, const Library& library,
                               const EvaluatorRegistry& registry, const SweepSpec& spec,
                               ResultStore* store, std::int64_t run,
                               const std::function<void(const SweepProgress&)>& progress = {},
                               const CancelToken* cancel = nullptr);

std::string valueText(const Value& v);

} // namespace strata
