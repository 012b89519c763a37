#pragma once
// 3D-ICE's answer for an exported model (threedice_export.h), read back and set beside Strata's
// (reference_comparison.h). The .stk's dimensions give 3D-ICE's grid; each junction layer's
// thermal map (base_L<k>.tmap, 3D-ICE's Tmap output: a header line, then one line per row of
// cells from the south edge, kelvin from west to east; 3D-ICE 4.0 stack_element_print_thermal_map)
// its temperatures.
#include "interop/reference_comparison.h"

#include <optional>
#include <string>
#include <vector>

namespace strata {

struct ThreeDiceDimensions {
    double chip_length_um = 0, chip_width_um = 0, cell_length_um = 0, cell_width_um = 0;
    int cols = 0, rows = 0;
    int layers = 0; // layer definitions (the export writes one per model layer)
};

// The dimensions section of a stack description; problems (IO-0022) name `file`.
std::optional<ThreeDiceDimensions> parseThreeDiceDimensions(const std::string& stk,
                                                            const std::string& file,
                                                            std::vector<Diagnostic>& diags);

// A thermal map of rows x cols cells (kelvin, row 0 = south); when the file holds several maps
// (outputs at every slot) the last one. Problems (IO-0022) name `file` and the line.
std::optional<std::vector<double>> parseThreeDiceTmap(const std::string& text, int rows, int cols,
                                                      const std::string& file,
                                                      std::vector<Diagnostic>& diags);

// The whole round trip for a design exported into `dir` as `base` at `resolution`: 3D-ICE's grid
// from base.stk, its maps from base_L<k>.tmap, the same model solved by Strata, compared per die.
ThermalComparison compareWithThreeDice(const Design& design, const Library& library,
                                       const std::string& resolution, const std::string& dir,
                                       const std::string& base);

} // namespace strata
