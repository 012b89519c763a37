#pragma once
// Builds the thermal Model of a whole package from a Design (DESIGN.md § Thermal):
//   bottom: the package layers as listed (substrate, C4 + underfill, interposer with TSVs ...),
//   then every stack: per tier its bond layer (a via array: copper in underfill, oxide or silicon)
//   and the die (BEOL 12 µm, active 2 µm, bulk silicon; order set by the die's orientation),
//   with the package's fill material (mold/underfill) around and above shorter stacks,
//   then TIM over the package, the spreader (lid) and the sink base.
// z-boundaries of all stacks are merged into common slices; thick slices are split into
// sub-layers (subLayers below: the outer ones at most max_sublayer_m = 0.5 mm, growing 1.5x
// towards the middle). Measured against the exact z-solution of a layered three-die stack with a
// 1 mm lid and 6.9 mm sink (test_thermal): peak error 1.47 K with no split; 0.016 K with uniform
// 0.5 mm sub-layers (14 in the sink); 0.042 K graded from 0.5 mm faces (8 in the sink), which
// is the choice: the issue asks for 0.1 K, and six fewer layers make every solve about 20 %
// faster (real package 125 -> 104 ms, uniform 128^2 18.4 -> 14.6 ms). The top
// of the sink convects to ambient (h, or R over the sink area); the bottom optionally through the
// board (secondary R); the sides are adiabatic. Layer thicknesses of the die: Corblivar (active 2
// µm, BEOL 12 µm), constants.md §3.
#include "core/diagnostic.h"
#include "core/progress.h"
#include "library/library.h"
#include "model/design.h"
#include "thermal/model.h"

#include <optional>
#include <string>
#include <vector>

namespace strata::thermal {

class MemoryClaim;

struct BuildOptions {
    int cells_across_die = 32;           // across the largest die
    double max_sublayer_m = 0.5e-3;      // thick layers are split: sub-layers at faces at most this
    std::size_t memory_budget_bytes = 0; // a grid that needs more is refused (THM-0009); 0 = the
                                         // memory this machine has available (memory_budget.h)
    // If given, the model's memory (and `extra_bytes_per_unknown` more, a transient's) is claimed
    // in it before the cells are allocated (memory_budget.h): evaluations running at the same
    // time in this process then wait for each other instead of together exceeding the memory.
    // A set `cancel` ends such a wait (the build then fails without a diagnostic).
    MemoryClaim* memory_claim = nullptr;
    double extra_bytes_per_unknown = 0;
    const CancelToken* cancel = nullptr;
};

// Sub-layer thicknesses of a layer of `thickness`, bottom to top: the fewest sub-layers whose
// two outer ones are at most `max_face` thick, growing by 1.5x per step towards the middle (the
// same ratio as the lateral grid). Temperature varies fastest next to a layer's faces, where heat
// enters and leaves; a 6.9 mm sink base is 8 sub-layers instead of 14 of 0.5 mm.
std::vector<double> subLayers(double thickness, double max_face);

// Cells across the largest die a resolution may ask for (memory decides well before the top).
inline constexpr int kMinCellsAcrossDie = 4, kMaxCellsAcrossDie = 2048;

// "coarse" (16), "default" (32), "fine" (64) or a number of cells across the largest die
// (kMinCellsAcrossDie to kMaxCellsAcrossDie).
std::optional<int> parseResolution(const std::string& text);

// Build options for a resolution name. "coarse" is the live preview: 16 cells across the largest
// die and sub-layers up to 1.5 mm at the faces (a 6.9 mm sink base in 4 instead of 8 slices).
// Measured on gpu-2.5d (fixed powers) when it was introduced: 112 606 -> 60 634 unknowns,
// 0.19 -> 0.11 s, Tj 88.866 -> 88.908 °C; since the grid's rounding fix (grid.cpp, 2026-12)
// 40 716 unknowns in 10 iterations (15 before), Tj 88.924 °C.
std::optional<BuildOptions> buildOptionsFor(const std::string& resolution);
// THM-0006 for a resolution buildOptionsFor does not know.
Diagnostic unknownResolution(const std::string& resolution);

inline constexpr double kBeolThickness = 12e-6;  // Corblivar BEOL (constants.md §3)
inline constexpr double kActiveThickness = 2e-6; // Corblivar active layer (constants.md §3)

// Effective properties of a via array: rule of mixtures along the vias, series across them.
CellMaterial viaArray(const Material& via, const Material& fill, double diameter, double pitch);

// A connection of `post` topped by `cap` over `capFraction` of its height (a copper pillar and
// its solder cap) as one material: in series along z, in parallel across, heat capacity by volume.
Material cappedPost(const Material& post, const Material& cap, double capFraction);

// The bulk of a stack of dies described as one (an HBM stack, library InternalBonds): its bond
// layers (count, each its measured resistance per area and height, `fill` beside the bumps) and
// the silicon between them, `bulk` thick in all, as one anisotropic material: in series along z,
// in parallel across, heat capacity by volume. The stack's power still enters at its bottom
// active layer (the base die), which puts all of it under all the bonds: a bound from above.
CellMaterial stackedBulk(const Material& silicon, const Material& fill, const InternalBonds& bonds,
                         double bulk);

struct BuildResult {
    Model model;
    std::vector<Diagnostic> diagnostics;
    bool ok = false;
};

BuildResult buildModel(const Design& design, const Library& library, const BuildOptions& options);

} // namespace strata::thermal
