// Performance-model benchmark (run on demand: build/tests/perf_bench [repeats]). Prints the wall
// time of whole estimates, mapper included and the GEMM cache cold on every run:
//   - one GPT-3 175B decoder layer, prefill (batch 8, 2048 tokens) and decode (batch 8, context
//     3072), on four GA100-class dies with TP = 4 (LLMCompass: 540 s and 31 s for these);
//   - the full 96-layer GPT-3 prefill + decode with the `auto` mapping search (on eight dies:
//     175B in 16-bit does not fit four 80 GB dies);
//   - Llama 2 70B prefill + decode (auto, four dies) and ResNet-50 inference (batch 256).
#include "../engine/perf_cases.h"
#include "../engine/test_support.h"
#include "perf/hardware.h"
#include "perf/perf_model.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace strata;
using namespace strata::perf;
using Clock = std::chrono::steady_clock;

namespace {

using System = test::PerfNode;
System systemOf(const Design& d) {
    return test::perfNode(d);
}

void bench(const char* label, const PerfRequest& r, const System& s, int repeats) {
    std::vector<double> ms;
    PerfReport last;
    std::size_t shapes = 0;
    for (int i = 0; i < repeats; ++i) {
        GemmCache cache; // cold: every GEMM shape goes through the mapper again
        const auto t0 = Clock::now();
        last = runPerf(r, s.die, s.capacity, s.dies, cache);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        shapes = cache.size();
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%-44s %9.3f ms median %9.3f ms min  %4zu GEMM shapes  ", label, ms[ms.size() / 2],
                ms.front(), shapes);
    if (!last.ok) {
        std::printf("FAILED: %s\n",
                    last.diagnostics.empty() ? "?" : last.diagnostics.back().message.c_str());
        return;
    }
    std::printf("tp %d pp %d dp %d", last.par.tp, last.par.pp, last.par.dp);
    if (last.ttft_s > 0)
        std::printf("  TTFT %.4g s", last.ttft_s);
    if (last.tpot_s > 0)
        std::printf("  TPOT %.4g ms  %.4g tok/s", last.tpot_s * 1e3, last.tokens_per_s);
    if (last.images_per_s > 0)
        std::printf("  %.5g images/s", last.images_per_s);
    std::printf("\n");
}

PerfRequest request(const WorkloadSpec* w, const std::string& phase, Parallelism par,
                    bool autoSearch) {
    PerfRequest r;
    r.workload = w;
    r.phase = phase;
    r.precision = precisionOf("fp16", "", "", *test::shippedLibrary().chiplet("gpu-large"));
    r.prefill_batch = 8;
    r.prefill_seq = 2048;
    r.decode_batch = 8;
    r.decode_context = 3072;
    r.par = par;
    r.auto_search = autoSearch;
    return r;
}

} // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 21;
    const Library& lib = test::shippedLibrary();
    const System four = systemOf(test::gpuNode(4, "gpt-3-175b"));
    const System eight = systemOf(test::gpuNode(8, "gpt-3-175b"));
    WorkloadSpec layer = *lib.workload("gpt-3-175b");
    layer.transformer.layers = 1;
    std::printf("perf_bench: %d runs each, one core\n", repeats);
    bench("GPT-3 175B, 1 layer, prefill, TP=4", request(&layer, "prefill", {4, 1, 1, 1, 0}, false),
          four, repeats);
    PerfRequest decodeOnly = request(&layer, "decode", {4, 1, 1, 1, 0}, false);
    bench("GPT-3 175B, 1 layer, prefill + decode, TP=4", decodeOnly, four, repeats);
    bench("GPT-3 175B, 96 layers, prefill + decode, auto",
          request(lib.workload("gpt-3-175b"), "decode", {}, true), eight, repeats);
    bench("GPT-3 175B, 96 layers, prefill + decode, TP=8",
          request(lib.workload("gpt-3-175b"), "decode", {8, 1, 1, 1, 0}, false), eight, repeats);
    bench("Llama 2 70B, prefill + decode, auto (4 dies)",
          request(lib.workload("llama-2-70b"), "decode", {}, true), four, repeats);
    PerfRequest resnet = request(lib.workload("resnet-50"), "inference", {}, true);
    resnet.prefill_batch = 256;
    bench("ResNet-50, batch 256, auto (4 dies)", resnet, four, repeats);
    return 0;
}
