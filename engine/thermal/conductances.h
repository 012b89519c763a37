#pragma once
// The assembled conduction operator of a thermal Model: conductances between neighbouring cells
// (harmonic mean of the two half-cells), to ambient at the top and bottom, and heat capacities.
#include "thermal/model.h"
#include "thermal/uninitialised_vector.h"

#include <cstdint>
#include <vector>

namespace strata::thermal {

struct Conductances {
    int nx = 0, ny = 0, nz = 0;
    // Between neighbours (i,i+1), (j,j+1), (k,k+1): W/K; 0 past the last row, column or layer.
    UninitialisedVector<double> gx, gy, gz;
    std::vector<double> gTop, gBottom; // to ambient per top / bottom cell
    std::vector<double> capacity;      // J/K per cell (empty if assembled for steady state)
    UninitialisedVector<std::uint8_t> isVoid;
};

// `withCapacities`: also the heat capacities (a time step needs them, steady state does not).
Conductances assemble(const Model& model, bool withCapacities = true);

// Only dims, gTop and gBottom (what the heat leaving the package needs): O(cells per layer).
Conductances boundaryConductances(const Model& model);

// The conductance from the package to ambient (W/K): the sum of boundaryConductances. All heat
// leaves through it (sum g_i theta_i = P), so the hottest cell is at least P / G above ambient.
double conductanceToAmbient(const Model& model);
// A rise above ambient beyond which no temperature means anything (silicon melts 1.4e3 K above
// 0 °C); models whose P / G exceeds it are not solved (the solver's round-off grows with the
// rise: h = 1e-9 W/m²K on chiplet-mcm, 3e13 K, did not converge in 500 iterations).
inline constexpr double kMeaninglessRiseK = 1e5;

// J/K per cell.
std::vector<double> heatCapacities(const Model& model);

// y = (K + C * inv_dt) x; returns x . y. Rows of void cells are zero.
double applyOperator(const Conductances& c, double inv_dt, const double* x, double* y);

} // namespace strata::thermal
