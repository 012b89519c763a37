#pragma once
// The discretised package: a rectilinear lateral grid (lines xs, ys) times a stack of layers,
// bottom to top. Each layer carries per-cell anisotropic conductivity (kxy, kz), volumetric heat
// capacity and injected power; cells outside the layer's outline are void (no material).
// Built from a Design by builder.h; solved by solver.h. SI units throughout.
#include <cstdint>
#include <string>
#include <vector>

namespace strata::thermal {

struct CellMaterial {
    double kxy = 0, kz = 0, cv = 0; // W/mK, W/mK, J/m³K; all zero = void
    bool isVoid() const { return kz <= 0 && kxy <= 0; }
};

struct Layer {
    std::string name;
    double thickness = 0;
    std::vector<CellMaterial> cells; // nx * ny, row-major from y = ys.front()
};

// A rectangle whose cells receive power: a block of a die's active layer.
struct HeatSource {
    std::string id; // "<die>.<block>"
    std::string die_id;
    int layer = 0;  // index of the (first) active layer
    int layers = 1; // consecutive layers sharing the power (an active layer split by slicing)
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double power_w = 0;
    // A raster power map: sub-rectangles with their share of power_w (empty = uniform).
    struct Cell {
        double x0, y0, x1, y1, share;
    };
    std::vector<Cell> raster;
};

// The active layer of a die, for junction temperatures.
struct DieRegion {
    std::string id;
    int layer = 0;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct Model {
    std::vector<double> xs, ys; // grid lines
    std::vector<Layer> layers;  // bottom to top
    double h_top = 0;    // W/m²K from the top surface of the top layer's material to ambient
    double h_bottom = 0; // W/m²K from the bottom layer to ambient (secondary path), 0 = adiabatic
    double ambient_k = 318.15;
    std::vector<HeatSource> sources;
    std::vector<DieRegion> dies;

    int nx() const { return static_cast<int>(xs.size()) - 1; }
    int ny() const { return static_cast<int>(ys.size()) - 1; }
    int nz() const { return static_cast<int>(layers.size()); }
    std::size_t cellsPerLayer() const {
        return static_cast<std::size_t>(nx()) * static_cast<std::size_t>(ny());
    }
    std::size_t unknowns() const { return cellsPerLayer() * layers.size(); }
};

// Per-cell power (W) from the heat sources, spread over each source's rectangle by overlap area.
// `powers` overrides the sources' own power_w when non-empty (same order as model.sources).
std::vector<double> rasterisePower(const Model& model, const std::vector<double>& powers = {});
// The same into `q`, reusing its storage: a repeated solve then allocates nothing (fresh pages
// cost ~10 us each on our VMs: 8 ms for a 128^2 x 22 field, more than the solve).
void rasterisePower(const Model& model, const std::vector<double>& powers, std::vector<double>& q);

// Fills the cells of `layer` whose centres lie in [x0,x1] x [y0,y1] with `m`.
void paint(const Model& model, Layer& layer, double x0, double y0, double x1, double y1,
           const CellMaterial& m);

// Index of the cell containing coordinate v among `lines` (clamped).
int cellIndex(const std::vector<double>& lines, double v);

} // namespace strata::thermal
