#pragma once
// A raster of keys (a material, a heat source and its power density ...) as rectangles of one
// key each: how the exporters describe a layer to tools that read rectangles (HotSpot floorplans,
// 3D-ICE layouts and floorplans).
#include <vector>

namespace strata {

// Cells [i0, i1) x [j0, j1) of a grid.
struct CellRange {
    int i0 = 0, i1 = 0, j0 = 0, j1 = 0;
};

struct CellRect {
    int i0, i1, j0, j1, key;
};

// `keys`: one per cell, row-major with `nx` per row. Runs of one key along each row of `range`,
// then runs with the same columns and key stacked over consecutive rows. Every cell of the range
// is in exactly one rectangle.
std::vector<CellRect> mergeCells(const std::vector<int>& keys, int nx, const CellRange& range);

// `v` rounded to nine significant digits: equal power densities computed along different paths
// differ in their last bits.
double nineDigits(double v);

} // namespace strata
