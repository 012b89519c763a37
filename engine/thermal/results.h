#pragma once
// Temperatures read off a solved field: per die (its active layer), per heat source (block).
#include "thermal/model.h"

#include <string>
#include <vector>

namespace strata::thermal {

// Temperatures closer than this are a tie for "the hottest": the solver leaves up to 2.9e-7 K
// (solver.h, Convergence), so in a symmetric design the mirror cells' order would follow the
// solver's starting point (a warm start in the studio) instead of the design. A tie goes to the
// first cell in grid order (south to north, west to east) and to the first die of the model.
inline constexpr double kTemperatureTieK = 1e-6;

struct RegionTemperature {
    std::string id;
    double max_k = 0, mean_k = 0, min_k = 0; // absolute temperatures
    double hot_x = 0, hot_y = 0;             // centre of the hottest cell
};

// Over the cells of `layer` whose centres lie inside the rectangle (area-weighted mean).
RegionTemperature regionTemperature(const Model& m, const std::vector<double>& theta,
                                    const std::string& id, int layer, double x0, double y0,
                                    double x1, double y1);

std::vector<RegionTemperature> dieTemperatures(const Model& m, const std::vector<double>& theta);
std::vector<RegionTemperature> sourceTemperatures(const Model& m, const std::vector<double>& theta);

} // namespace strata::thermal
