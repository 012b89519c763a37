#pragma once
// Temperature fields (°C grids) cut from a solved model for results: part of one layer, all dies'
// junctions in one map, and vertical cross-sections through the whole assembly.
#include "eval/evaluator.h"
#include "thermal/model.h"

#include <limits>
#include <string>
#include <vector>

namespace strata::thermal {

inline constexpr double kZeroCelsiusK = 273.15;

// The model's cells whose centres lie in the rectangle, as an empty °C field on their grid
// lines; `i0`, `j0`: the model's indices of its first cell (no cells: nx = ny = 0).
Field fieldOver(const Model& m, const std::string& name, double x0, double y0, double x1, double y1,
                int& i0, int& j0);

// The part of one layer's plane of rises (nx * ny, natural order) inside the rectangle, in °C.
Field layerField(const Model& m, const double* plane, const std::string& name, double x0, double y0,
                 double x1, double y1);

inline const double* layerPlane(const Model& m, const std::vector<double>& theta, int layer) {
    return theta.data() + m.cellsPerLayer() * static_cast<std::size_t>(layer);
}

// All dies in one map over their common extent: each cell holds the hottest active layer of the
// dies covering it (in a 3D stack, the hottest tier there), NaN where no die is (mold, gaps).
// `plane(layer)` gives a layer's rises (null: not available). The floorplan's view of junction
// temperature.
template <class PlaneOf>
Field junctionField(const Model& m, const PlaneOf& plane, const std::string& name) {
    if (m.dies.empty()) {
        Field none;
        none.name = name;
        return none;
    }
    double x0 = m.dies[0].x0, y0 = m.dies[0].y0, x1 = m.dies[0].x1, y1 = m.dies[0].y1;
    for (const DieRegion& d : m.dies) {
        x0 = std::min(x0, d.x0), y0 = std::min(y0, d.y0);
        x1 = std::max(x1, d.x1), y1 = std::max(y1, d.y1);
    }
    int i0 = 0, j0 = 0;
    Field f = fieldOver(m, name, x0, y0, x1, y1, i0, j0);
    f.values.assign(static_cast<std::size_t>(f.nx) * static_cast<std::size_t>(f.ny),
                    std::numeric_limits<double>::quiet_NaN());
    for (const DieRegion& d : m.dies) {
        const double* rise = plane(d.layer);
        if (!rise)
            continue;
        int a0 = 0, b0 = 0; // the die's own cells
        const Field die = fieldOver(m, "", d.x0, d.y0, d.x1, d.y1, a0, b0);
        for (int j = b0; j < b0 + die.ny; ++j)
            for (int i = a0; i < a0 + die.nx; ++i) {
                const double t =
                    rise[static_cast<std::size_t>(j) * m.nx() + i] + m.ambient_k - kZeroCelsiusK;
                double& v = f.values[static_cast<std::size_t>(j - j0) * f.nx + (i - i0)];
                if (!(v >= t)) // NaN or cooler
                    v = t;
            }
    }
    return f;
}

// One whole layer of the model in °C, NaN where the layer has no material.
Field wholeLayerField(const Model& m, const std::vector<double>& theta, int layer,
                      const std::string& name);

// The heights of the model's layer boundaries above its bottom, bottom first (nz + 1 values).
std::vector<double> layerHeights(const Model& m);

// A vertical cross-section of the whole assembly, board to sink, cut from its layers' maps
// (`layers`, bottom first, all on one grid; `heights`: their boundaries, layerHeights): along x
// at height y = `at` (`alongX`), or along y at x = `at`. Its first axis is the lateral one
// (x_lines: that axis's grid lines), its second the height (y_lines = heights, axis "z", one row
// per layer), in metres; NaN where a layer has no material. Empty (nx = 0) when the layers do not
// share one grid or `at` is outside it.
Field sectionField(const std::vector<const Field*>& layers, const std::vector<double>& heights,
                   bool alongX, double at, const std::string& name);

} // namespace strata::thermal
