#include "thermal/multigrid.h"

#include "thermal/uninitialised_vector.h"

#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <cstdint>

namespace strata::thermal {

namespace {

// Storage of the smoother's data: the V-cycle is bound by memory traffic, and single precision
// halves it. Factors are computed in double and rounded once; the outer CG runs in double.
using Real = float;

// One level in natural order (i fastest, then j, then k), double precision: what coarsening and
// the factorisations work on while the hierarchy is built. The finest level points at the
// solver's assembled arrays (no copy); coarser levels own theirs. Movable, not copyable.
struct Natural {
    int nx = 0, ny = 0, nz = 0;
    const double *gx = nullptr, *gy = nullptr, *gz = nullptr; // to +x, +y, +z
    const double* ground = nullptr;                           // to ambient plus capacity / dt
    const std::uint8_t* isVoid = nullptr;
    std::vector<double> dx, dy; // cell widths
    struct Storage {
        std::vector<double> gx, gy, gz, ground;
        std::vector<std::uint8_t> isVoid;
    } own;

    Natural() = default;
    Natural(Natural&&) = default; // vector buffers move with their pointers
    Natural& operator=(Natural&&) = default;
    Natural(const Natural&) = delete;
    Natural& operator=(const Natural&) = delete;

    void pointAtOwn() {
        gx = own.gx.data();
        gy = own.gy.data();
        gz = own.gz.data();
        ground = own.ground.data();
        isVoid = own.isVoid.data();
    }
    std::size_t plane() const { return static_cast<std::size_t>(nx) * ny; }
    std::size_t at(int i, int j, int k) const {
        return plane() * static_cast<std::size_t>(k) + static_cast<std::size_t>(j) * nx + i;
    }
    // Row sum of the operator at cell (i, j, k) (1 for void cells: they stay at zero).
    double diagonal(int i, int j, int k) const {
        const std::size_t n = at(i, j, k);
        double s = ground[n] + gx[n] + gy[n] + gz[n];
        if (i > 0)
            s += gx[n - 1];
        if (j > 0)
            s += gy[n - nx];
        if (k > 0)
            s += gz[n - plane()];
        return (isVoid[n] || s <= 0) ? 1.0 : s;
    }
};

// Row sums of the operator along one natural row of nx cells (1 for void cells: they stay at
// zero), as Natural::diagonal adds them; the south and below arrays are null at the grid's edge.
void rowDiagonal(std::size_t nx, double* __restrict d, const double* __restrict ground,
                 const double* __restrict gx, const double* __restrict gy,
                 const double* __restrict gz, const double* __restrict gySouth,
                 const double* __restrict gzBelow, const std::uint8_t* __restrict isVoid) {
    for (std::size_t i = 0; i < nx; ++i)
        d[i] = ground[i] + gx[i] + gy[i] + gz[i];
    for (std::size_t i = 1; i < nx; ++i)
        d[i] += gx[i - 1];
    if (gySouth)
        for (std::size_t i = 0; i < nx; ++i)
            d[i] += gySouth[i];
    if (gzBelow)
        for (std::size_t i = 0; i < nx; ++i)
            d[i] += gzBelow[i];
    for (std::size_t i = 0; i < nx; ++i)
        d[i] = (isVoid[i] || d[i] <= 0) ? 1.0 : d[i];
}

// One layer's step of the Thomas factorisation along a row of columns: 1 / den and, in place
// of the layer below's, cprime = -gz / den (0 in the top layer, gzAbove null).
void thomasRow(std::size_t nx, double* __restrict inv, double* __restrict cprime,
               const double* __restrict d, const double* __restrict gzBelow,
               const double* __restrict gzAbove) {
    for (std::size_t i = 0; i < nx; ++i)
        inv[i] = 1.0 / (gzBelow ? d[i] + gzBelow[i] * cprime[i] : d[i]);
    for (std::size_t i = 0; i < nx; ++i)
        cprime[i] = gzAbove ? -gzAbove[i] * inv[i] : 0.0;
}

// Fine centre distance across each coarse face over the coarse centre distance: summed face
// conductances scaled by it make a uniform Laplacian coarsen to itself.
std::vector<double> faceScale(const std::vector<double>& fine, const std::vector<double>& coarse) {
    std::vector<double> r(coarse.size(), 0.0);
    for (std::size_t I = 0; I + 1 < coarse.size(); ++I) {
        const std::size_t last = std::min(2 * I + 1, fine.size() - 2);
        r[I] = ((fine[last] + fine[last + 1]) / 2) / ((coarse[I] + coarse[I + 1]) / 2);
    }
    return r;
}

Natural coarsen(const Natural& f) {
    Natural c;
    c.nx = (f.nx + 1) / 2;
    c.ny = (f.ny + 1) / 2;
    c.nz = f.nz;
    const std::size_t N = c.plane() * static_cast<std::size_t>(c.nz);
    c.own.gx.assign(N, 0.0);
    c.own.gy.assign(N, 0.0);
    c.own.gz.assign(N, 0.0);
    c.own.ground.assign(N, 0.0);
    c.own.isVoid.assign(N, 1);
    c.dx.assign(static_cast<std::size_t>(c.nx), 0.0);
    c.dy.assign(static_cast<std::size_t>(c.ny), 0.0);
    for (int i = 0; i < f.nx; ++i)
        c.dx[static_cast<std::size_t>(i / 2)] += f.dx[static_cast<std::size_t>(i)];
    for (int j = 0; j < f.ny; ++j)
        c.dy[static_cast<std::size_t>(j / 2)] += f.dy[static_cast<std::size_t>(j)];
    const std::vector<double> scaleX = faceScale(f.dx, c.dx), scaleY = faceScale(f.dy, c.dy);
    for (int k = 0; k < f.nz; ++k)
        for (int j = 0; j < f.ny; ++j) {
            const int J = j / 2;
            const bool yFace = j + 1 < f.ny && (j & 1); // face between coarse rows J and J+1
            const std::size_t row = f.at(0, j, k), crow = c.at(0, J, k);
            for (int i = 0; i < f.nx; ++i) {
                const std::size_t n = row + static_cast<std::size_t>(i);
                const std::size_t m = crow + static_cast<std::size_t>(i / 2);
                c.own.gz[m] += f.gz[n];
                c.own.ground[m] += f.ground[n];
                c.own.isVoid[m] &= f.isVoid[n];
                if (i + 1 < f.nx && (i & 1)) // face between coarse cells I and I+1
                    c.own.gx[m] += f.gx[n] * scaleX[static_cast<std::size_t>(i / 2)];
                if (yFace)
                    c.own.gy[m] += f.gy[n] * scaleY[static_cast<std::size_t>(J)];
            }
        }
    c.pointAtOwn();
    return c;
}

// Forward elimination of one row of columns at one layer: x = (b + lateral + gz x_below) / den.
// Free functions with restrict parameters so that the compiler vectorises along the row.
[[gnu::always_inline]] inline void forwardRow(std::size_t len, Real* __restrict x,
                                              const Real* __restrict b,
                                              const Real* __restrict invDen,
                                              const Real* __restrict gzBelow,
                                              const Real* __restrict xBelow) {
    if (!xBelow)
        for (std::size_t m = 0; m < len; ++m)
            x[m] = b[m] * invDen[m];
    else
        for (std::size_t m = 0; m < len; ++m)
            x[m] = (b[m] + gzBelow[m] * xBelow[m]) * invDen[m];
}

[[gnu::always_inline]] inline void
forwardRow(std::size_t len, Real* __restrict x, const Real* __restrict b,
           const Real* __restrict invDen, const Real* __restrict gzBelow,
           const Real* __restrict xBelow, const Real* __restrict gE, const Real* __restrict gW,
           const Real* __restrict gN, const Real* __restrict gS, const Real* __restrict xE,
           const Real* __restrict xW, const Real* __restrict xN, const Real* __restrict xS) {
    if (!xBelow)
        for (std::size_t m = 0; m < len; ++m)
            x[m] =
                (b[m] + gE[m] * xE[m] + gW[m] * xW[m] + gN[m] * xN[m] + gS[m] * xS[m]) * invDen[m];
    else
        for (std::size_t m = 0; m < len; ++m)
            x[m] = (b[m] + gE[m] * xE[m] + gW[m] * xW[m] + gN[m] * xN[m] + gS[m] * xS[m] +
                    gzBelow[m] * xBelow[m]) *
                   invDen[m];
}

// Transfers between a fine row of red cells m and the coarse cells m / 2: even m belong to one
// colour of the coarse row, odd m to the other.
void sumPairsInto(std::size_t cells, const Real* __restrict r, Real* __restrict even,
                  Real* __restrict odd) {
    for (std::size_t q = 0; q < cells / 2; ++q) {
        even[q] += r[2 * q];
        odd[q] += r[2 * q + 1];
    }
    if (cells & 1)
        even[cells / 2] += r[cells - 1];
}

void addFromPairs(std::size_t cells, Real* __restrict x, const Real* __restrict even,
                  const Real* __restrict odd) {
    for (std::size_t q = 0; q < cells / 2; ++q) {
        x[2 * q] += even[q];
        x[2 * q + 1] += odd[q];
    }
    if (cells & 1)
        x[cells - 1] += even[cells / 2];
}

// x -= cprime * x_above over one layer of one colour.
[[gnu::always_inline]] inline void backSubstitute(std::size_t len, Real* __restrict x,
                                                  const Real* __restrict above,
                                                  const Real* __restrict cprime) {
    for (std::size_t m = 0; m < len; ++m)
        x[m] -= cprime[m] * above[m];
}

// One level as the smoother sees it: the columns split by colour (red: i + j even, black: odd),
// each colour stored as its own 3-D array of half rows (h = nx / 2 + 1 slots, k slowest, then j,
// then m with i = 2m + ((colour + j) & 1); slots past the grid's edge are void cells). A colour's
// sweep then reads only its own columns' data and its neighbours' temperatures, with unit stride,
// instead of every other cell of full rows. The neighbours of cell (j, m) in the other colour's
// array: east m + p, west m + p - 1 (p = the row's parity), north and south the same m in rows
// j - 1 and j + 1. The west read of m = 0 lands on the last slot of the row before, which is
// always past the edge or in the last column (hence the spare slot when nx is even), so its
// coupling is zero.
struct Level {
    int nx = 0, ny = 0, nz = 0, h = 0;
    std::size_t S = 0;   // cells of one colour per layer (ny * h)
    std::size_t pad = 0; // zeros before and after gx, gy and x: neighbour reads need no tests
    struct Colour {      // every slot is written by the constructor (no zero fill first)
        UninitialisedVector<Real> gx, gy, gz;     // to +x, +y, +z (zero across the grid's edges)
        UninitialisedVector<Real> diag;           // operator row sums (red cells only)
        UninitialisedVector<Real> cprime, invDen; // Thomas factors of each column
        mutable UninitialisedVector<Real> b, x;   // work vectors
    };
    std::array<Colour, 2> col;

    std::size_t cells() const { return S * static_cast<std::size_t>(nz); }

    // Natural index of the cell (colour c, k, j, m), or -1 for the padding of a short half row.
    long long natural(int c, int k, int j, int m) const {
        const int i = 2 * m + ((c + j) & 1);
        if (i >= nx)
            return -1;
        return (static_cast<long long>(k) * ny + j) * nx + i;
    }

    explicit Level(const Natural& f) : nx(f.nx), ny(f.ny), nz(f.nz), h(f.nx / 2 + 1) {
        S = static_cast<std::size_t>(ny) * h;
        pad = static_cast<std::size_t>(h) + 1;
        for (Colour& C : col) {
            C.gx.resize(cells() + 2 * pad);
            C.gy.resize(cells() + 2 * pad);
            C.x.assign(cells() + 2 * pad, 0);
            C.gz.resize(cells());
            C.invDen.resize(cells());
            C.cprime.resize(cells());
            C.b.resize(cells());
            for (auto* padded : {&C.gx, &C.gy}) {
                std::fill_n(padded->begin(), pad, Real(0));
                std::fill_n(padded->end() - static_cast<std::ptrdiff_t>(pad), pad, Real(0));
            }
        }
        col[0].diag.resize(cells()); // only the red cells' residual is ever computed
        writeSlotsPastTheEdge();
        // Thomas factors of every column, in double, reading the natural order row by row:
        // den = d - gz_below^2 / den_below, cprime = -gz / den.
        const std::size_t P = f.plane();
        const auto n = static_cast<std::size_t>(nx);
        std::vector<double> cPrev(P, 0.0), d(n), inv(n);
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j) {
                const std::size_t u = f.at(0, j, k), q = static_cast<std::size_t>(j) * n;
                const double* gzBelow = k > 0 ? f.gz + u - P : nullptr;
                rowDiagonal(n, d.data(), f.ground + u, f.gx + u, f.gy + u, f.gz + u,
                            j > 0 ? f.gy + u - n : nullptr, gzBelow, f.isVoid + u);
                thomasRow(n, inv.data(), cPrev.data() + q, d.data(), gzBelow,
                          k + 1 < nz ? f.gz + u : nullptr);
                const std::size_t row =
                    S * static_cast<std::size_t>(k) + static_cast<std::size_t>(h) * j;
                for (std::size_t parity = 0; parity < 2; ++parity) { // i = 2m + parity
                    const std::size_t c = (parity + static_cast<std::size_t>(j)) & 1;
                    Colour& C = col[c];
                    for (std::size_t i = parity, s = row; i < n; i += 2, ++s) {
                        C.gx[pad + s] = static_cast<Real>(f.gx[u + i]);
                        C.gy[pad + s] = static_cast<Real>(f.gy[u + i]);
                        C.gz[s] = static_cast<Real>(f.gz[u + i]);
                        C.invDen[s] = static_cast<Real>(inv[i]);
                        C.cprime[s] = static_cast<Real>(cPrev[q + i]);
                        if (c == 0)
                            C.diag[s] = static_cast<Real>(d[i]);
                    }
                } // b is written before each use, except past the edge (zero, below)
            }
    }

    // Slots past the grid's edge (only ever the last of a half row) are void cells: no
    // couplings, a unit diagonal, and they stay at zero.
    void writeSlotsPastTheEdge() {
        for (int c = 0; c < 2; ++c) {
            Colour& C = col[static_cast<std::size_t>(c)];
            for (int k = 0; k < nz; ++k)
                for (int j = 0; j < ny; ++j) {
                    if (natural(c, k, j, h - 1) >= 0)
                        continue;
                    const std::size_t s = S * static_cast<std::size_t>(k) +
                                          static_cast<std::size_t>(h) * j +
                                          static_cast<std::size_t>(h - 1);
                    C.gx[pad + s] = C.gy[pad + s] = C.gz[s] = C.cprime[s] = C.b[s] = 0;
                    C.invDen[s] = 1;
                    if (c == 0)
                        C.diag[s] = 1;
                }
        }
    }

    // Exact solve of every column of colour c with the other colour's temperatures fixed
    // (`othersZero`: they are all zero, as in the first sweep of a cycle, and are not read).
    void smooth(int c, bool othersZero) const {
        const Colour& C = col[static_cast<std::size_t>(c)];
        const Colour& O = col[static_cast<std::size_t>(1 - c)];
        Real* x = C.x.data() + pad;
        const Real* xo = O.x.data() + pad;
        const auto hh = static_cast<std::size_t>(h);
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j) {
                const std::size_t row = S * k + hh * j;
                const std::size_t p = static_cast<std::size_t>((c + j) & 1);
                const Real* gzBelow = k > 0 ? C.gz.data() + row - S : nullptr;
                const Real* xBelow = k > 0 ? x + row - S : nullptr;
                if (othersZero)
                    forwardRow(hh, x + row, C.b.data() + row, C.invDen.data() + row, gzBelow,
                               xBelow);
                else // east, west, north, south: couplings, then the other colour's values
                    forwardRow(hh, x + row, C.b.data() + row, C.invDen.data() + row, gzBelow,
                               xBelow, C.gx.data() + pad + row, O.gx.data() + pad + row + p - 1,
                               C.gy.data() + pad + row, O.gy.data() + pad + row - hh, xo + row + p,
                               xo + row + p - 1, xo + row + hh, xo + row - hh);
            }
        const Real* cprime = C.cprime.data();
        for (int k = nz - 2; k >= 0; --k)
            backSubstitute(S, x + S * k, x + S * (k + 1), cprime + S * k);
    }

    // Residual of the red cells, summed into the coarse level's right-hand side (a coarse cell
    // is the sum of its fine cells). The black cells' residual is zero: they were solved last.
    void restrictResidual(const Level& coarse) const {
        const Colour& R = col[0];
        const Colour& B = col[1];
        const Real* x = R.x.data() + pad;
        const Real* xo = B.x.data() + pad;
        const Real* gx = R.gx.data() + pad;
        const Real* gy = R.gy.data() + pad;
        const Real* gxo = B.gx.data() + pad;
        const Real* gyo = B.gy.data() + pad;
        const Real* gz = R.gz.data();
        const auto hh = static_cast<std::size_t>(h);
        std::vector<Real> r(hh);
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j) {
                const std::size_t row = S * k + hh * j;
                const std::size_t p = static_cast<std::size_t>(j & 1);
                const Real* e = xo + p;
                const Real* w = xo + p - 1;
                const Real* gw = gxo + p - 1;
                const Real* b = R.b.data() + row;
                const Real* diag = R.diag.data() + row;
                for (std::size_t m = 0, n = row; m < hh; ++m, ++n)
                    r[m] = b[m] - diag[m] * x[n] + gx[n] * e[n] + gw[n] * w[n] +
                           gy[n] * xo[n + hh] + gyo[n - hh] * xo[n - hh];
                if (k + 1 < nz)
                    for (std::size_t m = 0, n = row; m < hh; ++m, ++n)
                        r[m] += gz[n] * x[n + S];
                if (k > 0)
                    for (std::size_t m = 0, n = row; m < hh; ++m, ++n)
                        r[m] += gz[n - S] * x[n - S];
                // Red cell m of row j is at i = 2m + p: coarse column I = m, J = j / 2.
                const int J = j / 2;
                const int cells = (nx - static_cast<int>(p) + 1) / 2;
                const std::size_t base = coarse.S * k + static_cast<std::size_t>(coarse.h) * J;
                sumPairsInto(static_cast<std::size_t>(cells), r.data(),
                             coarse.col[static_cast<std::size_t>(J & 1)].b.data() + base,
                             coarse.col[static_cast<std::size_t>(1 - (J & 1))].b.data() + base);
            }
    }

    // Adds the coarse correction (piecewise constant) to the red cells. The black cells need
    // none: the next sweep (black) overwrites them from their red neighbours alone.
    void prolongToRed(const Level& coarse) const {
        Real* x = col[0].x.data() + pad;
        const Real* cx[2] = {coarse.col[0].x.data() + coarse.pad,
                             coarse.col[1].x.data() + coarse.pad};
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j) {
                Real* row = x + S * k + static_cast<std::size_t>(h) * j;
                const int J = j / 2;
                const std::size_t base = coarse.S * k + static_cast<std::size_t>(coarse.h) * J;
                const int cells = (nx - (j & 1) + 1) / 2;
                addFromPairs(static_cast<std::size_t>(cells), row, cx[J & 1] + base,
                             cx[1 - (J & 1)] + base);
            }
    }
};

} // namespace

// Red-black sweeps before and after the coarse correction, on the finest level and on the coarser
// (four times cheaper each) ones. Measured on the real-package benchmark (126 x 108 x 31): the
// same count everywhere, 1 sweep 38 CG iterations, 2 sweeps 16, 3 sweeps 11 and about 15 % less
// time, 4 sweeps 10 and no faster; 3 on the finest and 4 on the others 10 (11 at 238 x 207).
// Again at CG tolerance 1e-8 (fine/coarse, alternated run by run): 3/4 9 iterations, 3/5 8 (9 at
// 238 x 207) and 2-4 % less time, 3/3 and 4/3 9, 3/6 8 and slower, 2/4 and 2/6 12. At 1e-7 with
// the energy balance closed by a shift (solver.h): 3/5 7 (8 at 238 x 207), 3/4 and 3/3 8, 4/4 7
// and slower, 2/5 and 2/6 10. W-cycles (two coarse corrections per level, on the finest or any
// level) left the count at 8 at 1e-8 and cost 10-60 % more; scaling the coarse correction by
// 0.8-1.8 raised it (10-33).
constexpr int kFineSweeps = 3, kCoarseSweeps = 5;

struct Multigrid::Impl {
    std::vector<Level> levels;
    Eigen::LDLT<Eigen::MatrixXd> coarse;
    std::vector<long long> coarseIndex; // natural index of each split cell of the coarsest level

    void solveCoarsest(const Level& L) const {
        Eigen::VectorXd b = Eigen::VectorXd::Zero(coarse.rows());
        std::size_t s = 0;
        for (int c = 0; c < 2; ++c)
            for (std::size_t q = 0; q < L.cells(); ++q, ++s)
                if (coarseIndex[s] >= 0)
                    b(coarseIndex[s]) = L.col[static_cast<std::size_t>(c)].b[q];
        const Eigen::VectorXd x = coarse.solve(b);
        s = 0;
        for (int c = 0; c < 2; ++c)
            for (std::size_t q = 0; q < L.cells(); ++q, ++s)
                L.col[static_cast<std::size_t>(c)].x[L.pad + q] =
                    coarseIndex[s] >= 0 ? static_cast<Real>(x(coarseIndex[s])) : Real(0);
    }

    template <class RowFn> void forEachRow(RowFn&& fn) const;

    void cycle(std::size_t l) const {
        const Level& L = levels[l];
        if (l + 1 == levels.size()) {
            solveCoarsest(L);
            return;
        }
        const int sweeps = l == 0 ? kFineSweeps : kCoarseSweeps;
        for (int s = 0; s < sweeps; ++s) { // from a zero guess: red, black, red, black
            L.smooth(0, s == 0);
            L.smooth(1, false);
        }
        const Level& C = levels[l + 1];
        for (const auto& colour : C.col)
            std::fill(colour.b.begin(), colour.b.end(), Real(0));
        L.restrictResidual(C);
        cycle(l + 1);
        L.prolongToRed(C);
        for (int s = 0; s < sweeps; ++s) { // black, red, black, red: the cycle is symmetric
            L.smooth(1, false);
            L.smooth(0, false);
        }
    }
};

Multigrid::Multigrid(const Conductances& fc, const std::vector<double>& xs,
                     const std::vector<double>& ys, double inv_dt)
    : impl_(std::make_unique<Impl>()) {
    Natural f; // the finest level: the assembled arrays, plus ground terms
    f.nx = fc.nx;
    f.ny = fc.ny;
    f.nz = fc.nz;
    const std::size_t P = f.plane(), N = P * static_cast<std::size_t>(f.nz);
    f.own.ground.assign(N, 0.0);
    if (inv_dt > 0)
        for (std::size_t n = 0; n < N; ++n)
            f.own.ground[n] = fc.isVoid[n] ? 0.0 : fc.capacity[n] * inv_dt;
    for (std::size_t m = 0; m < P; ++m) {
        f.own.ground[m] += fc.gBottom[m];
        f.own.ground[P * static_cast<std::size_t>(f.nz - 1) + m] += fc.gTop[m];
    }
    f.gx = fc.gx.data();
    f.gy = fc.gy.data();
    f.gz = fc.gz.data();
    f.isVoid = fc.isVoid.data();
    f.ground = f.own.ground.data();
    for (std::size_t i = 0; i + 1 < xs.size(); ++i)
        f.dx.push_back(xs[i + 1] - xs[i]);
    for (std::size_t j = 0; j + 1 < ys.size(); ++j)
        f.dy.push_back(ys[j + 1] - ys[j]);
    impl_->levels.emplace_back(f);
    while (f.nx > 1 || f.ny > 1) {
        f = coarsen(f);
        impl_->levels.emplace_back(f);
    }

    // The coarsest level (one column) is solved directly, in natural order.
    const Level& c = impl_->levels.back();
    const auto n = static_cast<Eigen::Index>(f.plane() * static_cast<std::size_t>(f.nz));
    Eigen::MatrixXd A = Eigen::MatrixXd::Zero(n, n);
    for (int k = 0; k < f.nz; ++k)
        for (int j = 0; j < f.ny; ++j)
            for (int i = 0; i < f.nx; ++i) {
                const std::size_t u = f.at(i, j, k);
                const auto e = static_cast<Eigen::Index>(u);
                A(e, e) = f.diagonal(i, j, k);
                auto couple = [&](std::size_t other, double g) {
                    A(e, static_cast<Eigen::Index>(other)) -= g;
                    A(static_cast<Eigen::Index>(other), e) -= g;
                };
                if (i + 1 < f.nx)
                    couple(u + 1, f.gx[u]);
                if (j + 1 < f.ny)
                    couple(u + static_cast<std::size_t>(f.nx), f.gy[u]);
                if (k + 1 < f.nz)
                    couple(u + f.plane(), f.gz[u]);
            }
    impl_->coarse.compute(A);
    for (int col = 0; col < 2; ++col)
        for (int k = 0; k < c.nz; ++k)
            for (int j = 0; j < c.ny; ++j)
                for (int m = 0; m < c.h; ++m)
                    impl_->coarseIndex.push_back(c.natural(col, k, j, m));
}

Multigrid::~Multigrid() = default;

int Multigrid::levels() const {
    return static_cast<int>(impl_->levels.size());
}

namespace {
// A natural-order row of nx values split into its even and odd positions.
void deinterleave(std::size_t nx, const double* __restrict in, Real* __restrict even,
                  Real* __restrict odd) {
    for (std::size_t m = 0; m < nx / 2; ++m) {
        even[m] = static_cast<Real>(in[2 * m]);
        odd[m] = static_cast<Real>(in[2 * m + 1]);
    }
    if (nx & 1)
        even[nx / 2] = static_cast<Real>(in[nx - 1]);
}

// The sum of r z over a natural-order row whose z is split into even and odd positions.
double dotRow(std::size_t nx, const Real* __restrict even, const Real* __restrict odd,
              const double* __restrict r) {
    double rz = 0;
#pragma omp simd reduction(+ : rz)
    for (std::size_t m = 0; m < nx / 2; ++m)
        rz += r[2 * m] * even[m] + r[2 * m + 1] * odd[m];
    if (nx & 1)
        rz += r[nx - 1] * even[nx / 2];
    return rz;
}

// p = z + beta p over a natural-order row whose z is split into even and odd positions (p is not
// read when beta is 0: it may be uninitialised).
void directionRow(std::size_t nx, const Real* __restrict even, const Real* __restrict odd,
                  double beta, double* __restrict p) {
    if (beta == 0) {
        for (std::size_t m = 0; m < nx / 2; ++m) {
            p[2 * m] = even[m];
            p[2 * m + 1] = odd[m];
        }
        if (nx & 1)
            p[nx - 1] = even[nx / 2];
        return;
    }
    for (std::size_t m = 0; m < nx / 2; ++m) {
        p[2 * m] = even[m] + beta * p[2 * m];
        p[2 * m + 1] = odd[m] + beta * p[2 * m + 1];
    }
    if (nx & 1)
        p[nx - 1] = even[nx / 2] + beta * p[nx - 1];
}
} // namespace

// Row (k, j) of the finest level, in both orders: even i of natural row j are colour j & 1.
template <class RowFn> void Multigrid::Impl::forEachRow(RowFn&& fn) const {
    const Level& f = levels.front();
    const auto nx = static_cast<std::size_t>(f.nx);
    const auto h = static_cast<std::size_t>(f.h);
    for (int k = 0; k < f.nz; ++k)
        for (int j = 0; j < f.ny; ++j)
            fn(f.S * k + h * j, (static_cast<std::size_t>(f.ny) * k + j) * nx, j & 1);
}

double Multigrid::precondition(const double* r) const {
    const Level& f = impl_->levels.front();
    const auto nx = static_cast<std::size_t>(f.nx);
    Real* b[2] = {f.col[0].b.data(), f.col[1].b.data()};
    impl_->forEachRow([&](std::size_t split, std::size_t natural, int even) {
        deinterleave(nx, r + natural, b[even] + split, b[1 - even] + split);
    });
    impl_->cycle(0);
    double rz = 0; // void cells are exactly zero in the answer
    const Real* x[2] = {f.col[0].x.data() + f.pad, f.col[1].x.data() + f.pad};
    impl_->forEachRow([&](std::size_t split, std::size_t natural, int even) {
        rz += dotRow(nx, x[even] + split, x[1 - even] + split, r + natural);
    });
    return rz;
}

void Multigrid::direction(double beta, double* p) const {
    const Level& f = impl_->levels.front();
    const auto nx = static_cast<std::size_t>(f.nx);
    const Real* x[2] = {f.col[0].x.data() + f.pad, f.col[1].x.data() + f.pad};
    impl_->forEachRow([&](std::size_t split, std::size_t natural, int even) {
        directionRow(nx, x[even] + split, x[1 - even] + split, beta, p + natural);
    });
}

} // namespace strata::thermal
