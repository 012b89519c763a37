#pragma once
// Power maps (PowerMap, design.h) as CSV grids, for users whose power analysis gives a raster:
// one line per row of cells, W per cell, separated by commas (or spaces, tabs, semicolons);
// the first line is the die's north edge (as the die is seen on the canvas, unrotated), the
// first value of a line its west edge. Lines starting with '#' and blank lines are skipped.
#include "core/diagnostic.h"
#include "model/design.h"

#include <optional>
#include <string>
#include <vector>

namespace strata {

// The map in `text`; problems (IO-0012) name `file`, the line and the column, and nullopt is
// returned.
std::optional<PowerMap> parsePowerMapCsv(const std::string& text, const std::string& file,
                                         std::vector<Diagnostic>& diags);

// The map in the file at `path`, or nullopt and `error` naming the file (and the line and column
// of what is wrong in it).
std::optional<PowerMap> readPowerMapCsv(const std::string& path, std::string& error);

// The CSV text parsePowerMapCsv reads back to the same map.
std::string powerMapCsv(const PowerMap& map);

} // namespace strata
