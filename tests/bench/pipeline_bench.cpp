// Full-pipeline benchmark (run on demand: build/tests/pipeline_bench [repeats]). Prints the wall
// time of one complete evaluation (perf, power with leakage coupling, thermal, bandwidth,
// reliability, cost) of every example project at the coarse and the default thermal resolution.
// Goal: <= 100 ms per evaluation at the coarse resolution on one core, for live re-evaluation.
#include "core/memory_policy.h"
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "library/library_loader.h"
#include "model/design_io.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

using namespace strata;

int main(int argc, char** argv) {
    strata::keepLargeAllocationsInHeap(); // evaluations reuse their memory (see memory_policy.h)
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
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
        for (const char* res : {"coarse", "default"}) {
            EvalOptions o;
            o.values["thermal.resolution"] = res;
            std::vector<double> ms;
            std::size_t metrics = 0;
            for (int i = 0; i < repeats; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                const EvalResult r =
                    evaluate(reg, {*load.design, lib.library, o, nullptr, nullptr});
                ms.push_back(
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count());
                metrics = r.metrics.size();
            }
            std::sort(ms.begin(), ms.end());
            std::printf("%-20s %-8s %9.1f ms  (%zu metrics)\n", p.filename().c_str(), res,
                        ms[ms.size() / 2], metrics);
        }
    }
    return 0;
}
