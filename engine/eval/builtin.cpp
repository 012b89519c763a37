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

} // namespace strata
