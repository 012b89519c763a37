#include "thermal/solver_cache.h"

#include "thermal/memory_budget.h"

#include <cstring>
#include <mutex>

namespace strata::thermal {

namespace {

// What the operator is built from: a Model without its sources, dies and ambient.
Model operatorData(const Model& m) {
    Model key;
    key.xs = m.xs;
    key.ys = m.ys;
    key.layers = m.layers;
    key.h_top = m.h_top;
    key.h_bottom = m.h_bottom;
    return key;
}

bool sameCells(const std::vector<CellMaterial>& a, const std::vector<CellMaterial>& b) {
    static_assert(sizeof(CellMaterial) == 3 * sizeof(double), "compared as raw doubles");
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(CellMaterial)) == 0);
}

bool sameOperator(const Model& key, const Model& m) {
    if (key.xs != m.xs || key.ys != m.ys || key.h_top != m.h_top || key.h_bottom != m.h_bottom ||
        key.layers.size() != m.layers.size())
        return false;
    for (std::size_t l = 0; l < m.layers.size(); ++l)
        if (key.layers[l].thickness != m.layers[l].thickness ||
            !sameCells(key.layers[l].cells, m.layers[l].cells))
            return false;
    return true;
}

} // namespace

struct CachedSolver {
    Model key; // the operator data (empty when the solver is not to be kept)
    std::uint64_t scope;
    Solver solver;
    CachedSolver(const Model& m, std::uint64_t s, bool keep)
        : key(keep ? operatorData(m) : Model{}), scope(s), solver(m) {
        if (s == 0) // shared by evaluations (sweeps, live edits): many power vectors to come
            solver.keepAccurateBasis();
    }
};

namespace {

struct Cache {
    std::mutex mutex;
    std::shared_ptr<CachedSolver> entry;
    bool lent = false;
};

Cache& cache() {
    static Cache c;
    return c;
}

} // namespace

SteadySolverLease::SteadySolverLease(std::shared_ptr<CachedSolver> entry, bool reused, bool keep)
    : entry_(std::move(entry)), reused_(reused), keep_(keep) {}

SteadySolverLease::~SteadySolverLease() {
    if (!entry_ || (!reused_ && !keep_))
        return;
    Cache& c = cache();
    const std::lock_guard lock(c.mutex);
    if (reused_) {
        c.lent = false;
        if (!keep_) // the scope's last solve: nothing can use it any more
            c.entry.reset();
    } else if (!c.lent) { // the most recently used solver stays
        c.entry = std::move(entry_);
    }
}

const Solver& SteadySolverLease::operator*() const {
    return entry_->solver;
}

SteadySolverLease steadySolver(const Model& model, std::uint64_t scope, bool offer) {
    Cache& c = cache();
    {
        const std::lock_guard lock(c.mutex);
        if (c.entry && !c.lent && c.entry->scope == scope && sameOperator(c.entry->key, model)) {
            c.lent = true;
            return SteadySolverLease(c.entry, true, offer);
        }
    }
    const bool keep = offer && worthKeeping(model.unknowns(), availableMemoryBytes());
    return SteadySolverLease(std::make_shared<CachedSolver>(model, scope, keep), false, keep);
}

std::unique_ptr<SteadySolverLease> cachedSteadySolver(const Model& model, std::uint64_t scope) {
    Cache& c = cache();
    const std::lock_guard lock(c.mutex);
    if (!c.entry || c.lent || c.entry->scope != scope || !sameOperator(c.entry->key, model))
        return nullptr;
    c.lent = true;
    return std::make_unique<SteadySolverLease>(c.entry, true, true);
}

bool worthKeeping(std::size_t unknowns, std::size_t availableBytes) {
    if (availableBytes == 0)
        return unknowns <= 2'000'000;
    return static_cast<double>(unknowns) * kSteadyBytesPerUnknown <=
           static_cast<double>(availableBytes) / 4;
}

std::optional<std::uint64_t> reuseScope(const std::string& option, std::uint64_t run) {
    if (option == "evaluation")
        return run;
    if (option == "session")
        return 0;
    return std::nullopt;
}

} // namespace strata::thermal
