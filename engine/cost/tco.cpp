#include "cost/tco.h"

namespace strata {

TcoResult computeTco(const Tco& t, double package_usd, double package_power_w,
                     double tokens_per_s) {
    constexpr double kYear = 365.25 * 24 * 3600;
    TcoResult r;
    r.capex_usd = package_usd * t.packages + t.system_overhead_usd;
    r.capex_usd_per_year = r.capex_usd / (t.lifetime_s / kYear);
    const double joules = package_power_w * t.packages * t.pue * kYear * t.utilization;
    r.energy_usd_per_year = joules * t.electricity_usd_per_j;
    r.tco_usd_per_year = r.capex_usd_per_year + r.energy_usd_per_year;
    const double tokens = tokens_per_s * t.packages * t.utilization * kYear;
    if (tokens > 0)
        r.usd_per_mtoken = r.tco_usd_per_year / tokens * 1e6;
    return r;
}

} // namespace strata
