#pragma once
// NSGA-II (Deb, Pratap, Agarwal and Meyarivan, "A fast and elitist multiobjective genetic
// algorithm: NSGA-II", IEEE TEC 6(2), 2002): fast non-dominated sorting, crowding distance,
// binary tournaments, simulated binary crossover and polynomial mutation, (mu + lambda)
// survival; constraints by Deb's constrained domination (feasible beats infeasible, less
// violation beats more). The core works on genomes in [0, 1]^n so it can be tested on standard
// problems; optimizeDesign() maps genomes to property-path values and evaluates them with the
// pipeline (in parallel, recorded in the store like any sweep).
#include "sweep/sweep.h"

#include <optional>

namespace strata {

struct Fitness {
    std::vector<double> objectives; // all minimised
    double violation = 0;           // 0 when feasible
    // Signed worst constraint value, relative to its bound: <= 0 when every constraint holds
    // (how far inside), > 0 when one fails. A smooth target for a feasibility surrogate.
    double margin = 0;
};

struct Nsga2Options {
    int population = 24, generations = 10;
    unsigned seed = 1;
    double crossover_eta = 15, mutation_eta = 20;
};

struct Nsga2Result {
    std::vector<std::vector<double>> genomes; // every evaluated genome, in order
    std::vector<Fitness> fitness;
    std::vector<std::size_t> front; // indices of the final non-dominated feasible set
};

using BatchFitness = std::function<std::vector<Fitness>(const std::vector<std::vector<double>>&)>;

Nsga2Result nsga2(int dimensions, const BatchFitness& evaluate, const Nsga2Options& options);

struct Objective {
    std::string metric;
    bool maximize = false;
};
struct Constraint {
    std::string metric;
    std::optional<double> min, max;
};

struct OptimizeSpec {
    SweepSpec sweep; // axes (from/to, or values for discrete axes), parallel, options
    std::vector<Objective> objectives;
    std::vector<Constraint> constraints;
    Nsga2Options nsga;
};

struct OptimizeResult {
    std::vector<SweepRow> evaluated;
    std::vector<std::size_t> front; // indices into evaluated
};

// Decodes genomes in [0, 1]^n to axis values (discrete axes pick a listed value), evaluates
// them as sweep points, appends the rows to `rows` and returns their fitness: objectives
// (maximised ones negated) and the summed relative constraint violation (a failed point or a
// missing metric is infeasible).
std::vector<Fitness> evaluateGenomes(const Design& base, const Library& library,
                                     const EvaluatorRegistry& registry, const OptimizeSpec& spec,
                                     const std::vector<std::vector<double>>& genomes,
                                     ResultStore* store, std::int64_t run,
                                     const std::function<void(const SweepProgress&)>& progress,
                                     std::vector<SweepRow>& rows);

OptimizeResult optimizeDesign(const Design& base, const Library& library,
                              const EvaluatorRegistry& registry, const OptimizeSpec& spec,
                              ResultStore* store, std::int64_t run,
                              const std::function<void(const SweepProgress&)>& progress = {});

// Indices of the non-dominated points (every objective minimised; a lower violation wins first).
std::vector<std::size_t> paretoFront(const std::vector<Fitness>& points);

} // namespace strata
