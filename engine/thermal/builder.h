#pragma once
// Builds the thermal Model of a whole package from a Design (DESIGN.md § Thermal):
//   bottom: the package layers as listed (substrate, C4 + underfill, interposer with TSVs ...),
//   then every stack: per tier its bond layer (a via array: copper in underfill, oxide or silicon)
//   and the die (BEOL 12 µm, active 2 µm, bulk silicon; order set by the die's orientation),
//   with the package's fill material (mold/underfill) around and above shorter stacks,
//   then TIM over the package, the spreader (lid) and the sink base.
// z-boundaries of all stacks are merged into common slices; thick slices are split into
// sub-layers of at most max_sublayer_m (0.5 mm). Measured against the exact z-solution of a
// layered three-die stack with a 1 mm lid and 6.9 mm sink (test_thermal): peak error 1.47 K with
// no split, 0.016 K at 0.5 mm, 0.002 K at 0.1 mm; 0.5 mm keeps the sink at 14 sub-layers. The top
// of the sink convects to ambient (h, or R over the sink area); the bottom optionally through the
// board (secondary R); the sides are adiabatic. Layer thicknesses of the die: Corblivar (active 2
// µm, BEOL 12 µm), constants.md §3.
#include "core/diagnostic.h"
#include "library/library.h"
#include "model/design.h"
#include "thermal/model.h"

#include <optional>
#include <string>
#include <vector>

namespace strata::thermal {

struct BuildOptions {
    int cells_across_die = 32;      // across the largest die
    double max_sublayer_m = 0.5e-3; // thick layers are split so no sub-layer exceeds this
};

// "coarse" (16), "default" (32), "fine" (64) or a number of cells across the largest die (4..2048).
std::optional<int> parseResolution(const std::string& text);

// Build options for a resolution name. "coarse" is the live preview: 16 cells across the largest
// die and sub-layers up to 1.5 mm (a 6.9 mm sink base in 5 instead of 14 slices). Measured on
// gpu-2.5d (fixed powers): 112 606 -> 60 634 unknowns, 0.19 -> 0.11 s, Tj 88.866 -> 88.908 °C.
std::optional<BuildOptions> buildOptionsFor(const std::string& resolution);

inline constexpr double kBeolThickness = 12e-6;  // Corblivar BEOL (constants.md §3)
inline constexpr double kActiveThickness = 2e-6; // Corblivar active layer (constants.md §3)

// Effective properties of a via array: rule of mixtures along the vias, series across them.
CellMaterial viaArray(const Material& via, const Material& fill, double diameter, double pitch);

struct BuildResult {
    Model model;
    std::vector<Diagnostic> diagnostics;
    bool ok = false;
};

BuildResult buildModel(const Design& design, const Library& library, const BuildOptions& options);

} // namespace strata::thermal
