#include "model/default_cooling.h"

#include <algorithm>
#include <cmath>

namespace strata {

Cooling defaultCooling(const Package& package) {
    Cooling c;
    const double side = std::max(package.width_m, package.height_m);
    const double spreaderMm = std::max(30.0, std::ceil(side * 1e3 + 4));
    const double sinkMm = std::max(60.0, spreaderMm + 40);
    c.spreader_width_m = spreaderMm * 1e-3; // as the reader converts mm
    c.sink_width_m = sinkMm * 1e-3;
    c.r_k_w = 0.1 * 60 * 60 / (sinkMm * sinkMm);
    c.secondary_r_k_w = 50;
    return c;
}

} // namespace strata
