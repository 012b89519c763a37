#include "sweep/nsga2.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace strata {

namespace {
bool dominates(const Fitness& a, const Fitness& b) {
    if (a.violation != b.violation)
        return a.violation < b.violation; // constrained domination
    bool strictly = false;
    for (std::size_t k = 0; k < a.objectives.size(); ++k) {
        if (a.objectives[k] > b.objectives[k])
            return false;
        strictly |= a.objectives[k] < b.objectives[k];
    }
    return strictly;
}

// Fronts of `ids` (indices into fit), best first.
std::vector<std::vector<std::size_t>> sortFronts(const std::vector<std::size_t>& ids,
                                                 const std::vector<Fitness>& fit) {
    const std::size_t n = ids.size();
    std::vector<std::vector<std::size_t>> dominated(n);
    std::vector<int> count(n, 0);
    std::vector<std::vector<std::size_t>> fronts(1);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            if (i == j)
                continue;
            if (dominates(fit[ids[i]], fit[ids[j]]))
                dominated[i].push_back(j);
            else if (dominates(fit[ids[j]], fit[ids[i]]))
                ++count[i];
        }
    for (std::size_t i = 0; i < n; ++i)
        if (count[i] == 0)
            fronts[0].push_back(i);
    for (std::size_t f = 0; !fronts[f].empty(); ++f) {
        std::vector<std::size_t> next;
        for (std::size_t i : fronts[f])
            for (std::size_t j : dominated[i])
                if (--count[j] == 0)
                    next.push_back(j);
        fronts.push_back(next);
    }
    fronts.pop_back();
    for (auto& front : fronts)
        for (std::size_t& i : front)
            i = ids[i];
    return fronts;
}

std::vector<double> crowding(const std::vector<std::size_t>& front,
                             const std::vector<Fitness>& fit) {
    std::vector<double> d(front.size(), 0.0);
    if (front.empty())
        return d;
    const std::size_t m = fit[front[0]].objectives.size();
    std::vector<std::size_t> order(front.size());
    for (std::size_t k = 0; k < m; ++k) {
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return fit[front[a]].objectives[k] < fit[front[b]].objectives[k];
        });
        const double lo = fit[front[order.front()]].objectives[k];
        const double hi = fit[front[order.back()]].objectives[k];
        d[order.front()] = d[order.back()] = std::numeric_limits<double>::infinity();
        if (hi <= lo)
            continue;
        for (std::size_t i = 1; i + 1 < order.size(); ++i)
            d[order[i]] +=
                (fit[front[order[i + 1]]].objectives[k] - fit[front[order[i - 1]]].objectives[k]) /
                (hi - lo);
    }
    return d;
}
} // namespace

Nsga2Result nsga2(int dims, const BatchFitness& evaluate, const Nsga2Options& o) {
    Nsga2Result r;
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const auto n = static_cast<std::size_t>(std::max(4, o.population));
    auto add = [&](const std::vector<std::vector<double>>& genomes) {
        const std::vector<Fitness> f = evaluate(genomes);
        const std::size_t first = r.genomes.size();
        r.genomes.insert(r.genomes.end(), genomes.begin(), genomes.end());
        r.fitness.insert(r.fitness.end(), f.begin(), f.end());
        std::vector<std::size_t> ids;
        for (std::size_t i = first; i < r.genomes.size(); ++i)
            ids.push_back(i);
        return ids;
    };
    std::vector<std::vector<double>> initial(n,
                                             std::vector<double>(static_cast<std::size_t>(dims)));
    for (auto& g : initial)
        for (double& x : g)
            x = u(rng);
    std::vector<std::size_t> population = add(initial);
    // Rank and crowding of the current population, for the tournaments.
    std::vector<int> rank(r.genomes.size());
    std::vector<double> crowd(r.genomes.size());
    auto rankPopulation = [&](const std::vector<std::size_t>& pop) {
        rank.resize(r.genomes.size());
        crowd.resize(r.genomes.size());
        const auto fronts = sortFronts(pop, r.fitness);
        for (std::size_t f = 0; f < fronts.size(); ++f) {
            const std::vector<double> c = crowding(fronts[f], r.fitness);
            for (std::size_t i = 0; i < fronts[f].size(); ++i) {
                rank[fronts[f][i]] = static_cast<int>(f);
                crowd[fronts[f][i]] = c[i];
            }
        }
        return fronts;
    };
    rankPopulation(population);
    auto tournament = [&] {
        const std::size_t a = population[rng() % population.size()];
        const std::size_t b = population[rng() % population.size()];
        if (rank[a] != rank[b])
            return rank[a] < rank[b] ? a : b;
        return crowd[a] >= crowd[b] ? a : b;
    };
    for (int gen = 0; gen < o.generations; ++gen) {
        std::vector<std::vector<double>> children;
        while (children.size() < n) {
            std::vector<double> c1 = r.genomes[tournament()], c2 = r.genomes[tournament()];
            for (int k = 0; k < dims; ++k) { // simulated binary crossover
                const auto kk = static_cast<std::size_t>(k);
                if (u(rng) > 0.5)
                    continue;
                const double v = u(rng);
                const double beta = v <= 0.5
                                        ? std::pow(2 * v, 1 / (o.crossover_eta + 1))
                                        : std::pow(1 / (2 * (1 - v)), 1 / (o.crossover_eta + 1));
                const double x1 = c1[kk], x2 = c2[kk];
                c1[kk] = std::clamp(0.5 * ((1 + beta) * x1 + (1 - beta) * x2), 0.0, 1.0);
                c2[kk] = std::clamp(0.5 * ((1 - beta) * x1 + (1 + beta) * x2), 0.0, 1.0);
            }
            for (auto* c : {&c1, &c2})
                for (double& x : *c) // polynomial mutation, probability 1 / dims
                    if (u(rng) < 1.0 / dims) {
                        const double v = u(rng);
                        const double delta =
                            v < 0.5 ? std::pow(2 * v, 1 / (o.mutation_eta + 1)) - 1
                                    : 1 - std::pow(2 * (1 - v), 1 / (o.mutation_eta + 1));
                        x = std::clamp(x + delta, 0.0, 1.0);
                    }
            children.push_back(c1);
            if (children.size() < n)
                children.push_back(c2);
        }
        std::vector<std::size_t> pool = population;
        const std::vector<std::size_t> born = add(children);
        pool.insert(pool.end(), born.begin(), born.end());
        // Survival: whole fronts while they fit, the last one by crowding distance.
        const auto fronts = rankPopulation(pool);
        population.clear();
        for (const auto& front : fronts) {
            if (population.size() + front.size() <= n) {
                population.insert(population.end(), front.begin(), front.end());
                continue;
            }
            const std::vector<double> c = crowding(front, r.fitness);
            std::vector<std::size_t> order(front.size());
            for (std::size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            std::sort(order.begin(), order.end(),
                      [&](std::size_t a, std::size_t b) { return c[a] > c[b]; });
            for (std::size_t i = 0; population.size() < n; ++i)
                population.push_back(front[order[i]]);
            break;
        }
        rankPopulation(population);
    }
    std::vector<std::size_t> all(r.genomes.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    const auto fronts = sortFronts(all, r.fitness);
    if (!fronts.empty())
        for (std::size_t i : fronts[0])
            if (r.fitness[i].violation == 0)
                r.front.push_back(i);
    return r;
}

std::vector<Fitness> evaluateGenomes(const Design& base, const Library& library,
                                     const EvaluatorRegistry& registry, const OptimizeSpec& spec,
                                     const std::vector<std::vector<double>>& genomes,
                                     ResultStore* store, std::int64_t run,
                                     const std::function<void(const SweepProgress&)>& progress,
                                     std::vector<SweepRow>& rows) {
    const auto& axes = spec.sweep.axes;
    auto decode = [&](const std::vector<double>& g) {
        std::vector<Value> v;
        for (std::size_t a = 0; a < axes.size(); ++a) {
            if (!axes[a].values.empty()) { // a discrete axis: pick a listed value
                const auto k = std::min(
                    axes[a].values.size() - 1,
                    static_cast<std::size_t>(g[a] * static_cast<double>(axes[a].values.size())));
                v.push_back(axes[a].values[k]);
            } else {
                const double x = axes[a].log && axes[a].min > 0 && axes[a].max > 0
                                     ? axes[a].min * std::pow(axes[a].max / axes[a].min, g[a])
                                     : axes[a].min + (axes[a].max - axes[a].min) * g[a];
                v.emplace_back(x);
            }
        }
        return v;
    };
    auto fitnessOf = [&](const SweepRow& row) {
        Fitness f;
        f.margin = spec.constraints.empty() ? 0.0 : -std::numeric_limits<double>::infinity();
        auto metric = [&](const std::string& name) -> std::optional<double> {
            for (const Metric& m : row.metrics)
                if (m.name == name)
                    return m.value;
            return std::nullopt;
        };
        for (const Objective& o : spec.objectives) {
            const auto v = metric(o.metric);
            f.objectives.push_back(!v ? 0.0 : o.maximize ? -*v : *v);
            if (!v) {
                f.violation += 1e6; // a failed point or a missing metric is never feasible
                f.margin = std::max(f.margin, 1.0);
            }
        }
        for (const Constraint& c : spec.constraints) {
            const auto v = metric(c.metric);
            if (!v) {
                f.violation += 1e6;
                f.margin = std::max(f.margin, 1.0);
                continue;
            }
            // Violations relative to the bound, so different units add up sensibly.
            if (c.min) {
                const double g = (*c.min - *v) / std::max(1e-12, std::fabs(*c.min));
                f.violation += std::max(0.0, g);
                f.margin = std::max(f.margin, g);
            }
            if (c.max) {
                const double g = (*v - *c.max) / std::max(1e-12, std::fabs(*c.max));
                f.violation += std::max(0.0, g);
                f.margin = std::max(f.margin, g);
            }
        }
        return f;
    };
    std::vector<std::vector<Value>> points;
    for (const auto& g : genomes)
        points.push_back(decode(g));
    const std::vector<SweepRow> evaluated =
        runPoints(base, library, registry, spec.sweep, points, store, run, progress);
    std::vector<Fitness> f;
    for (const SweepRow& row : evaluated)
        f.push_back(fitnessOf(row));
    rows.insert(rows.end(), evaluated.begin(), evaluated.end());
    return f;
}

OptimizeResult optimizeDesign(const Design& base, const Library& library,
                              const EvaluatorRegistry& registry, const OptimizeSpec& spec,
                              ResultStore* store, std::int64_t run,
                              const std::function<void(const SweepProgress&)>& progress) {
    OptimizeResult out;
    out.front = nsga2(
                    static_cast<int>(spec.sweep.axes.size()),
                    [&](const std::vector<std::vector<double>>& genomes) {
                        return evaluateGenomes(base, library, registry, spec, genomes, store, run,
                                               progress, out.evaluated);
                    },
                    spec.nsga)
                    .front;
    return out;
}

std::vector<std::size_t> paretoFront(const std::vector<Fitness>& points) {
    std::vector<std::size_t> all(points.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    const auto fronts = sortFronts(all, points);
    return fronts.empty() ? std::vector<std::size_t>{} : fronts.front();
}

} // namespace strata
