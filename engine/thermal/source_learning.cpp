#include "thermal/source_learning.h"

#include "thermal/builder.h"
#include "thermal/memory_budget.h"
#include "thermal/solver_cache.h"

namespace strata::thermal {

std::size_t learningBudgetBytes() {
    const std::size_t available = availableMemoryBytes();
    return available > 0 ? available / 4 : kDefaultLearningBytes;
}

SourceLearning learnSessionSources(const Design& design, const Library& library,
                                   const std::string& resolution, const CancelToken* cancel) {
    SourceLearning out;
    std::optional<BuildOptions> options = buildOptionsFor(resolution);
    if (!options)
        return out;
    MemoryClaim claim; // the model's memory, as an evaluation claims it
    options->memory_claim = &claim;
    options->cancel = cancel;
    const BuildResult built = buildModel(design, library, *options);
    if (!built.ok)
        return out;
    const Model& m = built.model;
    out.sources = static_cast<int>(m.sources.size());
    const std::unique_ptr<SteadySolverLease> solver = cachedSteadySolver(m, 0);
    if (!solver)
        return out;
    out.cached = true;
    const std::size_t budget = learningBudgetBytes();
    out.fits = learntResponseBytes(m.sources.size(), m.unknowns()) <= budget;
    out.held = (*solver)->learnSources(m, cancel, budget);
    return out;
}

} // namespace strata::thermal
