#pragma once
// The hardware view of a design for the performance models: every compute die with its matrix
// and vector resources (chiplet type, die overrides) and the memory it reaches over its links
// (HBM stacks, stacked SRAM tiers): bandwidth per link = min(the memory's own bandwidth, lanes x
// rate of the link), summed over links; capacity summed over the memories; and the links to
// other compute dies that collectives run over. Memory behind a near-memory die (kind "nmc")
// counts for the host through the host-to-NMC link, and the NMC runs memory-bound operators on it
// at its local bandwidth.
#include "core/diagnostic.h"
#include "library/library.h"
#include "model/design.h"
#include "perf/collective.h"
#include "perf/gemm.h"
#include "perf/streaming.h"

#include <string>
#include <vector>

namespace strata::perf {

struct ComputeDieView {
    std::string die_id;
    MatrixDie matrix;
    StreamingDie streaming;
    double memory_capacity_bytes = 0;
    std::vector<std::string> memory_dies; // ids of the memory dies it reaches
    const ChipletType* type = nullptr;
    ChipletType resolved; // the type with the instance's overrides (clock)
    // Links to other compute dies: what a ring among them can use per direction (all links of a
    // die with at most two compute neighbours, else two of its links on average), the slowest
    // link latency, and the collective protocols of the PHY.
    Fabric fabric;
    std::vector<std::string> compute_neighbours;
    // Near-memory compute dies linked to it (kind "nmc"): their vector units at the bandwidth of
    // the memory beside them, summed; memory_Bps 0 when there are none.
    StreamingDie near_memory;
    const ChipletType* near_memory_type = nullptr;
    std::vector<std::string> near_memory_dies;
};

struct HardwareView {
    std::vector<ComputeDieView> compute;
    std::vector<Diagnostic> diagnostics;
};

HardwareView hardwareView(const Design& design, const Library& library);

} // namespace strata::perf
