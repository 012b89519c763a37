#include "thermal/multigrid.h"

#include <Eigen/Dense>

#include <algorithm>

namespace strata::thermal {

namespace {

struct Level {
    int nx = 0, ny = 0, nz = 0;
    std::size_t P = 0, N = 0;
    std::vector<double> gx, gy, gz; // couplings to +x, +y, +z neighbours
    std::vector<double> ground;     // to ambient, plus heat capacity / dt
    std::vector<double> diag;
    std::vector<std::uint8_t> isVoid;
    std::vector<double> dx, dy;          // cell widths
    std::vector<double> cprime, invDen;  // Thomas factors per column
    mutable std::vector<double> x, b, r; // work vectors

    std::size_t at(int i, int j, int k) const {
        return P * static_cast<std::size_t>(k) + static_cast<std::size_t>(j) * nx + i;
    }
    void finish() {
        P = static_cast<std::size_t>(nx) * ny;
        N = P * nz;
        diag.assign(N, 0.0);
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j)
                for (int i = 0; i < nx; ++i) {
                    const std::size_t n = at(i, j, k);
                    double s = ground[n] + gx[n] + gy[n] + gz[n];
                    if (i > 0)
                        s += gx[n - 1];
                    if (j > 0)
                        s += gy[n - nx];
                    if (k > 0)
                        s += gz[n - P];
                    diag[n] = (isVoid[n] || s <= 0) ? 1.0 : s;
                }
        cprime.assign(N, 0.0);
        invDen.assign(N, 0.0);
        for (int k = 0; k < nz; ++k)
            for (std::size_t m = 0; m < P; ++m) {
                const std::size_t n = P * k + m;
                double d = diag[n];
                if (k > 0)
                    d += gz[n - P] *
                         cprime[n - P]; // cprime = -gz / den: den = diag - gz^2 / den_prev
                invDen[n] = 1.0 / d;
                cprime[n] = k + 1 < nz ? -gz[n] * invDen[n] : 0.0;
            }
        x.assign(N, 0.0);
        b.assign(N, 0.0);
        r.assign(N, 0.0);
    }

    double lateralSum(const double* v, int i, int j, std::size_t n) const {
        double s = 0;
        if (i + 1 < nx)
            s += gx[n] * v[n + 1];
        if (i > 0)
            s += gx[n - 1] * v[n - 1];
        if (j + 1 < ny)
            s += gy[n] * v[n + nx];
        if (j > 0)
            s += gy[n - nx] * v[n - nx];
        return s;
    }

    // Exact solve of every column of one colour, with the other colour's values fixed.
    void smoothColour(int colour) const {
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j)
                for (int i = (j + colour) & 1; i < nx; i += 2) {
                    const std::size_t n = at(i, j, k);
                    double rhs = b[n] + lateralSum(x.data(), i, j, n);
                    if (k > 0)
                        rhs += gz[n - P] * x[n - P];
                    x[n] = rhs * invDen[n];
                }
        for (int k = nz - 2; k >= 0; --k)
            for (int j = 0; j < ny; ++j)
                for (int i = (j + colour) & 1; i < nx; i += 2) {
                    const std::size_t n = at(i, j, k);
                    x[n] -= cprime[n] * x[n + P];
                }
    }

    void residual() const {
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j)
                for (int i = 0; i < nx; ++i) {
                    const std::size_t n = at(i, j, k);
                    double ax = diag[n] * x[n] - lateralSum(x.data(), i, j, n);
                    if (k + 1 < nz)
                        ax -= gz[n] * x[n + P];
                    if (k > 0)
                        ax -= gz[n - P] * x[n - P];
                    r[n] = isVoid[n] ? 0.0 : b[n] - ax;
                }
    }
};

Level coarsen(const Level& f) {
    Level c;
    c.nx = (f.nx + 1) / 2;
    c.ny = (f.ny + 1) / 2;
    c.nz = f.nz;
    c.P = static_cast<std::size_t>(c.nx) * c.ny;
    c.N = c.P * c.nz;
    c.dx.assign(static_cast<std::size_t>(c.nx), 0.0);
    c.dy.assign(static_cast<std::size_t>(c.ny), 0.0);
    for (int i = 0; i < f.nx; ++i)
        c.dx[static_cast<std::size_t>(i / 2)] += f.dx[static_cast<std::size_t>(i)];
    for (int j = 0; j < f.ny; ++j)
        c.dy[static_cast<std::size_t>(j / 2)] += f.dy[static_cast<std::size_t>(j)];
    c.gx.assign(c.N, 0.0);
    c.gy.assign(c.N, 0.0);
    c.gz.assign(c.N, 0.0);
    c.ground.assign(c.N, 0.0);
    c.isVoid.assign(c.N, 1);
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
                    c.gx[m] += f.gx[n] * scaleX(I);
                if (j + 1 < f.ny && (j + 1) / 2 != J)
                    c.gy[m] += f.gy[n] * scaleY(J);
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
            Eigen::Map<const Eigen::VectorXd> b(L.b.data(), static_cast<Eigen::Index>(L.N));
            Eigen::Map<Eigen::VectorXd> x(L.x.data(), static_cast<Eigen::Index>(L.N));
            x = coarse.solve(b);
            return;
        }
        std::fill(L.x.begin(), L.x.end(), 0.0);
        for (int s = 0; s < kSweeps; ++s) {
            L.smoothColour(0);
            L.smoothColour(1);
        }
        L.residual();
        const Level& C = levels[l + 1];
        std::fill(C.b.begin(), C.b.end(), 0.0);
        for (int k = 0; k < L.nz; ++k)
            for (int j = 0; j < L.ny; ++j)
                for (int i = 0; i < L.nx; ++i)
                    C.b[C.at(i / 2, j / 2, k)] += L.r[L.at(i, j, k)];
        cycle(l + 1);
        for (int k = 0; k < L.nz; ++k)
            for (int j = 0; j < L.ny; ++j)
                for (int i = 0; i < L.nx; ++i) {
                    const std::size_t n = L.at(i, j, k);
                    if (!L.isVoid[n])
                        L.x[n] += C.x[C.at(i / 2, j / 2, k)];
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
    f.nx = fc.nx;
    f.ny = fc.ny;
    f.nz = fc.nz;
    f.P = static_cast<std::size_t>(f.nx) * f.ny;
    f.N = f.P * f.nz;
    f.gx = fc.gx;
    f.gy = fc.gy;
    f.gz = fc.gz;
    f.isVoid = fc.isVoid;
    f.ground.assign(f.N, 0.0);
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
                    couple(static_cast<std::size_t>(n) + 1, c.gx[static_cast<std::size_t>(n)]);
                if (j + 1 < c.ny)
                    couple(static_cast<std::size_t>(n) + c.nx, c.gy[static_cast<std::size_t>(n)]);
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
        z[n] = f.isVoid[n] ? 0.0 : f.x[n];
}

} // namespace strata::thermal
