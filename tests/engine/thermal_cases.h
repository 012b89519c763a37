#pragma once
// Hand-built thermal models for tests and benchmarks: laterally uniform layered stacks.
#include "thermal/builder.h"
#include "thermal/model.h"

#include <algorithm>
#include <cmath>

#include <string>
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

} // namespace strata::test
