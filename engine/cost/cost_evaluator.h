#pragma once
// The `cost` evaluator: die yield and known-good-die cost, carrier and substrate, chip-last
// assembly yield, cost per good package, the monolithic comparison, and the total cost of
// ownership per year and per million tokens (cost/tco.h). Option
// "cost.yield_model" = negative_binomial (default) | poisson | murphy | seeds.
#include "eval/evaluator.h"

namespace strata {

class CostEvaluator : public Evaluator {
public:
    std::string id() const override { return "cost"; }
    std::string description() const override {
        return "die yield, known-good-die and package cost, monolithic comparison";
    }
    // Optional: TCO needs the power, cost per token also the throughput.
    std::vector<std::string> needs() const override { return {"power", "perf"}; }
    void evaluate(const EvalContext& ctx, EvalResult& out) const override;
};

} // namespace strata
