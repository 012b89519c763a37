#pragma once
// Reverse query (GenZ-style sizing): the smallest number of identical dies of a chiplet type,
// each with its attached memory and die-to-die fabric, and the mapping on them, that meets a
// target decode throughput or time to first token — or why no number up to a limit does.
// Throughput never falls when dies are added (extra dies can replicate or idle), so the search
// doubles the count until the target is met and then bisects.
#include "perf/perf_model.h"

namespace strata::perf {

struct SizingQuery {
    PerfRequest request; // workload, phase sizes, precision (mapping searched)
    const ChipletType* chiplet = nullptr;
    const MemoryType* memory = nullptr; // per die: `stacks` of it
    int stacks = 0;
    const PhyType* fabric_phy = nullptr; // per die: `fabric_links` modules of it
    int fabric_links = 0;
    double target_tokens_per_s = 0; // decode throughput, or
    double target_ttft_s = 0;       // time to first token
    int max_dies = 4096;
};

struct SizingAnswer {
    bool found = false;
    int dies = 0;
    PerfReport report; // at `dies` (or at the limit when not found)
    std::string why;   // when not found
    int evaluations = 0;
};

// The die the query describes, as the perf model sees it.
DieResources sizingDie(const SizingQuery& q);

SizingAnswer sizeForTarget(const SizingQuery& q);

} // namespace strata::perf
