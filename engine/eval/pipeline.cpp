#include "eval/pipeline.h"

#include "model/validate.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>

namespace strata {

namespace {

bool selected(const EvalOptions& options, const std::string& id) {
    return options.only.empty() ||
           std::find(options.only.begin(), options.only.end(), id) != options.only.end();
}

// A metric that is not a finite number is never reported as one: it becomes a diagnostic.
void dropNonFinite(EvalResult& result, std::size_t from, const std::string& evaluator) {
    auto first = result.metrics.begin() + static_cast<std::ptrdiff_t>(from);
    auto bad = std::stable_partition(first, result.metrics.end(),
                                     [](const Metric& m) { return std::isfinite(m.value); });
    for (auto it = bad; it != result.metrics.end(); ++it)
        result.diagnostics.push_back({"EVL-0001",
                                      Severity::Error,
                                      "evaluator \"" + evaluator +
                                          "\" produced a non-finite value for " + it->name +
                                          "; the metric is withheld",
                                      {it->name},
                                      "",
                                      ""});
    result.metrics.erase(bad, result.metrics.end());
}

} // namespace

EvalResult evaluate(const EvaluatorRegistry& registry, const EvalRequest& request) {
    EvalResult result;
    for (const std::string& id : request.options.only)
        if (!registry.find(id))
            result.diagnostics.push_back({"EVL-0006",
                                          Severity::Error,
                                          "unknown evaluator \"" + id + "\" in --only",
                                          {id},
                                          "",
                                          ""});
    const std::vector<Diagnostic> checks = validate(request.design, request.library);
    result.diagnostics.insert(result.diagnostics.end(), checks.begin(), checks.end());
    if (std::any_of(result.diagnostics.begin(), result.diagnostics.end(), isInputProblem)) {
        result.diagnostics.push_back(
            {"EVL-0007",
             Severity::Error,
             "the input is not usable (see the errors above); nothing was evaluated",
             {},
             "",
             ""});
        for (const Evaluator* e : registry.all())
            result.not_evaluated.push_back(e->id());
        return result;
    }
    static std::atomic<std::uint64_t> runs{0};
    const std::uint64_t run = ++runs;
    const auto order = registry.ordered(result.diagnostics);
    for (const Evaluator* e : registry.all())
        if (std::find(order.begin(), order.end(), e) == order.end())
            result.not_evaluated.push_back(e->id());
    for (const Evaluator* e : order) {
        if (!selected(request.options, e->id())) {
            result.not_evaluated.push_back(e->id());
            continue;
        }
        if (request.cancel && request.cancel->cancelled()) {
            result.cancelled = true;
            result.not_evaluated.push_back(e->id());
            continue;
        }
        for (const std::string& need : e->needs())
            if (!result.wasEvaluated(need))
                result.diagnostics.push_back(
                    {"EVL-0004",
                     Severity::Info,
                     "\"" + e->id() + "\" runs without \"" + need +
                         "\" (not evaluated); results that depend on it are left out",
                     {e->id()},
                     "",
                     ""});
        if (request.progress)
            request.progress->progress(e->id(), 0.0);
        const std::size_t before = result.metrics.size();
        EvalContext ctx{request.design,
                        request.library,
                        request.options,
                        result,
                        request.progress,
                        request.cancel,
                        run};
        try {
            e->evaluate(ctx, result);
        } catch (const std::exception& ex) { // an evaluator bug must not take the program down
            result.diagnostics.push_back({"EVL-0008",
                                          Severity::Error,
                                          "evaluator \"" + e->id() + "\" failed: " + ex.what(),
                                          {e->id()},
                                          "",
                                          ""});
        }
        dropNonFinite(result, before, e->id());
        result.evaluated.push_back(e->id());
        if (request.progress)
            request.progress->progress(e->id(), 1.0);
    }
    // Cancelled during the last evaluator(s): they may have returned early (a transient cut
    // short, a solve stopped), so the result is incomplete even though every one ran.
    if (request.cancel && request.cancel->cancelled())
        result.cancelled = true;
    if (result.cancelled)
        result.diagnostics.push_back(
            {"EVL-0005", Severity::Warning, "evaluation cancelled", {}, "", ""});
    return result;
}

} // namespace strata
