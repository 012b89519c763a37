#pragma once
// Power of every heat source of the thermal model (DESIGN.md § Power):
//   dynamic = MACs x energy per MAC (precision, node) + vector operations x their energy
//           + global-buffer bytes x its energy + idle (clock) power (compute and cache dies)
//           + link bytes x 8 x PHY energy per bit, half at each end  (PHY blocks)
//           + bytes served x 8 x access energy per bit               (memory dies)
//   leakage = density(node) x area x exp(beta (T - T_ref))          (logic with node data)
// each spread over the die's blocks of the matching kind by area. A die whose power cannot be
// derived from activity (no workload, an IO die, a raster power map, no energy data for its
// node) keeps its fixed block powers, and the reason is reported.
#include "core/diagnostic.h"
#include "library/library.h"
#include "model/design.h"
#include "thermal/model.h"

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace strata::power {

// What a die does on average over the evaluated phase.
struct DieActivity {
    double matrix_flops_per_s = 0, vector_flops_per_s = 0, onchip_Bps = 0;
};

struct SourcePower {
    std::string id, die_id, kind; // kind of the floorplan block ("die" for a whole die)
    double area_m2 = 0;
    double dynamic_w = 0;
    double leakage_ref_w = 0, beta_per_k = 0, ref_k = 298.15;
    bool fixed = false; // the library's (or the user's) fixed power

    double leakageAt(double t_k) const {
        return leakage_ref_w * std::exp(beta_per_k * (t_k - ref_k));
    }
    double at(double t_k) const { return dynamic_w + leakageAt(t_k); }
};

struct PowerInputs {
    bool from_activity = false;                  // false: every die keeps its fixed powers
    std::map<std::string, DieActivity> activity; // by compute die id (absent: idle)
    std::map<std::string, double> link_Bps;      // by link id
    std::string precision = "bf16";              // of the matrix operations
};

struct PowerSetup {
    std::vector<SourcePower> sources; // in the order of model.sources
    // Dynamic power by what spends it.
    double compute_w = 0, onchip_w = 0, link_w = 0, memory_w = 0, idle_w = 0, fixed_w = 0;
    std::vector<Diagnostic> diagnostics;
};

PowerSetup setUpPower(const Design& design, const Library& library, const thermal::Model& model,
                      const PowerInputs& inputs);

} // namespace strata::power
