#include "cost/package_cost.h"

#include "cost/wafer.h"
#include "model/geometry.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace strata {

namespace {

void noteAssumption(PackageCost& c, const Provenance& p, const std::string& entry,
                    const std::string& field) {
    if (!p.isAssumed(field))
        return;
    const std::string text = entry + "." + field + " (" + p.file + ")";
    if (std::find(c.assumptions.begin(), c.assumptions.end(), text) == c.assumptions.end())
        c.assumptions.push_back(text);
}

Diagnostic costError(const char* code, std::string message, std::vector<std::string> ids,
                     const std::string& ptr, Severity s = Severity::Error) {
    return Diagnostic{code, s, std::move(message), std::move(ids), ptr, {}};
}

// Cost of one die made on a wafer of `node`.
void waferDieCost(DieCost& dc, double w, double h, const TechNode& node, YieldModel model) {
    dc.dies_per_wafer = diesPerWafer(w, h, node.wafer_diameter_m, node.edge_loss_m, node.scribe_m);
    dc.yield = dieYield(model, dc.area_m2, node.d0_per_m2, node.alpha);
    dc.kgd_usd = knownGoodDieCost(node.wafer_usd, dc.dies_per_wafer, dc.yield);
}

double tierBondYield(const Tier& tier, double overlap_m2, const BondType& bond) {
    if (tier.bond.yield)
        return *tier.bond.yield;
    const double pads = overlap_m2 / (tier.bond.pitch_m * tier.bond.pitch_m);
    return bond.alignment_yield * std::pow(bond.pad_yield, pads);
}

} // namespace

PackageCost computePackageCost(const Design& d, const Library& lib, YieldModel model,
                               std::vector<Diagnostic>& diags) {
    PackageCost c;
    bool ok = true;
    const PackageKind* kind = lib.package(d.package.kind);
    if (!kind) {
        diags.push_back(costError("COST-0001", "unknown package kind \"" + d.package.kind + "\"",
                                  {"package"}, "/package/kind"));
        return c;
    }
    if (d.package.kind == "bridge") {
        diags.push_back(
            costError("COST-0004",
                      "cost of bridge (EMIB-style) packages is not modelled: no sourced bridge-die "
                      "and embedding costs in constants.md; package cost not computed",
                      {"package"}, "/package/kind"));
        return c;
    }

    // Dies and stacks.
    for (std::size_t s = 0; s < d.stacks.size(); ++s) {
        const Stack& stack = d.stacks[s];
        StackCost sc;
        sc.stack_id = stack.id;
        Rect below{};
        for (std::size_t t = 0; t < stack.tiers.size(); ++t) {
            const Tier& tier = stack.tiers[t];
            const std::string ptr = "/stacks/" + std::to_string(s) + "/tiers/" + std::to_string(t);
            const ResolvedDie r = resolveDie(tier.die, d, lib);
            DieCost dc;
            dc.die_id = tier.die.id;
            dc.stack_id = stack.id;
            dc.type = tier.die.type;
            dc.node = r.node;
            dc.area_m2 = r.width_m * r.height_m;
            if (r.type && r.type->purchased) {
                dc.purchased = true;
                if (!r.type->unit_usd) {
                    diags.push_back(costError(
                        "COST-0002",
                        "purchased part \"" + r.type->id +
                            "\" has no unit_usd price in the library: add one (a user input)",
                        {tier.die.id}, ptr + "/die/type"));
                    ok = false;
                    continue;
                }
                dc.kgd_usd = *r.type->unit_usd;
                noteAssumption(c, r.type->provenance, r.type->id, "unit_usd");
            } else {
                const TechNode* node = lib.technology(r.node);
                if (!node) {
                    diags.push_back(costError("COST-0001",
                                              "unknown technology node \"" + r.node + "\"",
                                              {tier.die.id}, ptr + "/die/node"));
                    ok = false;
                    continue;
                }
                for (const char* f : {"d0_per_cm2", "wafer_usd", "alpha"})
                    noteAssumption(c, node->provenance, node->id, f);
                if (dc.area_m2 > kReticleArea_m2)
                    diags.push_back(costError("COST-0005",
                                              "die \"" + tier.die.id +
                                                  "\" is larger than one reticle field (858 mm²)",
                                              {tier.die.id}, ptr + "/die", Severity::Warning));
                waferDieCost(dc, r.width_m, r.height_m, *node, model);
            }
            const Rect here = tierFootprint(stack, tier, r);
            if (t > 0) {
                if (const BondType* b = lib.bond(tier.bond.type)) {
                    sc.bond_yield *= tierBondYield(tier, here.overlapArea(below), *b);
                    noteAssumption(c, b->provenance, b->id, "pad_yield");
                }
            }
            below = here;
            sc.kgd_usd += dc.kgd_usd;
            c.dies.push_back(dc);
        }
        sc.waste_usd = sc.kgd_usd * (1.0 / sc.bond_yield - 1.0);
        c.stacks.push_back(sc);
    }

    // Carrier (interposer / RDL on a wafer) and organic substrate.
    const double carrier_area = d.package.width_m * d.package.height_m;
    const std::string carrier_node =
        d.package.interposer_node.empty() ? kind->carrier_node : d.package.interposer_node;
    if (!carrier_node.empty()) {
        const TechNode* node = lib.technology(carrier_node);
        if (!node) {
            diags.push_back(costError("COST-0001",
                                      "unknown carrier technology \"" + carrier_node + "\"",
                                      {"package"}, "/package/interposer_node"));
            return c;
        }
        c.has_carrier = true;
        c.carrier_node = carrier_node;
        c.carrier_area_m2 = carrier_area;
        c.carrier_dies_per_wafer =
            diesPerWafer(d.package.width_m, d.package.height_m, node->wafer_diameter_m,
                         node->edge_loss_m, node->scribe_m);
        c.carrier_yield = dieYield(model, carrier_area, node->d0_per_m2, node->alpha);
        c.carrier_usd =
            node->wafer_usd / c.carrier_dies_per_wafer; // yield enters via the defect cost
        if (carrier_area > kReticleArea_m2)
            diags.push_back(costError(
                "COST-0003",
                "the " + kind->name + " (" + formatNumber(carrier_area * 1e6, 6) +
                    " mm²) exceeds one reticle field (858 mm²) and needs stitching; stitching "
                    "yield and cost are not modelled",
                {"package"}, "/package", Severity::Warning));
        c.substrate_area_m2 = d.package.substrate_width_m && d.package.substrate_height_m
                                  ? *d.package.substrate_width_m * *d.package.substrate_height_m
                                  : carrier_area * kind->substrate_area_scale;
        if (!(d.package.substrate_width_m && d.package.substrate_height_m))
            noteAssumption(c, kind->provenance, kind->id, "substrate_area_scale");
        c.attach_yield = kind->carrier_attach_yield;
    } else {
        c.substrate_area_m2 = carrier_area;
    }
    if (d.package.substrate_usd_per_m2) {
        c.substrate_usd = c.substrate_area_m2 * *d.package.substrate_usd_per_m2;
    } else {
        c.substrate_usd = c.substrate_area_m2 * kind->substrate_usd_per_m2;
        noteAssumption(c, kind->provenance, kind->id, "substrate_usd_per_mm2");
    }
    noteAssumption(c, kind->provenance, kind->id, "chip_bond_yield");

    if (!ok)
        return c;

    // Chip-last yield bookkeeping.
    c.chip_bond_yield = std::pow(kind->chip_bond_yield, static_cast<double>(d.stacks.size()));
    double stack_yield = 1;
    for (const StackCost& sc : c.stacks) {
        c.silicon_usd += sc.kgd_usd;
        c.stacking_waste_usd += sc.waste_usd;
        stack_yield *= sc.bond_yield;
    }
    const double y1 = c.carrier_yield, y2 = c.chip_bond_yield, y3 = c.attach_yield;
    const double chips = c.silicon_usd + c.stacking_waste_usd; // cost of the good stacks
    if (c.has_carrier)
        c.defect_package_usd =
            c.carrier_usd * (1 / (y1 * y2 * y3) - 1) + c.substrate_usd * (1 / y3 - 1);
    else
        c.defect_package_usd = c.substrate_usd * (1 / y2 - 1);
    c.wasted_chips_usd = chips * (1 / (y2 * y3) - 1);
    c.assembly_usd = d.package.assembly_usd;
    c.package_usd = chips + c.carrier_usd + c.substrate_usd + c.defect_package_usd +
                    c.wasted_chips_usd + c.assembly_usd;
    c.package_yield = y1 * y2 * y3 * stack_yield;
    c.ok = true;
    return c;
}

MonolithicComparison compareMonolithic(const PackageCost& cost, const Library& lib,
                                       YieldModel model) {
    MonolithicComparison m;
    const DieCost* largest = nullptr;
    for (const DieCost& dc : cost.dies) {
        if (dc.purchased)
            continue;
        m.area_m2 += dc.area_m2;
        m.chiplet_kgd_usd += dc.kgd_usd;
        if (!largest || dc.area_m2 > largest->area_m2)
            largest = &dc;
    }
    if (!largest)
        return m;
    const TechNode* node = lib.technology(largest->node);
    if (!node)
        return m;
    m.applicable = true;
    m.node = node->id;
    const double side = std::sqrt(m.area_m2);
    m.dies_per_wafer =
        diesPerWafer(side, side, node->wafer_diameter_m, node->edge_loss_m, node->scribe_m);
    m.yield = dieYield(model, m.area_m2, node->d0_per_m2, node->alpha);
    m.kgd_usd = knownGoodDieCost(node->wafer_usd, m.dies_per_wafer, m.yield);
    m.exceeds_reticle = m.area_m2 > kReticleArea_m2;
    return m;
}

} // namespace strata
