#include "interop/hotspot_floorplan.h"

#include "core/diagnostic.h"

#include <algorithm>
#include <cmath>

namespace strata {

using thermal::CellMaterial;
using thermal::Model;

std::string hotspotNumber(double v) {
    return formatNumber(v, 12);
}

namespace {

// What makes two cells one floorplan unit: the same material, the same heat source and the same
// power density (a raster power map varies inside its source).
struct UnitKey {
    double kz, cv;
    int source;
    double density;
    auto operator<=>(const UnitKey&) const = default;
};

// Per cell of `layer`, the heat source whose rectangle holds its centre (-1: none).
std::vector<int> sourceOwners(const Model& m, int layer, const CellRange& chip, bool& any) {
    std::vector<int> owner(m.cellsPerLayer(), -1);
    any = false;
    for (std::size_t s = 0; s < m.sources.size(); ++s) {
        const thermal::HeatSource& src = m.sources[s];
        if (layer < src.layer || layer >= src.layer + src.layers)
            continue;
        any = true;
        for (int j = chip.j0; j < chip.j1; ++j)
            for (int i = chip.i0; i < chip.i1; ++i) {
                const double x = (m.xs[i] + m.xs[i + 1]) / 2, y = (m.ys[j] + m.ys[j + 1]) / 2;
                if (x > src.x0 && x < src.x1 && y > src.y0 && y < src.y1)
                    owner[static_cast<std::size_t>(j) * m.nx() + i] = static_cast<int>(s);
            }
    }
    return owner;
}

} // namespace

LayerFloorplan layerFloorplan(const Model& m, int k, const CellRange& chip,
                              const std::vector<double>& q, const std::vector<double>& share) {
    LayerFloorplan out;
    const thermal::Layer& l = m.layers[static_cast<std::size_t>(k)];
    const int nx = m.nx();
    const std::size_t plane = m.cellsPerLayer() * static_cast<std::size_t>(k);
    const std::vector<int> owner = sourceOwners(m, k, chip, out.dissipates);
    std::map<UnitKey, int> ids;
    std::vector<UnitKey> keyOf;
    std::vector<int> keys(m.cellsPerLayer(), -1);
    std::vector<double> areaOfKey;
    for (int j = chip.j0; j < chip.j1; ++j)
        for (int i = chip.i0; i < chip.i1; ++i) {
            const std::size_t c = static_cast<std::size_t>(j) * nx + i;
            const CellMaterial& cm = l.cells[c];
            if (cm.isVoid()) {
                out.void_at = "x " + hotspotNumber((m.xs[i] + m.xs[i + 1]) / 2 * 1e3) + " mm, y " +
                              hotspotNumber((m.ys[j] + m.ys[j + 1]) / 2 * 1e3) + " mm";
                return out;
            }
            out.isotropic = out.isotropic && std::abs(cm.kxy - cm.kz) <= 1e-3 * cm.kz;
            const double area = (m.xs[i + 1] - m.xs[i]) * (m.ys[j + 1] - m.ys[j]);
            // Round-off power (1e-13 W where a block edge meets a grid line) is no power.
            const double density = std::abs(q[plane + c]) > 1e-9 ? q[plane + c] / area : 0;
            const UnitKey key{cm.kz, cm.cv, owner[c], nineDigits(density)};
            const auto [it, added] = ids.try_emplace(key, static_cast<int>(keyOf.size()));
            if (added) {
                keyOf.push_back(key);
                areaOfKey.push_back(0);
            }
            keys[c] = it->second;
            areaOfKey[static_cast<std::size_t>(it->second)] += area;
        }
    const UnitKey& main = keyOf[static_cast<std::size_t>(
        std::max_element(areaOfKey.begin(), areaOfKey.end()) - areaOfKey.begin())];
    out.cv = main.cv, out.resistivity = 1 / main.kz;

    const std::vector<CellRect> rects = mergeCells(keys, nx, chip);
    std::map<int, int> rectsOfSource;
    for (const CellRect& r : rects)
        ++rectsOfSource[keyOf[static_cast<std::size_t>(r.key)].source];
    const double x0 = m.xs[chip.i0], y0 = m.ys[chip.j0];
    out.flp = "# Layer " + std::to_string(k) + " (" + l.name +
              ") of the Strata thermal model.\n# unit\twidth m\theight m\tleft m\tbottom m\t"
              "J/(m^3 K)\tresistivity m K/W\n";
    std::map<std::string, int> seen;
    for (const CellRect& r : rects) {
        const UnitKey& key = keyOf[static_cast<std::size_t>(r.key)];
        std::string name;
        if (key.source >= 0) {
            const thermal::HeatSource& src = m.sources[static_cast<std::size_t>(key.source)];
            name = src.id;
            std::replace(name.begin(), name.end(), ' ', '_'); // HotSpot splits names at spaces
            std::replace(name.begin(), name.end(), '\t', '_');
            if (src.layers > 1)
                name += "_L" + std::to_string(k);
            if (rectsOfSource[key.source] > 1)
                name += "_" + std::to_string(++seen[name]);
        } else {
            name = "L" + std::to_string(k) + "_" + std::to_string(++seen["#fill"]);
        }
        out.flp += name + "\t" + hotspotNumber(m.xs[r.i1] - m.xs[r.i0]) + "\t" +
                   hotspotNumber(m.ys[r.j1] - m.ys[r.j0]) + "\t" + hotspotNumber(m.xs[r.i0] - x0) +
                   "\t" + hotspotNumber(m.ys[r.j0] - y0) + "\t" + hotspotNumber(key.cv) + "\t" +
                   hotspotNumber(1 / key.kz) + "\n";
        if (!out.dissipates)
            continue;
        double f = 0; // the unit's share of its source's power
        for (int j = r.j0; j < r.j1 && key.source >= 0; ++j)
            for (int i = r.i0; i < r.i1; ++i)
                f += share[plane + static_cast<std::size_t>(j) * nx + i];
        out.units.push_back({name, key.source, f});
    }
    return out;
}

} // namespace strata
