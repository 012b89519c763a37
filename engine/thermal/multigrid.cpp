#include "thermal/multigrid.h"

#include <Eigen/Dense>

#include <algorithm>

namespace strata::thermal {

namespace {

// Storage of the hierarchy: the V-cycle is bound by memory traffic, and single precision halves
// it. Factors are computed in double and rounded once; the outer CG runs in double.
using Real = float;

struct Level {
    int nx = 0, ny = 0, nz = 0;
    std::size_t P = 0, N = 0;
    // Couplings to the +x, +y, +z neighbours. gx, gy and x carry `pad` zeros before and after
    // the field and the conductances across the grid's edges are zero, so the stencil loops need
    // no edge tests; GX(), GY(), X() point at cell 0.
    std::size_t pad = 0;
    std::vector<Real> gx, gy, gz;
    std::vector<double> ground; // to ambient, plus heat capacity / dt
    std::vector<Real> diag;
    std::vector<std::uint8_t> isVoid;
    std::vector<double> dx, dy;        // cell widths
    std::vector<Real> cprime, invDen;  // Thomas factors per column
    mutable std::vector<Real> x, b, r; // work vectors

    std::size_t at(int i, int j, int k) const {
        return P * static_cast<std::size_t>(k) + static_cast<std::size_t>(j) * nx + i;
    }
    Real* GX() { return gx.data() + pad; }
    Real* GY() { return gy.data() + pad; }
    const Real* GX() const { return gx.data() + pad; }
    const Real* GY() const { return gy.data() + pad; }
    Real* X() const { return x.data() + pad; }

    void allocate(int nx_, int ny_, int nz_) {
        nx = nx_;
        ny = ny_;
        nz = nz_;
        P = static_cast<std::size_t>(nx) * ny;
        N = P * nz;
        pad = static_cast<std::size_t>(nx) + 1;
        gx.assign(N + 2 * pad, 0.0);
        gy.assign(N + 2 * pad, 0.0);
        gz.assign(N, 0.0);
        ground.assign(N, 0.0);
        isVoid.assign(N, 1);
    }
    void finish() {
        const Real* gxp = GX();
        const Real* gyp = GY();
        std::vector<double> d(N); // the factors are computed in double, stored rounded
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j)
                for (int i = 0; i < nx; ++i) {
                    const std::size_t n = at(i, j, k);
                    double s = ground[n] + double(gxp[n]) + gyp[n] + gz[n];
                    if (i > 0)
                        s += gxp[n - 1];
                    if (j > 0)
                        s += gyp[n - nx];
                    if (k > 0)
                        s += gz[n - P];
                    d[n] = (isVoid[n] || s <= 0) ? 1.0 : s;
                }
        diag.assign(d.begin(), d.end());
        cprime.assign(N, 0.0);
        invDen.assign(N, 0.0);
        std::vector<double> cPrev(P, 0.0); // cprime = -gz / den: den = diag - gz^2 / den_prev
        for (int k = 0; k < nz; ++k)
            for (std::size_t m = 0; m < P; ++m) {
                const std::size_t n = P * k + m;
                const double den = k > 0 ? d[n] + gz[n - P] * cPrev[m] : d[n];
                cPrev[m] = k + 1 < nz ? -gz[n] / den : 0.0;
                invDen[n] = static_cast<Real>(1.0 / den);
                cprime[n] = static_cast<Real>(cPrev[m]);
            }
        x.assign(N + 2 * pad, 0.0);
        b.assign(N, 0.0);
        r.assign(N, 0.0);
    }

    // Lateral neighbours' pull on cell n (no edge tests: see `pad`).
    Real lateralSum(const Real* v, std::size_t n) const {
        const Real* gxp = GX();
        const Real* gyp = GY();
        return gxp[n] * v[n + 1] + gxp[n - 1] * v[n - 1] + gyp[n] * v[n + nx] +
               gyp[n - nx] * v[n - nx];
    }

    // Exact solve of every column of one colour, with the other colour's values fixed.
    void smoothColour(int colour) const {
        Real* xv = X();
        const Real* gzp = gz.data();
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j) {
                const std::size_t row = at(0, j, k);
                const auto first = static_cast<std::size_t>((j + colour) & 1);
                if (k == 0)
                    for (std::size_t n = row + first; n < row + nx; n += 2)
                        xv[n] = (b[n] + lateralSum(xv, n)) * invDen[n];
                else
                    for (std::size_t n = row + first; n < row + nx; n += 2)
                        xv[n] = (b[n] + lateralSum(xv, n) + gzp[n - P] * xv[n - P]) * invDen[n];
            }
        for (int k = nz - 2; k >= 0; --k)
            for (int j = 0; j < ny; ++j) {
                const std::size_t row = at(0, j, k);
                for (std::size_t n = row + ((j + colour) & 1); n < row + nx; n += 2)
                    xv[n] -= cprime[n] * xv[n + P];
            }
    }

    // r = b - A x. Void cells need no test: their b and x stay 0 and they have no conductances.
    void residual() const {
        const Real* xv = X();
        const Real* gzp = gz.data();
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j) {
                const std::size_t row = at(0, j, k), end = row + nx;
                for (std::size_t n = row; n < end; ++n)
                    r[n] = b[n] - diag[n] * xv[n] + lateralSum(xv, n);
                if (k + 1 < nz)
                    for (std::size_t n = row; n < end; ++n)
                        r[n] += gzp[n] * xv[n + P];
                if (k > 0)
                    for (std::size_t n = row; n < end; ++n)
                        r[n] += gzp[n - P] * xv[n - P];
            }
    }
};

Level coarsen(const Level& f) {
    Level c;
    c.allocate((f.nx + 1) / 2, (f.ny + 1) / 2, f.nz);
    c.dx.assign(static_cast<std::size_t>(c.nx), 0.0);
    c.dy.assign(static_cast<std::size_t>(c.ny), 0.0);
    for (int i = 0; i < f.nx; ++i)
        c.dx[static_cast<std::size_t>(i / 2)] += f.dx[static_cast<std::size_t>(i)];
    for (int j = 0; j < f.ny; ++j)
        c.dy[static_cast<std::size_t>(j / 2)] += f.dy[static_cast<std::size_t>(j)];
    // Fine centre distance across a coarse face over the coarse centre distance: summed face
    // conductances scaled by it make a uniform Laplacian coarsen to itself.
    auto ratio = [](const std::vector<double>& fw, const std::vector<double>& cw, int I) {
        const auto last =
            static_cast<std::size_t>(std::min(2 * I + 1, static_cast<int>(fw.size()) - 2));
        return ((fw[last] + fw[last + 1]) / 2) /
               ((cw[static_cast<std::size_t>(I)] + cw[static_cast<std::size_t>(I) + 1]) / 2);
    };
    auto scaleX = [&](int I) { return ratio(f.dx, c.dx, I); };
    auto scaleY = [&](int J) { return ratio(f.dy, c.dy, J); };
    for (int k = 0; k < f.nz; ++k)
        for (int j = 0; j < f.ny; ++j)
            for (int i = 0; i < f.nx; ++i) {
                const std::size_t n = f.at(i, j, k);
                const int I = i / 2, J = j / 2;
                const std::size_t m = c.at(I, J, k);
                c.gz[m] += f.gz[n];
                c.ground[m] += f.ground[n];
                if (!f.isVoid[n])
                    c.isVoid[m] = 0;
                if (i + 1 < f.nx && (i + 1) / 2 != I) // face between coarse cells I and I+1
                    c.GX()[m] += static_cast<Real>(f.GX()[n] * scaleX(I));
                if (j + 1 < f.ny && (j + 1) / 2 != J)
                    c.GY()[m] += static_cast<Real>(f.GY()[n] * scaleY(J));
            }
    c.finish();
    return c;
}

} // namespace

// Two red-black sweeps before and after the coarse correction: on the examples this halved the
// CG iterations of one sweep for about the same time.
constexpr int kSweeps = 2;

struct Multigrid::Impl {
    std::vector<Level> levels;
    Eigen::LDLT<Eigen::MatrixXd> coarse;

    void cycle(std::size_t l) const {
        const Level& L = levels[l];
        if (l + 1 == levels.size()) {
            Eigen::VectorXd b(static_cast<Eigen::Index>(L.N));
            std::copy(L.b.begin(), L.b.end(), b.data());
            const Eigen::VectorXd x = coarse.solve(b);
            std::copy(x.data(), x.data() + x.size(), L.X());
            return;
        }
        std::fill(L.x.begin(), L.x.end(), 0.0);
        for (int s = 0; s < kSweeps; ++s) {
            L.smoothColour(0);
            L.smoothColour(1);
        }
        L.residual();
        const Level& C = levels[l + 1];
        std::fill(C.b.begin(), C.b.end(), Real(0));
        Real* cx = C.X();
        Real* x = L.X();
        for (int k = 0; k < L.nz; ++k) // restriction: coarse cell = sum of its fine cells
            for (int j = 0; j < L.ny; ++j) {
                Real* cb = C.b.data() + C.at(0, j / 2, k);
                const Real* r = L.r.data() + L.at(0, j, k);
                for (int i = 0; i < L.nx; ++i)
                    cb[i >> 1] += r[i];
            }
        cycle(l + 1);
        for (int k = 0; k < L.nz; ++k) // prolongation: piecewise constant
            for (int j = 0; j < L.ny; ++j) {
                const std::size_t row = L.at(0, j, k);
                const Real* c = cx + C.at(0, j / 2, k);
                for (int i = 0; i < L.nx; ++i)
                    if (!L.isVoid[row + i])
                        x[row + i] += c[i >> 1];
            }
        for (int s = 0; s < kSweeps; ++s) {
            L.smoothColour(1);
            L.smoothColour(0);
        }
    }
};

Multigrid::Multigrid(const Conductances& fc, const std::vector<double>& xs,
                     const std::vector<double>& ys, double inv_dt)
    : impl_(std::make_unique<Impl>()) {
    Level f;
    f.allocate(fc.nx, fc.ny, fc.nz);
    std::copy(fc.gx.begin(), fc.gx.end(), f.GX());
    std::copy(fc.gy.begin(), fc.gy.end(), f.GY());
    f.gz.assign(fc.gz.begin(), fc.gz.end());
    f.isVoid = fc.isVoid;
    for (std::size_t n = 0; n < f.N; ++n)
        f.ground[n] = fc.isVoid[n] ? 0.0 : fc.capacity[n] * inv_dt;
    for (std::size_t m = 0; m < f.P; ++m) {
        f.ground[m] += fc.gBottom[m];
        f.ground[f.P * static_cast<std::size_t>(f.nz - 1) + m] += fc.gTop[m];
    }
    for (std::size_t i = 0; i + 1 < xs.size(); ++i)
        f.dx.push_back(xs[i + 1] - xs[i]);
    for (std::size_t j = 0; j + 1 < ys.size(); ++j)
        f.dy.push_back(ys[j + 1] - ys[j]);
    f.finish();
    impl_->levels.push_back(std::move(f));
    while (impl_->levels.back().nx > 4 || impl_->levels.back().ny > 4)
        impl_->levels.push_back(coarsen(impl_->levels.back()));

    const Level& c = impl_->levels.back();
    Eigen::MatrixXd A =
        Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(c.N), static_cast<Eigen::Index>(c.N));
    for (int k = 0; k < c.nz; ++k)
        for (int j = 0; j < c.ny; ++j)
            for (int i = 0; i < c.nx; ++i) {
                const auto n = static_cast<Eigen::Index>(c.at(i, j, k));
                A(n, n) = c.diag[static_cast<std::size_t>(n)];
                auto couple = [&](std::size_t other, double g) {
                    A(n, static_cast<Eigen::Index>(other)) -= g;
                    A(static_cast<Eigen::Index>(other), n) -= g;
                };
                if (i + 1 < c.nx)
                    couple(static_cast<std::size_t>(n) + 1, c.GX()[static_cast<std::size_t>(n)]);
                if (j + 1 < c.ny)
                    couple(static_cast<std::size_t>(n) + c.nx, c.GY()[static_cast<std::size_t>(n)]);
                if (k + 1 < c.nz)
                    couple(static_cast<std::size_t>(n) + c.P, c.gz[static_cast<std::size_t>(n)]);
            }
    impl_->coarse.compute(A);
}

Multigrid::~Multigrid() = default;

int Multigrid::levels() const {
    return static_cast<int>(impl_->levels.size());
}

void Multigrid::apply(const double* r, double* z) const {
    const Level& f = impl_->levels.front();
    std::copy(r, r + f.N, f.b.begin());
    impl_->cycle(0);
    for (std::size_t n = 0; n < f.N; ++n)
        z[n] = f.isVoid[n] ? 0.0 : double(f.X()[n]);
}

} // namespace strata::thermal
