#include "sweep/bayes.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace strata {

namespace {
using Eigen::MatrixXd;
using Eigen::VectorXd;

// A Gaussian process on standardised outputs.
class Gp {
public:
    Gp(const std::vector<std::vector<double>>& x, const std::vector<double>& y) : x_(x) {
        const double n = static_cast<double>(y.size());
        mean_ = std::accumulate(y.begin(), y.end(), 0.0) / n;
        double var = 0;
        for (double v : y)
            var += (v - mean_) * (v - mean_);
        scale_ = std::sqrt(var / n);
        if (!(scale_ > 1e-12))
            scale_ = 1;
        VectorXd ys(static_cast<Eigen::Index>(y.size()));
        for (std::size_t i = 0; i < y.size(); ++i)
            ys[static_cast<Eigen::Index>(i)] = (y[i] - mean_) / scale_;
        // Length scale by the log marginal likelihood over a small grid.
        double bestLml = -std::numeric_limits<double>::infinity();
        for (double l : {0.03, 0.05, 0.08, 0.12, 0.18, 0.25, 0.35, 0.5, 0.8}) {
            length_ = l;
            if (!factor(ys))
                continue;
            const double lml =
                -0.5 * ys.dot(alpha_) - chol_.matrixLLT().diagonal().array().log().sum();
            if (lml > bestLml) {
                bestLml = lml;
                bestLength_ = l;
            }
        }
        length_ = bestLength_;
        factor(ys);
    }
    // Mean and standard deviation in the original units.
    std::pair<double, double> predict(const std::vector<double>& q) const {
        VectorXd k(static_cast<Eigen::Index>(x_.size()));
        for (std::size_t i = 0; i < x_.size(); ++i)
            k[static_cast<Eigen::Index>(i)] = kernel(q, x_[i]);
        const double mu = k.dot(alpha_);
        const VectorXd v = chol_.matrixL().solve(k);
        const double var = std::max(1e-12, 1.0 - v.squaredNorm());
        return {mean_ + scale_ * mu, scale_ * std::sqrt(var)};
    }

private:
    double kernel(const std::vector<double>& a, const std::vector<double>& b) const {
        double d2 = 0;
        for (std::size_t i = 0; i < a.size(); ++i)
            d2 += (a[i] - b[i]) * (a[i] - b[i]);
        return std::exp(-0.5 * d2 / (length_ * length_));
    }
    bool factor(const VectorXd& ys) {
        const auto n = static_cast<Eigen::Index>(x_.size());
        MatrixXd K(n, n);
        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index j = 0; j < n; ++j)
                K(i, j) = kernel(x_[static_cast<std::size_t>(i)], x_[static_cast<std::size_t>(j)]);
        K.diagonal().array() += 1e-4; // noise / jitter (outputs are standardised)
        chol_.compute(K);
        if (chol_.info() != Eigen::Success)
            return false;
        alpha_ = chol_.solve(ys);
        return true;
    }
    std::vector<std::vector<double>> x_;
    double mean_ = 0, scale_ = 1, length_ = 0.3, bestLength_ = 0.3;
    Eigen::LLT<MatrixXd> chol_;
    VectorXd alpha_;
};

double normalCdf(double z) {
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
}
double normalPdf(double z) {
    return std::exp(-0.5 * z * z) / std::sqrt(2 * 3.14159265358979323846);
}
} // namespace

BayesResult bayesOptimize(int dims, const BatchFitness& evaluate, const BayesOptions& o) {
    BayesResult r;
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const auto d = static_cast<std::size_t>(dims);
    auto add = [&](const std::vector<std::vector<double>>& genomes) {
        const std::vector<Fitness> f = evaluate(genomes);
        r.genomes.insert(r.genomes.end(), genomes.begin(), genomes.end());
        r.fitness.insert(r.fitness.end(), f.begin(), f.end());
    };
    // Latin hypercube start.
    const int m = std::max(2, o.initial);
    std::vector<std::vector<double>> start(static_cast<std::size_t>(m), std::vector<double>(d));
    for (std::size_t k = 0; k < d; ++k) {
        std::vector<int> strata(static_cast<std::size_t>(m));
        std::iota(strata.begin(), strata.end(), 0);
        std::shuffle(strata.begin(), strata.end(), rng);
        for (int s = 0; s < m; ++s)
            start[static_cast<std::size_t>(s)][k] =
                (strata[static_cast<std::size_t>(s)] + u(rng)) / m;
    }
    add(start);
    for (int it = 0; it < o.iterations; ++it) {
        std::vector<double> obj, viol, margin;
        for (const Fitness& f : r.fitness) {
            obj.push_back(f.objectives.empty() ? 0.0 : f.objectives[0]);
            viol.push_back(f.violation);
            margin.push_back(std::isfinite(f.margin) ? std::clamp(f.margin, -10.0, 10.0) : -10.0);
        }
        double bestFeasible = std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < obj.size(); ++i)
            if (viol[i] == 0)
                bestFeasible = std::min(bestFeasible, obj[i]);
        const Gp objective(r.genomes, obj);
        const bool anyViolation =
            std::any_of(viol.begin(), viol.end(), [](double v) { return v > 0; });
        const std::optional<Gp> feasibility =
            anyViolation ? std::optional<Gp>(Gp(r.genomes, viol)) : std::nullopt;
        auto acquisition = [&](const std::vector<double>& x) {
            double pf = 1;
            if (feasibility) {
                const auto [mv, sv] = feasibility->predict(x);
                pf = normalCdf(-mv / sv);
            }
            if (!std::isfinite(bestFeasible))
                return pf; // no feasible point yet: look for feasibility first
            const auto [mu, sigma] = objective.predict(x);
            const double z = (bestFeasible - mu) / sigma;
            return pf * ((bestFeasible - mu) * normalCdf(z) + sigma * normalPdf(z));
        };
        // Candidates: random points, perturbations of observed points, and fine perturbations of
        // the best feasible point (EI is sharp near the incumbent; random points rarely land
        // there).
        std::size_t incumbent = 0;
        for (std::size_t i = 0; i < obj.size(); ++i)
            if (viol[i] < viol[incumbent] ||
                (viol[i] == viol[incumbent] && obj[i] < obj[incumbent]))
                incumbent = i;
        std::vector<std::pair<double, std::vector<double>>> scored;
        std::normal_distribution<double> wide(0.0, 0.05), fine(0.0, 0.01);
        for (int c = 0; c < 3000; ++c) {
            std::vector<double> x(d);
            if (c % 3 == 0) {
                for (double& v : x)
                    v = u(rng);
            } else if (c % 3 == 1) {
                x = r.genomes[rng() % r.genomes.size()];
                for (double& v : x)
                    v = std::clamp(v + wide(rng), 0.0, 1.0);
            } else {
                x = r.genomes[incumbent];
                for (double& v : x)
                    v = std::clamp(v + fine(rng), 0.0, 1.0);
            }
            scored.emplace_back(acquisition(x), std::move(x));
        }
        std::sort(scored.begin(), scored.end(),
                  [](const auto& a, const auto& b) { return a.first > b.first; });
        std::vector<std::vector<double>> batch;
        for (const auto& [score, x] : scored) {
            if (static_cast<int>(batch.size()) >= std::max(1, o.batch))
                break;
            batch.push_back(x);
        }
        add(batch);
    }
    for (std::size_t i = 0; i < r.fitness.size(); ++i)
        if (r.fitness[i].violation == 0 && !r.fitness[i].objectives.empty() &&
            (!r.best || r.fitness[i].objectives[0] < r.fitness[*r.best].objectives[0]))
            r.best = i;
    return r;
}

OptimizeResult bayesOptimizeDesign(const Design& base, const Library& library,
                                   const EvaluatorRegistry& registry, const OptimizeSpec& spec,
                                   const BayesOptions& options, ResultStore* store,
                                   std::int64_t run,
                                   const std::function<void(const SweepProgress&)>& progress) {
    OptimizeSpec single = spec;
    single.objectives.resize(std::min<std::size_t>(1, spec.objectives.size()));
    OptimizeResult out;
    const BayesResult r = bayesOptimize(
        static_cast<int>(spec.sweep.axes.size()),
        [&](const std::vector<std::vector<double>>& genomes) {
            return evaluateGenomes(base, library, registry, single, genomes, store, run, progress,
                                   out.evaluated);
        },
        options);
    if (r.best)
        out.front.push_back(*r.best);
    return out;
}

} // namespace strata
