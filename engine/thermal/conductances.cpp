// The assembled conduction operator: conductances, heat capacities, and its product with a vector.
#include "thermal/conductances.h"

#include "thermal/vector_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace strata::thermal {

namespace {

// 1 / k per cell of a layer, infinite where the material does not conduct (void): a conductance
// through such a half-cell is then exactly 0 (area / inf), with no test in the loops below.
// Neighbouring cells are mostly of one material: the last division is reused.
void inverseConductivity(const Layer& L, double CellMaterial::*field, std::vector<double>& out) {
    double lastK = -1, lastInverse = 0;
    for (std::size_t q = 0; q < out.size(); ++q) {
        const double k = L.cells[q].*field;
        if (k != lastK) {
            lastK = k;
            lastInverse = k > 0 ? 1.0 / k : std::numeric_limits<double>::infinity();
        }
        out[q] = lastInverse;
    }
}

// Conductances between neighbours in series (harmonic mean of the two half-cells):
// g = area / (half_a / k_a + half_b / k_b), written with inverse conductivities.
// Along a row (x faces): one face area, the half-widths of the cells on either side.
void seriesAlongRow(std::size_t len, double* __restrict g, double area, const double* __restrict dx,
                    const double* __restrict invA, const double* __restrict invB) {
    for (std::size_t i = 0; i < len; ++i)
        g[i] = area / (dx[i] / 2 * invA[i] + dx[i + 1] / 2 * invB[i]);
}

// Across rows or layers (y or z faces): face areas dx_i * width, one half-thickness per side.
void seriesAcross(std::size_t len, double* __restrict g, const double* __restrict dx, double width,
                  double halfA, const double* __restrict invA, double halfB,
                  const double* __restrict invB) {
    for (std::size_t i = 0; i < len; ++i)
        g[i] = dx[i] * width / (halfA * invA[i] + halfB * invB[i]);
}

// To ambient through the half-cell and the film, per cell of the top or bottom layer (0 where
// the layer does not conduct vertically or h is 0).
std::vector<double> toAmbient(const Model& m, const Layer& L, double h) {
    std::vector<double> g(m.cellsPerLayer(), 0.0);
    if (!(h > 0))
        return g;
    for (int j = 0; j < m.ny(); ++j)
        for (int i = 0; i < m.nx(); ++i) {
            const std::size_t q = static_cast<std::size_t>(j) * m.nx() + i;
            const double kz = L.cells[q].kz;
            if (kz > 0)
                g[q] = (m.xs[i + 1] - m.xs[i]) * (m.ys[j + 1] - m.ys[j]) /
                       (L.thickness / (2 * kz) + 1.0 / h);
        }
    return g;
}
} // namespace

Conductances boundaryConductances(const Model& m) {
    Conductances c;
    c.nx = m.nx();
    c.ny = m.ny();
    c.nz = m.nz();
    if (c.nz > 0) {
        c.gTop = toAmbient(m, m.layers.back(), m.h_top);
        c.gBottom = toAmbient(m, m.layers.front(), m.h_bottom);
    }
    return c;
}

double conductanceToAmbient(const Model& model) {
    const Conductances c = boundaryConductances(model);
    double g = 0;
    for (double v : c.gTop)
        g += v;
    for (double v : c.gBottom)
        g += v;
    return g;
}

std::vector<double> heatCapacities(const Model& m) {
    std::vector<double> cap(m.unknowns());
    std::size_t n = 0;
    for (const Layer& L : m.layers)
        for (int j = 0; j < m.ny(); ++j)
            for (int i = 0; i < m.nx(); ++i, ++n)
                cap[n] = L.cells[static_cast<std::size_t>(j) * m.nx() + i].cv *
                         (m.xs[i + 1] - m.xs[i]) * (m.ys[j + 1] - m.ys[j]) * L.thickness;
    return cap;
}

// Row by row with the inverse conductivities of a layer and the one above precomputed: the
// inner loops are branch-free and vectorise (this was a third of a laterally uniform solve).
Conductances assemble(const Model& m, bool withCapacities) {
    Conductances c = boundaryConductances(m);
    const std::size_t P = m.cellsPerLayer(), N = m.unknowns();
    const auto nx = static_cast<std::size_t>(c.nx);
    const auto ny = static_cast<std::size_t>(c.ny);
    c.gx.resize(N); // every entry is written below
    c.gy.resize(N);
    c.gz.resize(N);
    if (withCapacities)
        c.capacity = heatCapacities(m);
    c.isVoid.resize(N);
    std::vector<double> dx(nx), dy(ny);
    for (std::size_t i = 0; i < nx; ++i)
        dx[i] = m.xs[i + 1] - m.xs[i];
    for (std::size_t j = 0; j < ny; ++j)
        dy[j] = m.ys[j + 1] - m.ys[j];
    std::vector<double> invKxy(P), invKz(P), invKzAbove(P);
    if (c.nz > 0)
        inverseConductivity(m.layers[0], &CellMaterial::kz, invKz);
    for (int k = 0; k < c.nz; ++k) {
        const Layer& L = m.layers[static_cast<std::size_t>(k)];
        const double dz = L.thickness;
        const bool top = k + 1 == c.nz;
        inverseConductivity(L, &CellMaterial::kxy, invKxy);
        if (!top)
            inverseConductivity(m.layers[static_cast<std::size_t>(k) + 1], &CellMaterial::kz,
                                invKzAbove);
        const double dzAbove = top ? 0 : m.layers[static_cast<std::size_t>(k) + 1].thickness;
        for (std::size_t j = 0; j < ny; ++j) {
            const std::size_t q = j * nx, n = P * static_cast<std::size_t>(k) + q;
            if (nx > 1)
                seriesAlongRow(nx - 1, &c.gx[n], dy[j] * dz, dx.data(), &invKxy[q], &invKxy[q + 1]);
            c.gx[n + nx - 1] = 0;
            if (j + 1 < ny)
                seriesAcross(nx, &c.gy[n], dx.data(), dz, dy[j] / 2, &invKxy[q], dy[j + 1] / 2,
                             &invKxy[q + nx]);
            else
                std::fill_n(&c.gy[n], nx, 0.0);
            if (!top)
                seriesAcross(nx, &c.gz[n], dx.data(), dy[j], dz / 2, &invKz[q], dzAbove / 2,
                             &invKzAbove[q]);
            else
                std::fill_n(&c.gz[n], nx, 0.0);
            for (std::size_t i = 0; i < nx; ++i)
                c.isVoid[n + i] = L.cells[q + i].isVoid();
        }
        invKz.swap(invKzAbove);
    }
    return c;
}

namespace {
// One row of y = A x as sums of g (x - x_neighbour) over west, east, south, north, below and
// above: the diagonal is never stored or read (one stream less; the row sums of the couplings are
// the diagonal by construction). Void cells have no couplings, so their rows are zero. A neighbour
// that does not exist is passed as the row itself (x - x = 0, whatever its conductance row): one
// pass for the four of them instead of one each (measured 4-6 % of a real-package solve).
// Restrict parameters let the compiler vectorise.
void operatorRow(std::size_t len, double* __restrict y, const double* __restrict x,
                 const double* __restrict gx, const double* __restrict gS,
                 const double* __restrict xS, const double* __restrict gN,
                 const double* __restrict xN, const double* __restrict gD,
                 const double* __restrict xD, const double* __restrict gU,
                 const double* __restrict xU) {
    for (std::size_t m = 0; m < len; ++m)
        y[m] = gS[m] * (x[m] - xS[m]) + gN[m] * (x[m] - xN[m]) + gD[m] * (x[m] - xD[m]) +
               gU[m] * (x[m] - xU[m]);
    for (std::size_t m = 1; m < len; ++m) // west and east: one coupling per face
        y[m] += gx[m - 1] * (x[m] - x[m - 1]);
    for (std::size_t m = 0; m + 1 < len; ++m)
        y[m] += gx[m] * (x[m] - x[m + 1]);
}

void plusGround(std::size_t len, double* __restrict y, const double* __restrict x,
                const double* __restrict g, double scale) {
    for (std::size_t m = 0; m < len; ++m)
        y[m] += g[m] * scale * x[m];
}
} // namespace

double applyOperator(const Conductances& c, double inv_dt, const double* x, double* y) {
    const auto nx = static_cast<std::size_t>(c.nx);
    const std::size_t P = nx * static_cast<std::size_t>(c.ny);
    const double* gx = c.gx.data();
    const double* gy = c.gy.data();
    const double* gz = c.gz.data();
    double xy = 0;
    for (int k = 0; k < c.nz; ++k)
        for (int j = 0; j < c.ny; ++j) {
            const std::size_t row = P * k + static_cast<std::size_t>(j) * nx;
            const std::size_t q = static_cast<std::size_t>(j) * nx; // in the layer
            const double* xr = x + row;
            const bool south = j > 0, north = j + 1 < c.ny, below = k > 0, above = k + 1 < c.nz;
            operatorRow(nx, y + row, xr, gx + row, gy + (south ? row - nx : row),
                        south ? xr - nx : xr, gy + row, north ? xr + nx : xr,
                        gz + (below ? row - P : row), below ? xr - P : xr, gz + row,
                        above ? xr + P : xr);
            if (k + 1 == c.nz)
                plusGround(nx, y + row, x + row, c.gTop.data() + q, 1.0);
            if (k == 0)
                plusGround(nx, y + row, x + row, c.gBottom.data() + q, 1.0);
            if (inv_dt > 0)
                plusGround(nx, y + row, x + row, c.capacity.data() + row, inv_dt);
            xy += dot(nx, x + row, y + row);
        }
    return xy;
}

} // namespace strata::thermal
