#include "library/library_loader.h"

#include "core/install_dirs.h"

#include "core/atomic_file.h"
#include "core/units.h"
#include "library/entry_reader.h"
#include "library/workload_reader.h"
#include "model/json_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <set>
#include <unistd.h>

namespace strata {

namespace {

template <class T>
void upsert(std::vector<T>& items, T item, const JsonContext& ctx, const std::string& ptr) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == item.id; });
    if (it == items.end()) {
        items.push_back(std::move(item));
        return;
    }
    if (it->provenance.file == item.provenance.file) {
        ctx.error("LIB-0004", ptr, "duplicate id \"" + item.id + "\" in the same file");
        return;
    }
    ctx.report(Severity::Info, "LIB-0003", ptr,
               "\"" + item.id + "\" replaces the entry from " + it->provenance.file, {item.id});
    *it = std::move(item);
}

Material readMaterial(EntryReader& r, const std::string& file) {
    Material m;
    m.id = r.text("id", true);
    m.name = r.text("name", true);
    const std::optional<double> k = r.optionalNumber("k_w_mk");
    m.k_xy_w_mk = k ? *k : r.number("k_xy_w_mk", 0, true);
    m.k_z_w_mk = k ? *k : r.number("k_z_w_mk", 0, true);
    m.cv_j_m3k = r.number("cv_j_m3k", 0, true);
    m.includes_vias = r.boolean("includes_vias", false);
    m.provenance = r.provenance(file);
    return m;
}

NodeEnergy readEnergy(EntryReader& r, const std::string& file, const JsonContext& ctx) {
    NodeEnergy e;
    e.id = r.text("id", true);
    e.name = r.text("name", true);
    if (const Json* macs = r.child("mac_energy_pj")) {
        const std::string mp = r.pointerOf("mac_energy_pj");
        if (expectObject(*macs, mp, ctx, "energies by precision {\"fp16\": pJ, ...}"))
            for (auto it = macs->begin(); it != macs->end(); ++it) {
                if (!it->is_number() || !(it->get<double>() > 0))
                    ctx.error("IO-0008", childPointer(mp, it.key()),
                              "expected a positive energy in pJ, got " + it->dump());
                else
                    e.mac_j[it.key()] = it->get<double>() * 1e-12;
            }
    } else {
        ctx.error("IO-0009", r.pointerOf("mac_energy_pj"),
                  "missing required key \"mac_energy_pj\": expected energies by precision");
    }
    e.vector_flop_j = r.number("vector_flop_energy_pj", 0, true, 0, 1e6);
    e.global_buffer_j_per_byte = r.number("global_buffer_energy_pj_per_byte", 0, true, 0, 1e6);
    e.idle_w_per_m2 = r.number("idle_w_per_mm2", 0, true, 0, 100, false);
    e.leakage_w_per_m2 = r.number("leakage_w_per_mm2", 0, true, 0, 100, false);
    e.leakage_ref_k = r.number("leakage_ref_c", 298.15, false, -273.15, 500, false);
    e.leakage_beta_per_k = r.number("leakage_beta_per_k", 0, true, 0, 1, false);
    e.provenance = r.provenance(file);
    return e;
}

TechNode readTech(EntryReader& r, const std::string& file) {
    TechNode t;
    t.id = r.text("id", true);
    t.name = r.text("name", true);
    t.d0_per_m2 = r.number("d0_per_cm2", 0, true, 0, 100, false);
    t.alpha = r.number("alpha", 10, true, 0, 1000);
    t.wafer_usd = r.number("wafer_usd", 0, true, 0, 1e7);
    t.wafer_diameter_m = r.number("wafer_diameter_mm", 0.3, false, 0, 1000);
    t.edge_loss_m = r.number("edge_loss_mm", 5e-3, false, 0, 100, false);
    t.scribe_m = r.number("scribe_mm", 0.2e-3, false, 0, 10, false);
    t.nre_usd = r.number("nre_usd", 0, false, 0, 1e12, false);
    t.provenance = r.provenance(file);
    return t;
}

PackageKind readPackage(EntryReader& r, const std::string& file) {
    PackageKind p;
    p.id = r.text("id", true);
    p.name = r.text("name", true);
    p.substrate_area_scale = r.number("substrate_area_scale", 1, false, 0, 100);
    p.chip_bond_yield = r.number("chip_bond_yield", 1, true, 0, 1);
    p.carrier_attach_yield = r.number("carrier_attach_yield", 1, false, 0, 1);
    p.carrier_node = r.text("carrier_node", false);
    p.substrate_usd_per_m2 = r.number("substrate_usd_per_mm2", 0, true, 0, 100, false);
    p.allowed_phys = r.strings("allowed_phys");
    p.provenance = r.provenance(file);
    return p;
}

BondType readBond(EntryReader& r, const std::string& file) {
    BondType b;
    b.id = r.text("id", true);
    b.name = r.text("name", true);
    b.min_pitch_m = r.number("min_pitch_um", 0, true, 0, 5000);
    b.max_pitch_m = r.number("max_pitch_um", 0, true, 0, 5000);
    b.vertical = r.boolean("vertical", false);
    // Pad and alignment yields matter only where dies are bonded onto dies.
    b.pad_yield = r.number("pad_yield", 1, b.vertical, 0, 1);
    b.alignment_yield = r.number("alignment_yield", 1, b.vertical, 0, 1);
    b.via_material = r.text("via_material", true);
    b.fill_material = r.text("fill_material", true);
    b.cap_material = r.text("cap_material", false);
    b.cap_fraction = r.number("cap_fraction", 0, !b.cap_material.empty(), 0, 1, false);
    b.provenance = r.provenance(file);
    return b;
}

PhyType readPhy(EntryReader& r, const std::string& file, const JsonContext& ctx) {
    PhyType p;
    p.id = r.text("id", true);
    p.name = r.text("name", true);
    p.kind = r.text("kind", true);
    p.min_rate_bps = r.number("min_rate_gbps", 0, true, 0, 1000);
    p.max_rate_bps = r.number("max_rate_gbps", 0, true, 0, 1000);
    p.lanes_per_module = r.integer("lanes_per_module", 0, false, 0, 100000);
    p.reach_m =
        r.number("reach_mm", 0, false, 0, 1000, false); // 0: unknown or vertical, not checked
    p.shoreline_bps_per_m = r.number("shoreline_gbps_per_mm", 0, false, 0, 1e6, false);
    p.energy_j_per_bit = r.optionalNumber("energy_pj_per_bit", 0, 100, false);
    p.latency_s = r.number("latency_ns", 0, false, 0, 1e6, false);
    if (const Json* protocols = r.child("collective_protocols")) {
        const std::string ptr = r.pointerOf("collective_protocols");
        if (expectArray(*protocols, ptr, ctx, "a list of collective protocols"))
            for (std::size_t i = 0; i < protocols->size(); ++i) {
                const std::string pp = childPointer(ptr, i);
                if (!expectObject((*protocols)[i], pp, ctx,
                                  "a protocol {name, step_latency_us, bandwidth_fraction}"))
                    continue;
                EntryReader pr((*protocols)[i], pp, ctx);
                CollectiveProtocol c;
                c.name = pr.text("name", true);
                c.step_latency_s = pr.number("step_latency_us", 0, true, 0, 1e6, false);
                c.bandwidth_fraction = pr.number("bandwidth_fraction", 1, true, 0, 1);
                pr.finish();
                p.collective_protocols.push_back(c);
            }
    }
    p.provenance = r.provenance(file);
    return p;
}

MemoryType readMemory(EntryReader& r, const std::string& file) {
    MemoryType m;
    m.id = r.text("id", true);
    m.name = r.text("name", true);
    m.pin_rate_bps = r.number("pin_rate_gbps", 0, true, 0, 1000);
    m.bus_bits = r.integer("bus_bits", 0, true, 1, 1 << 20);
    m.bandwidth_Bps = m.pin_rate_bps * m.bus_bits / 8.0;
    m.capacity_bytes = r.number("capacity_gb", 0, true, 0, 1e6);
    m.energy_j_per_bit = r.optionalNumber("energy_pj_per_bit", 0, 1000, false);
    m.provenance = r.provenance(file);
    return m;
}

ChipletType readChiplet(EntryReader& r, const std::string& file, const JsonContext& ctx) {
    ChipletType c;
    c.id = r.text("id", true);
    c.name = r.text("name", true);
    c.kind = r.text("kind", true);
    static const std::vector<std::string> kinds{"compute", "memory", "cache", "io", "nmc"};
    if (!c.kind.empty() && std::find(kinds.begin(), kinds.end(), c.kind) == kinds.end())
        ctx.error("IO-0008", r.pointerOf("kind"),
                  "expected one of compute, memory, cache, io, nmc, got \"" + c.kind + "\"");
    c.width_m = r.number("width_mm", 0, true, 0, 100);
    c.height_m = r.number("height_mm", 0, true, 0, 100);
    c.thickness_m = r.number("thickness_um", 0, true, 0, 5000);
    c.purchased = r.boolean("purchased", false);
    c.node = r.text("node", !c.purchased); // a purchased part's process does not enter its cost
    c.frequency_hz = r.number("frequency_ghz", 0, false, 0, 10, false);
    c.power_w = r.number("power_w", 0, true, 0, 5000, false);
    c.unit_usd = r.optionalNumber("unit_usd", 0, 1e7, false);
    c.memory = r.text("memory", false);
    if (const Json* comp = r.child("compute")) {
        const std::string ptr = r.pointerOf("compute");
        if (expectObject(*comp, ptr, ctx, "compute resources")) {
            EntryReader cr(*comp, ptr, ctx);
            ComputeSpec s;
            s.cores = cr.integer("cores", 0, true, 1);
            s.matrix_units_per_core = cr.integer("matrix_units_per_core", 0, true, 0);
            s.array_rows = cr.integer("array_rows", 0, true, 0);
            s.array_cols = cr.integer("array_cols", 0, true, 0);
            s.vector_flops_per_cycle_per_core =
                cr.number("vector_flops_per_cycle_per_core", 0, true, 0, 1e9, false);
            s.sram_per_core_bytes = cr.number("sram_per_core_kib", 0, true, 0, 1e9, false);
            s.global_buffer_bytes = cr.number("global_buffer_mib", 0, true, 0, 1e9, false);
            s.launch_overhead_s = cr.number("launch_overhead_us", 0, false, 0, 1e6, false);
            s.global_buffer_bytes_per_cycle =
                cr.number("global_buffer_bytes_per_cycle", 0, false, 0, 1e9, false);
            s.compute_efficiency = cr.number("compute_efficiency", 1, false, 0, 1);
            s.memory_efficiency = cr.number("memory_efficiency", 1, false, 0, 1);
            s.stream_memory_efficiency = cr.number("stream_memory_efficiency", 1, false, 0, 1);
            s.global_buffer_resident_fraction =
                cr.number("global_buffer_resident_fraction", 0, false, 0, 1, false);
            if (const Json* rates = cr.child("matrix_rate_by_precision")) {
                const std::string rp = childPointer(ptr, "matrix_rate_by_precision");
                if (expectObject(*rates, rp, ctx, "rates by precision {\"int8\": 2, ...}"))
                    for (auto it = rates->begin(); it != rates->end(); ++it) {
                        if (!it->is_number() || !(it->get<double>() > 0))
                            ctx.error("IO-0008", childPointer(rp, it.key()),
                                      "expected a positive rate relative to 16-bit, got " +
                                          it->dump());
                        else
                            s.matrix_rate_by_precision[it.key()] = it->get<double>();
                    }
            }
            if (const Json* m = cr.child("attached_memory")) {
                const std::string mp = childPointer(ptr, "attached_memory");
                if (expectObject(*m, mp, ctx, "{\"memory\": id, \"stacks\": n}")) {
                    EntryReader mr(*m, mp, ctx);
                    s.attached_memory = mr.text("memory", true);
                    s.attached_stacks = mr.integer("stacks", 0, true, 1);
                    mr.finish();
                }
            }
            if (const Json* f = cr.child("fabric")) {
                const std::string fp = childPointer(ptr, "fabric");
                if (expectObject(*f, fp, ctx, "{\"phy\": id, \"links\": n}")) {
                    EntryReader fr(*f, fp, ctx);
                    s.fabric_phy = fr.text("phy", true);
                    s.fabric_links = fr.integer("links", 0, true, 1);
                    fr.finish();
                }
            }
            if (const Json* ops = cr.child("op_overheads_us")) {
                const std::string op = childPointer(ptr, "op_overheads_us");
                if (expectObject(
                        *ops, op, ctx,
                        "per-operator overheads {\"gelu\": {\"floor\": .., \"dispatch\": ..}}"))
                    for (auto it = ops->begin(); it != ops->end(); ++it) {
                        const std::string ip = childPointer(op, it.key());
                        if (!expectObject(*it, ip, ctx, "an overhead {floor, dispatch} in µs"))
                            continue;
                        EntryReader orr(*it, ip, ctx);
                        ComputeSpec::OpOverhead o;
                        o.floor_s = orr.number("floor_us", 0, true, 0, 1e6, false);
                        o.dispatch_s = orr.number("dispatch_us", 0, true, 0, 1e6, false);
                        o.input_rereads = orr.number("input_rereads", 0, false, 0, 100, false);
                        o.row_buffer_bytes = orr.number("row_buffer_kib", 0, false, 0, 1e9, false);
                        o.row_spill_reads = orr.number("row_spill_reads", 0, false, 0, 100, false);
                        o.stream_efficiency = orr.number("stream_efficiency", 0, false, 0, 1);
                        orr.finish();
                        s.op_overheads[it.key()] = o;
                    }
            }
            cr.finish();
            c.compute = s;
        }
    }
    if (const Json* blocks = r.child("blocks")) {
        const std::string ptr = r.pointerOf("blocks");
        if (expectArray(*blocks, ptr, ctx, "a list of floorplan blocks"))
            for (std::size_t i = 0; i < blocks->size(); ++i) {
                const std::string bp = childPointer(ptr, i);
                if (!expectObject((*blocks)[i], bp, ctx, "a block"))
                    continue;
                EntryReader br((*blocks)[i], bp, ctx);
                BlockSpec b;
                b.id = br.text("id", true);
                b.kind = br.text("kind", true);
                b.x_m = br.number("x_mm", 0, true, 0, 100, false);
                b.y_m = br.number("y_mm", 0, true, 0, 100, false);
                b.w_m = br.number("width_mm", 0, true, 0, 100);
                b.h_m = br.number("height_mm", 0, true, 0, 100);
                b.power_w = br.number("power_w", 0, false, 0, 5000, false);
                br.finish();
                if (b.x_m + b.w_m > c.width_m * (1 + 1e-9) ||
                    b.y_m + b.h_m > c.height_m * (1 + 1e-9))
                    ctx.error("LIB-0006", bp,
                              "block \"" + b.id + "\" extends beyond the die outline");
                c.blocks.push_back(b);
            }
    }
    if (const Json* phys = r.child("phys")) {
        const std::string ptr = r.pointerOf("phys");
        if (expectArray(*phys, ptr, ctx, "a list of PHY sites"))
            for (std::size_t i = 0; i < phys->size(); ++i) {
                const std::string sp = childPointer(ptr, i);
                if (!expectObject((*phys)[i], sp, ctx, "a PHY site"))
                    continue;
                EntryReader pr((*phys)[i], sp, ctx);
                PhySite s;
                s.edge = pr.text("edge", true);
                s.phy = pr.text("phy", true);
                s.length_m = pr.number("length_mm", 0, false, 0, 100, false);
                pr.finish();
                static const std::vector<std::string> edges{"north", "east", "south", "west",
                                                            "area"};
                if (std::find(edges.begin(), edges.end(), s.edge) == edges.end())
                    ctx.error("IO-0008", childPointer(sp, "edge"),
                              "expected one of north, east, south, west, area, got \"" + s.edge +
                                  "\"");
                c.phys.push_back(s);
            }
    }
    if (const Json* ib = r.child("internal_bonds")) {
        const std::string ptr = r.pointerOf("internal_bonds");
        if (expectObject(*ib, ptr, ctx,
                         "{\"count\", \"resistance_k_mm2_per_w\", \"thickness_um\", "
                         "\"fill_material\"}")) {
            EntryReader br(*ib, ptr, ctx);
            InternalBonds b;
            b.count = br.integer("count", 0, true, 1);
            b.resistance_k_m2_w = br.number("resistance_k_mm2_per_w", 0, true, 0, 1e4);
            b.thickness_m = br.number("thickness_um", 0, true, 0, 1000);
            b.fill_material = br.text("fill_material", true);
            br.finish();
            // The dies between the bonds need silicon (and a die's BEOL and active layer, 14 µm).
            if (b.count * b.thickness_m >= c.thickness_m - 14e-6)
                ctx.error("LIB-0008", ptr,
                          std::to_string(b.count) + " bond layers of " +
                              formatNumber(b.thickness_m * 1e6) + " µm leave no silicon in a " +
                              formatNumber(c.thickness_m * 1e6) + " µm stack");
            c.internal_bonds = b;
        }
    }
    if (const Json* bumps = r.child("bumps")) {
        const std::string ptr = r.pointerOf("bumps");
        if (expectObject(*bumps, ptr, ctx,
                         "{\"bond\", \"pitch_um\", \"diameter_um\", \"height_um\", \"count\"}")) {
            EntryReader br(*bumps, ptr, ctx);
            BumpArray b;
            b.bond = br.text("bond", true);
            b.pitch_m = br.number("pitch_um", 0, true, 0, 5000);
            b.diameter_m = br.number("diameter_um", 0, true, 0, 5000);
            b.height_m = br.number("height_um", 0, true, 0, 5000);
            b.count = br.integer("count", 0, false, 0);
            br.finish();
            if (b.diameter_m >= b.pitch_m)
                ctx.error("LIB-0008", ptr,
                          "bump diameter " + formatNumber(b.diameter_m * 1e6) +
                              " µm must be smaller than their pitch " +
                              formatNumber(b.pitch_m * 1e6) + " µm");
            c.bumps = b;
        }
    }
    c.provenance = r.provenance(file);
    return c;
}

template <class T, class ReadFn>
void readSection(const Json& doc, const char* key, std::vector<T>& items, const JsonContext& ctx,
                 ReadFn read) {
    auto it = doc.find(key);
    if (it == doc.end())
        return;
    const std::string ptr = childPointer("", key);
    if (!expectArray(*it, ptr, ctx, "a list of library entries"))
        return;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const std::string ep = childPointer(ptr, i);
        if (!expectObject((*it)[i], ep, ctx, "a library entry"))
            continue;
        const std::size_t before = ctx.diags->size();
        EntryReader r((*it)[i], ep, ctx);
        T item = read(r);
        r.finish();
        if (std::none_of(ctx.diags->begin() + static_cast<std::ptrdiff_t>(before), ctx.diags->end(),
                         [](const Diagnostic& d) { return d.severity == Severity::Error; }))
            upsert(items, std::move(item), ctx, ep);
    }
}

} // namespace

void loadLibraryText(const std::string& text, const std::string& label, Library& lib,
                     std::vector<Diagnostic>& diags) {
    JsonContext ctx{label, &diags};
    Json doc;
    if (!parseJsonText(text, doc, ctx) || !expectObject(doc, "/", ctx, "a Strata library file"))
        return;
    auto fmt = doc.find("format");
    if (fmt == doc.end() || !fmt->is_string() || *fmt != "strata-library") {
        ctx.error("IO-0004", "/format", "expected \"format\": \"strata-library\"");
        return;
    }
    auto schema = doc.find("schema");
    if (schema == doc.end() || !schema->is_number_integer() || *schema != 1) {
        ctx.error("IO-0005", "/schema",
                  "expected \"schema\": 1 (the library schema this build reads)");
        return;
    }
    reportUnknownKeys(doc, "",
                      {"format", "schema", "notes", "materials", "technologies", "packages",
                       "bonds", "phys", "memories", "chiplets", "workloads", "energies"},
                      ctx);
    readSection(doc, "materials", lib.materials, ctx,
                [&](EntryReader& r) { return readMaterial(r, label); });
    readSection(doc, "technologies", lib.technologies, ctx,
                [&](EntryReader& r) { return readTech(r, label); });
    readSection(doc, "packages", lib.packages, ctx,
                [&](EntryReader& r) { return readPackage(r, label); });
    readSection(doc, "bonds", lib.bonds, ctx, [&](EntryReader& r) { return readBond(r, label); });
    readSection(doc, "phys", lib.phys, ctx, [&](EntryReader& r) { return readPhy(r, label, ctx); });
    readSection(doc, "memories", lib.memories, ctx,
                [&](EntryReader& r) { return readMemory(r, label); });
    readSection(doc, "chiplets", lib.chiplets, ctx,
                [&](EntryReader& r) { return readChiplet(r, label, ctx); });
    readSection(doc, "energies", lib.energies, ctx,
                [&](EntryReader& r) { return readEnergy(r, label, ctx); });
    readSection(doc, "workloads", lib.workloads, ctx,
                [&](EntryReader& r) { return readWorkload(r, label, ctx); });
    lib.files.push_back(label);
}

namespace {
// LIB-0007: references between library entries resolve (checked once everything is loaded,
// so a user file may refer to shipped entries and the other way round).
void checkReferences(const Library& lib, std::vector<Diagnostic>& diags) {
    auto missing = [&](const Provenance& p, const std::string& entry, const std::string& what,
                       const std::string& id) {
        diags.push_back({"LIB-0007",
                         Severity::Error,
                         "\"" + entry + "\" refers to unknown " + what + " \"" + id + "\"",
                         {entry},
                         "",
                         p.file});
    };
    for (const ChipletType& c : lib.chiplets) {
        if (!c.node.empty() && !lib.technology(c.node))
            missing(c.provenance, c.id, "technology node", c.node);
        if (!c.memory.empty() && !lib.memory(c.memory))
            missing(c.provenance, c.id, "memory", c.memory);
        for (const PhySite& s : c.phys)
            if (!lib.phy(s.phy))
                missing(c.provenance, c.id, "PHY", s.phy);
        if (c.compute && !c.compute->attached_memory.empty() &&
            !lib.memory(c.compute->attached_memory))
            missing(c.provenance, c.id, "memory", c.compute->attached_memory);
        if (c.compute && !c.compute->fabric_phy.empty() && !lib.phy(c.compute->fabric_phy))
            missing(c.provenance, c.id, "PHY", c.compute->fabric_phy);
        if (c.internal_bonds && !lib.material(c.internal_bonds->fill_material))
            missing(c.provenance, c.id, "material", c.internal_bonds->fill_material);
        if (c.bumps && !lib.bond(c.bumps->bond))
            missing(c.provenance, c.id, "bond", c.bumps->bond);
    }
    for (const BondType& b : lib.bonds)
        for (const std::string* m : {&b.via_material, &b.fill_material, &b.cap_material})
            if (!m->empty() && !lib.material(*m))
                missing(b.provenance, b.id, "material", *m);
    for (const NodeEnergy& e : lib.energies)
        if (!lib.technology(e.id))
            missing(e.provenance, e.id, "technology node", e.id);
    for (const PackageKind& p : lib.packages)
        if (!p.carrier_node.empty() && !lib.technology(p.carrier_node))
            missing(p.provenance, p.id, "technology node", p.carrier_node);
}

// Every *.json under each folder (recursively, sorted by path) into `out`, in the order given.
void addFolders(LibraryLoad& out, const std::vector<std::string>& folders) {
    namespace fs = std::filesystem;
    for (const std::string& folder : folders) {
        std::error_code ec;
        if (!fs::is_directory(folder, ec)) {
            out.diagnostics.push_back({"LIB-0001",
                                       Severity::Error,
                                       folder + ": library folder not found",
                                       {},
                                       "",
                                       folder});
            continue;
        }
        std::vector<std::string> files;
        for (auto it = fs::recursive_directory_iterator(folder, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
            if (it->is_regular_file() && it->path().extension() == ".json" &&
                it->path().parent_path().filename() != "schemas")
                files.push_back(it->path().string());
        std::sort(files.begin(), files.end());
        for (const std::string& f : files) {
            std::string text, error;
            if (!readWholeFile(f, text, error)) {
                out.diagnostics.push_back({"IO-0001", Severity::Error, error, {}, "/", f});
                continue;
            }
            loadLibraryText(text, f, out.library, out.diagnostics);
        }
    }
}

} // namespace

LibraryLoad loadLibrary(const std::vector<std::string>& folders) {
    LibraryLoad out;
    addFolders(out, folders);
    checkReferences(out.library, out.diagnostics);
    return out;
}

std::string shippedAssetsDir() {
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("STRATA_ASSETS_DIR"); env && *env)
        return env;
    if (std::string installed = installedDir("share/strata/assets"); !installed.empty())
        return installed;
    return STRATA_SOURCE_ASSETS_DIR;
}

std::vector<std::string> userLibraryDirs() {
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    if (const char* env = std::getenv("STRATA_LIBRARY_PATH"); env && *env) {
        std::string all = env;
        std::size_t start = 0;
        while (start <= all.size()) {
            const std::size_t end = std::min(all.find(':', start), all.size());
            if (end > start)
                out.push_back(all.substr(start, end - start));
            start = end + 1;
        }
    }
    if (const char* home = std::getenv("HOME"); home && *home) {
        std::error_code ec;
        const fs::path user = fs::path(home) / ".local" / "share" / "strata" / "library";
        if (fs::is_directory(user, ec))
            out.push_back(user.string());
    }
    return out;
}

std::string userLibraryWriteDir() {
    if (const char* env = std::getenv("STRATA_LIBRARY_PATH"); env && *env) {
        const std::string all = env;
        if (std::string first = all.substr(0, all.find(':')); !first.empty())
            return first;
    }
    if (const char* home = std::getenv("HOME"); home && *home)
        return (std::filesystem::path(home) / ".local" / "share" / "strata" / "library").string();
    return "";
}

LibraryLoad loadDefaultLibrary(const std::vector<std::string>& extra,
                               const std::vector<LibraryText>& plugins) {
    LibraryLoad out;
    addFolders(out, {shippedAssetsDir()});
    for (const LibraryText& t : plugins) // between the shipped and the user's own entries
        loadLibraryText(t.text, t.label, out.library, out.diagnostics);
    std::vector<std::string> dirs = userLibraryDirs();
    dirs.insert(dirs.end(), extra.begin(), extra.end());
    addFolders(out, dirs);
    checkReferences(out.library, out.diagnostics);
    return out;
}

} // namespace strata
