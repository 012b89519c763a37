#include "interop/threedblox_export.h"

#include "model/geometry.h"
#include "model/validate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace strata {

namespace {

using Nm = long long; // lengths in whole nanometres: sums and gaps stay exact

Nm nm(double metres) {
    return std::llround(metres * 1e9);
}

// Nanometres as µm text without rounding: 1234567 -> "1234.567", 70000 -> "70".
std::string um(Nm v) {
    const Nm a = v < 0 ? -v : v;
    std::string s = (v < 0 ? "-" : "") + std::to_string(a / 1000);
    if (const Nm f = a % 1000) {
        char digits[8];
        std::snprintf(digits, sizeof digits, ".%03lld", f);
        std::string frac = digits;
        while (frac.back() == '0')
            frac.pop_back();
        s += frac;
    }
    return s;
}

// `name`, or name_2, name_3, ... when it is taken.
std::string uniqueName(std::set<std::string>& taken, const std::string& name) {
    if (taken.insert(name).second)
        return name;
    for (int k = 2;; ++k)
        if (std::string n = name + "_" + std::to_string(k); taken.insert(n).second)
            return n;
}

struct Region {
    std::string name, side; // side: front | back
    Nm x0, y0, x1, y1;      // in the chiplet's own frame
};

struct ChipletDef {
    std::string name, type; // type: die | substrate | rdl
    Nm w, h, t;
    bool tsv = false;
    std::vector<Region> regions;
};

struct Instance {
    std::string name, def, orient;
    Nm x, y, z; // lower-left-bottom corner of the placed chiplet
};

struct Connection {
    std::string name, top, bot; // "inst.regions.region" or "~"
    Nm thickness;
};

struct Assembly {
    std::vector<ChipletDef> defs;
    std::vector<Instance> instances;
    std::vector<Connection> connections;
};

std::string path(const std::string& instance, const std::string& region) {
    return instance + ".regions." + region;
}

// The connection of `upper` to what is below it ("board" for the virtual ground).
std::string onName(const std::string& upper, const std::string& lower) {
    std::string n = upper;
    n += "_on_";
    n += lower;
    return n;
}

Region whole(const std::string& side, Nm w, Nm h) {
    return {side, side, 0, 0, w, h};
}

Diagnostic refusal(const std::string& message, const std::string& pointer = "") {
    return {"IO-0024", Severity::Error, message, {}, pointer, ""};
}

Diagnostic note(const std::string& message) {
    return {"IO-0025", Severity::Info, message, {}, "", ""};
}

class AssemblyBuilder {
public:
    AssemblyBuilder(const Design& d, const Library& lib, std::vector<Diagnostic>& notes)
        : d_(d), lib_(lib), notes_(notes) {}

    bool build() {
        for (const Stack& s : d_.stacks) // dies keep their ids; package layers give way
            for (const Tier& t : s.tiers)
                dieNames_[&t] = uniqueName(instanceNames_, threeDBloxName(t.die.id));
        placePackage();
        return placeStacks();
    }
    Assembly assembly;

private:
    const Design& d_;
    const Library& lib_;
    std::vector<Diagnostic>& notes_;
    std::set<std::string> instanceNames_, defNames_;
    std::map<const Tier*, std::string> dieNames_;
    std::string carrier_; // instance name of the top package layer ("" without package layers)
    std::size_t carrierDef_ = 0;
    Nm shiftX_ = 0, shiftY_ = 0; // from the package plane to the assembly's (all >= 0)
    Nm packageTop_ = 0, gapOnTop_ = 0;

    // Package layers bottom up: every layer but the C4 one is a chiplet; the C4 layer is the gap
    // of the connection above it. The top layer is the carrier (the package outline); the layers
    // under it have the substrate's outline, centred under it as the thermal model places them.
    void placePackage() {
        const Package& p = d_.package;
        const Nm w = nm(p.width_m), h = nm(p.height_m);
        const Nm ws = p.substrate_width_m ? nm(*p.substrate_width_m) : w;
        const Nm hs = p.substrate_height_m ? nm(*p.substrate_height_m) : h;
        shiftX_ = std::max<Nm>(0, (ws - w) / 2);
        shiftY_ = std::max<Nm>(0, (hs - h) / 2);
        std::size_t topLayer = p.layers.size();
        for (std::size_t i = 0; i < p.layers.size(); ++i)
            if (!isC4Layer(p.layers[i]))
                topLayer = i;
        Nm z = 0, gap = 0;
        std::string below;
        for (std::size_t i = 0; i < p.layers.size(); ++i) {
            const PackageLayer& layer = p.layers[i];
            const Nm t = nm(layer.thickness_m);
            if (isC4Layer(layer)) {
                gap += t, z += t;
                continue;
            }
            const bool top = i == topLayer;
            const Nm lw = top ? w : ws, lh = top ? h : hs;
            ChipletDef def{uniqueName(defNames_, threeDBloxName(layer.name)),
                           top && p.kind == "rdl_fanout" ? "rdl" : "substrate",
                           lw,
                           lh,
                           t,
                           // vias through it: its own, or an interposer's TSVs
                           (layer.via_pitch_m && layer.via_diameter_m) ||
                               (top && p.kind == "silicon_interposer"),
                           {whole("front", lw, lh), whole("back", lw, lh)}};
            const std::string inst = uniqueName(instanceNames_, def.name);
            assembly.instances.push_back(
                {inst, def.name, "R0", shiftX_ + (w - lw) / 2, shiftY_ + (h - lh) / 2, z});
            assembly.connections.push_back(
                below.empty() ? Connection{onName(inst, "board"), path(inst, "back"), "~", 0}
                              : Connection{onName(inst, below), path(inst, "back"),
                                           path(below, "front"), gap});
            assembly.defs.push_back(std::move(def));
            if (top) {
                carrier_ = inst;
                carrierDef_ = assembly.defs.size() - 1;
            }
            below = inst;
            z += t, gap = 0;
        }
        packageTop_ = z;
        gapOnTop_ = gap;
    }

    // The definition of a die of this type and size: one per type, another (type_die) for a die
    // that overrides the type's size.
    std::size_t dieDef(const ResolvedDie& r) {
        const Nm w = nm(r.width_m), h = nm(r.height_m), t = nm(r.thickness_m);
        const auto key = std::make_tuple(r.die->type, w, h, t);
        if (const auto it = dieDefs_.find(key); it != dieDefs_.end())
            return it->second;
        const bool first = typesSeen_.insert(r.die->type).second;
        const std::string wanted =
            threeDBloxName(first ? r.die->type : r.die->type + "_" + r.die->id);
        assembly.defs.push_back({uniqueName(defNames_, wanted),
                                 "die",
                                 w,
                                 h,
                                 t,
                                 false,
                                 {whole("front", w, h), whole("back", w, h)}});
        return dieDefs_[key] = assembly.defs.size() - 1;
    }
    std::map<std::tuple<std::string, Nm, Nm, Nm>, std::size_t> dieDefs_;
    std::set<std::string> typesSeen_;

    // Tiers bottom up as the thermal model stacks them: each on its bond, face down unless the
    // tier above bonds face to face onto it.
    bool placeStacks() {
        bool ok = true;
        for (std::size_t si = 0; si < d_.stacks.size(); ++si) {
            const Stack& s = d_.stacks[si];
            const int rotation = ((s.rotation_deg % 360) + 360) % 360;
            const std::string turn = "R" + std::to_string(rotation);
            Nm z = packageTop_;
            std::string below, belowUp;
            for (std::size_t k = 0; k < s.tiers.size(); ++k) {
                const Tier& tier = s.tiers[k];
                const ResolvedDie r = resolveDie(tier.die, d_, lib_);
                if (!(r.width_m > 0 && r.height_m > 0 && r.thickness_m > 0)) {
                    notes_.push_back(refusal(
                        "die \"" + tier.die.id + "\" has no size: its type \"" + tier.die.type +
                            "\" is not in the library and it gives no width_mm, height_mm and "
                            "thickness_um of its own",
                        "/stacks/" + std::to_string(si) + "/tiers/" + std::to_string(k) + "/die"));
                    ok = false;
                    break;
                }
                const bool faceUp =
                    k + 1 < s.tiers.size() && s.tiers[k + 1].bond.orientation == "f2f";
                const std::string down = faceUp ? "back" : "front", up = faceUp ? "front" : "back";
                const std::size_t def = dieDef(r);
                const Rect fp = tierFootprint(s, tier, r);
                const std::string inst = dieNames_.at(&tier);
                const Nm bond = nm(tier.bond.thickness_m);
                z += bond;
                assembly.instances.push_back({inst, assembly.defs[def].name,
                                              faceUp ? turn : (rotation == 0 ? "MZ" : "MZ_" + turn),
                                              shiftX_ + nm(fp.x0), shiftY_ + nm(fp.y0), z});
                if (k > 0) {
                    assembly.connections.push_back(
                        {onName(inst, below), path(inst, down), path(below, belowUp), bond});
                } else if (carrier_.empty()) {
                    assembly.connections.push_back(
                        {onName(inst, "board"), path(inst, down), "~", 0});
                } else {
                    const std::string attach = threeDBloxName(s.id) + "_attach";
                    assembly.defs[carrierDef_].regions.push_back(
                        {attach, "front", nm(fp.x0), nm(fp.y0), nm(fp.x1), nm(fp.y1)});
                    assembly.connections.push_back({onName(inst, carrier_), path(inst, down),
                                                    path(carrier_, attach), gapOnTop_ + bond});
                }
                // Through-silicon vias where the back side is bonded: a face-up die on what is
                // below it, a face-down die under a tier.
                if (faceUp || k + 1 < s.tiers.size())
                    assembly.defs[def].tsv = true;
                z += nm(r.thickness_m);
                below = inst;
                belowUp = up;
            }
        }
        return ok;
    }
};

// `s` on one line: control characters (a newline in a design name) become blanks.
std::string oneLine(std::string s) {
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20)
            c = ' ';
    return s;
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : oneLine(s))
        out += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    return out + "\"";
}

std::string header(const std::string& include) {
    std::ostringstream o;
    o << "Header:\n  version: \"2.5\"\n  unit: micron\n  precision: 1000\n";
    if (!include.empty())
        o << "  include:\n    - " << include << "\n";
    return o.str();
}

std::string chipletDefs(const Assembly& a, const std::string& banner) {
    std::ostringstream o;
    o << banner << header("") << "\nChipletDef:\n";
    for (const ChipletDef& c : a.defs) {
        o << "  " << c.name << ":\n    type: " << c.type << "\n    design_area: [" << um(c.w)
          << ", " << um(c.h) << "]\n    thickness: " << um(c.t)
          << "\n    tsv: " << (c.tsv ? "true" : "false") << "\n    regions:\n";
        for (const Region& r : c.regions)
            o << "      " << r.name << ":\n        side: " << r.side << "\n        coords:\n"
              << "          - [" << um(r.x0) << ", " << um(r.y0) << "]\n"
              << "          - [" << um(r.x1) << ", " << um(r.y0) << "]\n"
              << "          - [" << um(r.x1) << ", " << um(r.y1) << "]\n"
              << "          - [" << um(r.x0) << ", " << um(r.y1) << "]\n";
    }
    return o.str();
}

std::string assemblyText(const Assembly& a, const std::string& banner, const std::string& design,
                         const std::string& defs) {
    std::ostringstream o;
    o << banner << header(defs) << "\nDesign:\n  name: " << quoted(design) << "\n\nChipletInst:\n";
    for (const Instance& i : a.instances)
        o << "  " << i.name << ":\n    reference: " << i.def << "\n";
    o << "\nStack:\n";
    for (const Instance& i : a.instances)
        o << "  " << i.name << ":\n    loc: [" << um(i.x) << ", " << um(i.y)
          << "]\n    z: " << um(i.z) << "\n    orient: " << i.orient << "\n";
    o << "\nConnection:\n";
    for (const Connection& c : a.connections)
        o << "  " << c.name << ":\n    top: " << c.top << "\n    bot: " << c.bot
          << "\n    thickness: " << um(c.thickness) << "\n";
    return o.str();
}

} // namespace

std::string threeDBloxName(const std::string& id) {
    std::string s;
    for (const char c : id)
        s += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
    return s.empty() ? "unnamed" : s;
}

ThreeDBloxExport exportThreeDBlox(const Design& design, const Library& library,
                                  const std::string& base) {
    ThreeDBloxExport out;
    for (const Diagnostic& d : validate(design, library))
        if (d.severity == Severity::Error && isInputProblem(d))
            out.notes.push_back(d);
    if (!out.notes.empty()) {
        out.notes.push_back(
            refusal("the design has input errors (above): a 3Dblox assembly of it would be too"));
        return out;
    }
    AssemblyBuilder builder(design, library, out.notes);
    if (!builder.build())
        return out;
    const Assembly& a = builder.assembly;

    out.notes.push_back(note("3Dblox carries the assembly's geometry and connections only: block "
                             "powers, floorplans, materials and cooling stay in the design file"));
    std::vector<std::string> fills;
    for (const Stack& s : design.stacks)
        for (const Tier& t : s.tiers)
            if (t.gap_fill != "mold" || t.support == "dummy_silicon")
                fills.push_back(t.die.id);
    if (!fills.empty()) {
        std::string ids;
        for (const std::string& id : fills)
            ids += (ids.empty() ? "" : ", ") + id;
        out.notes.push_back(note("the gap fill and dummy-silicon supports beside " + ids +
                                 " are not chiplets in the 3Dblox files"));
    }
    if (design.package.kind == "bridge")
        out.notes.push_back(note("the bridges of a bridge package are not separate chiplets: "
                                 "the substrate stands for them"));

    const std::string banner = "# " + oneLine(design.name) +
                               ": written by Strata, a derived artifact (edit the design file, "
                               "not this one); lengths in µm\n";
    out.files.push_back({base + ".3dbv", chipletDefs(a, banner)});
    out.files.push_back(
        {base + ".3dbx", assemblyText(a, banner, threeDBloxName(design.name), base + ".3dbv")});
    out.files.push_back(
        {"check.tcl", "# OpenROAD: read the assembly and run its 3Dblox checks "
                      "(floating or overlapping chiplets,\n# connections whose "
                      "thickness is not the gap between their regions).\nread_3dbx " +
                          base + ".3dbx\ncheck_3dblox\n"});
    out.chiplets = static_cast<int>(a.instances.size());
    out.connections = static_cast<int>(a.connections.size());
    out.ok = true;
    return out;
}

} // namespace strata
