#include "perf/hardware.h"

#include "model/geometry.h"

#include <algorithm>

namespace strata::perf {

HardwareView hardwareView(const Design& design, const Library& lib) {
    HardwareView view;
    for (const DieRef& ref : allDies(design)) {
        const ResolvedDie die = resolveDie(ref.tier->die, design, lib);
        if (!die.type || !die.type->compute)
            continue;
        ComputeDieView v;
        v.die_id = die.die->id;
        ChipletType type = *die.type; // instance overrides (clock) apply to the view
        type.frequency_hz = die.frequency_hz;
        double bandwidth = 0;
        for (const Link& link : design.links) {
            if (link.from != v.die_id && link.to != v.die_id)
                continue;
            const std::string other = link.from == v.die_id ? link.to : link.from;
            const auto otherRef = findDie(design, other);
            if (!otherRef)
                continue;
            const ChipletType* otherType = lib.chiplet(otherRef->tier->die.type);
            const MemoryType* memory = otherType ? lib.memory(otherType->memory) : nullptr;
            if (!memory)
                continue;
            const double linkBps = link.lanes * link.rate_bps / 8.0;
            bandwidth += std::min(memory->bandwidth_Bps, linkBps);
            v.memory_capacity_bytes += memory->capacity_bytes;
            v.memory_dies.push_back(other);
        }
        double fabricBps = 0;
        for (const Link& link : design.links) {
            if (link.from != v.die_id && link.to != v.die_id)
                continue;
            const std::string other = link.from == v.die_id ? link.to : link.from;
            const auto otherRef = findDie(design, other);
            const ChipletType* otherType =
                otherRef ? lib.chiplet(otherRef->tier->die.type) : nullptr;
            if (!otherType || !otherType->compute)
                continue;
            const PhyType* phy = lib.phy(link.phy);
            fabricBps += link.lanes * link.rate_bps / 8.0;
            v.fabric.link_latency_s =
                std::max(v.fabric.link_latency_s, link.latency_s ? *link.latency_s
                                                  : phy          ? phy->latency_s
                                                                 : 0.0);
            if (phy && v.fabric.protocols.empty())
                v.fabric.protocols = phy->collective_protocols;
            v.compute_neighbours.push_back(other);
        }
        const auto neighbours = static_cast<double>(v.compute_neighbours.size());
        v.fabric.device_Bps = neighbours <= 2 ? fabricBps : fabricBps / neighbours * 2;
        v.type = die.type;
        v.resolved = type;
        v.matrix = matrixDieOf(type, bandwidth);
        v.streaming = streamingDieOf(type, bandwidth);
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
