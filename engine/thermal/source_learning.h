#pragma once
// Teaching the session's steady solver the response to each heat source of a design, between
// evaluations (thermal.solver_reuse = session: the studio after each evaluation). A power edit of
// any block is then a combination of what the solver holds and costs a projection (2-3 % of a
// first solve on the benchmark package) instead of a solve (a new power direction cost as much as
// a first solve: 7-8 multigrid iterations, and the first solve's set-up is a fifth of it, so reuse
// alone could not make it cheaper). The learning costs about one solve per source
// (tests/bench/thermal_bench prints it); it is done when nobody waits for a result and is
// cancelled by the next evaluation. Sweeps learn only when asked (thermal.learn_sources, the
// thermal evaluator): a session sweep's kept solutions span its few power axes after a few
// points, for less than learning every source (chiplet-mcm, four die powers over 14 sources:
// 0.20 s for 40 points without, 0.40 s with); it pays when many sources' powers vary.
#include "core/progress.h"
#include "library/library.h"
#include "model/design.h"

#include <cstddef>
#include <string>

namespace strata::thermal {

// Memory the session's solver may fill with learnt responses: a quarter of the memory still
// available (memory_budget.h), kDefaultLearningBytes (solver.h) when that is unknown. On this
// 24 GB machine it lets the benchmark package at 128 cells across the die (6.0 M unknowns,
// 5 sources: 336 MB) learn, which a fixed 256 MB did not: its power edits then cost a projection
// instead of a 1.2 s solve.
std::size_t learningBudgetBytes();

struct SourceLearning {
    int sources = 0;     // the design's heat sources at this resolution
    int held = 0;        // whose responses the session's solver now holds
    bool cached = false; // the session had a solver for this design's model (else nothing done)
    bool fits = true;    // the responses fit in learningBudgetBytes() (else none are learnt)
};

// Learns the sources of `design`'s thermal model at `resolution` on the session's cached
// steady solver (solver_cache.h, scope 0), if the last session evaluation left one for this
// model; builds nothing else. Stops when `cancel` is set. Responses that would take more than
// learningBudgetBytes() are not learnt.
SourceLearning learnSessionSources(const Design& design, const Library& library,
                                   const std::string& resolution, const CancelToken* cancel);

} // namespace strata::thermal
