#pragma once
// One layer of the thermal model as a HotSpot floorplan (hotspot_export.h): its cells over the
// chip outline merged into rectangles of one material, one heat source and one power density,
// each a unit with its own heat capacity and resistivity (HotSpot's detailed_3D columns).
#include "interop/cell_rectangles.h"
#include "thermal/model.h"

#include <map>
#include <string>
#include <vector>

namespace strata {

// A unit of a power-dissipating layer, for the .ptrace.
struct PowerUnit {
    std::string name;
    int source = -1;  // model source index; -1: no power
    double share = 0; // of its source's power
};

struct LayerFloorplan {
    std::string flp;                // the .flp text
    std::vector<PowerUnit> units;   // of a power-dissipating layer, in the file's order
    bool dissipates = false;        // a heat source injects power here
    bool isotropic = true;          // kxy == kz in every cell
    double cv = 0, resistivity = 0; // the layer's own values: its largest material's
    std::string void_at;            // where a cell has no material ("" = none)
};

// `q`: the model's per-cell power (rasterisePower); `share`: per cell, its source's share of 1 W
// (rasterisePower with every source at 1 W). Units are named after their source ("gpu0.sm", with
// _L<k> when the source spans layers and _<n> when the grid splits it), filler units L<k>_<n>.
LayerFloorplan layerFloorplan(const thermal::Model& model, int layer, const CellRange& chip,
                              const std::vector<double>& q, const std::vector<double>& share);

// "%.12g": HotSpot reads plain decimal or exponent numbers.
std::string hotspotNumber(double v);

} // namespace strata
