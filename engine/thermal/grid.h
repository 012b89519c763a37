#pragma once
// Rectilinear lateral grid lines. Lines follow every given edge (dies, blocks, layer outlines);
// inside "fine" zones (the dies) cells are at most h_fine wide, outside they grow geometrically
// so that neighbouring cells differ by at most `max_ratio` (1.5), up to twice the fine size
// (see grid.cpp for why the growth stops there).
#include <utility>
#include <vector>

namespace strata::thermal {

struct Interval {
    double lo = 0, hi = 0;
};

// Returns the sorted grid lines (cells = lines.size() - 1) covering [edges.min, edges.max].
// Edges closer than h_fine / 5 are merged (at the cost of that much geometric error) so that
// slivers do not force refinement everywhere around them.
std::vector<double> makeGridLines(std::vector<double> edges, const std::vector<Interval>& fine,
                                  double h_fine, double max_ratio = 1.5);

} // namespace strata::thermal
