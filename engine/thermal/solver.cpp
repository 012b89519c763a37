#include "thermal/solver.h"

#include "thermal/multigrid.h"

#include <cmath>
#include <numeric>

namespace strata::thermal {

namespace {
// Conductance between two half-cells in series: harmonic mean of the two materials.
double series(double half_a, double k_a, double half_b, double k_b, double area) {
    if (k_a <= 0 || k_b <= 0)
        return 0.0;
    return area / (half_a / k_a + half_b / k_b);
}
} // namespace

Conductances assemble(const Model& m) {
    Conductances c;
    c.nx = m.nx();
    c.ny = m.ny();
    c.nz = m.nz();
    const std::size_t P = m.cellsPerLayer(), N = m.unknowns();
    const auto nx = static_cast<std::size_t>(c.nx);
    c.gx.assign(N, 0.0);
    c.gy.assign(N, 0.0);
    c.gz.assign(N, 0.0);
    c.gTop.assign(P, 0.0);
    c.gBottom.assign(P, 0.0);
    c.capacity.assign(N, 0.0);
    c.isVoid.assign(N, 0);
    for (int k = 0; k < c.nz; ++k) {
        const Layer& L = m.layers[static_cast<std::size_t>(k)];
        const double dz = L.thickness;
        for (int j = 0; j < c.ny; ++j) {
            const double dy = m.ys[j + 1] - m.ys[j];
            for (int i = 0; i < c.nx; ++i) {
                const double dx = m.xs[i + 1] - m.xs[i];
                const std::size_t ij = static_cast<std::size_t>(j) * nx + i, n = P * k + ij;
                const CellMaterial& a = L.cells[ij];
                c.isVoid[n] = a.isVoid();
                c.capacity[n] = a.cv * dx * dy * dz;
                if (i + 1 < c.nx) {
                    const double dx2 = m.xs[i + 2] - m.xs[i + 1];
                    c.gx[n] = series(dx / 2, a.kxy, dx2 / 2, L.cells[ij + 1].kxy, dy * dz);
                }
                if (j + 1 < c.ny) {
                    const double dy2 = m.ys[j + 2] - m.ys[j + 1];
                    c.gy[n] = series(dy / 2, a.kxy, dy2 / 2, L.cells[ij + nx].kxy, dx * dz);
                }
                if (k + 1 < c.nz) {
                    const Layer& U = m.layers[static_cast<std::size_t>(k) + 1];
                    c.gz[n] = series(dz / 2, a.kz, U.thickness / 2, U.cells[ij].kz, dx * dy);
                }
                if (k + 1 == c.nz && m.h_top > 0 && a.kz > 0)
                    c.gTop[ij] = dx * dy / (dz / (2 * a.kz) + 1.0 / m.h_top);
                if (k == 0 && m.h_bottom > 0 && a.kz > 0)
                    c.gBottom[ij] = dx * dy / (dz / (2 * a.kz) + 1.0 / m.h_bottom);
            }
        }
    }
    c.diag.assign(N, 0.0);
    for (int k = 0; k < c.nz; ++k)
        for (int j = 0; j < c.ny; ++j)
            for (int i = 0; i < c.nx; ++i) {
                const std::size_t n = P * k + static_cast<std::size_t>(j) * nx + i;
                double s = c.gx[n] + c.gy[n] + c.gz[n];
                if (i > 0)
                    s += c.gx[n - 1];
                if (j > 0)
                    s += c.gy[n - nx];
                if (k > 0)
                    s += c.gz[n - P];
                if (k + 1 == c.nz)
                    s += c.gTop[n - P * k];
                if (k == 0)
                    s += c.gBottom[n];
                c.diag[n] = c.isVoid[n] ? 1.0 : s;
            }
    return c;
}

std::vector<double> operatorDiagonal(const Conductances& c, double inv_dt) {
    std::vector<double> d = c.diag;
    if (inv_dt > 0)
        for (std::size_t n = 0; n < d.size(); ++n)
            if (!c.isVoid[n])
                d[n] += c.capacity[n] * inv_dt;
    return d;
}

namespace {
// One row of y = A x: the centre and the x neighbours, then one neighbour row at a time.
// Restrict parameters and `omp simd` reductions (-fopenmp-simd, no OpenMP runtime) let the
// compiler vectorise every loop; the row stays in cache for the dot product.
void centreAndRowNeighbours(std::size_t len, double* __restrict y, const double* __restrict d,
                            const double* __restrict x, const double* __restrict gx) {
    y[0] = d[0] * x[0];
    for (std::size_t m = 1; m < len; ++m)
        y[m] = d[m] * x[m] - gx[m - 1] * x[m - 1];
    for (std::size_t m = 0; m + 1 < len; ++m)
        y[m] -= gx[m] * x[m + 1];
}

void minusNeighbour(std::size_t len, double* __restrict y, const double* __restrict g,
                    const double* __restrict xn) {
    for (std::size_t m = 0; m < len; ++m)
        y[m] -= g[m] * xn[m];
}

// x += alpha p, r -= alpha q, and the sums of r^2 and r.
void step(std::size_t len, double alpha, double* __restrict x, double* __restrict r,
          const double* __restrict p, const double* __restrict q, double& rr, double& rs) {
    double sq = 0, sum = 0;
#pragma omp simd reduction(+ : sq, sum)
    for (std::size_t n = 0; n < len; ++n) {
        x[n] += alpha * p[n];
        r[n] -= alpha * q[n];
        sq += r[n] * r[n];
        sum += r[n];
    }
    rr = sq;
    rs = sum;
}

// p = z + beta p.
void newDirection(std::size_t len, double beta, double* __restrict p, const double* __restrict z) {
    for (std::size_t n = 0; n < len; ++n)
        p[n] = z[n] + beta * p[n];
}

double dot(std::size_t len, const double* __restrict a, const double* __restrict b) {
    double s = 0;
#pragma omp simd reduction(+ : s)
    for (std::size_t m = 0; m < len; ++m)
        s += a[m] * b[m];
    return s;
}
} // namespace

// Row by row so that the boundary tests are made once per row, not once per cell.
double applyOperator(const Conductances& c, const std::vector<double>& diagonal, const double* x,
                     double* y) {
    const auto nx = static_cast<std::size_t>(c.nx);
    const std::size_t P = nx * static_cast<std::size_t>(c.ny);
    const double* gx = c.gx.data();
    const double* gy = c.gy.data();
    const double* gz = c.gz.data();
    const double* d = diagonal.data();
    double xy = 0;
    for (int k = 0; k < c.nz; ++k)
        for (int j = 0; j < c.ny; ++j) {
            const std::size_t row = P * k + static_cast<std::size_t>(j) * nx;
            centreAndRowNeighbours(nx, y + row, d + row, x + row, gx + row);
            if (j + 1 < c.ny)
                minusNeighbour(nx, y + row, gy + row, x + row + nx);
            if (j > 0)
                minusNeighbour(nx, y + row, gy + row - nx, x + row - nx);
            if (k + 1 < c.nz)
                minusNeighbour(nx, y + row, gz + row, x + row + P);
            if (k > 0)
                minusNeighbour(nx, y + row, gz + row - P, x + row - P);
            xy += dot(nx, x + row, y + row);
        }
    return xy;
}

namespace {
// True when every layer is one material over the whole grid: the layered solver is then exact.
bool laterallyUniform(const Model& m) {
    for (const Layer& l : m.layers)
        for (const CellMaterial& c : l.cells)
            if (c.isVoid() || c.kxy != l.cells[0].kxy || c.kz != l.cells[0].kz ||
                c.cv != l.cells[0].cv)
                return false;
    return true;
}
} // namespace

Solver::Solver(const Model& model, double inv_dt) : c_(assemble(model)), inv_dt_(inv_dt) {
    if (inv_dt > 0)
        stepDiagonal_ = operatorDiagonal(c_, inv_dt);
    if (laterallyUniform(model))
        layered_ = std::make_unique<LayeredSolver>(model, inv_dt);
    else
        multigrid_ = std::make_unique<Multigrid>(c_, model.xs, model.ys, inv_dt);
}

double Solver::precondition(const double* r, double* z) const {
    if (multigrid_)
        return multigrid_->apply(r, z);
    const std::size_t N = c_.isVoid.size();
    layered_->apply(r, z);
    return dot(N, r, z);
}

SolveStats Solver::solve(const std::vector<double>& b, std::vector<double>& x, int max_iterations,
                         const CancelToken* cancel, double tolerance) const {
    const std::size_t N = b.size();
    SolveStats st;
    x.resize(N, 0.0);
    std::vector<double>&r = r_, &z = z_, &p = p_, &q = q_;
    for (std::vector<double>* v : {&r, &q})
        v->resize(N);
    if (layered_) // exact for this model: one application is the answer; checked below
        layered_->apply(b.data(), x.data());
    applyOperator(c_, diagonal(), x.data(), q.data());
    double bnorm = 0, babs = 0;
    for (std::size_t n = 0; n < N; ++n) {
        r[n] = c_.isVoid[n] ? 0.0 : b[n] - q[n];
        bnorm += b[n] * b[n];
        babs += std::fabs(b[n]);
    }
    bnorm = std::sqrt(bnorm);
    if (bnorm == 0) {
        std::fill(x.begin(), x.end(), 0.0);
        st.converged = true;
        return st;
    }
    auto converged = [&](double rr, double rs) {
        st.residual = std::sqrt(rr) / bnorm;
        return st.residual <= tolerance && std::fabs(rs) <= tolerance / 10 * babs;
    };
    {
        double rr = 0, rs = 0;
#pragma omp simd reduction(+ : rr, rs)
        for (std::size_t n = 0; n < N; ++n) {
            rr += r[n] * r[n];
            rs += r[n];
        }
        if (converged(rr, rs)) {
            st.iterations = layered_ ? 1 : 0;
            st.converged = true;
            return st;
        }
    }
    z.resize(N);
    p.resize(N);
    double rz = precondition(r.data(), z.data());
    p = z;
    // Each vector pass does everything that needs its data (the solve is bound by memory
    // traffic): q = A p with p . q, then the updates of x and r with the norms of r.
    for (st.iterations = 1; st.iterations <= max_iterations; ++st.iterations) {
        if (cancel && cancel->cancelled()) {
            st.cancelled = true;
            return st;
        }
        const double pq = applyOperator(c_, diagonal(), p.data(), q.data());
        if (!(pq > 0))
            break; // lost positive definiteness (should not happen): report non-convergence
        const double alpha = rz / pq;
        double rr = 0, rs = 0;
        step(N, alpha, x.data(), r.data(), p.data(), q.data(), rr, rs);
        if (converged(rr, rs)) {
            st.converged = true;
            return st;
        }
        const double rzNew = precondition(r.data(), z.data());
        const double beta = rzNew / rz;
        rz = rzNew;
        newDirection(N, beta, p.data(), z.data());
    }
    st.iterations = std::min(st.iterations, max_iterations);
    return st;
}

HeatFlow boundaryHeat(const Conductances& c, const std::vector<double>& theta) {
    HeatFlow h;
    const std::size_t P = static_cast<std::size_t>(c.nx) * c.ny;
    const std::size_t top = P * static_cast<std::size_t>(c.nz - 1);
    for (std::size_t n = 0; n < P; ++n) { // P cells per layer
        h.top += c.gTop[n] * theta[top + n];
        h.bottom += c.gBottom[n] * theta[n];
    }
    return h;
}

} // namespace strata::thermal
