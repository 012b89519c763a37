#pragma once
// Finite-volume conduction on a thermal Model: 7-point stencil with harmonic-mean conductances
// between cell centres, convection at the top of the sink and (optionally) below the board,
// adiabatic sides. Unknowns are temperature rises above ambient.
//
// Steady state and the implicit stages of transient steps are solved by preconditioned conjugate
// gradients. For a stack of laterally uniform layers without voids the preconditioner is the
// LayeredSolver, which is then exact: it is applied once to the right-hand side and the residual
// of its answer checked (CG continues from there only if that check fails). Otherwise it is one
// multigrid V-cycle with lateral coarsening and whole-column smoothing (multigrid.h).
// Measured on the examples before choosing: the layered solver on layer-averaged properties as
// preconditioner needed 360 to more than 500 iterations (dies in mold, voids outside the
// package), a column/layered two-level scheme 115 to 494; see tests/bench/thermal_bench for the
// multigrid counts. Operators and preconditioners are built once per solver object and reused
// for every power vector, so leakage iterations, transient steps and power-only sweeps pay only
// the iterations. A steady multigrid solver also keeps its earlier solutions (SolutionBasis, up
// to 8) and starts from the best combination of them: a power vector that combines earlier ones
// (a sweep of some blocks' power, a leakage loop once each block's power has moved) costs a
// projection and a residual check, 4-7 % of a first solve on the benchmark package, instead of
// 80-100 %. A new power direction costs a solve (6-8 iterations) unless the solver has learnt the
// response of every heat source (learnSources: the studio does it between evaluations); then
// every power-only change is a projection: 2-3 % of a first solve on the benchmark package up to
// 6 M unknowns; on the laterally uniform stack, whose first solve is one transform and the
// projection six streamed fields, 12-20 % up to 256^2 and 16-25 % at 512^2 (7 runs, median 18 %),
// where the projection is bound by memory bandwidth, which this VM shares (thermal_bench's sweep
// means, with the studio's memory budget for the responses: a quarter of the memory free,
// source_learning.h). The first
// solve starts from the caller's field scaled by x.b / x.A.x, and a transient step from the best
// combination of the last field and its last change (the `hint`). For laterally uniform stacks the
// per-cell operator is never assembled: the layered solver applies it from the layers' properties
// for the residual check. Vector kernels: vector_kernels.h.
//
// Thick layers (lid, sink base, thick silicon) are split into graded sub-layers (0.5 mm at the
// faces) by the builder; the measured error of that choice against the exact layered solution is in
// builder.h (1.47 K unsplit, 0.042 K split, for a 1 mm lid on a 6.9 mm sink).
//
// Convergence: ||r||2 <= tol ||b||2, tol = 1e-7 by default (kSolveTolerance), then the energy
// balance is closed exactly: a uniform shift of the field makes sum(r) = 0, so heat out (plus heat
// stored) equals power in to round-off (closeEnergyBalance). Until 2026-11 the balance was a
// second stopping test (|sum r| <= tol/100 sum|b|), which cost an iteration on its own. Measured on
// the benchmark package (126 x 108 x 31 and 238 x 207 x 31, 136 K rise) against solves to 1e-13:
// tol 1e-7 leaves at most 2.9e-7 K (7 and 8 iterations), 1e-8 1.4e-8 K (8 and 9), 1e-10 6e-10 K;
// on the small void-and-mold test packages the worst cell is within 1.2e-7 of the peak rise at
// 1e-7. All are five orders and more below the discretisation error (0.04 K from splitting a lid,
// builder.h). Leakage iterations use a looser tol: only their final state is reported.
#include "core/progress.h"
#include "thermal/conductances.h"
#include "thermal/layered.h"
#include "thermal/model.h"
#include "thermal/multigrid.h"
#include "thermal/solution_basis.h"

#include <memory>
#include <vector>

namespace strata::thermal {

// Relative residual at which a solve stops unless told otherwise (see Convergence above).
inline constexpr double kSolveTolerance = 1e-7;

// Memory Solver::learnSources may fill with responses unless told otherwise. gpu-2.5d (11
// sources) at the default grid (186 k unknowns) needs 19 MB, at the fine one (566 k) 59 MB;
// chiplet-mcm (14 sources) at the fine one (959 k) 123 MB. The studio gives it a quarter of the
// memory available instead (learningBudgetBytes, source_learning.h).
inline constexpr std::size_t kDefaultLearningBytes = std::size_t{256} << 20;

// What Solver::learnSources holds for a model: one field per source and two more.
inline std::size_t learntResponseBytes(std::size_t sources, std::size_t unknowns) {
    return (sources + 2) * unknowns * sizeof(double);
}

struct SolveStats {
    int iterations = 0;
    double residual = 0; // ||r|| / ||b||
    bool converged = false;
    bool cancelled = false; // stopped early because the cancel token was set
};

// Heat leaving through the top (sink) and bottom (board) boundaries, W.
struct HeatFlow {
    double top = 0, bottom = 0;
};

struct SolverWork;

class Solver {
public:
    // inv_dt = 0: steady state; > 0: the implicit time-step operator K + C inv_dt.
    explicit Solver(const Model& model, double inv_dt = 0.0);
    ~Solver();
    // Solves (K + C inv_dt) theta = rhs; theta is the starting guess and the result (a steady
    // multigrid solver with earlier solutions starts from their projection instead).
    // Not thread-safe: the work vectors are kept between calls (fresh pages cost more than the
    // arithmetic on this kind of machine: 70 % of a laterally uniform solve was page faults).
    // `tolerance` is the relative residual at which CG stops (see Convergence above). `hint`: a
    // likely direction of change from theta (a transient's last step); a multigrid solve then
    // starts from the best combination of theta and hint in the energy norm (one more operator
    // application).
    SolveStats solve(const std::vector<double>& rhs, std::vector<double>& theta,
                     int max_iterations = 500, const CancelToken* cancel = nullptr,
                     double tolerance = kSolveTolerance,
                     const std::vector<double>* hint = nullptr) const;

    // y = (K + C inv_dt) x: the operator solve() inverts (a time step's right-hand side needs it).
    void multiply(const std::vector<double>& x, std::vector<double>& y) const;

    // For a solver that will see many power vectors (a power-only sweep, live edits in the
    // studio): the solutions kept for projections are made ten times more accurate than the
    // caller's tolerance (the first one refined at the first re-solve, re-solves that join the
    // basis solved that far), so that a later power vector in their span is settled by the
    // projection alone. Measured on the benchmark package's 50-point sweep: mean re-solve 22 % ->
    // 12-18 % of a first solve, every point in the span without a CG step (and each within the
    // tolerance of a cold solve cell by cell, which projections on the caller's tolerance missed:
    // test_thermal_reuse). Not for one evaluation: its leakage loop's few re-solves would pay the
    // refinement for nothing; the studio's first power edit pays it once (15-25 ms on the
    // examples' default grid, pipeline_bench).
    void keepAccurateBasis() { accurateBasis_ = true; }

    // For such a solver (keepAccurateBasis(), steady): solves the response to each of `model`'s
    // heat sources at unit power, to a tenth of the tolerance, and keeps these instead of the
    // earlier solutions, so that every later power vector made of these sources (a power edit of
    // any block, a sweep's points, a leakage loop) is settled by the projection alone: the
    // influence of each source on every cell, as compact thermal models tabulate it, here learnt
    // on the full grid. The earlier solutions are dropped because the responses span them, and
    // a leakage loop's (solved to 1e-5) would leave their error in every projection: gpu-2.5d's
    // re-evaluation of an unchanged design still took 2 CG steps with them kept, 0 without. Costs
    // one solve per source when any source is not held yet (a different shape, a new block),
    // nothing when all are; the studio runs it between evaluations (thermal/source_learning.h).
    // Stops between sources (and within a solve) when `cancel` is set; the next call resumes.
    // Returns how many of the model's sources are learnt: all of them (now used), fewer when
    // cancelled (kept aside until all are learnt), 0 when their responses (one field per source
    // and two more) would take more than `budgetBytes` or the solver keeps no solutions.
    int learnSources(const Model& model, const CancelToken* cancel = nullptr,
                     std::size_t budgetBytes = kDefaultLearningBytes) const;

    // Whether solve() uses a `hint` (the layered solver is exact and needs none).
    bool usesHint() const { return multigrid_ != nullptr; }

    // Heat leaving through the top (sink) and bottom (board) for a solved field.
    HeatFlow heatOut(const std::vector<double>& theta) const;
    double invDt() const { return inv_dt_; }
    std::size_t unknowns() const {
        return static_cast<std::size_t>(c_.nx) * static_cast<std::size_t>(c_.ny) *
               static_cast<std::size_t>(c_.nz);
    }

private:
    // The assembled operator; for a laterally uniform stack only its boundary conductances: the
    // layered solver applies that operator from the layers' properties (applyOperator).
    Conductances c_;
    double inv_dt_;
    std::unique_ptr<LayeredSolver> layered_;               // exact for laterally uniform stacks
    std::unique_ptr<Multigrid> multigrid_;                 // everything else
    mutable std::unique_ptr<SolverWork> work_;             // CG vectors, kept between solves
    double precondition(const double* r, double* z) const; // returns r . z
    void direction(double beta, const double* z, double* p) const; // p = z + beta p
    double applyA(const double* x, double* y) const;               // y = A x, returns x . y
    void remember(SolutionBasis& basis, const double* x, const double* b, const double* r,
                  bool resolve) const;
    void refineFirstSolution(SolutionBasis& basis) const;
    mutable bool refining_ = false; // solving refineFirstSolution's correction
    bool accurateBasis_ = false;    // keepAccurateBasis()
    void bestOfTwoStarts(const double* b, double* x, double* q, double xAx, const double* d) const;
    // Shifts x so that sum(r) = 0 (rs: sum(r) before); updates r and its squared norm rr.
    void closeEnergyBalance(double rs, double* x, double* r, double& rr) const;
    double groundSum_ = 0;  // sum of A 1: conductances to ambient and capacities / dt (multigrid)
    double groundNorm_ = 0; // |A 1| of a steady multigrid solver: its conductances to ambient
    bool settledByProjection(const SolutionBasis::Projection& p, double tolerance,
                             std::vector<double>& x, SolveStats& st) const;
};

HeatFlow boundaryHeat(const Conductances& c, const std::vector<double>& theta);

} // namespace strata::thermal
