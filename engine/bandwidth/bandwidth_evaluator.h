#pragma once
// The `bandwidth` evaluator (DESIGN.md § Bandwidth): per link, the traffic the workload puts on
// it (perf, average of the steady phase and the peak over phases) against its capacity
// (lanes x rate); shoreline: the edge length a die's PHYs need for their links' bandwidth
// (bandwidth / the PHY's shoreline density) against the length its floorplan gives that PHY;
// vertical: the signal bonds an area-array link needs against the pads the tiers' overlap holds
// at the bond pitch; latency per link; a ranked list of bottlenecks.
#include "eval/evaluator.h"

namespace strata {

class BandwidthEvaluator : public Evaluator {
public:
    std::string id() const override { return "bandwidth"; }
    std::string description() const override {
        return "Link utilisation from workload traffic, shoreline and vertical bond limits, "
               "bottlenecks";
    }
    std::vector<std::string> needs() const override { return {"perf"}; }
    void evaluate(const EvalContext& ctx, EvalResult& out) const override;
};

} // namespace strata
