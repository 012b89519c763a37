#include "interop/threedblox_import.h"

#include "interop/bump_map.h"
#include "interop/threedblox_assembly.h"
#include "interop/threedblox_export.h"
#include "model/default_cooling.h"
#include "model/geometry.h"
#include "model/validate.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

namespace strata {

namespace {

namespace fs = std::filesystem;
using namespace threedblox; // the assembly as read: lengths in nanometres

// Lengths become metres only in the design: a 10 µm bond stays 10 µm.
// As the design reader converts µm (x 1e-6), so that 45 µm is written back as 45.
double um(double v) {
    return v * 1e-6;
}
double metres(Nm v) {
    return um(static_cast<double>(v) / 1000);
}
// Lateral lengths as the reader converts mm (x 1e-3): keys width_mm, x_mm, offset_x_mm.
double mm(Nm v) {
    return static_cast<double>(v) / 1e6 * 1e-3;
}
// Twice a length (a centre, to half a nanometre) as mm2 converts it.
double mm2(Nm twice) {
    return static_cast<double>(twice) / 2e6 * 1e-3;
}

constexpr AssemblyFormat kThreeDBlox{"3Dblox", "ChipletDef", "IO-0026", "IO-0027"};

std::string micrometres(Nm v) {
    return formatNumber(static_cast<double>(v) / 1000, 6) + " µm";
}

// The assembly as a design; problems a design cannot carry are thrown.
class DesignMaker {
public:
    DesignMaker(const Assembly& a, const Library& lib, const std::string& file,
                const AssemblyFormat& format, std::vector<Diagnostic>& notes)
        : a_(a), lib_(lib), file_(file), format_(format), notes_(notes) {}

    Design make() {
        d_.name = a_.design.empty() ? fs::path(file_).stem().string() : a_.design;
        std::vector<const Instance*> carriers, dies;
        for (const auto& [name, i] : a_.instances)
            (i.carrier() ? carriers : dies).push_back(&i);
        std::sort(carriers.begin(), carriers.end(),
                  [](const Instance* p, const Instance* q) { return p->z < q->z; });
        std::sort(dies.begin(), dies.end(),
                  [](const Instance* p, const Instance* q) { return p->order < q->order; });
        makePackage(carriers, dies);
        makeStacks(dies);
        makeCooling();
        return d_;
    }

private:
    const Assembly& a_;
    const Library& lib_;
    const std::string& file_;
    const AssemblyFormat& format_;
    std::vector<Diagnostic>& notes_;
    Design d_;

    Diagnostic note(Severity s, const std::string& message) const {
        return {format_.guess, s, message, {}, "", ""};
    }
    std::string formatName() const { return format_.name; }
    const Instance* carrier_ = nullptr;
    Nm ox_ = 0, oy_ = 0; // the carrier's lower-left corner: the package plane's origin

    // At the chiplet's ChipletInst line.
    [[noreturn]] void refuse(const Instance& i, const std::string& message) const {
        throw Problem{file_, i.line, i.name + ": " + message};
    }

    void makePackage(const std::vector<const Instance*>& carriers,
                     const std::vector<const Instance*>& dies) {
        Package& p = d_.package;
        if (carriers.empty()) { // dies straight on the board: an organic substrate under them
            Nm x0 = dies[0]->x, y0 = dies[0]->y, x1 = x0, y1 = y0;
            for (const Instance* i : dies) {
                x0 = std::min(x0, i->x), y0 = std::min(y0, i->y);
                x1 = std::max(x1, i->x + i->w()), y1 = std::max(y1, i->y + i->h());
            }
            const Nm margin = 2000000;
            ox_ = x0 - margin, oy_ = y0 - margin;
            p.kind = "organic";
            p.width_m = mm(x1 - x0 + 2 * margin), p.height_m = mm(y1 - y0 + 2 * margin);
            p.layers.push_back({"substrate", "organic_substrate", 1e-3, {}, {}, "copper"});
            notes_.push_back(note(Severity::Warning,
                                  "no substrate or rdl chiplet: the dies are placed on a 1 mm "
                                  "organic substrate reaching 2 mm beyond them"));
            return;
        }
        carrier_ = carriers.back();
        const Instance& top = *carrier_;
        ox_ = top.x, oy_ = top.y;
        p.kind = top.def->type == "rdl" ? "rdl_fanout"
                 : top.def->tsv         ? "silicon_interposer"
                                        : "organic";
        p.width_m = mm(top.w()), p.height_m = mm(top.h());
        const Instance* prev = nullptr;
        int gaps = 0;
        for (const Instance* c : carriers) {
            if (prev) {
                if (c->z < prev->top())
                    refuse(*c, "starts " + micrometres(prev->top() - c->z) + " below the top of " +
                                   prev->name + ": package layers cannot overlap");
                const bool beside = c->x >= prev->x + prev->w() || prev->x >= c->x + c->w() ||
                                    c->y >= prev->y + prev->h() || prev->y >= c->y + c->h();
                if (beside)
                    refuse(*c, "lies beside " + prev->name +
                                   ", not on it: Strata's package is one stack of layers");
                if (const Nm gap = c->z - prev->top(); gap > 0)
                    p.layers.push_back({gaps++ ? "c4_" + std::to_string(gaps) : "c4",
                                        "epoxy",
                                        metres(gap),
                                        {},
                                        {},
                                        "copper"});
            }
            std::string name = c->name;
            if (isC4Layer({name, "", 0, {}, {}, ""}))
                name += "_layer"; // a layer named c4 is the C4 bumps' (isC4Layer)
            const bool silicon = c == carrier_ && p.kind == "silicon_interposer";
            p.layers.push_back({name,
                                silicon ? "silicon" : "organic_substrate",
                                metres(c->def->t),
                                {},
                                {},
                                "copper"});
            if (c != carrier_ && (c->w() != top.w() || c->h() != top.h())) {
                p.substrate_width_m = std::max(p.substrate_width_m.value_or(0), mm(c->w()));
                p.substrate_height_m = std::max(p.substrate_height_m.value_or(0), mm(c->h()));
            }
            if (c != carrier_ &&
                (std::abs(c->cx2() - top.cx2()) > 2000 || std::abs(c->cy2() - top.cy2()) > 2000))
                notes_.push_back(
                    note(Severity::Warning, c->name + " is off the centre of " + top.name +
                                                ": Strata centres the layers under the carrier"));
            prev = c;
        }
        notes_.push_back(note(
            Severity::Info,
            formatName() + " has no materials: the package layers are " +
                std::string(p.kind == "silicon_interposer" ? "silicon (the interposer), " : "") +
                "organic substrate and epoxy with C4 bumps (the gaps between "
                "them); check them in the design"));
    }

    // 3Dblox has no cooling: the one a new design gets (default_cooling.h), said.
    void makeCooling() {
        d_.cooling = defaultCooling(d_.package);
        const Cooling& c = d_.cooling;
        notes_.push_back(
            note(Severity::Info, formatName() + " has no cooling: a " +
                                     formatNumber(c.spreader_width_m * 1e3) +
                                     " mm spreader under a " + formatNumber(c.sink_width_m * 1e3) +
                                     " mm sink of " + formatNumber(*c.r_k_w, 3) +
                                     " K/W to 45 °C ambient (TAP-2.5D's scaling of HotSpot's "
                                     "0.1 K/W) and a 50 K/W board path, as the examples have; set "
                                     "your own"));
    }

    // The chiplet each die sits on: its connection's other end below it, else the highest
    // chiplet under it.
    std::map<std::string, const Instance*> supports(const std::vector<const Instance*>& dies,
                                                    std::map<std::string, std::string>& attach) {
        std::map<std::string, const Instance*> below;
        for (const Connection& c : a_.connections) {
            if (c.top.empty() || c.bot.empty())
                continue;
            const Instance* p = &a_.instances.at(c.top);
            const Instance* q = &a_.instances.at(c.bot);
            const bool pAbove = p->z > q->z || (p->z == q->z && p->top() > q->top());
            const Instance* upper = pAbove ? p : q;
            const Instance* lower = pAbove ? q : p;
            if (upper->carrier())
                continue;
            if (const auto it = below.find(upper->name); it != below.end() && it->second != lower)
                refuse(*upper, "is connected onto both " + it->second->name + " and " +
                                   lower->name + ": a Strata tier sits on one chiplet");
            below[upper->name] = lower;
            bondMaps_[upper->name] = {bumpMap(c.top, c.topRegion), bumpMap(c.bot, c.botRegion)};
            if (!pAbove) // bot is the upper die
                std::swap(bondMaps_[upper->name][0], bondMaps_[upper->name][1]);
            if (lower == carrier_)
                attach[upper->name] = pAbove ? c.botRegion : c.topRegion;
        }
        for (const Instance* i : dies) {
            if (below.count(i->name))
                continue;
            const Instance* best = nullptr;
            for (const auto& [name, o] : a_.instances)
                if (&o != i && o.top() <= i->z && i->x < o.x + o.w() && o.x < i->x + i->w() &&
                    i->y < o.y + o.h() && o.y < i->y + i->h() && (!best || o.top() > best->top()))
                    best = &o;
            if (!best && carrier_)
                refuse(*i, "is connected to nothing below it and lies over no chiplet");
            below[i->name] = best;
        }
        return below;
    }

    void makeStacks(const std::vector<const Instance*>& dies) {
        std::map<std::string, std::string> attach;
        const std::map<std::string, const Instance*> below = supports(dies, attach);
        std::map<std::string, const Instance*> above;
        for (const Instance* i : dies) {
            const Instance* s = below.at(i->name);
            if (!s || s->carrier()) {
                if (s && s != carrier_)
                    refuse(*i, "sits on " + s->name + ", which is not the top package layer");
                continue;
            }
            if (const auto it = above.find(s->name); it != above.end())
                refuse(*s, "carries both " + it->second->name + " and " + i->name +
                               ": a Strata stack is one column of dies");
            above[s->name] = i;
        }
        std::set<std::string> stackIds;
        bool facesSaid = false, turnSaid = false;
        for (const Instance* root : dies) {
            const Instance* s = below.at(root->name);
            if (s && !s->carrier())
                continue; // not the base of a stack
            Stack st;
            std::string id = root->stack.empty() ? root->name : root->stack;
            if (const auto it = attach.find(root->name);
                it != attach.end() && it->second.size() > 7 && it->second.ends_with("_attach"))
                id = it->second.substr(0, it->second.size() - 7); // as exportThreeDBlox names it
            st.id = id;
            for (int k = 2; !stackIds.insert(st.id).second; ++k)
                st.id = id + "_" + std::to_string(k);
            st.rotation_deg = root->rotation;
            st.x_m = mm2(root->cx2() - 2 * ox_), st.y_m = mm2(root->cy2() - 2 * oy_);
            for (const Instance *i = root, *lower = s; i;
                 lower = i, i = above.count(i->name) ? above.at(i->name) : nullptr) {
                st.tiers.push_back(tier(*i, lower, *root));
                const bool topTier = !above.count(i->name);
                if (topTier && !i->mirrorZ && !facesSaid) {
                    notes_.push_back(note(Severity::Warning,
                                          i->name + " lies face up with nothing bonded onto its "
                                                    "face: Strata lays a die face down unless a "
                                                    "tier bonds face to face onto it"));
                    facesSaid = true;
                }
                if (i->rotation != root->rotation && !turnSaid) {
                    notes_.push_back(
                        note(Severity::Warning,
                             i->name + " is turned otherwise than " + root->name +
                                 " below it: Strata turns a stack as a whole (its footprint is "
                                 "kept, its floorplan turns with the stack)"));
                    turnSaid = true;
                }
            }
            d_.stacks.push_back(std::move(st));
        }
        // Every die is in a stack, unless dies sit on each other in a ring (connections at one
        // height, each die "below" the next): no stack base leads to them.
        std::set<std::string> placed;
        for (const Stack& st : d_.stacks)
            for (const Tier& t : st.tiers)
                placed.insert(t.die.id);
        for (const Instance* i : dies)
            if (!placed.count(i->name))
                refuse(*i, "is connected in a ring of dies on dies that no chiplet carries");
    }

    Tier tier(const Instance& i, const Instance* lower, const Instance& root) {
        Tier t;
        t.die.id = i.name;
        // The die's own width and height: its footprint turned back by the stack's rotation.
        const bool quarter = root.rotation % 180 != 0;
        const double w = mm(quarter ? i.h() : i.w()), h = mm(quarter ? i.w() : i.h());
        const double thickness = metres(i.def->t);
        const ChipletType* type = typeFor(*i.def, w, h);
        t.die.type = type ? type->id : "";
        auto differs = [](double a, double b) { return std::abs(a - b) > 0.5e-9; };
        if (type && differs(type->width_m, w))
            t.die.width_m = w;
        if (type && differs(type->height_m, h))
            t.die.height_m = h;
        if (type && differs(type->thickness_m, thickness))
            t.die.thickness_m = thickness;
        Nm dx = i.cx2() - root.cx2(), dy = i.cy2() - root.cy2();
        for (int k = 0; k < root.rotation / 90; ++k) // turn back clockwise (tierFootprint)
            std::tie(dx, dy) = std::make_pair(dy, -dx);
        t.offset_x_m = mm2(dx), t.offset_y_m = mm2(dy);
        const Nm gap = lower ? i.z - lower->top() : 0;
        if (gap < 0)
            refuse(i, "starts " + micrometres(-gap) + " below the top of " + lower->name);
        const BondSpec* stated = statedBond(i, lower);
        t.bond = bondFor(metres(gap), lower && !lower->carrier(),
                         lower && !lower->carrier() && !lower->mirrorZ, stated != nullptr);
        pitchFromBumpMap(i, t.bond);
        if (stated)
            applyStatedBond(*stated, i, t.bond);
        return t;
    }

    // The bump map of an instance's region ("" for none, or for ~).
    std::string bumpMap(const std::string& inst, const std::string& region) const {
        if (inst.empty())
            return "";
        const ChipletDef& def = *a_.instances.at(inst).def;
        const auto r = def.regions.find(region);
        return r == def.regions.end() ? "" : r->second.bmap;
    }

    // A bump map on either side of a die's bond gives its pitch (the median nearest-neighbour
    // distance); the diameter keeps the technology's usual ratio to the pitch.
    void pitchFromBumpMap(const Instance& i, Bond& b) {
        const auto maps = bondMaps_.find(i.name);
        if (maps == bondMaps_.end())
            return;
        for (const std::string& map : maps->second) { // the die's own first, then below's
            if (map.empty())
                continue;
            auto read = bumpMaps_.find(map);
            if (read == bumpMaps_.end())
                read = bumpMaps_.emplace(map, readBumpMapPitch(map)).first;
            const BumpMapPitch& m = read->second;
            if (!m.error.empty())
                throw Problem{map, m.line, "bump map of the bond under " + i.name + ": " + m.error};
            if (!(m.pitch_m > 0))
                continue;
            b.diameter_m *= m.pitch_m / b.pitch_m;
            b.pitch_m = m.pitch_m;
            notes_.push_back(note(Severity::Info, "the bond under " + i.name +
                                                      " has the pitch of " +
                                                      fs::path(map).filename().string() + ": " +
                                                      formatNumber(m.pitch_m * 1e6) + " µm (" +
                                                      std::to_string(m.bumps) + " bumps)"));
            return;
        }
    }
    // The bond the file states for the joint under i: a typed interface between i and what
    // carries it, else i's own entry; nullptr when it states none (the height then tells).
    const BondSpec* statedBond(const Instance& i, const Instance* lower) const {
        auto component = [](const Instance& n) {
            return n.component.empty() ? n.name : n.component;
        };
        if (lower)
            for (const Interface& f : a_.interfaces)
                if ((f.from == component(i) && f.to == component(*lower)) ||
                    (f.from == component(*lower) && f.to == component(i)))
                    return &f.bond;
        return i.bond.type.empty() ? nullptr : &i.bond;
    }

    // A stated diameter without a pitch (a connection stack) gets twice the diameter as pitch,
    // a pitch without a diameter half the pitch, said.
    void applyStatedBond(const BondSpec& s, const Instance& i, Bond& b) {
        if (!lib_.bond(s.type))
            throw Problem{file_, i.line,
                          s.said + " gives the bond under " + i.name + " the type \"" + s.type +
                              "\", which is no bond in the library"};
        b.type = s.type;
        b.pitch_m = s.pitch > 0 ? metres(s.pitch) : 2 * metres(s.diameter);
        b.diameter_m = s.diameter > 0 ? metres(s.diameter) : b.pitch_m / 2;
        if (!(s.pitch > 0 && s.diameter > 0))
            notes_.push_back(note(
                Severity::Info, s.said + " gives the " + s.type + " under " + i.name + " no " +
                                    (s.pitch > 0 ? "diameter: half" : "pitch: twice") +
                                    " the other, " + formatNumber(b.pitch_m * 1e6) + " µm pitch, " +
                                    formatNumber(b.diameter_m * 1e6) + " µm diameter"));
    }

    std::map<std::string, std::array<std::string, 2>> bondMaps_; // die: {its side, below's}
    std::map<std::string, BumpMapPitch> bumpMaps_;

    // The library type named like the definition (gpu_large: gpu-large), else the one closest
    // in area (said once per definition).
    const ChipletType* typeFor(const ChipletDef& def, double w, double h) {
        for (const ChipletType& c : lib_.chiplets)
            if (c.id == def.name || threeDBloxName(c.id) == def.name)
                return &c;
        const ChipletType* best = nullptr;
        double bestDistance = 1e300;
        for (const ChipletType& c : lib_.chiplets) {
            const double distance = std::abs(std::log(c.width_m * c.height_m / (w * h)));
            if (c.width_m > 0 && c.height_m > 0 && distance < bestDistance)
                best = &c, bestDistance = distance;
        }
        if (best && guessed_.insert(def.name).second)
            notes_.push_back(
                note(Severity::Warning, format_.definition + (" " + def.name) +
                                            " names no library chiplet type: its dies are of \"" +
                                            best->id +
                                            "\" (the closest in area) with the definition's size; "
                                            "choose their type in the design"));
        return best;
    }
    std::set<std::string> guessed_;

    // A bond of the technology its height suggests (3Dblox gives no pitch without bump maps).
    Bond bondFor(double gap, bool onDie, bool faceToFace, bool stated) {
        Bond b;
        b.thickness_m = gap;
        b.orientation = faceToFace ? "f2f" : "f2b";
        if (gap <= um(2))
            b.type = "hybrid_bond", b.pitch_m = um(9), b.diameter_m = um(4.5);
        else if (gap >= um(70) && !onDie)
            b.type = "c4", b.pitch_m = um(110), b.diameter_m = um(60);
        else if (gap >= um(40) && !onDie) // SPIL's pillars: 50-70 µm high at 60-125 µm pitch
            b.type = "copper_pillar", b.pitch_m = um(90), b.diameter_m = um(45);
        else
            b.type = "micro_bump", b.pitch_m = um(45), b.diameter_m = um(25);
        if (!bondsSaid_ && !stated) {
            notes_.push_back(note(
                Severity::Info,
                "the " + formatName() +
                    " file does not state the technology of every bond: those are guessed from "
                    "their height, up to 2 µm a hybrid bond (9 µm pitch), under a die on the "
                    "package from 40 µm a copper pillar (90 µm) and from 70 µm C4 (110 µm), any "
                    "other a micro-bump (45 µm); check them in the design"));
            bondsSaid_ = true;
        }
        return b;
    }
    bool bondsSaid_ = false;
};

} // namespace

ThreeDBloxImport importAssembly(const std::string& path, const Library& library,
                                const AssemblyFormat& format,
                                void (*read)(const std::string&, Assembly&)) {
    ThreeDBloxImport out;
    Assembly a;
    try {
        read(path, a);
        if (a.instances.empty())
            throw Problem{path, 0, "the assembly places no chiplet"};
        bool anyDie = false;
        for (const auto& [name, i] : a.instances)
            anyDie |= !i.carrier();
        if (!anyDie)
            throw Problem{path, 0, "no die: only substrates, interposers and RDL"};
        out.design = DesignMaker(a, library, path, format, out.notes).make();
    } catch (const Problem& p) {
        out.notes.clear(); // what was guessed for a design that is not made
        out.notes.push_back({format.refusal,
                             Severity::Error,
                             p.message,
                             {},
                             p.line > 0 ? "line " + std::to_string(p.line) : "",
                             p.file});
        return out;
    }
    for (const std::string& remark : a.remarks)
        out.notes.push_back({format.guess, Severity::Warning, remark, {}, "", path});
    out.notes.push_back({format.guess,
                         Severity::Info,
                         std::string(format.name) +
                             " has no powers, links or workload: the dies draw their library "
                             "type's power; add links and a workload in the design",
                         {},
                         "",
                         ""});
    for (Diagnostic& d : validate(out.design, library))
        if (d.severity != Severity::Info)
            out.notes.push_back(std::move(d));
    out.ok = true;
    return out;
}

ThreeDBloxImport importThreeDBlox(const std::string& path, const Library& library) {
    return importAssembly(path, library, kThreeDBlox, threedblox::readAssembly);
}

} // namespace strata
