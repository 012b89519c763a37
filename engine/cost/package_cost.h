#pragma once
// Cost per good package, chip-last assembly (Chiplet Actuary bookkeeping, constants.md §6):
//   y1 = carrier (interposer/RDL) yield, y2 = chip_bond_yield^n_stacks, y3 = carrier attach yield
//   defect package cost = carrier (1/(y1 y2 y3) - 1) + substrate (1/y3 - 1)
//   wasted chips        = sum KGD (1/(y2 y3) - 1)
// With no wafer-made carrier the organic substrate takes the carrier's place (y1 = y3 = 1).
// 3D stacks: each tier above the first is bonded die-to-wafer with yield
//   y_bond = alignment_yield * pad_yield^pads, pads = overlap area / pitch^2 (HISIM, CATCH),
// and a failed bond loses every known-good die of the stack.
#include "core/diagnostic.h"
#include "cost/yield.h"
#include "library/library.h"
#include "model/design.h"

#include <string>
#include <vector>

namespace strata {

struct DieCost {
    std::string die_id, stack_id, type, node;
    double area_m2 = 0;
    bool purchased = false; // bought as a known-good part at unit_usd
    double dies_per_wafer = 0;
    double yield = 1;
    double kgd_usd = 0;
};

struct StackCost {
    std::string stack_id;
    double bond_yield = 1; // product over tiers above the first
    double kgd_usd = 0;    // known-good dies in the stack
    double waste_usd = 0;  // dies lost to failed tier bonds, per good stack
};

struct PackageCost {
    std::vector<DieCost> dies;
    std::vector<StackCost> stacks;
    bool has_carrier = false; // interposer / RDL made on a wafer
    std::string carrier_node;
    double carrier_area_m2 = 0, carrier_dies_per_wafer = 0, carrier_yield = 1, carrier_usd = 0;
    double substrate_area_m2 = 0, substrate_usd = 0;
    double chip_bond_yield = 1; // y2
    double attach_yield = 1;    // y3
    double silicon_usd = 0;     // sum of known-good-die (and purchased part) costs
    double stacking_waste_usd = 0;
    double defect_package_usd = 0;
    double wasted_chips_usd = 0;
    double assembly_usd = 0;
    double package_usd = 0; // per good package
    double package_yield = 1;
    std::vector<std::string>
        assumptions; // library values without a published source that were used
    bool ok = false; // false when a cost could not be computed (see diagnostics)
};

PackageCost computePackageCost(const Design& design, const Library& library, YieldModel model,
                               std::vector<Diagnostic>& diags);

// "The same silicon as one monolithic die": the made (not purchased) dies' area as one die at
// the node of the largest of them.
struct MonolithicComparison {
    bool applicable = false;
    double area_m2 = 0;
    std::string node;
    double yield = 0, dies_per_wafer = 0, kgd_usd = 0;
    double chiplet_kgd_usd = 0; // the same dies as chiplets
    bool exceeds_reticle = false;
};

MonolithicComparison compareMonolithic(const PackageCost& cost, const Library& library,
                                       YieldModel model);

inline constexpr double kReticleArea_m2 =
    26e-3 * 33e-3; // 26 x 33 mm field (CATCH, constants.md §6)

} // namespace strata
