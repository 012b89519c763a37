#pragma once
// HotSpot's answer for an exported model (hotspot_export.h), read back and set beside Strata's:
// HotSpot's grid steady file (-grid_steady_file, written by run.sh) holds, for every layer of the
// .lcf and then the spreader and the sink, "Layer n:" and one "index<TAB>kelvin" line per grid
// cell, row by row from the chip's north edge (HotSpot 7 dump_steady_temp_grid). Per die: the
// hottest cell of its junction layer in each tool, and the difference map Strata - HotSpot on
// Strata's cells, to judge "as accurate as HotSpot" on the user's own design.
#include "interop/reference_comparison.h"

#include <optional>
#include <string>
#include <vector>

namespace strata {

struct HotSpotGridSteady {
    int rows = 0, cols = 0;
    std::vector<std::vector<double>> layers; // K, rows * cols each, row 0 = north
};

// The grid temperatures in `text` for a rows x cols grid; problems (IO-0022) name `file` and the
// line, and nullopt is returned.
std::optional<HotSpotGridSteady> parseHotSpotGridSteady(const std::string& text, int rows, int cols,
                                                        const std::string& file,
                                                        std::vector<Diagnostic>& diags);

// `theta`: Strata's solution of `model` (rises over its ambient).
ThermalComparison compareWithHotSpot(const thermal::Model& model, const std::vector<double>& theta,
                                     const HotSpotGridSteady& hotspot);

// The whole round trip for a design exported into `dir` as `base` at `resolution`: reads the grid
// size from base.config and HotSpot's temperatures from base.grid.steady, solves the same model
// (the design's block powers, as exported) and compares.
ThermalComparison compareWithHotSpot(const Design& design, const Library& library,
                                     const std::string& resolution, const std::string& dir,
                                     const std::string& base);

} // namespace strata
