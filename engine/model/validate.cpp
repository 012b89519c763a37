#include "model/validate.h"

#include "model/geometry.h"
#include "model/properties.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace strata {

namespace {

std::string mm(double m) {
    std::ostringstream o;
    o.precision(4);
    o << m * 1e3 << " mm";
    return o.str();
}
std::string um(double m) {
    std::ostringstream o;
    o.precision(4);
    o << m * 1e6 << " µm";
    return o.str();
}

struct Checker {
    const Design& d;
    const Library& lib;
    std::vector<Diagnostic> out;

    void add(const char* code, const std::string& pointer, const std::string& message,
             std::vector<std::string> ids, Severity s = Severity::Error) {
        out.push_back(Diagnostic{code, s, message, std::move(ids), pointer, {}});
    }

    static std::string stackPtr(std::size_t s) { return "/stacks/" + std::to_string(s); }
    static std::string tierPtr(std::size_t s, std::size_t t) {
        return stackPtr(s) + "/tiers/" + std::to_string(t);
    }
    static std::string linkPtr(std::size_t l) { return "/links/" + std::to_string(l); }

    // MDL-0003: every property within its descriptor's range (files are checked on load; this
    // catches designs built or edited in memory).
    template <class T>
    void checkValues(const T& obj, const std::string& pointer, const std::string& id) {
        for (const Property<T>& p : propertiesOf<T>()) {
            Value v = p.get(obj);
            if (std::holds_alternative<std::monostate>(v) && p.info.optional)
                continue;
            if (std::string problem = checkValue(p.info, v); !problem.empty())
                add("MDL-0003", pointer + "/" + p.info.name, p.info.name + ": " + problem, {id});
        }
    }

    void values() {
        checkValues(d, "", d.name);
        checkValues(d.package, "/package", "package");
        for (std::size_t i = 0; i < d.package.layers.size(); ++i)
            checkValues(d.package.layers[i], "/package/layers/" + std::to_string(i),
                        d.package.layers[i].name);
        for (std::size_t s = 0; s < d.stacks.size(); ++s) {
            checkValues(d.stacks[s], stackPtr(s), d.stacks[s].id);
            for (std::size_t t = 0; t < d.stacks[s].tiers.size(); ++t) {
                const Tier& tier = d.stacks[s].tiers[t];
                checkValues(tier, tierPtr(s, t), tier.die.id);
                checkValues(tier.die, tierPtr(s, t) + "/die", tier.die.id);
                if (const auto& pm = tier.die.power_map) {
                    bool bad = pm->nx < 1 || pm->ny < 1 ||
                               pm->power_w.size() != static_cast<std::size_t>(pm->nx) * pm->ny;
                    for (double v : pm->power_w)
                        bad = bad || !std::isfinite(v) || v < 0;
                    if (bad)
                        add("MDL-0003", tierPtr(s, t) + "/die/power_map",
                            "power map of \"" + tier.die.id +
                                "\": expected nx * ny finite powers >= 0 W",
                            {tier.die.id});
                }
                checkValues(tier.bond, tierPtr(s, t) + "/bond", tier.die.id);
            }
        }
        for (std::size_t l = 0; l < d.links.size(); ++l)
            checkValues(d.links[l], linkPtr(l), d.links[l].id);
        checkValues(d.cooling, "/cooling", "cooling");
        if (d.workload) {
            checkValues(*d.workload, "/workload", "workload");
            checkValues(d.workload->mapping, "/workload/mapping", "workload");
        }
    }

    // MDL-0001: ids are unique within stacks, dies and links.
    void duplicateIds() {
        std::map<std::string, std::string> stacks, dies, links;
        auto check = [&](std::map<std::string, std::string>& seen, const std::string& id,
                         const std::string& ptr, const char* what) {
            if (id.empty()) {
                add("MDL-0001", ptr,
                    std::string("empty ") + what + " id: expected a non-empty, unique id", {});
                return;
            }
            auto [it, fresh] = seen.emplace(id, ptr);
            if (!fresh)
                add("MDL-0001", ptr,
                    std::string("duplicate ") + what + " id \"" + id + "\" (first used at " +
                        it->second + "): ids must be unique",
                    {id});
        };
        for (std::size_t s = 0; s < d.stacks.size(); ++s) {
            check(stacks, d.stacks[s].id, stackPtr(s) + "/id", "stack");
            for (std::size_t t = 0; t < d.stacks[s].tiers.size(); ++t)
                check(dies, d.stacks[s].tiers[t].die.id, tierPtr(s, t) + "/die/id", "die");
        }
        for (std::size_t l = 0; l < d.links.size(); ++l)
            check(links, d.links[l].id, linkPtr(l) + "/id", "link");
    }

    void unknownRef(const std::string& ptr, const char* what, const std::string& id,
                    const std::string& owner) {
        add("MDL-0002", ptr,
            std::string("unknown ") + what + " \"" + id + "\": not in the component library",
            {owner});
    }

    // MDL-0002: references into the library resolve.
    void references() {
        if (!lib.technology(d.technology.node))
            unknownRef("/technology/node", "technology node", d.technology.node, "technology");
        if (!lib.package(d.package.kind))
            unknownRef("/package/kind", "package kind", d.package.kind, "package");
        if (!d.package.interposer_node.empty() && !lib.technology(d.package.interposer_node))
            unknownRef("/package/interposer_node", "technology node", d.package.interposer_node,
                       "package");
        for (std::size_t i = 0; i < d.package.layers.size(); ++i) {
            const PackageLayer& l = d.package.layers[i];
            const std::string ptr = "/package/layers/" + std::to_string(i);
            if (!lib.material(l.material))
                unknownRef(ptr + "/material", "material", l.material, l.name);
            if (l.via_pitch_m && !lib.material(l.via_material))
                unknownRef(ptr + "/via_material", "material", l.via_material, l.name);
            if (l.via_pitch_m.has_value() != l.via_diameter_m.has_value())
                add("MDL-0007", ptr,
                    "layer \"" + l.name +
                        "\": give both via_pitch_um and via_diameter_um, or neither",
                    {l.name});
            else if (l.via_pitch_m && *l.via_diameter_m >= *l.via_pitch_m)
                add("DRC-0005", ptr + "/via_diameter_um",
                    "layer \"" + l.name + "\": via diameter must be smaller than the via pitch",
                    {l.name});
        }
        if (d.package.c4_diameter_m >= d.package.c4_pitch_m)
            add("DRC-0005", "/package/c4_diameter_um",
                "package: C4 bump diameter must be smaller than the C4 pitch", {"package"});
        if (!lib.material(d.package.fill_material))
            unknownRef("/package/fill_material", "material", d.package.fill_material, "package");
        for (const auto& [key, mat] : {std::pair{"tim_material", &d.cooling.tim_material},
                                       std::pair{"spreader_material", &d.cooling.spreader_material},
                                       std::pair{"sink_material", &d.cooling.sink_material}})
            if (!lib.material(*mat))
                unknownRef(std::string("/cooling/") + key, "material", *mat, "cooling");
        for (std::size_t s = 0; s < d.stacks.size(); ++s)
            for (std::size_t t = 0; t < d.stacks[s].tiers.size(); ++t) {
                const Tier& tier = d.stacks[s].tiers[t];
                const ChipletType* type = lib.chiplet(tier.die.type);
                if (!type)
                    unknownRef(tierPtr(s, t) + "/die/type", "chiplet type", tier.die.type,
                               tier.die.id);
                else if (type->purchased && (tier.die.width_m || tier.die.height_m))
                    add("DRC-0009", tierPtr(s, t) + "/die",
                        "die \"" + tier.die.id + "\": " + type->id +
                            " is a purchased part with the vendor's footprint; its width and "
                            "height cannot be changed (remove width_mm / height_mm)",
                        {tier.die.id}, Severity::Warning);
                if (t == 0 && tier.gap_fill != "mold")
                    add("MDL-0008", tierPtr(s, t) + "/gap_fill",
                        "die \"" + tier.die.id +
                            "\": the bottom tier has no tier below, so its gap_fill has no "
                            "effect (the package fill surrounds it); set it on the tiers above",
                        {tier.die.id}, Severity::Warning);
                if (tier.die.node && !lib.technology(*tier.die.node))
                    unknownRef(tierPtr(s, t) + "/die/node", "technology node", *tier.die.node,
                               tier.die.id);
                if (!lib.bond(tier.bond.type))
                    unknownRef(tierPtr(s, t) + "/bond/type", "bond type", tier.bond.type,
                               tier.die.id);
            }
        for (std::size_t l = 0; l < d.links.size(); ++l)
            if (!lib.phy(d.links[l].phy))
                unknownRef(linkPtr(l) + "/phy", "PHY", d.links[l].phy, d.links[l].id);
        if (d.workload && !lib.workload(d.workload->model)) {
            std::string known;
            for (const WorkloadSpec& w : lib.workloads)
                known += (known.empty() ? "" : ", ") + w.id;
            add("MDL-0002", "/workload/model",
                "unknown workload \"" + d.workload->model + "\": expected one of " + known,
                {"workload"});
        }
        if (d.workload)
            for (const auto& [key, value] :
                 {std::pair{"weight_precision", &d.workload->weight_precision},
                  std::pair{"kv_cache_precision", &d.workload->kv_cache_precision}})
                if (!value->empty() && *value != "fp32" && *value != "bf16" && *value != "fp16" &&
                    *value != "fp8" && *value != "int8" && *value != "int4")
                    add("MDL-0003", std::string("/workload/") + key,
                        "expected one of fp32, bf16, fp16, fp8, int8, int4, got \"" + *value + "\"",
                        {"workload"});
    }

    void emptyStacks() {
        for (std::size_t s = 0; s < d.stacks.size(); ++s)
            if (d.stacks[s].tiers.empty())
                add("MDL-0005", stackPtr(s) + "/tiers",
                    "stack \"" + d.stacks[s].id + "\" has no tiers: expected at least one",
                    {d.stacks[s].id});
    }

    struct Placed {
        std::string die_id, stack_id;
        std::size_t s, t;
        Rect rect;
        ResolvedDie die;
    };
    std::vector<Placed> placed() const {
        std::vector<Placed> dies;
        for (std::size_t s = 0; s < d.stacks.size(); ++s)
            for (std::size_t t = 0; t < d.stacks[s].tiers.size(); ++t) {
                const Tier& tier = d.stacks[s].tiers[t];
                ResolvedDie r = resolveDie(tier.die, d, lib);
                if (!r.type || r.width_m <= 0 || r.height_m <= 0)
                    continue; // reported as MDL-0002/0003
                dies.push_back(
                    {tier.die.id, d.stacks[s].id, s, t, tierFootprint(d.stacks[s], tier, r), r});
            }
        return dies;
    }

    // DRC-0001 outside the package, DRC-0002 overlaps, DRC-0003 unsupported overhang.
    void placement(const std::vector<Placed>& dies) {
        const Rect pkg{0, 0, d.package.width_m, d.package.height_m};
        for (const Placed& p : dies)
            if (!pkg.contains(p.rect, 1e-9))
                add("DRC-0001", stackPtr(p.s),
                    "die \"" + p.die_id + "\" spans x " + mm(p.rect.x0) + "…" + mm(p.rect.x1) +
                        ", y " + mm(p.rect.y0) + "…" + mm(p.rect.y1) + ", outside the package (0…" +
                        mm(pkg.x1) + " × 0…" + mm(pkg.y1) + ")",
                    {p.die_id, p.stack_id});
        for (std::size_t i = 0; i < dies.size(); ++i)
            for (std::size_t j = i + 1; j < dies.size(); ++j) {
                if (dies[i].s == dies[j].s)
                    continue;
                const double a = dies[i].rect.overlapArea(dies[j].rect);
                if (a > 1e-12)
                    add("DRC-0002", stackPtr(dies[j].s),
                        "dies \"" + dies[i].die_id + "\" and \"" + dies[j].die_id +
                            "\" overlap by " + formatNumber(a * 1e6) + " mm²",
                        {dies[i].die_id, dies[j].die_id});
            }
        for (std::size_t k = 0; k < dies.size(); ++k) {
            const Placed& p = dies[k];
            if (p.t == 0)
                continue;
            auto below = std::find_if(dies.begin(), dies.end(), [&](const Placed& q) {
                return q.s == p.s && q.t + 1 == p.t;
            });
            const Tier& tier = d.stacks[p.s].tiers[p.t];
            if (below != dies.end() && !below->rect.contains(p.rect, 1e-9) &&
                tier.support == "none")
                add("DRC-0003", tierPtr(p.s, p.t) + "/support",
                    "tier " + std::to_string(p.t) + " (\"" + p.die_id +
                        "\") overhangs the tier below (\"" + below->die_id +
                        "\") with nothing under it: make it fit, or set support to mold or "
                        "dummy_silicon",
                    {p.die_id, below->die_id});
        }
    }

    // DRC-0005: bond pitch within what the bond technology can make; diameter below pitch.
    void bonds() {
        for (std::size_t s = 0; s < d.stacks.size(); ++s)
            for (std::size_t t = 0; t < d.stacks[s].tiers.size(); ++t) {
                const Tier& tier = d.stacks[s].tiers[t];
                const BondType* b = lib.bond(tier.bond.type);
                if (!b)
                    continue;
                const std::string ptr = tierPtr(s, t) + "/bond";
                if (tier.bond.pitch_m < b->min_pitch_m * (1 - 1e-9) ||
                    tier.bond.pitch_m > b->max_pitch_m * (1 + 1e-9))
                    add("DRC-0005", ptr + "/pitch_um",
                        "bond pitch " + um(tier.bond.pitch_m) + " is impossible for " + b->name +
                            ": expected " + um(b->min_pitch_m) + " to " + um(b->max_pitch_m) +
                            " (" + b->provenance.source + ")",
                        {tier.die.id});
                if (tier.bond.diameter_m >= tier.bond.pitch_m)
                    add("DRC-0005", ptr + "/diameter_um",
                        "bond diameter " + um(tier.bond.diameter_m) +
                            " must be smaller than its pitch " + um(tier.bond.pitch_m),
                        {tier.die.id});
                if (t > 0 && !b->vertical)
                    add("DRC-0005", ptr + "/type",
                        b->name +
                            " joins a die to the package; between tiers use a die-to-die bond "
                            "(hybrid_bond, micro_bump, tsv)",
                        {tier.die.id});
            }
    }

    const PhySite* siteOn(const Placed& p, const std::string& phy,
                          const std::string& packageEdge) const {
        for (const PhySite& site : p.die.type->phys)
            if (site.phy == phy && rotateEdge(site.edge, d.stacks[p.s].rotation_deg) == packageEdge)
                return &site;
        return nullptr;
    }

    // MDL-0004 dangling ends; DRC-0004 no PHY on facing edges; DRC-0006 reach; DRC-0007 rate;
    // DRC-0008 PHY not usable on this carrier.
    void links(const std::vector<Placed>& dies) {
        const PackageKind* pkg = lib.package(d.package.kind);
        for (std::size_t l = 0; l < d.links.size(); ++l) {
            const Link& link = d.links[l];
            const std::string ptr = linkPtr(l);
            const auto a = std::find_if(dies.begin(), dies.end(),
                                        [&](const Placed& p) { return p.die_id == link.from; });
            const auto b = std::find_if(dies.begin(), dies.end(),
                                        [&](const Placed& p) { return p.die_id == link.to; });
            bool dangling = false;
            for (const auto& [key, end] :
                 {std::pair{"from", &link.from}, std::pair{"to", &link.to}})
                if (!findDie(d, *end)) {
                    add("MDL-0004", ptr + "/" + key,
                        "link \"" + link.id + "\" ends at die \"" + *end +
                            "\", which does not exist",
                        {link.id});
                    dangling = true;
                }
            if (!dangling && link.from == link.to)
                add("MDL-0006", ptr + "/to",
                    "link \"" + link.id + "\" connects die \"" + link.from + "\" to itself",
                    {link.id});
            const PhyType* phy = lib.phy(link.phy);
            if (dangling || link.from == link.to || !phy || a == dies.end() || b == dies.end())
                continue;
            if (link.rate_bps < phy->min_rate_bps * (1 - 1e-9) ||
                link.rate_bps > phy->max_rate_bps * (1 + 1e-9)) {
                std::ostringstream m;
                m << "link \"" << link.id << "\" runs at " << link.rate_bps / 1e9
                  << " Gb/s per lane; " << phy->name << " supports " << phy->min_rate_bps / 1e9
                  << " to " << phy->max_rate_bps / 1e9 << " Gb/s";
                add("DRC-0007", ptr + "/rate_gbps", m.str(), {link.id});
            }
            if (pkg && !pkg->allowed_phys.empty() &&
                std::find(pkg->allowed_phys.begin(), pkg->allowed_phys.end(), phy->kind) ==
                    pkg->allowed_phys.end())
                add("DRC-0008", ptr + "/phy",
                    phy->name + " needs a different carrier than " + pkg->name + " (" +
                        phy->provenance.source + ")",
                    {link.id});
            if (a->s == b->s) {
                verticalLink(link, ptr, *a, *b);
                continue;
            }
            const Rect& ra = a->rect;
            const Rect& rb = b->rect;
            const double gapX = std::max(rb.x0 - ra.x1, ra.x0 - rb.x1);
            const double gapY = std::max(rb.y0 - ra.y1, ra.y0 - rb.y1);
            const bool horizontal = gapX >= gapY;
            const std::string edgeA = horizontal ? (rb.cx() > ra.cx() ? "east" : "west")
                                                 : (rb.cy() > ra.cy() ? "north" : "south");
            const std::string edgeB = oppositeEdge(edgeA);
            for (const auto& [p, edge] : {std::pair{&*a, edgeA}, std::pair{&*b, edgeB}})
                if (!siteOn(*p, link.phy, edge))
                    add("DRC-0004", ptr + "/phy",
                        "link \"" + link.id + "\": die \"" + p->die_id + "\" (" +
                            p->die.type->name + ") has no " + phy->name + " PHY on its " + edge +
                            " edge, which faces the other end",
                        {link.id, p->die_id});
            const double gap = std::max(0.0, std::max(gapX, gapY));
            if (phy->reach_m > 0 && gap > phy->reach_m)
                add("DRC-0006", ptr,
                    "link \"" + link.id + "\" spans " + mm(gap) + " between die edges; " +
                        phy->name + " reaches " + mm(phy->reach_m),
                    {link.id, a->die_id, b->die_id});
        }
    }

    void verticalLink(const Link& link, const std::string& ptr, const Placed& a, const Placed& b) {
        const std::size_t lo = std::min(a.t, b.t), hi = std::max(a.t, b.t);
        if (hi != lo + 1) {
            add("DRC-0004", ptr,
                "link \"" + link.id + "\" joins tiers " + std::to_string(lo) + " and " +
                    std::to_string(hi) + " of one stack: vertical links join adjacent tiers",
                {link.id});
            return;
        }
        for (const Placed* p : {&a, &b})
            if (!siteOn(*p, link.phy, "area"))
                add("DRC-0004", ptr + "/phy",
                    "link \"" + link.id + "\": die \"" + p->die_id + "\" has no area-array " +
                        link.phy + " PHY for a vertical link",
                    {link.id, p->die_id});
    }
};

} // namespace

std::vector<Diagnostic> validate(const Design& design, const Library& library) {
    Checker c{design, library, {}};
    c.values();
    c.duplicateIds();
    c.references();
    c.emptyStacks();
    const auto dies = c.placed();
    c.placement(dies);
    c.bonds();
    c.links(dies);
    return std::move(c.out);
}

} // namespace strata
