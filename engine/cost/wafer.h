#pragma once
// Dies per wafer with scribe lanes and edge loss (Chiplet Actuary, constants.md §6):
//   N = pi (d/2 - e)^2 / A' - pi (d - 2e) / sqrt(2 A'),  A' = (w + s)(h + s)
// and known-good-die cost = wafer cost / (N Y). Lengths in metres.

namespace strata {

double diesPerWafer(double die_w, double die_h, double wafer_diameter, double edge_loss,
                    double scribe);

double knownGoodDieCost(double wafer_usd, double dies_per_wafer, double yield);

} // namespace strata
