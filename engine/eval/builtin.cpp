#include "eval/builtin.h"

#include "bandwidth/bandwidth_evaluator.h"
#include "cost/cost_evaluator.h"
#include "perf/perf_evaluator.h"
#include "plugin/plugin_loader.h"
#include "power/power_evaluator.h"
#include "reliability/reliability_evaluator.h"
#include "thermal/thermal_evaluator.h"

namespace strata {

void registerBuiltinEvaluators(EvaluatorRegistry& registry) {
    registry.add(std::make_unique<PerfEvaluator>());
    registry.add(std::make_unique<PowerEvaluator>());
    registry.add(std::make_unique<ThermalEvaluator>());
    registry.add(std::make_unique<BandwidthEvaluator>());
    registry.add(std::make_unique<ReliabilityEvaluator>());
    registry.add(std::make_unique<CostEvaluator>());
}

void registerAllEvaluators(EvaluatorRegistry& registry, std::vector<Diagnostic>* diags) {
    registerBuiltinEvaluators(registry);
    std::vector<Diagnostic> refused;
    registerPluginEvaluators(registry, refused);
    if (diags)
        diags->insert(diags->end(), refused.begin(), refused.end());
}

std::vector<Diagnostic> loadSessionPlugins(const std::vector<std::string>& files,
                                           bool* namedFailed) {
    std::vector<Diagnostic> problems = loadStandardPlugins();
    bool failed = false;
    for (const std::string& f : files)
        for (Diagnostic& d : loadPlugin(f)) {
            failed = true;
            problems.push_back(std::move(d));
        }
    EvaluatorRegistry probe; // reports plugin evaluators whose ids are taken
    registerAllEvaluators(probe, &problems);
    if (namedFailed)
        *namedFailed = failed;
    return problems;
}

} // namespace strata
