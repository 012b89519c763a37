#include "thermal/builder.h"

#include "model/geometry.h"
#include "thermal/grid.h"
#include "thermal/memory_budget.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numbers>

namespace strata::thermal {

std::optional<int> parseResolution(const std::string& text) {
    if (text == "coarse")
        return 16;
    if (text == "default" || text.empty())
        return 32;
    if (text == "fine")
        return 64;
    int n = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || p != text.data() + text.size() || n < kMinCellsAcrossDie ||
        n > kMaxCellsAcrossDie)
        return std::nullopt;
    return n;
}

std::optional<BuildOptions> buildOptionsFor(const std::string& resolution) {
    const auto cells = parseResolution(resolution);
    if (!cells)
        return std::nullopt;
    BuildOptions o;
    o.cells_across_die = *cells;
    if (resolution == "coarse")
        o.max_sublayer_m = 1.5e-3;
    return o;
}

Diagnostic unknownResolution(const std::string& resolution) {
    return {"THM-0006",
            Severity::Error,
            "unknown thermal resolution \"" + resolution +
                "\": expected coarse, default, fine or a number of cells (" +
                std::to_string(kMinCellsAcrossDie) + " to " + std::to_string(kMaxCellsAcrossDie) +
                ")",
            {"thermal.resolution"},
            "",
            ""};
}

std::vector<double> subLayers(double thickness, double max_face) {
    for (int n = 1;; ++n) {
        std::vector<double> w(static_cast<std::size_t>(n));
        double sum = 0;
        for (int i = 0; i < n; ++i)
            sum += w[static_cast<std::size_t>(i)] = std::pow(1.5, std::min(i, n - 1 - i));
        if (thickness / sum <= max_face * (1 + 1e-9) || n >= 1000) {
            for (double& v : w)
                v *= thickness / sum;
            return w;
        }
    }
}

CellMaterial viaArray(const Material& via, const Material& fill, double diameter, double pitch) {
    const double f = std::min(1.0, std::numbers::pi * diameter * diameter / (4 * pitch * pitch));
    CellMaterial m;
    m.kz = f * via.k_z_w_mk + (1 - f) * fill.k_z_w_mk;
    m.kxy = 1.0 / (f / via.k_xy_w_mk + (1 - f) / fill.k_xy_w_mk);
    m.cv = f * via.cv_j_m3k + (1 - f) * fill.cv_j_m3k;
    return m;
}

Material cappedPost(const Material& post, const Material& cap, double capFraction) {
    const double f = capFraction;
    Material m = post;
    m.id = post.id + "+" + cap.id;
    m.k_z_w_mk = 1.0 / ((1 - f) / post.k_z_w_mk + f / cap.k_z_w_mk);
    m.k_xy_w_mk = (1 - f) * post.k_xy_w_mk + f * cap.k_xy_w_mk;
    m.cv_j_m3k = (1 - f) * post.cv_j_m3k + f * cap.cv_j_m3k;
    return m;
}

CellMaterial stackedBulk(const Material& silicon, const Material& fill, const InternalBonds& b,
                         double bulk) {
    const double bonds = b.count * b.thickness_m, si = bulk - bonds;
    CellMaterial m;
    m.kz = bulk / (si / silicon.k_z_w_mk + b.count * b.resistance_k_m2_w);
    m.kxy = (silicon.k_xy_w_mk * si + fill.k_xy_w_mk * bonds) / bulk;
    m.cv = (silicon.cv_j_m3k * si + fill.cv_j_m3k * bonds) / bulk;
    return m;
}

namespace {

CellMaterial of(const Material& m) {
    return {m.k_xy_w_mk, m.k_z_w_mk, m.cv_j_m3k};
}

struct Rect2 {
    double x0, y0, x1, y1;
};

// A piece of a stack between two heights above the package top.
struct Item {
    double z0, z1;
    Rect2 rect;
    CellMaterial material;
    std::string name;
    int die = -1;         // index into dies when this is a die's active layer
    bool support = false; // support or gap fill beside a tier: dies paint over it
};

// A block rectangle of the die type on the package (model/geometry.h).
Rect2 placeBlock(const BlockSpec& b, const ChipletType& type, const ResolvedDie& die,
                 const Rect& fp, int rot) {
    const Rect r = blockFootprint(b, type, die, fp, rot);
    return {r.x0, r.y0, r.x1, r.y1};
}

struct Builder {
    const Design& d;
    const Library& lib;
    const BuildOptions& opt;
    BuildResult out;

    void error(const char* code, const std::string& msg, std::vector<std::string> ids = {},
               const std::string& ptr = "") {
        out.diagnostics.push_back({code, Severity::Error, msg, std::move(ids), ptr, {}});
    }
    const Material* material(const std::string& id, const std::string& where) {
        const Material* m = lib.material(id);
        if (!m)
            error("THM-0001", where + ": unknown material \"" + id + "\"");
        else if (!(m->k_xy_w_mk > 0) || !(m->k_z_w_mk > 0) || !(m->cv_j_m3k > 0))
            error("THM-0002", where + ": material \"" + id +
                                  "\" needs positive conductivity and heat capacity");
        return m;
    }
    // A via or bump array in its fill (rule of mixtures along the vias, series across). A fill
    // that is already an effective mixture with its vias (TAP-2.5D's underfill) is used alone:
    // mixing the array in again would count the vias twice.
    CellMaterial withVias(const Material& via, const Material& fill, double diameter, double pitch,
                          const std::string& where, const std::string& ptr) {
        if (!fill.includes_vias)
            return viaArray(via, fill, diameter, pitch);
        out.diagnostics.push_back(
            {"THM-0104",
             Severity::Warning,
             where + ": \"" + fill.id +
                 "\" already includes its vias or bumps (an effective mixture), so the array of " +
                 formatNumber(diameter * 1e6) + " µm " + via.id + " at " +
                 formatNumber(pitch * 1e6) +
                 " µm pitch is not mixed in again; make the fill the resin or bulk alone (e.g. "
                 "epoxy) to model the array from its pitch and diameter",
             {},
             ptr,
             ""});
        return of(fill);
    }

    // Layers are planned first (thickness, and what is painted where, in order) and their cells
    // allocated only once the whole grid is known to fit in memory.
    struct Paint {
        Rect2 rect;
        CellMaterial material;
    };
    struct PlannedLayer {
        std::string name;
        double thickness;
        std::vector<Paint> paints;
    };
    std::vector<PlannedLayer> planned;

    void addLayer(const std::string& name, double thickness, const Rect2& r,
                  const CellMaterial& m) {
        const std::vector<double> parts = subLayers(thickness, opt.max_sublayer_m);
        for (std::size_t s = 0; s < parts.size(); ++s)
            planned.push_back({parts.size() == 1 ? name : name + "." + std::to_string(s + 1),
                               parts[s],
                               {{r, m}}});
    }

    void build() {
        Model& M = out.model;
        M.ambient_k = d.cooling.ambient_k;
        const Rect2 pkg{0, 0, d.package.width_m, d.package.height_m};
        const double cx = pkg.x1 / 2, cy = pkg.y1 / 2;
        const double sw = d.cooling.spreader_width_m / 2, kw = d.cooling.sink_width_m / 2;
        const Rect2 spreader{cx - sw, cy - sw, cx + sw, cy + sw};
        const Rect2 sink{cx - kw, cy - kw, cx + kw, cy + kw};

        // Dies, their footprints and blocks.
        struct PlacedDie {
            const Stack* stack;
            std::size_t tier;
            ResolvedDie die;
            Rect fp;
        };
        std::vector<PlacedDie> dies;
        double largest = 0;
        for (std::size_t si = 0; si < d.stacks.size(); ++si)
            for (std::size_t t = 0; t < d.stacks[si].tiers.size(); ++t) {
                const Stack& s = d.stacks[si];
                ResolvedDie r = resolveDie(s.tiers[t].die, d, lib);
                if (!r.type) {
                    error("THM-0001", "unknown chiplet type \"" + s.tiers[t].die.type + "\"",
                          {r.die->id});
                    continue;
                }
                if (r.thickness_m <= kBeolThickness + kActiveThickness) {
                    // Its power would go into a tier with no bulk silicon to carry it.
                    const std::string tier =
                        "/stacks/" + std::to_string(si) + "/tiers/" + std::to_string(t) + "/die";
                    error("THM-0003",
                          "die \"" + r.die->id + "\" is " + formatNumber(r.thickness_m * 1e6) +
                              " µm thick: no bulk silicon under its BEOL and active layers; "
                              "expected more than 14 µm",
                          {r.die->id},
                          r.die->thickness_m ? tier + "/thickness_um" : tier + "/type");
                }
                const Rect fp = tierFootprint(s, s.tiers[t], r);
                largest = std::max({largest, fp.width(), fp.height()});
                dies.push_back({&s, t, r, fp});
            }
        if (dies.empty())
            error("THM-0004", "the design has no dies: nothing to heat");
        const bool hasTop = d.cooling.h_w_m2k || d.cooling.r_k_w;
        if (!hasTop && !d.cooling.secondary_r_k_w)
            error("THM-0005",
                  "no path to ambient: set cooling.h_w_m2k or cooling.r_k_w (or a secondary path); "
                  "without one no steady state exists",
                  {"cooling"}, "/cooling");
        if (hasErrors(out.diagnostics))
            return;

        // Lateral grid.
        const double h = largest / opt.cells_across_die;
        std::vector<double> ex{pkg.x0, pkg.x1, spreader.x0, spreader.x1, sink.x0, sink.x1};
        std::vector<double> ey{pkg.y0, pkg.y1, spreader.y0, spreader.y1, sink.y0, sink.y1};
        std::vector<Interval> fx, fy;
        for (const PlacedDie& p : dies) {
            ex.insert(ex.end(), {p.fp.x0, p.fp.x1});
            ey.insert(ey.end(), {p.fp.y0, p.fp.y1});
            fx.push_back({p.fp.x0, p.fp.x1});
            fy.push_back({p.fp.y0, p.fp.y1});
            for (const BlockSpec& b : p.die.type->blocks) {
                const Rect2 r = placeBlock(b, *p.die.type, p.die, p.fp, p.stack->rotation_deg);
                ex.insert(ex.end(), {r.x0, r.x1});
                ey.insert(ey.end(), {r.y0, r.y1});
            }
        }
        M.xs = makeGridLines(ex, fx, h);
        M.ys = makeGridLines(ey, fy, h);

        // Package layers.
        for (std::size_t i = 0; i < d.package.layers.size(); ++i) {
            const PackageLayer& pl = d.package.layers[i];
            const Material* m = material(pl.material, "package layer " + pl.name);
            if (!m)
                continue;
            CellMaterial cm = of(*m);
            const std::string where = "package layer \"" + pl.name + "\"";
            const std::string ptr = "/package/layers/" + std::to_string(i) + "/material";
            if (pl.via_pitch_m && pl.via_diameter_m) {
                if (const Material* v = material(pl.via_material, "vias of " + where))
                    cm = withVias(*v, *m, *pl.via_diameter_m, *pl.via_pitch_m, where, ptr);
            } else if (isC4Layer(pl)) { // the package's C4 bumps, of the library's C4 bond
                const BondType* c4 = lib.bond("c4");
                if (const Material* v = c4 ? material(c4->via_material, "C4 bumps") : nullptr)
                    cm =
                        withVias(*v, *m, d.package.c4_diameter_m, d.package.c4_pitch_m, where, ptr);
            }
            addLayer("package." + pl.name, pl.thickness_m, pkg, cm);
        }

        // Stacks: items with heights above the package top.
        const Material* si = material("silicon", "die bulk");
        const Material* beol = material("beol", "die BEOL");
        const Material* fill = material(d.package.fill_material, "package fill");
        if (!si || !beol || !fill)
            return;
        std::vector<Item> items;
        std::size_t dieIndex = 0;
        std::map<const Stack*, double> top, base; // base: the top of a stack's first bond
        std::map<const Stack*, Rect2> lower;      // the footprint of a stack's last tier so far
        for (const PlacedDie& p : dies) {
            const Tier& tier = p.stack->tiers[p.tier];
            const std::string& id = p.die.die->id;
            double z = top[p.stack];
            const double tierBottom = z;
            const Rect2 r{p.fp.x0, p.fp.y0, p.fp.x1, p.fp.y1};
            // A tier on dummy silicon (DRC-0003: what carries an overhang) has silicon under its
            // whole footprint from the top of the stack's first bond up to its own bond, where
            // the tiers below leave room; mold support is the package fill that is there anyway.
            if (p.tier > 0 && tier.support == "dummy_silicon")
                items.push_back({base[p.stack], z, r, of(*si), id + ".support", -1, true});
            if (const BondType* b = lib.bond(tier.bond.type)) {
                const Material* via = material(b->via_material, "bond " + b->id);
                const Material* bf = material(b->fill_material, "bond " + b->id);
                const Material* cap =
                    b->cap_material.empty() ? nullptr : material(b->cap_material, "bond " + b->id);
                const std::optional<Material> capped =
                    via && cap ? std::optional(cappedPost(*via, *cap, b->cap_fraction))
                               : std::nullopt;
                if (via && bf)
                    items.push_back({z, z + tier.bond.thickness_m, r,
                                     viaArray(capped ? *capped : *via, *bf, tier.bond.diameter_m,
                                              tier.bond.pitch_m),
                                     id + ".bond"});
                z += tier.bond.thickness_m;
            }
            if (p.tier == 0)
                base[p.stack] = z;
            // Face down unless the tier above bonds face-to-face onto it.
            const bool faceUp = p.tier + 1 < p.stack->tiers.size() &&
                                p.stack->tiers[p.tier + 1].bond.orientation == "f2f";
            const double bulk = p.die.thickness_m - kBeolThickness - kActiveThickness;
            struct Part {
                double t;
                CellMaterial m;
                const char* name;
            };
            CellMaterial bulkMaterial = of(*si);
            if (const auto& bonds = p.die.type->internal_bonds) { // a stack of dies (HBM)
                const Material* between = material(bonds->fill_material, "bonds inside " + id);
                if (bonds->count * bonds->thickness_m >= bulk)
                    error("THM-0003",
                          "die \"" + id + "\" is " + formatNumber(p.die.thickness_m * 1e6) +
                              " µm thick: its " + std::to_string(bonds->count) +
                              " internal bond layers of " + formatNumber(bonds->thickness_m * 1e6) +
                              " µm leave no silicon",
                          {id});
                else if (between)
                    bulkMaterial = stackedBulk(*si, *between, *bonds, bulk);
            }
            std::vector<Part> parts{{kBeolThickness, of(*beol), ".beol"},
                                    {kActiveThickness, of(*si), ".active"},
                                    {bulk, bulkMaterial, ".bulk"}};
            if (faceUp)
                std::reverse(parts.begin(), parts.end());
            for (const Part& part : parts) {
                items.push_back(
                    {z, z + part.t, r, part.m, id + part.name,
                     std::string(part.name) == ".active" ? static_cast<int>(dieIndex) : -1});
                z += part.t;
            }
            top[p.stack] = z;
            // The tier's gap fill over the tier below where this tier leaves room, from its bond
            // up to its top (mold: the package fill, painted anyway); the die paints over it.
            if (p.tier > 0 && tier.gap_fill != "mold")
                if (const Material* gap = material(tier.gap_fill == "oxide" ? "sio2" : "silicon",
                                                   "gap fill beside " + id))
                    items.push_back(
                        {tierBottom, z, lower[p.stack], of(*gap), id + ".gap", -1, true});
            lower[p.stack] = r;
            ++dieIndex;
        }
        double stackTop = 0;
        std::vector<double> zs{0};
        for (const Item& it : items) {
            zs.push_back(it.z0);
            zs.push_back(it.z1);
            stackTop = std::max(stackTop, it.z1);
        }
        std::sort(zs.begin(), zs.end());
        zs.erase(
            std::unique(zs.begin(), zs.end(), [](double a, double b) { return b - a < 1e-10; }),
            zs.end());

        // A stack lower than the tallest has fill between its top and the TIM. Said when that
        // fill resists more than the TIM itself (epoxy under a 20 µm TIM of 4 W/mK: from 1.5 µm),
        // i.e. when it at least doubles the resistance from the die to the lid.
        const Material* tim = material(d.cooling.tim_material, "TIM");
        const double timR = tim ? d.cooling.tim_thickness_m / tim->k_z_w_mk : 0;
        for (const auto& [stack, height] : top) {
            const double gap = stackTop - height, gapR = gap / fill->k_z_w_mk;
            if (tim && gapR > timR && gap > 1e-7)
                out.diagnostics.push_back(
                    {"THM-0101",
                     Severity::Warning,
                     "stack \"" + stack->id + "\" is " + formatNumber(gap * 1e6) +
                         " µm lower than the tallest stack: its heat crosses that much " +
                         d.package.fill_material + " to reach the TIM, " +
                         (timR > 0 ? formatNumber(std::round(gapR / timR * 10) / 10) +
                                         " times the TIM's own resistance"
                                   : std::string("more than the TIM")) +
                         " (match die thicknesses to avoid it)",
                     {stack->id},
                     "",
                     ""});
        }
        std::vector<int> activeLayer(dies.size(), -1), activeCount(dies.size(), 0);
        for (std::size_t s = 0; s + 1 < zs.size(); ++s) {
            const double z0 = zs[s], z1 = zs[s + 1], mid = (z0 + z1) / 2;
            std::string name;
            std::vector<const Item*> here;
            for (const Item& it : items)
                if (it.z0 < mid && it.z1 > mid) {
                    here.push_back(&it);
                    name += (name.empty() ? "" : "+") + it.name;
                }
            const int before = static_cast<int>(planned.size());
            const std::vector<double> parts = subLayers(z1 - z0, opt.max_sublayer_m);
            std::stable_partition(here.begin(), here.end(),
                                  [](const Item* it) { return it->support; });
            std::vector<Paint> paints{{pkg, of(*fill)}};
            for (const Item* it : here)
                paints.push_back({it->rect, it->material});
            for (std::size_t k = 0; k < parts.size(); ++k)
                planned.push_back({(name.empty() ? "fill" : name) +
                                       (parts.size() > 1 ? "." + std::to_string(k + 1) : ""),
                                   parts[k], paints});
            for (const Item* it : here)
                if (it->die >= 0) {
                    auto idx = static_cast<std::size_t>(it->die);
                    if (activeLayer[idx] < 0)
                        activeLayer[idx] = before;
                    activeCount[idx] += static_cast<int>(parts.size());
                }
        }

        // TIM, spreader, sink.
        if (tim)
            addLayer("tim", d.cooling.tim_thickness_m, pkg, of(*tim));
        if (const Material* sp = material(d.cooling.spreader_material, "spreader"))
            addLayer("spreader", d.cooling.spreader_thickness_m, spreader, of(*sp));
        if (const Material* sk = material(d.cooling.sink_material, "sink"))
            addLayer("sink", d.cooling.sink_thickness_m, sink, of(*sk));
        if (hasErrors(out.diagnostics))
            return;
        const std::string what = "at " + std::to_string(opt.cells_across_die) +
                                 " cells across the largest die, the thermal grid" +
                                 (opt.extra_bytes_per_unknown > 0 ? " (with a transient)" : "");
        const int nz = static_cast<int>(planned.size());
        const double perUnknown = kSteadyBytesPerUnknown + opt.extra_bytes_per_unknown;
        if (opt.memory_claim ? !claimMemory(M.nx(), M.ny(), nz, perUnknown, opt.memory_budget_bytes,
                                            what, out.diagnostics, *opt.memory_claim, opt.cancel)
                             : !fitsInMemory(M.nx(), M.ny(), nz, perUnknown,
                                             opt.memory_budget_bytes, what, out.diagnostics))
            return;
        for (const PlannedLayer& p : planned) {
            Layer l;
            l.name = p.name;
            l.thickness = p.thickness;
            l.cells.assign(M.cellsPerLayer(), CellMaterial{});
            for (const Paint& paintOp : p.paints)
                paint(M, l, paintOp.rect.x0, paintOp.rect.y0, paintOp.rect.x1, paintOp.rect.y1,
                      paintOp.material);
            M.layers.push_back(std::move(l));
        }

        // Boundaries.
        const double sinkArea = (sink.x1 - sink.x0) * (sink.y1 - sink.y0);
        if (d.cooling.h_w_m2k)
            M.h_top = *d.cooling.h_w_m2k;
        else if (d.cooling.r_k_w)
            M.h_top = 1.0 / (*d.cooling.r_k_w * sinkArea);
        if (d.cooling.secondary_r_k_w)
            M.h_bottom = 1.0 / (*d.cooling.secondary_r_k_w * (pkg.x1 - pkg.x0) * (pkg.y1 - pkg.y0));

        // Heat sources and die regions.
        for (std::size_t i = 0; i < dies.size(); ++i) {
            const PlacedDie& p = dies[i];
            const std::string& id = p.die.die->id;
            M.dies.push_back({id, activeLayer[i], p.fp.x0, p.fp.y0, p.fp.x1, p.fp.y1});
            const auto& blocks = p.die.type->blocks;
            double typePower = 0;
            for (const BlockSpec& b : blocks)
                typePower += b.power_w;
            const double scale = p.die.die->power_w
                                     ? (typePower > 0 ? *p.die.die->power_w / typePower : 0)
                                     : (typePower > 0 ? 1.0 : 0.0);
            if (const auto& pm = p.die.die->power_map) { // a raster replaces the floorplan
                HeatSource src{id + ".map", id,      activeLayer[i], activeCount[i],
                               p.fp.x0,     p.fp.y0, p.fp.x1,        p.fp.y1,
                               0,           {}};
                for (double v : pm->power_w)
                    src.power_w += v;
                const double cw = p.die.type->width_m / pm->nx, ch = p.die.type->height_m / pm->ny;
                for (int rj = 0; rj < pm->ny; ++rj)
                    for (int ri = 0; ri < pm->nx; ++ri) {
                        const double v = pm->power_w[static_cast<std::size_t>(rj) * pm->nx + ri];
                        if (v <= 0 || src.power_w <= 0)
                            continue;
                        const BlockSpec cell{"", "", ri * cw, rj * ch, cw, ch, 0};
                        const Rect2 r =
                            placeBlock(cell, *p.die.type, p.die, p.fp, p.stack->rotation_deg);
                        src.raster.push_back({r.x0, r.y0, r.x1, r.y1, v / src.power_w});
                    }
                M.sources.push_back(std::move(src));
                continue;
            }
            if (blocks.empty() || typePower <= 0) {
                M.sources.push_back({id + ".die",
                                     id,
                                     activeLayer[i],
                                     activeCount[i],
                                     p.fp.x0,
                                     p.fp.y0,
                                     p.fp.x1,
                                     p.fp.y1,
                                     p.die.power_w,
                                     {}});
                continue;
            }
            for (const BlockSpec& b : blocks) {
                const Rect2 r = placeBlock(b, *p.die.type, p.die, p.fp, p.stack->rotation_deg);
                M.sources.push_back({id + "." + b.id,
                                     id,
                                     activeLayer[i],
                                     activeCount[i],
                                     r.x0,
                                     r.y0,
                                     r.x1,
                                     r.y1,
                                     b.power_w * scale,
                                     {}});
            }
        }
        out.ok = !hasErrors(out.diagnostics);
    }
};

} // namespace

BuildResult buildModel(const Design& design, const Library& library, const BuildOptions& options) {
    Builder b{design, library, options, {}, {}};
    b.build();
    return std::move(b.out);
}

} // namespace strata::thermal
