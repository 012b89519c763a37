#include "power/power_model.h"

#include "model/geometry.h"

#include <algorithm>

namespace strata::power {

namespace {
std::string blockKind(const thermal::HeatSource& src, const ChipletType* type) {
    const std::string block = src.id.substr(src.die_id.size() + 1);
    if (type)
        for (const BlockSpec& b : type->blocks)
            if (b.id == block)
                return b.kind;
    return "die";
}

// Spreads `watts` over the die's sources whose kind is in `kinds` by area (all of them if none).
void spread(double watts, const std::vector<std::size_t>& die, std::vector<SourcePower>& out,
            std::initializer_list<const char*> kinds) {
    if (watts == 0 || die.empty())
        return;
    std::vector<std::size_t> chosen;
    for (std::size_t i : die)
        if (std::any_of(kinds.begin(), kinds.end(),
                        [&](const char* k) { return out[i].kind == k; }))
            chosen.push_back(i);
    if (chosen.empty())
        chosen = die;
    double area = 0;
    for (std::size_t i : chosen)
        area += out[i].area_m2;
    for (std::size_t i : chosen)
        out[i].dynamic_w +=
            area > 0 ? watts * out[i].area_m2 / area : watts / static_cast<double>(chosen.size());
}

Diagnostic note(const char* code, Severity s, const std::string& message, const std::string& id) {
    return {code, s, message, {id}, "", ""};
}

double linkEnergyPerBit(const Link& link, const Library& lib) {
    if (link.energy_j_per_bit)
        return *link.energy_j_per_bit;
    const PhyType* phy = lib.phy(link.phy);
    return phy && phy->energy_j_per_bit ? *phy->energy_j_per_bit : -1.0;
}
} // namespace

PowerSetup setUpPower(const Design& design, const Library& lib, const thermal::Model& model,
                      const PowerInputs& in) {
    PowerSetup setup;
    std::map<std::string, std::vector<std::size_t>> byDie;
    std::map<std::string, ResolvedDie> resolved;
    for (const DieRef& ref : allDies(design))
        resolved.emplace(ref.tier->die.id, resolveDie(ref.tier->die, design, lib));
    for (const thermal::HeatSource& src : model.sources) {
        SourcePower p;
        p.id = src.id;
        p.die_id = src.die_id;
        const auto it = resolved.find(src.die_id);
        p.kind = blockKind(src, it == resolved.end() ? nullptr : it->second.type);
        p.area_m2 = (src.x1 - src.x0) * (src.y1 - src.y0);
        p.dynamic_w = src.power_w; // fixed until activity replaces it
        p.fixed = true;
        byDie[src.die_id].push_back(setup.sources.size());
        setup.sources.push_back(p);
    }
    auto keepFixed = [&](const std::vector<std::size_t>& idx) {
        for (std::size_t i : idx)
            setup.fixed_w += setup.sources[i].dynamic_w;
    };
    if (!in.from_activity) {
        for (const auto& [die, idx] : byDie)
            keepFixed(idx);
        return setup;
    }
    // Which dies are modelled from activity, and their leakage.
    std::map<std::string, bool> active;
    for (const auto& [dieId, idx] : byDie) {
        const ResolvedDie& d = resolved.at(dieId);
        const ChipletType* type = d.type;
        const bool memory = type && !type->memory.empty();
        const bool logic =
            type && (type->kind == "compute" || type->kind == "nmc" || type->kind == "cache");
        const NodeEnergy* energy = type && !type->purchased ? lib.energy(d.node) : nullptr;
        if (d.die->power_map || d.die->power_w) {
            setup.diagnostics.push_back(note("POW-0005", Severity::Info,
                                             "die \"" + dieId +
                                                 "\" has a user power (power_w or a power map): "
                                                 "its fixed power is used",
                                             dieId));
            keepFixed(idx);
            continue;
        }
        if (!memory && !logic) {
            keepFixed(idx); // IO and other dies: their library floorplan powers
            continue;
        }
        if (logic && !energy) {
            setup.diagnostics.push_back(note("POW-0002", Severity::Warning,
                                             "no energy data for node \"" + d.node +
                                                 "\" (assets/technologies/energy.json): die \"" +
                                                 dieId + "\" keeps its fixed block powers",
                                             dieId));
            keepFixed(idx);
            continue;
        }
        active[dieId] = true;
        // Clock tree and control switch every cycle: P = C V^2 f, so the idle density (given at
        // the type's own clock) scales with the instance's clock. The supply voltage is held:
        // no voltage-frequency table is modelled.
        const double clockScale = type && type->frequency_hz > 0 && d.frequency_hz > 0
                                      ? d.frequency_hz / type->frequency_hz
                                      : 1.0;
        for (std::size_t i : idx) {
            SourcePower& s = setup.sources[i];
            s.fixed = false;
            s.dynamic_w = 0;
            if (energy) {
                s.dynamic_w = energy->idle_w_per_m2 * s.area_m2 * clockScale;
                setup.idle_w += s.dynamic_w;
                s.leakage_ref_w = energy->leakage_w_per_m2 * s.area_m2;
                s.beta_per_k = energy->leakage_beta_per_k;
                s.ref_k = energy->leakage_ref_k;
            }
        }
        const auto act = in.activity.find(dieId);
        if (logic && act != in.activity.end()) {
            const auto mac = energy->mac_j.find(in.precision);
            double macJ = mac != energy->mac_j.end() ? mac->second : 0;
            if (mac == energy->mac_j.end()) {
                macJ = energy->mac_j.count("fp16") ? energy->mac_j.at("fp16") : 0;
                setup.diagnostics.push_back(
                    note("POW-0006", Severity::Warning,
                         "node \"" + d.node + "\" has no MAC energy for " + in.precision +
                             ": the fp16 figure is used for die \"" + dieId + "\"",
                         dieId));
            }
            const double compute = act->second.matrix_flops_per_s / 2 * macJ +
                                   act->second.vector_flops_per_s * energy->vector_flop_j;
            const double onchip = act->second.onchip_Bps * energy->global_buffer_j_per_byte;
            spread(compute, idx, setup.sources, {"compute", "nmc"});
            spread(onchip, idx, setup.sources, {"sram", "cache"});
            setup.compute_w += compute;
            setup.onchip_w += onchip;
        }
    }
    // Links: PHY energy at both ends; memory access energy on the memory die.
    std::map<std::string, std::vector<std::string>> phyUnknown, memoryUnknown,
        memoryAssumed; // id -> objects
    for (const Link& link : design.links) {
        const auto traffic = in.link_Bps.find(link.id);
        if (traffic == in.link_Bps.end() || traffic->second <= 0)
            continue;
        const double bits = 8 * traffic->second;
        const double perBit = linkEnergyPerBit(link, lib);
        if (perBit < 0)
            phyUnknown[link.phy].push_back(link.id);
        for (const std::string* end : {&link.from, &link.to}) {
            if (!active.count(*end))
                continue;
            const std::vector<std::size_t>& idx = byDie.at(*end);
            if (perBit > 0) {
                spread(bits * perBit / 2, idx, setup.sources, {"phy"});
                setup.link_w += bits * perBit / 2;
            }
            const ChipletType* type = resolved.at(*end).type;
            const MemoryType* memory = type ? lib.memory(type->memory) : nullptr;
            if (!memory)
                continue;
            if (!memory->energy_j_per_bit) {
                memoryUnknown[memory->id].push_back(*end);
                continue;
            }
            if (memory->provenance.isAssumed("energy_pj_per_bit"))
                memoryAssumed[memory->id].push_back(*end);
            spread(bits * *memory->energy_j_per_bit, idx, setup.sources, {"memory", "die"});
            setup.memory_w += bits * *memory->energy_j_per_bit;
        }
    }
    auto report = [&](const auto& unknown, const std::string& what, const std::string& of) {
        for (const auto& [id, objects] : unknown) {
            std::string list;
            for (const std::string& o : objects)
                list += (list.empty() ? "" : ", ") + o;
            Diagnostic d = note("POW-0004", Severity::Warning,
                                what + " \"" + id + "\" has no sourced energy per bit: the " + of +
                                    " energy of " + list + " is left out",
                                objects.front());
            d.object_ids = objects;
            setup.diagnostics.push_back(std::move(d));
        }
    };
    report(phyUnknown, "PHY", "link");
    report(memoryUnknown, "memory", "access");
    for (const auto& [id, objects] : memoryAssumed) {
        const MemoryType* memory = lib.memory(id);
        Diagnostic d = note("POW-0009", Severity::Info,
                            "memory \"" + id + "\" access energy " +
                                formatNumber(*memory->energy_j_per_bit * 1e12, 3) +
                                " pJ/b is an assumption, not a published figure (" +
                                memory->provenance.file + "): replace it with your vendor's",
                            objects.front());
        d.object_ids = objects;
        setup.diagnostics.push_back(std::move(d));
    }
    return setup;
}

} // namespace strata::power
