#include "eval/builtin.h"

#include "bandwidth/bandwidth_evaluator.h"
#include "cost/cost_evaluator.h"
#include "perf/perf_evaluator.h"
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

} // namespace strata
