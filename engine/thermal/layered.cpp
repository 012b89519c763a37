#include "thermal/layered.h"

#include "core/memory_policy.h"

#include <Eigen/Dense>
#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numbers>

namespace strata::thermal {

namespace {

bool uniform(const std::vector<double>& lines) {
    const double h = (lines.back() - lines.front()) / static_cast<double>(lines.size() - 1);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i)
        if (std::fabs(lines[i + 1] - lines[i] - h) > 1e-9 * h)
            return false;
    return true;
}

// Generalised eigenvectors of the 1-D cell-centred conductance matrix A (a_i = 1/(xc_{i+1}-xc_i))
// against the cell widths: A v = lambda diag(dx) v, normalised so V^T diag(dx) V = I.
void lateralModes(const std::vector<double>& lines, Eigen::MatrixXd& V, Eigen::VectorXd& lambda) {
    const int n = static_cast<int>(lines.size()) - 1;
    Eigen::VectorXd dx(n);
    for (int i = 0; i < n; ++i)
        dx(i) = lines[static_cast<std::size_t>(i) + 1] - lines[static_cast<std::size_t>(i)];
    Eigen::MatrixXd S = Eigen::MatrixXd::Zero(n, n);
    for (int i = 0; i + 1 < n; ++i) {
        const double a = 1.0 / ((dx(i) + dx(i + 1)) / 2);
        S(i, i) += a;
        S(i + 1, i + 1) += a;
        S(i, i + 1) -= a;
        S(i + 1, i) -= a;
    }
    const Eigen::VectorXd inv = dx.cwiseSqrt().cwiseInverse();
    S = inv.asDiagonal() * S * inv.asDiagonal();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(S);
    lambda = es.eigenvalues().cwiseMax(0.0);
    V = inv.asDiagonal() * es.eigenvectors();
}

std::mutex& fftwPlannerMutex() { // FFTW's planner is not thread-safe
    static std::mutex m;
    return m;
}

} // namespace

struct LayeredSolver::Impl {
    int nx = 0, ny = 0, nz = 0;
    std::size_t plane = 0;
    bool dct = false;
    // Dense backend.
    Eigen::MatrixXd Vx, Vy;
    // Cosine backend.
    fftw_plan layerForward = nullptr, backward = nullptr; // one layer in; all layers out
    // Written in full before they are read: left uninitialised (zeroing them cost ~5 % of a solve).
    struct FftwFree {
        void operator()(double* p) const { fftw_free(p); }
    };
    std::unique_ptr<double, FftwFree> work;
    // Layout of the per-mode arrays (work, cprime, invDen): rows of rowStride values, layers of
    // planeStride. For the cosine path rows are padded to an odd number of cache lines: with
    // power-of-two rows the transforms' column passes hit a handful of cache sets. Measured steady
    // solves with set-up, best of 6: 512^2 220 -> 102 ms (up to 320 ms before once pages were
    // 2 MiB), 500^2 135 -> 118 ms, 128^2 6.4 -> 6.2 ms. Pads hold zeros.
    std::size_t rowStride = 0, planeStride = 0;
    double dctScaleIn = 1, dctScaleOut = 1;
    // Per-mode tridiagonal factors along z (Thomas algorithm), stored layer-major.
    std::vector<double> lower;        // -g_{k-1/2} (same for every mode)
    std::unique_ptr<double[]> cprime; // nz * planeStride
    std::unique_ptr<double[]> invDen; // nz * planeStride
    // The operator itself (applyOperator): per layer kxy dz, the vertical conductances per unit
    // area below and above each layer, heat capacity per unit area / dt; per grid line the
    // inverse centre distances to the next line (0 past the edges) and to the previous one.
    std::vector<double> lateralK, gBelow, gAbove, capacity, dx, dy, ax, ay, axWest;

    ~Impl() {
        std::lock_guard<std::mutex> lock(fftwPlannerMutex());
        if (layerForward)
            fftw_destroy_plan(layerForward);
        if (backward)
            fftw_destroy_plan(backward);
    }
};

std::unique_ptr<LayeredSolver> LayeredSolver::create(const Model& m, double inv_dt) {
    for (const Layer& l : m.layers) {
        const CellMaterial& first = l.cells.front();
        if (first.isVoid())
            return nullptr;
        for (const CellMaterial& c : l.cells) // stops at the first other material
            if (c.kxy != first.kxy || c.kz != first.kz || c.cv != first.cv)
                return nullptr;
    }
    return std::unique_ptr<LayeredSolver>(new LayeredSolver(m, inv_dt));
}

LayeredSolver::LayeredSolver(const Model& m, double inv_dt) : impl_(std::make_unique<Impl>()) {
    Impl& s = *impl_;
    s.nx = m.nx();
    s.ny = m.ny();
    s.nz = m.nz();
    s.plane = m.cellsPerLayer();
    std::vector<double> kxy, kz, cv; // every layer is one material (create())
    for (const Layer& l : m.layers) {
        kxy.push_back(l.cells.front().kxy);
        kz.push_back(l.cells.front().kz);
        cv.push_back(l.cells.front().cv);
    }

    // Lateral eigenvalues.
    std::vector<double> lx(static_cast<std::size_t>(s.nx)), ly(static_cast<std::size_t>(s.ny));
    s.dct = uniform(m.xs) && uniform(m.ys);
    s.rowStride = static_cast<std::size_t>(s.nx);
    if (s.dct) { // whole cache lines of 8 doubles, an odd number of them
        std::size_t lines = (s.rowStride + 7) / 8;
        lines += 1 - lines % 2;
        s.rowStride = 8 * lines;
    }
    s.planeStride = s.rowStride * static_cast<std::size_t>(s.ny);
    const std::size_t padded = s.planeStride * static_cast<std::size_t>(s.nz);
    if (s.dct) {
        const double dx = m.xs[1] - m.xs[0], dy = m.ys[1] - m.ys[0];
        for (int p = 0; p < s.nx; ++p)
            lx[p] = (2 - 2 * std::cos(std::numbers::pi * p / s.nx)) / (dx * dx);
        for (int q = 0; q < s.ny; ++q)
            ly[q] = (2 - 2 * std::cos(std::numbers::pi * q / s.ny)) / (dy * dy);
        s.dctScaleIn = 1.0 / (dx * dy);
        s.dctScaleOut = 1.0 / (4.0 * s.nx * s.ny);
        s.work.reset(static_cast<double*>(fftw_malloc(sizeof(double) * padded)));
        adviseHeapGrowth(); // fftw_malloc bypasses operator new (core/memory_policy.h)
        std::fill_n(s.work.get(), padded, 0.0); // the pads stay zero
        std::lock_guard<std::mutex> lock(fftwPlannerMutex());
        const int dims[2] = {s.ny, s.nx};
        const int embed[2] = {s.ny, static_cast<int>(s.rowStride)};
        const fftw_r2r_kind fwd[2] = {FFTW_REDFT10, FFTW_REDFT10},
                            bwd[2] = {FFTW_REDFT01, FFTW_REDFT01};
        const int dist = static_cast<int>(s.planeStride);
        s.layerForward = fftw_plan_many_r2r(2, dims, 1, s.work.get(), embed, 1, dist, s.work.get(),
                                            embed, 1, dist, fwd, FFTW_ESTIMATE);
        s.backward = fftw_plan_many_r2r(2, dims, s.nz, s.work.get(), embed, 1, dist, s.work.get(),
                                        embed, 1, dist, bwd, FFTW_ESTIMATE);
    } else {
        Eigen::VectorXd ex, ey;
        lateralModes(m.xs, s.Vx, ex);
        lateralModes(m.ys, s.Vy, ey);
        for (int p = 0; p < s.nx; ++p)
            lx[p] = ex(p);
        for (int q = 0; q < s.ny; ++q)
            ly[q] = ey(q);
    }

    // Vertical conductances per unit area between layer centres, and to the boundaries.
    std::vector<double> g(static_cast<std::size_t>(std::max(0, s.nz - 1)));
    for (int k = 0; k + 1 < s.nz; ++k)
        g[k] = 1.0 /
               (m.layers[k].thickness / (2 * kz[k]) + m.layers[k + 1].thickness / (2 * kz[k + 1]));
    const double gTop =
        m.h_top > 0 ? 1.0 / (m.layers.back().thickness / (2 * kz.back()) + 1.0 / m.h_top) : 0;
    const double gBot =
        m.h_bottom > 0 ? 1.0 / (m.layers[0].thickness / (2 * kz[0]) + 1.0 / m.h_bottom) : 0;

    for (int k = 0; k < s.nz; ++k) {
        const double dz = m.layers[k].thickness;
        s.lateralK.push_back(kxy[k] * dz);
        s.gBelow.push_back(k > 0 ? g[k - 1] : gBot);
        s.gAbove.push_back(k + 1 < s.nz ? g[k] : gTop);
        s.capacity.push_back(cv[k] * dz * inv_dt);
    }
    auto widths = [](const std::vector<double>& lines, std::vector<double>& w,
                     std::vector<double>& a) {
        for (std::size_t i = 0; i + 1 < lines.size(); ++i)
            w.push_back(lines[i + 1] - lines[i]);
        for (std::size_t i = 0; i < w.size(); ++i)
            a.push_back(i + 1 < w.size() ? 2.0 / (w[i] + w[i + 1]) : 0.0);
    };
    widths(m.xs, s.dx, s.ax);
    widths(m.ys, s.dy, s.ay);
    s.axWest.assign(s.ax.size(), 0.0);
    for (std::size_t i = 1; i < s.ax.size(); ++i)
        s.axWest[i] = s.ax[i - 1];

    // Thomas factors for every mode at once (vectorised over modes, layer by layer).
    s.lower.assign(static_cast<std::size_t>(s.nz), 0.0);
    s.cprime.reset(new double[padded]());
    s.invDen.reset(new double[padded]());
    for (int k = 0; k < s.nz; ++k) {
        const double dz = m.layers[k].thickness;
        const double below = k > 0 ? g[k - 1] : gBot;
        const double above = k + 1 < s.nz ? g[k] : gTop;
        const double upper = k + 1 < s.nz ? -g[k] : 0.0;
        s.lower[k] = k > 0 ? -g[k - 1] : 0.0;
        const double base = below + above + cv[k] * dz * inv_dt;
        double* cp = s.cprime.get() + s.planeStride * k;
        double* id = s.invDen.get() + s.planeStride * k;
        const double* cpPrev = k > 0 ? s.cprime.get() + s.planeStride * (k - 1) : nullptr;
        for (int q = 0; q < s.ny; ++q)
            for (int p = 0; p < s.nx; ++p) {
                const std::size_t mode = static_cast<std::size_t>(q) * s.rowStride + p;
                double diag = base + kxy[k] * dz * (lx[p] + ly[q]);
                if (cpPrev)
                    diag -= s.lower[k] * cpPrev[mode];
                // The (0,0) mode of a problem with no boundary conductance is singular; such
                // models are refused by the builder, the guard only keeps this finite.
                if (std::fabs(diag) < 1e-300)
                    diag = 1e-300;
                id[mode] = 1.0 / diag;
                cp[mode] = upper * id[mode];
                if (s.dct) // the forward transform's scale, folded into the elimination
                    id[mode] *= s.dctScaleIn;
            }
    }
}

LayeredSolver::~LayeredSolver() = default;

namespace {
// One row (layer k, grid row j) of y = A x for laterally uniform layers. Couplings: lateral
// kxy dz dy_j / centre distance in x (and dx_i / distance in y), vertical dx_i dy_j g. Absent
// neighbour rows are a row of zeros with a zero coupling.
struct UniformRow {
    std::size_t nx;
    const double *dx, *axWest, *axEast; // widths; inverse centre distances to the neighbours
    double dy, kdz;                     // row height, kxy dz of the layer
    double ayDown, ayUp;                // inverse centre distances to the rows below and above
    double gDown, gUp, ground;          // per unit area: to the layers below and above, to
                                        // ambient and capacity / dt
    void apply(double* __restrict y, const double* __restrict x, const double* __restrict south,
               const double* __restrict north, const double* __restrict below,
               const double* __restrict above) const {
        auto cell = [&](std::size_t i, double west, double east) {
            const double area = dx[i] * dy, xk = kdz * dy, yk = kdz * dx[i];
            return (area * (gDown + gUp + ground) + xk * (axWest[i] + axEast[i]) +
                    yk * (ayDown + ayUp)) *
                       x[i] -
                   xk * (axWest[i] * west + axEast[i] * east) -
                   yk * (ayDown * south[i] + ayUp * north[i]) -
                   area * (gDown * below[i] + gUp * above[i]);
        };
        if (nx == 1) {
            y[0] = cell(0, 0.0, 0.0);
            return;
        }
        y[0] = cell(0, 0.0, x[1]);
        for (std::size_t i = 1; i + 1 < nx; ++i)
            y[i] = cell(i, x[i - 1], x[i + 1]);
        y[nx - 1] = cell(nx - 1, x[nx - 2], 0.0);
    }
};
} // namespace

void LayeredSolver::applyOperator(const double* x, double* y) const {
    const Impl& s = *impl_;
    const auto nx = static_cast<std::size_t>(s.nx);
    const std::size_t P = s.plane;
    const std::vector<double> zeros(nx, 0.0);
    for (int k = 0; k < s.nz; ++k)
        for (int j = 0; j < s.ny; ++j) {
            const std::size_t row = P * k + nx * j;
            const bool south = j > 0, north = j + 1 < s.ny, below = k > 0, above = k + 1 < s.nz;
            // At the bottom and top the conductance to ambient is a ground term, not a neighbour.
            const double ground =
                s.capacity[k] + (below ? 0.0 : s.gBelow[k]) + (above ? 0.0 : s.gAbove[k]);
            const UniformRow r{nx,
                               s.dx.data(),
                               s.axWest.data(),
                               s.ax.data(),
                               s.dy[j],
                               s.lateralK[k],
                               south ? s.ay[j - 1] : 0.0,
                               s.ay[j],
                               below ? s.gBelow[k] : 0.0,
                               above ? s.gAbove[k] : 0.0,
                               ground};
            r.apply(y + row, x + row, south ? x + row - nx : zeros.data(),
                    north ? x + row + nx : zeros.data(), below ? x + row - P : zeros.data(),
                    above ? x + row + P : zeros.data());
        }
}

bool LayeredSolver::usesCosineTransform() const {
    return impl_->dct;
}

void LayeredSolver::apply(const double* r, double* z) const {
    const Impl& s = *impl_;
    const std::size_t P = s.plane, W = s.planeStride, R = s.rowStride;
    const auto nx = static_cast<std::size_t>(s.nx);
    double* t = s.dct ? s.work.get() : z; // the dense path works in place, unpadded (W = P)
    // Forward transform, layer by layer.
    if (s.dct) {
        // Layers without heat (most of them in a steady solve) transform to zero: skip them.
        for (int k = 0; k < s.nz; ++k) {
            double* layer = t + W * k;
            bool any = false;
            for (int j = 0; j < s.ny; ++j) {
                const double* in = r + P * k + nx * j;
                double* out = layer + R * j;
                for (std::size_t i = 0; i < nx; ++i) {
                    const double v = in[i];
                    out[i] = v;
                    any = any || v != 0.0;
                }
            }
            if (any)
                fftw_execute_r2r(s.layerForward, layer, layer);
        }
    } else {
        Eigen::MatrixXd B(s.ny, s.nx);
        for (int k = 0; k < s.nz; ++k) {
            for (int j = 0; j < s.ny; ++j)
                for (int i = 0; i < s.nx; ++i) {
                    const std::size_t n = P * k + static_cast<std::size_t>(j) * s.nx + i;
                    B(j, i) = r[n];
                }
            Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> out(
                t + P * k, s.ny, s.nx);
            out.noalias() = s.Vy.transpose() * B * s.Vx;
        }
    }
    // Tridiagonal solve along z for all modes (pads included: zero in, zero out).
    for (int k = 0; k < s.nz; ++k) {
        double* cur = t + W * k;
        const double* id = s.invDen.get() + W * k;
        if (k == 0) {
            for (std::size_t m = 0; m < W; ++m)
                cur[m] *= id[m];
        } else {
            const double* prev = t + W * (k - 1);
            const double a = s.lower[k];
            const double scale = s.dct ? 1.0 / s.dctScaleIn : 1.0; // prev is already scaled
            for (std::size_t m = 0; m < W; ++m)
                cur[m] = (cur[m] - a * scale * prev[m]) * id[m];
        }
    }
    for (int k = s.nz - 2; k >= 0; --k) {
        double* cur = t + W * k;
        const double* next = t + W * (k + 1);
        const double* cp = s.cprime.get() + W * k;
        for (std::size_t m = 0; m < W; ++m)
            cur[m] -= cp[m] * next[m];
    }
    // Back to cells.
    if (s.dct) {
        fftw_execute_r2r(s.backward, t, t);
        for (int k = 0; k < s.nz; ++k)
            for (int j = 0; j < s.ny; ++j) {
                const double* in = t + W * k + R * j;
                double* out = z + P * k + nx * j;
                for (std::size_t i = 0; i < nx; ++i)
                    out[i] = in[i] * s.dctScaleOut;
            }
    } else {
        Eigen::MatrixXd H(s.ny, s.nx);
        for (int k = 0; k < s.nz; ++k) {
            Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> io(
                z + P * k, s.ny, s.nx);
            H = io;
            io.noalias() = s.Vy * H * s.Vx.transpose();
        }
    }
}

} // namespace strata::thermal
