#include "eval/registry.h"

#include <algorithm>
#include <map>

namespace strata {

const Metric* EvalResult::metric(const std::string& name) const {
    auto it = std::find_if(metrics.begin(), metrics.end(),
                           [&](const Metric& m) { return m.name == name; });
    return it == metrics.end() ? nullptr : &*it;
}

bool EvalResult::wasEvaluated(const std::string& id) const {
    return std::find(evaluated.begin(), evaluated.end(), id) != evaluated.end();
}

std::string EvaluatorRegistry::add(std::unique_ptr<Evaluator> evaluator) {
    if (!evaluator)
        return "null evaluator";
    const std::string id = evaluator->id();
    if (id.empty())
        return "evaluator with an empty id";
    if (find(id))
        return "an evaluator with id \"" + id + "\" is already registered";
    evaluators_.push_back(std::move(evaluator));
    return {};
}

const Evaluator* EvaluatorRegistry::find(const std::string& id) const {
    for (const auto& e : evaluators_)
        if (e->id() == id)
            return e.get();
    return nullptr;
}

std::vector<const Evaluator*> EvaluatorRegistry::all() const {
    std::vector<const Evaluator*> out;
    for (const auto& e : evaluators_)
        out.push_back(e.get());
    return out;
}

std::vector<const Evaluator*> EvaluatorRegistry::ordered(std::vector<Diagnostic>& diags) const {
    // Depth-first topological sort; state 1 = on the current path (a revisit means a cycle).
    std::map<std::string, int> state;
    std::vector<const Evaluator*> out;
    std::vector<std::string> path;
    auto visit = [&](auto&& self, const Evaluator* e) -> bool {
        int& s = state[e->id()];
        if (s == 2)
            return true;
        if (s == 1) {
            std::string cycle;
            for (const auto& p : path)
                cycle += p + " -> ";
            diags.push_back({"EVL-0003",
                             Severity::Error,
                             "evaluators need each other in a cycle: " + cycle + e->id(),
                             {e->id()},
                             "",
                             ""});
            return false;
        }
        s = 1;
        path.push_back(e->id());
        bool ok = true;
        for (const std::string& need : e->needs()) {
            const Evaluator* dep = find(need);
            if (!dep) {
                diags.push_back({"EVL-0002",
                                 Severity::Warning,
                                 "evaluator \"" + e->id() + "\" needs \"" + need +
                                     "\", which is not registered",
                                 {e->id()},
                                 "",
                                 ""});
                continue;
            }
            ok = self(self, dep) && ok;
        }
        path.pop_back();
        if (!ok) {
            s = 2;
            return false;
        }
        s = 2;
        out.push_back(e);
        return true;
    };
    for (const auto& e : evaluators_)
        if (state[e->id()] != 2)
            visit(visit, e.get());
    return out;
}

} // namespace strata
