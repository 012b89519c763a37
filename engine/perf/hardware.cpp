#include "perf/hardware.h"

#include "model/geometry.h"

#include <algorithm>

namespace strata::perf {

namespace {
struct Neighbour {
    const Link* link = nullptr;
    std::string id;
    const ChipletType* type = nullptr;
};

std::vector<Neighbour> neighboursOf(const Design& design, const Library& lib,
                                    const std::string& id) {
    std::vector<Neighbour> out;
    for (const Link& link : design.links) {
        if (link.from != id && link.to != id)
            continue;
        const std::string other = link.from == id ? link.to : link.from;
        const auto ref = findDie(design, other);
        if (ref)
            out.push_back({&link, other, lib.chiplet(ref->tier->die.type)});
    }
    return out;
}

double linkBps(const Link& link) {
    return link.lanes * link.rate_bps / 8.0;
}

bool isNearMemory(const ChipletType* t) {
    return t && t->kind == "nmc" && t->compute;
}

// Memory dies linked directly to `id`: bandwidth (each capped by its link), capacity, ids.
struct Reach {
    double Bps = 0, bytes = 0;
    std::vector<std::string> ids;
};
Reach directMemory(const Design& design, const Library& lib, const std::string& id) {
    Reach r;
    for (const Neighbour& n : neighboursOf(design, lib, id)) {
        const MemoryType* memory = n.type ? lib.memory(n.type->memory) : nullptr;
        if (!memory)
            continue;
        r.Bps += std::min(memory->bandwidth_Bps, linkBps(*n.link));
        r.bytes += memory->capacity_bytes;
        r.ids.push_back(n.id);
    }
    return r;
}

ChipletType withClock(const ResolvedDie& die) {
    ChipletType type = *die.type; // instance overrides (clock) apply to the view
    type.frequency_hz = die.frequency_hz;
    return type;
}
} // namespace

HardwareView hardwareView(const Design& design, const Library& lib) {
    HardwareView view;
    for (const DieRef& ref : allDies(design)) {
        const ResolvedDie die = resolveDie(ref.tier->die, design, lib);
        if (!die.type || !die.type->compute || isNearMemory(die.type))
            continue;
        ComputeDieView v;
        v.die_id = die.die->id;
        v.type = die.type;
        v.resolved = withClock(die);
        const Reach direct = directMemory(design, lib, v.die_id);
        double bandwidth = direct.Bps;
        v.memory_capacity_bytes = direct.bytes;
        v.memory_dies = direct.ids;
        double fabricBps = 0;
        for (const Neighbour& n : neighboursOf(design, lib, v.die_id)) {
            if (isNearMemory(n.type)) {
                // Memory behind a near-memory die: the host reaches it through the link; the
                // near-memory units work on it at its local bandwidth.
                const Reach behind = directMemory(design, lib, n.id);
                bandwidth += std::min(behind.Bps, linkBps(*n.link));
                v.memory_capacity_bytes += behind.bytes;
                v.memory_dies.insert(v.memory_dies.end(), behind.ids.begin(), behind.ids.end());
                const ResolvedDie nd = resolveDie(findDie(design, n.id)->tier->die, design, lib);
                const ChipletType nmc = withClock(nd);
                const StreamingDie local = streamingDieOf(nmc, behind.Bps);
                v.near_memory.memory_Bps += local.memory_Bps;
                v.near_memory.vector_flops_per_s += local.vector_flops_per_s;
                v.near_memory.stream_efficiency = local.stream_efficiency;
                v.near_memory_type = n.type;
                v.near_memory_dies.push_back(n.id);
                continue;
            }
            if (!n.type || !n.type->compute)
                continue;
            const PhyType* phy = lib.phy(n.link->phy);
            fabricBps += linkBps(*n.link);
            v.fabric.link_latency_s =
                std::max(v.fabric.link_latency_s, n.link->latency_s ? *n.link->latency_s
                                                  : phy             ? phy->latency_s
                                                                    : 0.0);
            if (phy && v.fabric.protocols.empty())
                v.fabric.protocols = phy->collective_protocols;
            v.compute_neighbours.push_back(n.id);
        }
        const auto neighbours = static_cast<double>(v.compute_neighbours.size());
        v.fabric.device_Bps = neighbours <= 2 ? fabricBps : fabricBps / neighbours * 2;
        v.matrix = matrixDieOf(v.resolved, bandwidth);
        v.streaming = streamingDieOf(v.resolved, bandwidth);
        if (bandwidth <= 0)
            view.diagnostics.push_back(
                {"PERF-0001",
                 Severity::Warning,
                 "compute die \"" + v.die_id +
                     "\" reaches no memory over its links: memory-bound work on it cannot run",
                 {v.die_id},
                 "",
                 ""});
        view.compute.push_back(std::move(v));
    }
    return view;
}

} // namespace strata::perf
