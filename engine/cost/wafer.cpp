#include "cost/wafer.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace strata {

double diesPerWafer(double die_w, double die_h, double wafer_diameter, double edge_loss,
                    double scribe) {
    const double a = (die_w + scribe) * (die_h + scribe);
    const double usable = wafer_diameter - 2 * edge_loss;
    if (a <= 0 || usable <= 0)
        return 0;
    const double n =
        std::numbers::pi * usable * usable / 4 / a - std::numbers::pi * usable / std::sqrt(2 * a);
    return std::max(0.0, n);
}

double knownGoodDieCost(double wafer_usd, double dies_per_wafer, double yield) {
    return wafer_usd / (dies_per_wafer * yield); // infinite when nothing good comes off the wafer
}

} // namespace strata
