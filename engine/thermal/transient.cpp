#include "thermal/transient.h"

#include "thermal/results.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace strata::thermal {

std::optional<TransientStart> parseTransientStart(const std::string& text) {
    if (text == "ambient")
        return TransientStart::Ambient;
    if (text == "steady")
        return TransientStart::Steady;
    return std::nullopt;
}

namespace {
// The hottest cell of every source for a field.
std::vector<double> sourceMaxima(const Model& model, const std::vector<double>& theta) {
    std::vector<double> maxima;
    for (const RegionTemperature& t : sourceTemperatures(model, theta))
        maxima.push_back(t.max_k);
    return maxima;
}
} // namespace

TransientResult runTransient(const Model& model, const PowerTrace& trace, int steps,
                             const CancelToken* cancel, TransientStart start,
                             ProgressSink* progress) {
    TransientResult r;
    const double total = trace.times.back() - trace.times.front();
    const double dt0 = total / std::max(1, steps);
    auto stepsIn = [&](std::size_t row) { // steps of equal length within row's interval
        const double len = trace.times[row + 1] - trace.times[row];
        return std::max(1, static_cast<int>(std::round(len / dt0)));
    };
    int allSteps = 0;
    for (std::size_t row = 0; row + 1 < trace.times.size(); ++row)
        allSteps += stepsIn(row);
    const int reportEvery = std::max(1, allSteps / 100);
    std::vector<double> powers(model.sources.size());
    for (std::size_t s = 0; s < model.sources.size(); ++s)
        powers[s] = model.sources[s].power_w;
    r.theta.assign(model.unknowns(), 0.0);
    std::vector<double> q;
    if (start == TransientStart::Steady) { // K theta = q(first row); its solver is freed after
        for (std::size_t c = 0; c < trace.sources.size(); ++c)
            powers[static_cast<std::size_t>(trace.sources[c])] = trace.powers[0][c];
        rasterisePower(model, powers, q);
        if (Solver(model).solve(q, r.theta, 500, cancel).cancelled) {
            r.cancelled = true;
            return r;
        }
    }
    r.start_time = trace.times.front();
    r.start_max_k = sourceMaxima(model, r.theta);
    r.peak_k = r.start_max_k;
    const std::size_t plane = model.cellsPerLayer();
    for (const DieRegion& d : model.dies)
        if (std::find(r.peak_layers.begin(), r.peak_layers.end(), d.layer) == r.peak_layers.end())
            r.peak_layers.push_back(d.layer);
    auto activePlanes = [&] {
        std::vector<std::vector<double>> planes;
        for (int layer : r.peak_layers) {
            const auto first = r.theta.begin() +
                               static_cast<std::ptrdiff_t>(plane * static_cast<std::size_t>(layer));
            planes.emplace_back(first, first + static_cast<std::ptrdiff_t>(plane));
        }
        return planes;
    };
    r.peak_theta = activePlanes();
    // Frames: the start and every `frameEvery`-th step, the last step always.
    const std::size_t frameBytes = std::max<std::size_t>(1, r.peak_layers.size() * plane * 8);
    const int frameCount = std::clamp(static_cast<int>(kTransientFrameBytes / frameBytes), 2,
                                      std::min(kMaxTransientFrames, allSteps + 1));
    const int frameEvery = (allSteps + frameCount - 2) / (frameCount - 1); // ceil
    r.frame_times.push_back(trace.times.front());
    r.frames.push_back(r.peak_theta);
    std::unique_ptr<Solver> solver;
    double solverDt = 0;
    std::vector<double> rhs(model.unknowns()), stage, applied, hint;
    const std::vector<double> cap = heatCapacities(model);
    double t = trace.times.front();
    // One TR-BDF2 step (transient.h) from theta_n: the operator A = K + C s, s = 2 / (gamma dt),
    // is the same in both stages.
    //   A theta_g   = 2 q + 2 C s theta_n - A theta_n                (trapezoid to t + gamma dt)
    //   A theta_n+1 = q + C s (theta_g - (1 - gamma)^2 theta_n) / (gamma (2 - gamma))   (BDF2)
    // Each stage's solve starts from the best combination, in the energy norm, of the field it
    // starts from and a likely change (solver.h, `hint`): the last step's change for the
    // trapezoid, the trapezoid's own change for BDF2. Measured with backward Euler on the
    // benchmark package (100 steps, a power pulse): 148 -> 107 CG iterations at 126 x 108 x 31,
    // 303 -> 203 at 238 x 207 x 31; a plain extrapolation (2 theta_n - theta_n-1) did as well on
    // the pulse but raised a 600-step soak from 25 to 320 iterations (the combination: 20).
    const double gamma = 2 - std::sqrt(2.0);
    const double bdfNew = 1 / (gamma * (2 - gamma)), bdfOld = (1 - gamma) * (1 - gamma) * bdfNew;
    auto solveStage = [&](const std::vector<double>* direction) {
        const SolveStats st = solver->solve(rhs, r.theta, 500, cancel, kSolveTolerance,
                                            solver->usesHint() ? direction : nullptr);
        r.max_iterations = std::max(r.max_iterations, st.iterations);
        r.total_iterations += st.iterations;
    };
    for (std::size_t row = 0; row + 1 < trace.times.size(); ++row) {
        for (std::size_t c = 0; c < trace.sources.size(); ++c)
            powers[static_cast<std::size_t>(trace.sources[c])] = trace.powers[row][c];
        const int n = stepsIn(row);
        const double dt = (trace.times[row + 1] - trace.times[row]) / n;
        const double scale = 2 / (gamma * dt);
        if (!solver || std::fabs(dt - solverDt) > 1e-12 * dt) { // reuse while the step length holds
            solver = std::make_unique<Solver>(model, scale);
            solverDt = dt;
            hint.clear(); // a change over a step of another length is no hint
        }
        rasterisePower(model, powers, q);
        for (int s = 0; s < n; ++s) {
            if (cancel && cancel->cancelled()) {
                r.cancelled = true;
                return r;
            }
            // Trapezoid stage from theta_n, starting along the last step's change.
            solver->multiply(r.theta, applied);
            for (std::size_t i = 0; i < rhs.size(); ++i)
                rhs[i] = 2 * q[i] + 2 * cap[i] * scale * r.theta[i] - applied[i];
            stage = r.theta; // theta_n, kept for the BDF2 stage
            solveStage(hint.empty() ? nullptr : &hint);
            // BDF2 stage from theta_g, starting along the trapezoid's change.
            hint.resize(rhs.size());
            for (std::size_t i = 0; i < rhs.size(); ++i) {
                rhs[i] = q[i] + cap[i] * scale * (bdfNew * r.theta[i] - bdfOld * stage[i]);
                hint[i] = r.theta[i] - stage[i];
            }
            solveStage(&hint);
            for (std::size_t i = 0; i < rhs.size(); ++i) // the step's change, for the next one
                hint[i] = r.theta[i] - stage[i];
            if (cancel && cancel->cancelled()) {
                r.cancelled = true;
                return r;
            }
            t += dt;
            r.times.push_back(t);
            for (std::size_t p = 0; p < r.peak_layers.size(); ++p) {
                const double* now =
                    r.theta.data() + plane * static_cast<std::size_t>(r.peak_layers[p]);
                double* peak = r.peak_theta[p].data();
                for (std::size_t c = 0; c < plane; ++c)
                    peak[c] = std::max(peak[c], now[c]);
            }
            std::vector<double> maxima = sourceMaxima(model, r.theta);
            for (std::size_t k = 0; k < maxima.size(); ++k)
                r.peak_k[k] = std::max(r.peak_k[k], maxima[k]);
            r.source_max_k.push_back(std::move(maxima));
            ++r.steps;
            if (r.steps % frameEvery == 0 || r.steps == allSteps) {
                r.frame_times.push_back(t);
                r.frames.push_back(activePlanes());
            }
            if (progress && r.steps % reportEvery == 0)
                progress->progress("thermal transient", static_cast<double>(r.steps) / allSteps);
        }
    }
    return r;
}

} // namespace strata::thermal
