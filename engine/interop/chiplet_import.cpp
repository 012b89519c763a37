#include "interop/chiplet_import.h"

#include "interop/threedblox_assembly.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace strata {

namespace {

using namespace threedblox;

constexpr AssemblyFormat kChiplet{".chiplet", "cell", "IO-0028", "IO-0029"};

// The contract's leak guard (coord_frame_contract.md): an |x| or |y| beyond 1e5 µm is likely a
// coordinate left in another frame.
constexpr double kLeakGuardUm = 1e5;

class ChipletReader {
public:
    ChipletReader(const std::string& path, Assembly& a) : file_(path), a_(a) {}

    void read() {
        YAML::Node root;
        try {
            if (std::filesystem::is_directory(file_))
                throw Problem{file_, 0, "cannot be read (a folder, not a file)"};
            root = YAML::LoadFile(file_);
        } catch (const YAML::BadFile&) {
            throw Problem{file_, 0, "cannot be read (no such file, or not readable)"};
        } catch (const YAML::Exception& e) {
            throw Problem{file_, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                          "not valid YAML: " + e.msg};
        }
        if (!root.IsMap())
            throw Problem{file_, 0,
                          "expected a .chiplet file: a YAML mapping with format_version and "
                          "assembly"};
        checkVersion(root);
        if (const YAML::Node m = root["_metadata"];
            m && m.IsMap() && m["finalize_required"] && m["finalize_required"].IsScalar() &&
            m["finalize_required"].as<std::string>() == "true")
            fail(m, "_metadata.finalize_required: an intermediate file whose positions are not in "
                    "the interposer's frame yet; run its finalizer" +
                        (m["finalizer"] && m["finalizer"].IsScalar()
                             ? " (" + m["finalizer"].as<std::string>() + ")"
                             : std::string()) +
                        " first");
        const YAML::Node assembly = required(root, "assembly", "the file");
        if (!assembly.IsMap())
            fail(assembly, "assembly: expected a mapping with name (and units)");
        a_.design = text(required(assembly, "name", "assembly"), "assembly.name");
        if (const YAML::Node units = assembly["units"]) {
            const std::string u = text(units, "assembly.units");
            if (!u.empty() && u != "um")
                fail(units, "assembly.units: expected um (.chiplet lengths are micrometres), "
                            "found \"" +
                                u + "\"");
        }
        readConnectionStacks(root["connection_stacks"]);
        if (const YAML::Node components = root["components"]) {
            if (!components.IsSequence())
                fail(components, "components: expected a list of components");
            for (const YAML::Node& c : components) // where dies without a z are seated
                if (c.IsMap() && c["type"] && c["type"].IsScalar() &&
                    c["type"].Scalar() == "interposer" && !surface_)
                    surface_ = interposerSurface(c);
            for (const YAML::Node& c : components)
                component(c);
        }
        readInterfaces(root["interfaces"]);
    }

private:
    std::string file_;
    Assembly& a_;
    std::set<std::string> ids_;
    std::set<std::string> components_;                // the components' ids (a die array's once)
    std::map<std::string, double> connectionHeights_; // connection_stacks: id -> total height
    std::map<std::string, BondSpec> pillars_;         // connection_stacks of copper pillars
    std::optional<double> surface_;                   // the interposer's attachment surface z
    bool leakSaid_ = false;

    [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const {
        throw Problem{file_, at.IsDefined() ? at.Mark().line + 1 : 0, message};
    }

    YAML::Node required(const YAML::Node& n, const char* key, const std::string& at) const {
        const YAML::Node v = n[key];
        if (!v)
            fail(n, at + ": missing \"" + key + "\"");
        return v;
    }

    std::string text(const YAML::Node& n, const std::string& what) const {
        if (!n.IsScalar())
            fail(n, what + ": expected text");
        return n.Scalar();
    }

    double number(const YAML::Node& n, const std::string& what) const {
        double v = 0;
        if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !std::isfinite(v))
            fail(n, what + ": expected a number (µm)");
        return v;
    }

    // parent[key] in µm, or `fallback` when the parent or the key is absent (a default-made
    // YAML::Node is a null, not an absent one: hence the test on the parent first).
    double numberOr(const YAML::Node& parent, const char* key, const std::string& at,
                    double fallback) const {
        if (!parent)
            return fallback;
        if (!parent.IsMap())
            fail(parent, at + ": expected a mapping (" + key + ": ...)");
        const YAML::Node n = parent[key];
        return n ? number(n, at + "." + key) : fallback;
    }

    // "MAJOR.MINOR", quoted or not (an unquoted 1.0 is read as its text, as the reference
    // reader does): major 1 only; a later minor is read and said.
    void checkVersion(const YAML::Node& root) {
        const YAML::Node v = required(root, "format_version", "the file");
        const std::string version = text(v, "format_version");
        const auto dot = version.find('.');
        int major = -1, minor = -1;
        try {
            std::size_t used = 0;
            major = std::stoi(version.substr(0, dot), &used);
            if (used != dot || dot == std::string::npos)
                major = -1;
            else
                minor = std::stoi(version.substr(dot + 1));
        } catch (const std::exception&) {
            major = -1;
        }
        if (major < 0 || minor < 0)
            fail(v, "format_version: expected \"MAJOR.MINOR\" such as \"1.0\", found \"" + version +
                        "\"");
        if (major != 1)
            fail(v, "format_version " + version + ": this reader knows version 1 of the format");
        if (minor > 0)
            a_.remarks.push_back("format_version " + version +
                                 " is newer than the 1.0 this reader knows: what it adds is "
                                 "not read");
    }

    // connection_stacks: each stack's height is the sum of its layers' (contract section 3).
    void readConnectionStacks(const YAML::Node& stacks) {
        if (!stacks)
            return;
        if (!stacks.IsMap())
            fail(stacks, "connection_stacks: expected a mapping of stack ids");
        for (const auto& kv : stacks) {
            const std::string id = kv.first.Scalar(), at = "connection_stacks." + id;
            double height = 0, copper = 0, copperDiameter = 0, cap = 0;
            if (const YAML::Node layers = kv.second["layers"]) {
                if (!layers.IsSequence())
                    fail(layers, at + ".layers: expected a list of layers");
                for (const YAML::Node& l : layers) {
                    const double h = numberOr(l, "height", at + ".layers", 0);
                    height += h;
                    const std::string material =
                        l.IsMap() && l["material"] && l["material"].IsScalar()
                            ? lower(l["material"].Scalar())
                            : "";
                    if (material == "cu" || material == "copper")
                        copper += h, copperDiameter = numberOr(l, "diameter", at + ".layers", 0);
                    else if (!material.empty())
                        cap += h;
                }
            }
            connectionHeights_[id] = height;
            // A copper post under a solder cap at most as tall is a copper pillar (SPIL's Cu
            // pillar: a plated Cu post with a solder tip); its diameter is the post's.
            if (copper > 0 && cap > 0 && copper >= cap)
                pillars_[id] = BondSpec{"copper_pillar", 0, nanometres(copperDiameter),
                                        "connection stack " + id + " (a copper pillar)"};
        }
    }

    // The z dies mount on: the interposer's position.z plus its attachment surface (its
    // thickness when the file does not give the surface).
    double interposerSurface(const YAML::Node& c) const {
        const std::string at =
            "component " + (c["id"] && c["id"].IsScalar() ? c["id"].Scalar() : std::string("?"));
        const double t = numberOr(c["dimensions"], "thickness", at + ".dimensions", 0);
        return numberOr(c["position"], "z", at + ".position", 0) +
               numberOr(c, "attachment_surface_z", at, t);
    }

    // A die without a z (or z 0, "left to the reader"): seated on its connection on the
    // interposer, z = surface + the connection stack's height (coord_frame_contract.md §3).
    double seatedZ(const YAML::Node& c, const std::string& at) const {
        if (!surface_)
            return 0; // no interposer: the die is where it says (on a substrate, or the board)
        const YAML::Node conn = c["connection"];
        const auto it = conn && conn.IsScalar() ? connectionHeights_.find(conn.Scalar())
                                                : connectionHeights_.end();
        if (it == connectionHeights_.end() || !(it->second > 0))
            fail(c, at + ": no position.z, and " +
                        (conn ? "its connection \"" + conn.as<std::string>() +
                                    "\" has no height in connection_stacks"
                              : std::string("no connection")) +
                        ": the gap under it is unknown; give position.z or the connection stack");
        return *surface_ + it->second;
    }

    // An id unique in the file (an array's dies get _x_y).
    std::string uniqueId(const YAML::Node& at, const std::string& id) {
        if (!ids_.insert(id).second)
            fail(at, "component " + id + ": another component has this id");
        return id;
    }

    void component(const YAML::Node& c) {
        if (!c.IsMap())
            fail(c, "components: expected each component as a mapping (id, type, ...)");
        const std::string id = text(required(c, "id", "component"), "component id");
        const std::string at = "component " + id;
        const std::string type = text(required(c, "type", at), at + ".type");
        if (type != "die" && type != "die_array" && type != "interposer" && type != "substrate")
            fail(c["type"], at + ".type: \"" + type +
                                "\" is not one Strata reads (die, die_array, interposer, "
                                "substrate)");
        const YAML::Node dims = required(c, "dimensions", at);
        ChipletDef def;
        def.file = file_;
        def.line = c.Mark().line + 1;
        const double w = numberOr(dims, "width", at + ".dimensions", 0),
                     h = numberOr(dims, "height", at + ".dimensions", 0),
                     t = numberOr(dims, "thickness", at + ".dimensions", 0);
        if (!(w > 0 && h > 0 && t > 0))
            fail(dims, at + ".dimensions: width, height and thickness must be > 0 µm (found " +
                           formatNumber(w) + " x " + formatNumber(h) + " x " + formatNumber(t) +
                           ")");
        def.w = nanometres(w), def.h = nanometres(h), def.t = nanometres(t);
        def.type = type == "interposer" || type == "substrate" ? "substrate" : "die";
        def.tsv = type == "interposer"; // a silicon interposer (Strata's silicon_interposer)
        def.name = definitionName(c, id);
        int rotation = 0;
        if (const YAML::Node r = c["rotation"]) {
            const double deg = numberOr(r, "z", at + ".rotation", 0);
            const double turns = std::fmod(deg, 360.0) / 90; // -3 .. 3 quarter turns
            if (std::fabs(turns - std::round(turns)) > 1e-9)
                fail(r, at + ".rotation.z: " + formatNumber(deg) +
                            "° is not a quarter turn (Strata turns stacks by 0, 90, 180 or 270°)");
            rotation = ((static_cast<int>(std::lround(turns)) % 4 + 4) % 4) * 90;
        }
        bool faceDown = false;
        if (const YAML::Node o = c["orientation"]) {
            const std::string v = text(o, at + ".orientation");
            if (v != "face_up" && v != "flip_chip" && v != "face_down")
                fail(o, at + ".orientation: \"" + v +
                            "\" is none of face_up, flip_chip and face_down");
            faceDown = v != "face_up";
        }
        std::string stack;
        if (const YAML::Node m = c["metadata"]; m && m.IsMap() && m["strata_stack"])
            stack = text(m["strata_stack"], at + ".metadata.strata_stack");
        const BondSpec bond = statedBond(c, at);
        const YAML::Node pos = c["position"];
        double x = numberOr(pos, "x", at + ".position", 0),
               y = numberOr(pos, "y", at + ".position", 0),
               z = numberOr(pos, "z", at + ".position", 0);
        if (type == "interposer") // its body hangs from the surface the dies attach to
            z += numberOr(c, "attachment_surface_z", at, t) - t;
        else if (type == "die" && z == 0)
            z = seatedZ(c, at);
        // A die_array: count.x by count.y dies at pitch from the first one's position.
        int nx = 1, ny = 1;
        double px = 0, py = 0;
        if (type == "die_array") {
            const YAML::Node array = required(c, "array", at);
            const YAML::Node count = required(array, "count", at + ".array");
            const double cx = numberOr(count, "x", at + ".array.count", 1),
                         cy = numberOr(count, "y", at + ".array.count", 1);
            if (!(cx >= 1 && cy >= 1 && cx * cy <= 4096) || cx != std::floor(cx) ||
                cy != std::floor(cy))
                fail(count, at + ".array.count: expected whole numbers of dies, 1 to 4096 in all");
            nx = static_cast<int>(cx), ny = static_cast<int>(cy);
            px = numberOr(array["pitch"], "x", at + ".array.pitch", 0);
            py = numberOr(array["pitch"], "y", at + ".array.pitch", 0);
            if (const YAML::Node start = array["start_position"]) {
                x = numberOr(start, "x", at + ".array.start_position", x);
                y = numberOr(start, "y", at + ".array.start_position", y);
                z = numberOr(start, "z", at + ".array.start_position", z);
            }
            if (z == 0)
                z = seatedZ(c, at);
        }
        components_.insert(id);
        const std::string defKey = "#" + id; // one definition per component
        const ChipletDef& stored = a_.defs.emplace(defKey, def).first->second;
        for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
                Instance inst;
                inst.name = uniqueId(
                    c, nx * ny > 1 ? id + "_" + std::to_string(i) + "_" + std::to_string(j) : id);
                inst.def = &stored;
                inst.rotation = rotation;
                inst.mirrorZ = faceDown;
                inst.placed = true;
                inst.line = def.line;
                inst.order = static_cast<int>(a_.instances.size());
                inst.stack = nx * ny > 1 ? "" : stack;
                inst.component = id;
                inst.bond = bond;
                const double cx = x + i * px, cy = y + j * py;
                if ((std::fabs(cx) > kLeakGuardUm || std::fabs(cy) > kLeakGuardUm) && !leakSaid_) {
                    a_.remarks.push_back(inst.name + " is centred at (" + formatNumber(cx) + ", " +
                                         formatNumber(cy) +
                                         ") µm, beyond the 1e5 µm the format expects: a "
                                         "position left in another frame?");
                    leakSaid_ = true;
                }
                // The corner from the centre, on the turned footprint.
                inst.x = nanometres(cx) - inst.w() / 2;
                inst.y = nanometres(cy) - inst.h() / 2;
                inst.z = nanometres(z);
                a_.instances[inst.name] = inst;
            }
    }

    // The bond under a die as its entry states it: Strata's metadata (strata_bond, with
    // strata_bond_pitch_um and strata_bond_diameter_um), else a connection of copper pillars.
    BondSpec statedBond(const YAML::Node& c, const std::string& at) const {
        if (const YAML::Node m = c["metadata"]; m && m.IsMap() && m["strata_bond"]) {
            const std::string meta = at + ".metadata";
            return {text(m["strata_bond"], meta + ".strata_bond"),
                    nanometres(numberOr(m, "strata_bond_pitch_um", meta, 0)),
                    nanometres(numberOr(m, "strata_bond_diameter_um", meta, 0)),
                    meta + ".strata_bond"};
        }
        if (const YAML::Node conn = c["connection"]; conn && conn.IsScalar())
            if (const auto p = pillars_.find(conn.Scalar()); p != pillars_.end())
                return p->second;
        return {};
    }

    // interfaces: typed bonds between two components (micro-bumps and copper pillars become the
    // bond between them; TSVs and wire bonds join no stacked dies and are said, not read).
    void readInterfaces(const YAML::Node& list) {
        if (!list)
            return;
        if (!list.IsSequence())
            fail(list, "interfaces: expected a list of interfaces");
        std::set<std::string> seen;
        for (const YAML::Node& f : list) {
            if (!f.IsMap())
                fail(f, "interfaces: expected each interface as a mapping (id, type, ...)");
            const std::string id = text(required(f, "id", "interface"), "interface id");
            const std::string at = "interface " + id;
            if (!seen.insert(id).second)
                fail(f, at + ": another interface has this id");
            const std::string type = text(required(f, "type", at), at + ".type");
            if (type != "micro_bump" && type != "copper_pillar" && type != "tsv" &&
                type != "wire_bond")
                fail(f["type"], at + ".type: \"" +
                                    (type + "\" is none of micro_bump, copper_pillar, tsv and "
                                            "wire_bond"));
            std::string ends[2];
            const char* keys[2] = {"from", "to"};
            for (int k = 0; k < 2; ++k)
                if (const YAML::Node e = f[keys[k]]) {
                    const std::string where = at + "." + keys[k];
                    if (!e.IsMap())
                        fail(e, where + ": expected {component: ..., surface: ...}");
                    ends[k] = text(required(e, "component", where), where + ".component");
                    if (!components_.count(ends[k]))
                        fail(e, where + ".component: \"" + ends[k] + "\" is no component");
                }
            if (type == "tsv" || type == "wire_bond") {
                a_.remarks.push_back(at + " (" +
                                     (type + ") is not read: it joins no stacked dies (an "
                                             "interposer's vias are its package kind's)"));
                continue;
            }
            if (ends[0].empty() || ends[1].empty())
                continue; // one end only: no joint between two components
            const YAML::Node ph = f["physical"];
            const double pitch = numberOr(ph, "pitch", at + ".physical", 0),
                         diameter = numberOr(ph, "diameter", at + ".physical", 0);
            if (pitch < 0 || diameter < 0 || (pitch > 0 && diameter >= pitch))
                fail(ph, at +
                             ".physical: expected a diameter smaller than the pitch, both > 0 µm "
                             "(found pitch " +
                             formatNumber(pitch) + ", diameter " + formatNumber(diameter) + ")");
            a_.interfaces.push_back(
                {ends[0], ends[1], BondSpec{type, nanometres(pitch), nanometres(diameter), at}});
        }
    }

    // What names a die's library type: metadata.strata_type (written by Strata), else its
    // top_cell, else its id.
    std::string definitionName(const YAML::Node& c, const std::string& id) const {
        if (const YAML::Node m = c["metadata"]; m && m.IsMap() && m["strata_type"])
            return text(m["strata_type"], "component " + id + ".metadata.strata_type");
        if (const YAML::Node cell = c["top_cell"]; cell && cell.IsScalar())
            return cell.Scalar();
        return id;
    }

    static Nm nanometres(double um) { return std::llround(um * 1000); }
    static std::string lower(std::string s) {
        for (char& ch : s)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return s;
    }
};

void readChipletAssembly(const std::string& path, Assembly& out) {
    ChipletReader(path, out).read();
}

} // namespace

ThreeDBloxImport importIhpChiplet(const std::string& path, const Library& library) {
    return importAssembly(path, library, kChiplet, readChipletAssembly);
}

} // namespace strata
