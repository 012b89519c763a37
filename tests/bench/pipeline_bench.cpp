// Full-pipeline benchmark (run on demand: build/tests/pipeline_bench [repeats]). Prints the wall
// time of one complete evaluation (perf, power with leakage coupling, thermal, bandwidth,
// reliability, cost) of every example project at the coarse and the default thermal resolution,
// and with thermal.solver_reuse = session the time of an evaluation after the first die's power was
// edited (as in the studio, or a power sweep): the steady thermal solver is then reused (the first
// edit, then the median of the later ones).
// Goal: <= 100 ms per evaluation at the coarse resolution on one core, for live re-evaluation.
// Usage: pipeline_bench [repeats] [resolution...] (default: coarse default; a resolution is a
// thermal.resolution value: coarse, default, fine or cells across the largest die).
#include "core/memory_policy.h"
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "library/library_loader.h"
#include "model/design_io.h"
#include "thermal/source_learning.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace strata;

int main(int argc, char** argv) {
    strata::keepLargeAllocationsInHeap(); // evaluations reuse their memory (see memory_policy.h)
    const int repeats = argc > 1 ? std::max(2, std::atoi(argv[1])) : 5;
    std::vector<std::string> resolutions{"coarse", "default"};
    if (argc > 2)
        resolutions.assign(argv + 2, argv + argc);
    const LibraryLoad lib = loadDefaultLibrary();
    EvaluatorRegistry reg;
    registerBuiltinEvaluators(reg);
    std::vector<std::filesystem::path> projects;
    for (const auto& e :
         std::filesystem::directory_iterator(std::string(STRATA_SOURCE_DIR) + "/projects"))
        if (e.is_directory())
            projects.push_back(e.path());
    std::sort(projects.begin(), projects.end());
    std::printf("pipeline_bench: median of %d evaluations, one core\n", repeats);
    for (const auto& p : projects) {
        const DesignLoad load = loadDesignFile((p / "design.strata.json").string());
        if (!load.ok())
            continue;
        for (const std::string& res : resolutions) {
            EvalOptions o;
            o.values["thermal.resolution"] = res;
            const auto timed = [&](const Design& d, const EvalOptions& options, std::size_t& n,
                                   double& watts) {
                const auto t0 = std::chrono::steady_clock::now();
                const EvalResult r = evaluate(reg, {d, lib.library, options, nullptr, nullptr});
                n = r.metrics.size();
                const Metric* w = r.metric("thermal.power_w");
                watts = w ? w->value : 0.0;
                return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                 t0)
                    .count();
            };
            std::vector<double> fresh, edited;
            std::size_t metrics = 0;
            double watts = 0, firstWatts = 0, lastWatts = 0;
            for (int i = 0; i < repeats; ++i)
                fresh.push_back(timed(*load.design, o, metrics, watts));
            EvalOptions session = o;
            session.values["thermal.solver_reuse"] = "session";
            Design d = *load.design;
            Die& die = d.stacks.front().tiers.front().die;
            const double base = die.power_w.value_or(100.0);
            timed(d, session, metrics, firstWatts);
            for (int i = 0; i < repeats; ++i) {
                die.power_w = base * (1.0 + 0.05 * (i + 1));
                edited.push_back(timed(d, session, metrics, lastWatts));
            }
            // The first edit is a new power direction for the kept solver (CG from the projected
            // start); later ones are combinations of the powers it has seen (a projection).
            const double firstEdit = edited.front();
            // As the studio does it: after the first evaluation the session's solver learns each
            // heat source's response (thermal/source_learning.h); then every edit is in its span.
            // A per-run evaluation first, so that the session starts with a new solver.
            double unused = 0;
            timed(*load.design, o, metrics, unused);
            die.power_w = base;
            timed(d, session, metrics, unused);
            const auto l0 = std::chrono::steady_clock::now();
            const thermal::SourceLearning learnt =
                thermal::learnSessionSources(d, lib.library, res, nullptr);
            const double learnMs =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - l0)
                    .count();
            std::vector<double> afterLearning;
            for (int i = 0; i < repeats; ++i) {
                die.power_w = base * (1.0 + 0.05 * (i + 1));
                afterLearning.push_back(timed(d, session, metrics, unused));
            }
            const double firstLearntEdit = afterLearning.front();
            std::sort(afterLearning.begin(), afterLearning.end());
            std::sort(fresh.begin(), fresh.end());
            std::sort(edited.begin() + 1, edited.end());
            std::printf("%-20s %-8s %9.1f ms  (%zu metrics) | session, %s power edited: first "
                        "%6.1f ms, then %6.1f ms (package %.1f -> %.1f W) | after learning %d of "
                        "%d sources in %6.1f ms: first edit %6.1f ms, median %6.1f ms\n",
                        p.filename().c_str(), res.c_str(), fresh[fresh.size() / 2], metrics,
                        die.id.c_str(), firstEdit, edited[1 + (edited.size() - 1) / 2], firstWatts,
                        lastWatts, learnt.held, learnt.sources, learnMs, firstLearntEdit,
                        afterLearning[afterLearning.size() / 2]);
        }
    }
    return 0;
}
