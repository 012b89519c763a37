#pragma once
// Designs for the performance tests and benchmark: a node of GA100-class dies, each with five
// HBM2E stacks (80 GB, 2 TB/s as on an A100 80 GB) and NVLink 3 links to every other die
// (`lanesPerPair` lanes of 50 Gb/s per direction). Only what perf reads is filled in.
#include "model/design.h"
#include "perf/hardware.h"
#include "perf/perf_model.h"
#include "test_support.h"

#include <string>

namespace strata::test {

inline Design gpuNode(int gpus, const std::string& model, int lanesPerPair = 16) {
    Design d;
    d.name = "gpu-node-" + std::to_string(gpus);
    for (int g = 0; g < gpus; ++g) {
        const std::string gpu = "gpu" + std::to_string(g);
        Stack s;
        s.id = gpu;
        s.tiers.push_back(Tier{});
        s.tiers[0].die.id = gpu;
        s.tiers[0].die.type = "gpu-large";
        d.stacks.push_back(s);
        for (int m = 0; m < 5; ++m) {
            const std::string hbm = gpu + "_hbm" + std::to_string(m);
            Stack h;
            h.id = hbm;
            h.tiers.push_back(Tier{});
            h.tiers[0].die.id = hbm;
            h.tiers[0].die.type = "hbm2e-stack";
            d.stacks.push_back(h);
            d.links.push_back({"l_" + hbm, gpu, hbm, "hbm", 1024, 3.2e9, {}, {}});
        }
        for (int o = g + 1; o < gpus; ++o)
            d.links.push_back({"nv_" + std::to_string(g) + "_" + std::to_string(o),
                               gpu,
                               "gpu" + std::to_string(o),
                               "nvlink3",
                               lanesPerPair,
                               50e9,
                               {},
                               {}});
    }
    Workload w;
    w.model = model;
    d.workload = w;
    return d;
}

// The first compute die of a design as the perf evaluator sees it.
struct PerfNode {
    perf::HardwareView view;
    perf::DieResources die;
    double capacity = 0;
    int dies = 0;
};

inline PerfNode perfNode(const Design& d) {
    PerfNode n;
    n.view = perf::hardwareView(d, shippedLibrary());
    const perf::ComputeDieView& v = n.view.compute.at(0);
    n.die.type = &v.resolved;
    n.die.matrix = v.matrix;
    n.die.streaming = v.streaming;
    n.die.fabrics["link"] = v.fabric;
    n.capacity = v.memory_capacity_bytes;
    n.dies = static_cast<int>(n.view.compute.size());
    return n;
}

} // namespace strata::test
