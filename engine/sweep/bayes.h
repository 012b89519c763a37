#pragma once
// Constrained Bayesian optimisation for expensive evaluations: a Gaussian-process surrogate of
// the objective (squared-exponential kernel, length scale chosen by marginal likelihood, inputs
// in [0, 1]^d, outputs standardised), a second Gaussian process of the constraint violation as
// the feasibility model, and the acquisition expected improvement over the best feasible value
// times the probability of feasibility (Gardner et al., "Bayesian optimization with inequality
// constraints", ICML 2014; EI after Jones, Schonlau and Welch, J. Global Optim. 13, 1998). The
// first points are a Latin hypercube; each later batch takes the best acquisition values over
// random and locally perturbed candidates.
#include "sweep/nsga2.h"

namespace strata {

struct BayesOptions {
    int initial = 8;     // Latin-hypercube points before the surrogate is used
    int iterations = 16; // surrogate-guided batches after that
    int batch = 1;       // points per batch (evaluated in parallel)
    unsigned seed = 1;
};

struct BayesResult {
    std::vector<std::vector<double>> genomes;
    std::vector<Fitness> fitness;    // objectives[0] is minimised
    std::optional<std::size_t> best; // best feasible, if any
};

BayesResult bayesOptimize(int dimensions, const BatchFitness& evaluate,
                          const BayesOptions& options);

// The design-level wrapper: one objective (the first of spec.objectives), the constraints.
OptimizeResult bayesOptimizeDesign(const Design& base, const Library& library,
                                   const EvaluatorRegistry& registry, const OptimizeSpec& spec,
                                   const BayesOptions& options, ResultStore* store,
                                   std::int64_t run,
                                   const std::function<void(const SweepProgress&)>& progress = {});

} // namespace strata
