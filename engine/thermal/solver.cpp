#include "thermal/solver.h"

#include "thermal/multigrid.h"
#include "thermal/solution_basis.h"
#include "thermal/vector_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace strata::thermal {

Solver::Solver(const Model& model, double inv_dt) : inv_dt_(inv_dt) {
    layered_ = LayeredSolver::create(model, inv_dt); // laterally uniform stacks only
    if (layered_) {
        c_ = boundaryConductances(model);
        return;
    }
    c_ = assemble(model, inv_dt > 0);
    multigrid_ = std::make_unique<Multigrid>(c_, model.xs, model.ys, inv_dt);
    double groundSq = 0;
    for (double g : c_.gTop) {
        groundSum_ += g;
        groundSq += g * g;
    }
    for (double g : c_.gBottom) {
        groundSum_ += g;
        groundSq += g * g;
    }
    groundNorm_ = std::sqrt(groundSq); // steady: A 1 is these terms alone
    for (std::size_t n = 0; n < c_.capacity.size(); ++n)
        groundSum_ += c_.isVoid[n] ? 0.0 : c_.capacity[n] * inv_dt;
}

struct SolverWork {
    Scratch r, z, p, q;
    std::unique_ptr<SolutionBasis> basis; // earlier solutions (steady multigrid solves only)
    // The basis holds the solver's first solution, solved only to the caller's tolerance; its
    // residual and energy norm, to refine it at the first re-solve (refineFirstSolution).
    bool basisLoose = false;
    std::vector<double> firstResidual;
    double firstNorm = 0;
    // Sources whose unit response learnSources() put into the basis, while it has not started
    // again (SolutionBasis::restarts() == learntRestarts).
    std::vector<HeatSource> learnt;
    int learntRestarts = 0;
    // learnSources()'s responses while they are being learnt, and their sources so far.
    std::unique_ptr<SolutionBasis> learning;
    std::vector<HeatSource> learningSources;
};

namespace {

// With keepAccurateBasis(): the accuracy, relative to the caller's tolerance, of the solutions
// that join the basis. Measured on the benchmark package (thermal_bench, a 50-point power-only
// sweep, 5 sources): at the caller's 1e-7 about half the sweep's points in the span of earlier
// ones missed 1e-7 after the projection and took 1 or 2 iterations (mean re-solve 22 % of a
// first solve); at 1e-8 every one passes at once (12-18 % over runs), for one more iteration on
// the few new directions and one correction solve of the first solution.
constexpr double kBasisAccuracy = 0.1;

// Earlier solutions kept per steady multigrid solver: at most 8, and at most 64 MB of them (8
// fields of the 422k-unknown benchmark package, 5 at 1.5M unknowns). Measured (thermal_bench,
// pipeline_bench) before choosing where to keep none:
//  - transient steps: the projection left the iterations at 2 per step and cost a third more time;
//  - laterally uniform stacks: the layered answer is exact and costs less than projecting, checking
//    and adding (a re-solve with new powers took 2.5 times as long, one in the span 0.3 times);
// a steady leakage loop gains (gpu-2.5d evaluation 79 -> 70 ms).
constexpr std::size_t kKeptBytes = std::size_t{64} << 20;
int basisCapacity(std::size_t unknowns) {
    return static_cast<int>(std::min<std::size_t>(8, kKeptBytes / (sizeof(double) * unknowns)));
}

bool samePattern(const HeatSource& a, const HeatSource& b) {
    if (a.id != b.id || a.layer != b.layer || a.layers != b.layers || a.x0 != b.x0 ||
        a.y0 != b.y0 || a.x1 != b.x1 || a.y1 != b.y1 || a.raster.size() != b.raster.size())
        return false;
    for (std::size_t i = 0; i < a.raster.size(); ++i) {
        const HeatSource::Cell &p = a.raster[i], &q = b.raster[i];
        if (p.x0 != q.x0 || p.y0 != q.y0 || p.x1 != q.x1 || p.y1 != q.y1 || p.share != q.share)
            return false;
    }
    return true;
}

} // namespace

Solver::~Solver() = default;

int Solver::learnSources(const Model& model, const CancelToken* cancel,
                         std::size_t budgetBytes) const {
    const std::size_t N = unknowns();
    if (inv_dt_ != 0 || !accurateBasis_ || model.unknowns() != N || model.sources.empty())
        return 0;
    if (!work_)
        work_ = std::make_unique<SolverWork>();
    SolverWork& w = *work_;
    const std::size_t n = model.sources.size();
    auto sameSources = [&](const std::vector<HeatSource>& held, std::size_t count) {
        return held.size() == count &&
               std::equal(held.begin(), held.end(), model.sources.begin(), samePattern);
    };
    if (w.basis && w.basis->restarts() == w.learntRestarts && sameSources(w.learnt, n))
        return static_cast<int>(n);
    // The responses are learnt into a basis of their own, which replaces the kept solutions once
    // it is complete: until then edits keep projecting onto those, and a learning cancelled by the
    // next edit resumes where it stopped if the sources are the same. The responses span every
    // power-only solution, and the solutions of leakage loops (solved to their looser tolerance)
    // would leave their error in each projection. Room for two more solutions (a source of
    // another shape) before a full basis starts again and loses what was learnt. (Besides
    // basisCapacity's kept solutions while it learns.) A design whose sources do not fit is not
    // learnt: edits solve as before.
    if (learntResponseBytes(n, N) > budgetBytes)
        return 0;
    if (!w.learning || w.learning->capacity() != static_cast<int>(n + 2) ||
        w.learningSources.size() > n || !sameSources(w.learningSources, w.learningSources.size())) {
        w.learning = std::make_unique<SolutionBasis>(N, static_cast<int>(n + 2));
        w.learningSources.clear();
        // Power enters only in the sources' layers: the projections bound their own residual
        // from the responses' images there (SolutionBasis::keepImages).
        const std::size_t P = model.cellsPerLayer();
        std::vector<SolutionBasis::Range> layers;
        for (const HeatSource& h : model.sources)
            layers.emplace_back(P * static_cast<std::size_t>(h.layer),
                                P * static_cast<std::size_t>(h.layer + h.layers));
        w.learning->keepImages(std::move(layers),
                               c_.isVoid.size() == N ? c_.isVoid.data() : nullptr);
    }
    // Each response is solved against the learning basis: swapped in for its solve, with the kept
    // basis's own state (a loose first solution to refine) set aside.
    const bool loose = w.basisLoose;
    std::vector<double> firstResidual = std::move(w.firstResidual);
    const double firstNorm = w.firstNorm;
    std::vector<double> powers(n), q, x;
    for (std::size_t s = w.learningSources.size(); s < n; ++s) {
        if (cancel && cancel->cancelled())
            break;
        std::fill(powers.begin(), powers.end(), 0.0);
        powers[s] = 1.0;
        rasterisePower(model, powers, q);
        x.clear();
        std::swap(w.basis, w.learning);
        w.basisLoose = false;
        // Solved to the accuracy of solutions joining a kept basis (kBasisAccuracy): the
        // projections combine them all. solve() tightens a re-solve's tolerance so itself; the
        // first response is asked for it (and not refined later as a first solution would be).
        const bool first = w.basis->size() == 0;
        const SolveStats st =
            solve(q, x, 500, cancel, first ? kBasisAccuracy * kSolveTolerance : kSolveTolerance);
        std::swap(w.basis, w.learning);
        if (!st.converged || w.learning->restarts() > 0)
            break;
        w.learningSources.push_back(model.sources[s]);
    }
    w.basisLoose = loose;
    w.firstResidual = std::move(firstResidual);
    w.firstNorm = firstNorm;
    if (w.learningSources.size() < n)
        return static_cast<int>(w.learningSources.size());
    w.basis = std::move(w.learning);
    w.learnt = std::move(w.learningSources);
    w.learningSources.clear();
    w.learntRestarts = w.basis->restarts();
    w.basisLoose = false;
    w.firstResidual = {};
    return static_cast<int>(n);
}

double Solver::precondition(const double* r, double* z) const {
    if (multigrid_)
        return multigrid_->precondition(r); // z stays inside: see newDirection below
    layered_->apply(r, z);
    return dot(unknowns(), r, z);
}

void Solver::direction(double beta, const double* z, double* p) const {
    if (multigrid_)
        multigrid_->direction(beta, p);
    else
        newDirection(unknowns(), beta, p, z);
}

double Solver::applyA(const double* x, double* y) const {
    if (!layered_)
        return applyOperator(c_, inv_dt_, x, y);
    layered_->applyOperator(x, y);
    return dot(unknowns(), x, y);
}

void Solver::multiply(const std::vector<double>& x, std::vector<double>& y) const {
    y.resize(unknowns());
    applyA(x.data(), y.data());
}

// Adds a converged solution to the basis: A x = b - r (the CG residual) is formed in q. With
// keepAccurateBasis(), the solver's first solution (not a re-solve) was solved to the caller's
// tolerance only: the basis is marked loose then, and its residual kept to refine it.
void Solver::remember(SolutionBasis& basis, const double* x, const double* b, const double* r,
                      bool resolve) const {
    const std::size_t N = unknowns();
    double* ax = work_->q.get(N);
    for (std::size_t n = 0; n < N; ++n)
        ax[n] = b[n] - r[n];
    double* scratch = basis.size() > 0 ? work_->p.get(N) : nullptr; // p is free after a solve
    const bool added =
        basis.add(x, ax, scratch, [this](const double* in, double* out) { applyA(in, out); });
    if (accurateBasis_ && !resolve && added && basis.size() == 1 && basis.capacity() > 1) {
        work_->basisLoose = true;
        work_->firstResidual.assign(r, r + N);
        work_->firstNorm = std::sqrt(dot(N, x, ax));
    }
}

// The first solution x0 = |x0|_A v0 was solved to the caller's tolerance: at the first
// re-solve it is refined by the correction A d = r0 (its residual) solved to kBasisAccuracy,
// and the basis starts again from x0 + d. Paid once per solver, where a sweep or the studio's
// editing begins; every projection after it builds on the refined solution.
void Solver::refineFirstSolution(SolutionBasis& basis) const {
    work_->basisLoose = false;
    std::vector<double> r0 = std::move(work_->firstResidual);
    work_->firstResidual.clear();
    if (r0.empty() || basis.size() != 1)
        return;
    const std::size_t N = unknowns();
    std::vector<double> d;
    refining_ = true; // the correction is solved without the basis
    const SolveStats st = solve(r0, d, 50, nullptr, kBasisAccuracy);
    refining_ = false;
    if (!st.converged)
        return;
    std::vector<double> x0(N);
    const double* v0 = basis.vector(0);
    for (std::size_t n = 0; n < N; ++n)
        x0[n] = work_->firstNorm * v0[n] + d[n];
    double* ax = work_->q.get(N);
    applyA(x0.data(), ax);
    basis.clear();
    basis.add(x0.data(), ax, nullptr, [this](const double* in, double* out) { applyA(in, out); });
}

// A uniform shift c of every conducting cell changes A x only through the terms to ground (the
// fluxes between cells cancel): A 1 = ambient conductances + capacities / dt. So c = sum(r) /
// sum(ground) leaves sum(r) = 0: the heat leaving (and stored) equals the heat injected, to
// round-off. The constant is the smoothest error there is, the one a V-cycle reduces last.
void Solver::closeEnergyBalance(double rs, double* x, double* r, double& rr) const {
    if (!(groundSum_ > 0))
        return;
    const double c = rs / groundSum_;
    const std::size_t N = unknowns(), P = c_.gTop.size(), top = N - P;
    const std::uint8_t* isVoid = c_.isVoid.data();
    for (std::size_t n = 0; n < N; ++n)
        x[n] += isVoid[n] ? 0.0 : c;
    auto lower = [&](std::size_t n, double g) {
        rr -= r[n] * r[n];
        r[n] -= c * g;
        rr += r[n] * r[n];
    };
    for (std::size_t m = 0; m < P; ++m) {
        lower(m, c_.gBottom[m]);
        lower(top + m, c_.gTop[m]);
    }
    if (inv_dt_ > 0) { // every cell's capacity: the norm is summed again
        rr = 0;
        for (std::size_t n = 0; n < N; ++n) {
            r[n] -= isVoid[n] ? 0.0 : c * c_.capacity[n] * inv_dt_;
            rr += r[n] * r[n];
        }
    }
}

// x = a x + c d with a and c minimising the error's energy norm (the Galerkin conditions on the
// plane of x and d: [xAx xAd; xAd dAd] [a c] = [x.b d.b]); q = A x on entry and on return. The
// plane holds the plain warm start (a = 1, c = 0), so the start is never worse than it.
void Solver::bestOfTwoStarts(const double* b, double* x, double* q, double xAx,
                             const double* d) const {
    const std::size_t N = unknowns();
    double* ad = work_->p.get(N); // p is free until CG starts
    const double dAd = applyA(d, ad);
    const double xAd = dot(N, x, ad), xb = dot(N, x, b), db = dot(N, d, b);
    const double det = xAx * dAd - xAd * xAd;
    double a = 1, c = 0;
    if (det > 1e-12 * xAx * dAd) { // x and d independent
        a = (xb * dAd - db * xAd) / det;
        c = (db * xAx - xb * xAd) / det;
    } else if (xAx > 0) {
        a = xb / xAx;
    }
    if (!std::isfinite(a) || !std::isfinite(c))
        return;
    for (std::size_t n = 0; n < N; ++n) {
        x[n] = a * x[n] + c * d[n];
        q[n] = a * q[n] + c * ad[n];
    }
}

HeatFlow Solver::heatOut(const std::vector<double>& theta) const {
    return boundaryHeat(c_, theta);
}

SolveStats Solver::solve(const std::vector<double>& b, std::vector<double>& x, int max_iterations,
                         const CancelToken* cancel, double tolerance,
                         const std::vector<double>* hint) const {
    const std::size_t N = b.size();
    SolveStats st;
    const bool fresh = x.empty(); // then all zero after the resize: no need to look
    x.resize(N, 0.0);
    if (!work_)
        work_ = std::make_unique<SolverWork>();
    double* r = work_->r.get(N);
    double* q = work_->q.get(N);
    if (!layered_ && inv_dt_ == 0 && !work_->basis)
        work_->basis = std::make_unique<SolutionBasis>(N, basisCapacity(N));
    // Null for transient solvers, for layered ones until they learnt their sources
    // (learnSources), and for the correction refineFirstSolution solves.
    SolutionBasis* basis = refining_ ? nullptr : work_->basis.get();
    // With keepAccurateBasis(), a re-solve that the projection does not settle runs to
    // kBasisAccuracy x tolerance before its solution joins the basis: projections combine
    // several stored solutions, and their errors at the caller's tolerance added up past it (see
    // kBasisAccuracy). The first solution, solved to the caller's tolerance only, is refined to
    // that accuracy at the first re-solve.
    const bool resolve = accurateBasis_ && basis && basis->size() > 0;
    if (resolve && work_->basisLoose)
        refineFirstSolution(*basis);
    const bool projected = basis && basis->size() > 0;
    if (projected) { // the best combination of earlier solutions replaces the given start
        const SolutionBasis::Projection p = basis->project(b.data(), x.data());
        if (p.bounded && settledByProjection(p, tolerance, x, st))
            return st;
    } else if (layered_) // exact for this model: one application is the answer; checked below
        layered_->apply(b.data(), x.data());
    // A x, unless x is zero (a cold start: then so is A x, and a matrix product is saved).
    const bool zeroStart =
        !layered_ && !projected &&
        (fresh || std::all_of(x.begin(), x.end(), [](double v) { return v == 0.0; }));
    double xAx = 0;
    if (!zeroStart)
        xAx = applyA(x.data(), q);
    if (!layered_ && !projected && !zeroStart && hint && hint->size() == N)
        bestOfTwoStarts(b.data(), x.data(), q, xAx, hint->data());
    else if (!layered_ && !projected && xAx > 0) {
        // A warm start (the last field, after a power change) is first scaled by the factor
        // that minimises its error in the energy norm, a = x.b / x.A.x: a power change by one
        // common factor is then solved outright, and any other starts no worse.
        const double a = dot(N, x.data(), b.data()) / xAx;
        if (std::isfinite(a) && a > 0)
            scale(N, a, x.data(), q);
    }
    double bnorm = 0, babs = 0, rr0 = 0, rs0 = 0;
    residualAndNorms(N, b.data(), zeroStart ? nullptr : q,
                     c_.isVoid.size() == N ? c_.isVoid.data() : nullptr, r, bnorm, babs, rr0, rs0);
    bnorm = std::sqrt(bnorm);
    if (bnorm == 0) {
        std::fill(x.begin(), x.end(), 0.0);
        st.converged = true;
        return st;
    }
    // Multigrid solves stop on the norm and then close the energy balance exactly; the layered
    // solver's answer is exact, and any CG steps after it stop on both tests.
    // A shift that leaves the norm above the tolerance (not seen, but possible) changed x and r
    // behind CG's back: the next direction then starts afresh (beta = 0).
    bool shifted = false;
    auto converged = [&](double rr, double rs) {
        shifted = multigrid_ && std::sqrt(rr) <= tolerance * bnorm;
        if (shifted)
            closeEnergyBalance(rs, x.data(), r, rr);
        st.residual = std::sqrt(rr) / bnorm;
        return st.residual <= tolerance && (multigrid_ || std::fabs(rs) <= 1e-2 * tolerance * babs);
    };
    {
        if (converged(rr0, rs0)) {
            st.iterations = layered_ && !projected ? 1 : 0;
            st.converged = true;
            if (basis && !projected) // the first solution (a caller's exact warm start)
                remember(*basis, x.data(), b.data(), r, resolve);
            return st;
        }
    }
    if (resolve) // joins the basis: solved tighter (see above)
        tolerance *= kBasisAccuracy;
    double* z = multigrid_ ? nullptr : work_->z.get(N);
    double* p = work_->p.get(N);
    double rz = precondition(r, z);
    direction(0.0, z, p);
    // Each vector pass does everything that needs its data (the solve is bound by memory
    // traffic): q = A p with p . q, then the updates of x and r with the norms of r.
    // Iterations count applications of the preconditioner: the layered solver's first (exact)
    // answer is one, and any CG steps after it (round-off on large grids) add to it.
    const int first = layered_ ? 1 : 0;
    for (int it = 1; it <= max_iterations; ++it) {
        st.iterations = first + it;
        if (cancel && cancel->cancelled()) {
            st.cancelled = true;
            return st;
        }
        const double pq = applyA(p, q);
        if (!(pq > 0))
            break; // lost positive definiteness (should not happen): report non-convergence
        const double alpha = rz / pq;
        double rr = 0, rs = 0;
        step(N, alpha, x.data(), r, p, q, rr, rs);
        if (converged(rr, rs)) {
            st.converged = true;
            if (basis)
                remember(*basis, x.data(), b.data(), r, resolve);
            return st;
        }
        const double rzNew = precondition(r, z);
        const double beta = shifted ? 0.0 : rzNew / rz;
        rz = rzNew;
        direction(beta, z, p);
    }
    return st;
}

// A projection whose residual bound (learnt sources: SolutionBasis::keepImages) meets the
// tolerance is the answer, without applying the operator: as solve() decides on a residual, a
// multigrid solve's field is shifted to close the energy balance (closeEnergyBalance: sum(r) = 0
// after it; the shift changes r by c A 1, which the bound adds), a layered one's sum must be
// within the tolerance already. The bound is rigorous, so anything it does not settle goes the
// usual way.
bool Solver::settledByProjection(const SolutionBasis::Projection& p, double tolerance,
                                 std::vector<double>& x, SolveStats& st) const {
    const double bnorm = std::sqrt(p.bb);
    if (bnorm == 0) {
        std::fill(x.begin(), x.end(), 0.0);
        st.converged = true;
        return true;
    }
    double bound = std::sqrt(p.rrBound);
    if (multigrid_) {
        if (!(groundSum_ > 0))
            return false;
        const double c = p.rs / groundSum_;
        bound += std::fabs(c) * groundNorm_;
        if (!(bound <= tolerance * bnorm))
            return false;
        const std::uint8_t* isVoid = c_.isVoid.data();
        const bool voids = c_.isVoid.size() == x.size();
        for (std::size_t n = 0; n < x.size(); ++n)
            x[n] += voids && isVoid[n] ? 0.0 : c;
    } else if (!(bound <= tolerance * bnorm && std::fabs(p.rs) <= 1e-2 * tolerance * p.babs)) {
        return false;
    }
    st.iterations = 0;
    st.residual = bound / bnorm;
    st.converged = true;
    return true;
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
