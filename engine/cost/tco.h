#pragma once
// Total cost of ownership (DESIGN.md § Cost): capex = cost per good package x packages + system
// overhead, amortised straight-line over the lifetime; energy opex = power x packages x PUE x
// hours x utilisation x electricity price; cost per million tokens = yearly TCO / tokens served
// per year (decode throughput x packages x utilisation).
#include "model/design.h"

namespace strata {

struct TcoResult {
    double capex_usd = 0, capex_usd_per_year = 0, energy_usd_per_year = 0, tco_usd_per_year = 0;
    double usd_per_mtoken = 0; // 0 when no throughput is known
};

TcoResult computeTco(const Tco& tco, double package_usd, double package_power_w,
                     double tokens_per_s);

} // namespace strata
