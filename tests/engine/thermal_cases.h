#pragma once
// Hand-built thermal models for tests and benchmarks: laterally uniform layered stacks, and a
// small non-uniform package.
#include "thermal/builder.h"
#include "thermal/model.h"

#include <algorithm>
#include <cmath>

#include <string>
#include <utility>
#include <vector>

namespace strata::test {

struct LayerSpec {
    std::string name;
    double thickness, k, cv;
};

// n x n cells over a side x side square, the given layers bottom to top, h on top, adiabatic
// elsewhere, and one square heat source of `source_side` centred in layer `source_layer`.
inline thermal::Model layeredModel(int n, double side, const std::vector<LayerSpec>& layers,
                                   double h_top, int source_layer, double source_side, double power,
                                   double max_sublayer = 1e9) {
    thermal::Model m;
    for (int i = 0; i <= n; ++i) {
        m.xs.push_back(side * i / n);
        m.ys.push_back(side * i / n);
    }
    int sourceIndex = 0;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        if (static_cast<int>(l) == source_layer)
            sourceIndex = static_cast<int>(m.layers.size());
        for (const double part : thermal::subLayers(layers[l].thickness, max_sublayer)) {
            thermal::Layer L;
            L.name = layers[l].name;
            L.thickness = part;
            L.cells.assign(static_cast<std::size_t>(n) * n,
                           {layers[l].k, layers[l].k, layers[l].cv});
            m.layers.push_back(L);
        }
    }
    m.h_top = h_top;
    const double c = side / 2, s = source_side / 2;
    m.sources.push_back({"src", "die", sourceIndex, 1, c - s, c - s, c + s, c + s, power});
    m.dies.push_back({"die", sourceIndex, c - s, c - s, c + s, c + s});
    return m;
}

// A 3-die logic + memory stack with its package, as in the thermal issue (about a dozen layers).
inline std::vector<LayerSpec> threeDieStack() {
    return {{"substrate", 200e-6, 0.3, 1.06e6},   {"c4", 70e-6, 1.6, 2.32e6},
            {"interposer", 110e-6, 130, 1.63e6},  {"ubump", 10e-6, 1.6, 2.32e6},
            {"logic.beol", 12e-6, 2.25, 2.175e6}, {"logic.active", 2e-6, 130, 1.63e6},
            {"logic.bulk", 100e-6, 130, 1.63e6},  {"hb1", 1e-6, 1.38, 1.62e6},
            {"mem1", 60e-6, 130, 1.63e6},         {"hb2", 1e-6, 1.38, 1.62e6},
            {"mem2", 60e-6, 130, 1.63e6},         {"tim", 20e-6, 4, 4e6},
            {"lid", 1e-3, 400, 3.49e6},           {"sink", 6.9e-3, 400, 3.49e6}};
}

// A laterally non-uniform stack (a die in mold, voids beside a narrower lid, a graded grid) on
// an nx x ny grid: solved by multigrid-preconditioned CG.
inline thermal::Model smallPackage(int nx, int ny) {
    thermal::Model m;
    for (int i = 0; i <= nx; ++i)
        m.xs.push_back(10e-3 * std::pow(static_cast<double>(i) / nx, 1.2));
    for (int j = 0; j <= ny; ++j)
        m.ys.push_back(8e-3 * j / ny);
    const thermal::CellMaterial si{130, 130, 1.63e6}, mold{0.8, 0.8, 1.8e6}, cu{400, 400, 3.49e6};
    for (const auto& [thickness, fill] : std::vector<std::pair<double, thermal::CellMaterial>>{
             {200e-6, si}, {50e-6, mold}, {100e-6, mold}, {500e-6, cu}}) {
        thermal::Layer l;
        l.thickness = thickness;
        l.cells.assign(m.cellsPerLayer(), fill);
        m.layers.push_back(l);
    }
    thermal::paint(m, m.layers[1], 2e-3, 2e-3, 6e-3, 5e-3, si); // the die in its mold
    thermal::paint(m, m.layers[2], 2e-3, 2e-3, 6e-3, 5e-3, si);
    thermal::paint(m, m.layers[3], 7e-3, 0, 10e-3, 8e-3,
                   thermal::CellMaterial{}); // lid narrower: void
    m.h_top = 2e4;
    m.h_bottom = 200;
    m.sources.push_back({"hot", "die", 1, 1, 2e-3, 2e-3, 4e-3, 4e-3, 30});
    return m;
}

} // namespace strata::test
