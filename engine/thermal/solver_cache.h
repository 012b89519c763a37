#pragma once
// The steady solver of the most recently solved model, kept for the next solve with the same
// operator in the same scope. Within one pipeline run (scope = the run's id) the power evaluator's
// leakage loop and the thermal evaluator solve the same model: the thermal solve then starts from
// the leakage loop's kept solutions (solver.h). With the option thermal.solver_reuse = session
// (scope 0) evaluations share it too, so a power sweep or a block power edited in the studio
// changes only the right-hand side; results then agree with a fresh evaluation within the solver
// tolerance (~1e-7 of the temperature rise), not bit for bit, and depend on what was evaluated
// before (the default, per run, keeps every evaluation reproducible).
//
// Thread-safe: the solver is lent to one caller at a time; a caller that finds it lent (parallel
// sweep workers) gets a fresh solver, which replaces the cached one when it is returned. A solver
// that would hold more than a quarter of the memory still available is not kept (worthKeeping).
#include "thermal/model.h"
#include "thermal/solver.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace strata::thermal {

struct CachedSolver; // the solver with the model data its operator was built from

class SteadySolverLease {
public:
    // `keep`: whether the solver stays in the cache when the lease ends.
    SteadySolverLease(std::shared_ptr<CachedSolver> entry, bool reused, bool keep);
    ~SteadySolverLease(); // returns the solver to the cache
    SteadySolverLease(const SteadySolverLease&) = delete;
    SteadySolverLease& operator=(const SteadySolverLease&) = delete;
    const Solver& operator*() const;
    const Solver* operator->() const { return &**this; }
    bool reused() const { return reused_; } // the cached solver, not a fresh one

private:
    std::shared_ptr<CachedSolver> entry_;
    bool reused_, keep_;
};

// A steady solver for `model`: the cached one when it was cached under `scope` and the model's
// grid lines, layers (thickness and cell materials) and boundary coefficients equal those it was
// built for (sources, dies and ambient do not enter the operator), else a new one. `offer` = false
// says no later solve in the scope can use the solver: a new one is not kept (nor is the copy of
// the model's cells made that would identify it), and a reused one leaves the cache when returned
// (a run's leakage solver, once the thermal evaluator has used it, is not held until the next run).
SteadySolverLease steadySolver(const Model& model, std::uint64_t scope, bool offer = true);

// The solver cached under `scope` for `model`'s operator, lent as steadySolver() lends it; null
// when there is none (or it is lent): nothing is built.
std::unique_ptr<SteadySolverLease> cachedSteadySolver(const Model& model, std::uint64_t scope);

// Whether a solver for a model of `unknowns` is kept: while the memory of a steady evaluation
// (kSteadyBytesPerUnknown, memory_budget.h) is at most a quarter of `availableBytes`; up to 2M
// unknowns when the available memory is unknown (0). Until 2026-12 it was 2M unknowns always: the
// studio then solved every edit of a finer grid anew (the benchmark package at 128 cells across
// the die, 6.0 M unknowns: 1.2 s per power edit; with the solver kept and its sources learnt,
// 30 ms).
bool worthKeeping(std::size_t unknowns, std::size_t availableBytes);

// The scope for a pipeline run: `run` for thermal.solver_reuse = "evaluation" (the default), 0
// for "session"; nullopt for any other value.
std::optional<std::uint64_t> reuseScope(const std::string& option, std::uint64_t run);

} // namespace strata::thermal
