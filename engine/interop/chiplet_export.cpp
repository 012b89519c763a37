#include "interop/chiplet_export.h"

#include "core/build_info.h"
#include "model/geometry.h"
#include "model/validate.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace strata {

namespace {

// µm, rounded to the nanometre (the format asks for at least 6 decimals of µm: 1 pm; a design
// holds nothing finer than a nanometre).
double um(double metres) {
    return std::round(metres * 1e9) / 1e3;
}

Diagnostic note(const std::string& message) {
    return {"IO-0029", Severity::Info, message, {}, "", ""};
}

void point(YAML::Emitter& y, const char* key, double x, double yv, double z) {
    y << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "x"
      << YAML::Value << x << YAML::Key << "y" << YAML::Value << yv << YAML::Key << "z"
      << YAML::Value << z << YAML::EndMap;
}

void box(YAML::Emitter& y, double w, double h, double t) {
    y << YAML::Key << "dimensions" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "width" << YAML::Value << w << YAML::Key << "height" << YAML::Value << h << YAML::Key
      << "thickness" << YAML::Value << t << YAML::EndMap;
}

// The connection stack of a bond: one per technology, height and diameter.
std::string connectionId(const Bond& b) {
    return b.type + "_" + formatNumber(um(b.thickness_m), 9) + "um_d" +
           formatNumber(um(b.diameter_m), 9);
}

// The material of a bond's connections as the format's connection stacks name them.
std::string connectionMaterial(const Bond& b, const Library& library) {
    const BondType* type = library.bond(b.type);
    const std::string via = type ? type->via_material : "";
    return via == "copper" ? "Cu" : via == "solder_sac305" ? "SAC305" : via;
}

} // namespace

ChipletExport exportIhpChiplet(const Design& d, const Library& library) {
    ChipletExport out;
    for (const Diagnostic& v : validate(d, library))
        if (isInputProblem(v)) {
            out.notes.push_back({"IO-0030", Severity::Error,
                                 "the design has input errors (" + v.code + ": " + v.message +
                                     "); fix them before exporting",
                                 v.object_ids, v.pointer, ""});
            return out;
        }
    YAML::Emitter y;
    y.SetDoublePrecision(12);
    y << YAML::Comment("IHP .chiplet assembly written by Strata " + std::string(kVersion) +
                       " from the design \"" + d.name +
                       "\" (the design file is the source of truth)");
    y << YAML::BeginMap;
    y << YAML::Key << "format_version" << YAML::Value << YAML::DoubleQuoted << "1.0";
    y << YAML::Key << "assembly" << YAML::Value << YAML::BeginMap << YAML::Key << "name"
      << YAML::Value << d.name << YAML::Key << "description" << YAML::Value
      << "Exported by Strata " + std::string(kVersion) << YAML::Key << "units" << YAML::Value
      << "um" << YAML::EndMap;

    // Package layers bottom up: the C4 layers are the gaps; the top one is at z = 0.
    const Package& p = d.package;
    std::size_t carrier = p.layers.size();
    for (std::size_t i = 0; i < p.layers.size(); ++i)
        if (!isC4Layer(p.layers[i]))
            carrier = i;
    double below = 0; // from the bottom of the package to the carrier's bottom
    for (std::size_t i = 0; i < carrier && i < p.layers.size(); ++i)
        below += p.layers[i].thickness_m;
    const double cx = p.width_m / 2, cy = p.height_m / 2;
    std::map<std::string, const Bond*> bonds;
    struct Joint {
        std::string die, below;
        const Bond* bond;
    };
    std::vector<Joint> interfaces;
    std::string carrierId; // the top package layer's component: what base dies sit on
    y << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
    double z = -below, top = 0;
    for (std::size_t i = 0; i < p.layers.size(); ++i) {
        const PackageLayer& layer = p.layers[i];
        if (isC4Layer(layer)) {
            z += layer.thickness_m;
            continue;
        }
        const bool isCarrier = i == carrier;
        const double w = isCarrier ? p.width_m : p.substrate_width_m.value_or(p.width_m);
        const double h = isCarrier ? p.height_m : p.substrate_height_m.value_or(p.height_m);
        y << YAML::BeginMap << YAML::Key << "id" << YAML::Value << layer.name << YAML::Key << "type"
          << YAML::Value
          << (isCarrier && p.kind == "silicon_interposer" ? "interposer" : "substrate") << YAML::Key
          << "anchor" << YAML::Value << "bbox_center";
        point(y, "position", um(cx), um(cy), um(z));
        box(y, um(w), um(h), um(layer.thickness_m));
        y << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap << YAML::Key
          << "strata_material" << YAML::Value << layer.material << YAML::EndMap << YAML::EndMap;
        ++out.components;
        z += layer.thickness_m;
        if (isCarrier)
            top = z, carrierId = layer.name;
    }
    const double gapOnTop = z - top; // C4 layers above the carrier, if any
    for (std::size_t si = 0; si < d.stacks.size(); ++si) {
        const Stack& s = d.stacks[si];
        double tz = top + gapOnTop;
        for (std::size_t k = 0; k < s.tiers.size(); ++k) {
            const Tier& t = s.tiers[k];
            const ResolvedDie r = resolveDie(t.die, d, library);
            if (!(r.width_m > 0 && r.height_m > 0 && r.thickness_m > 0)) {
                out.notes = {
                    {"IO-0030",
                     Severity::Error,
                     "die \"" + t.die.id + "\" has no size: its type \"" + t.die.type +
                         "\" is not in the library and it gives no width_mm, height_mm "
                         "and thickness_um of its own",
                     {t.die.id},
                     "/stacks/" + std::to_string(si) + "/tiers/" + std::to_string(k) + "/die",
                     ""}};
                return out;
            }
            tz += t.bond.thickness_m;
            const Rect fp = tierFootprint(s, t, r);
            const bool faceUp = k + 1 < s.tiers.size() && s.tiers[k + 1].bond.orientation == "f2f";
            const std::string connection = connectionId(t.bond);
            bonds.emplace(connection, &t.bond);
            y << YAML::BeginMap << YAML::Key << "id" << YAML::Value << t.die.id << YAML::Key
              << "type" << YAML::Value << "die" << YAML::Key << "technology" << YAML::Value
              << r.node << YAML::Key << "anchor" << YAML::Value << "bbox_center";
            if (!faceUp)
                y << YAML::Key << "orientation" << YAML::Value << "flip_chip";
            y << YAML::Key << "connection" << YAML::Value << connection;
            point(y, "position", um((fp.x0 + fp.x1) / 2), um((fp.y0 + fp.y1) / 2), um(tz));
            box(y, um(r.width_m), um(r.height_m), um(r.thickness_m));
            y << YAML::Key << "rotation" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
              << "z" << YAML::Value << ((s.rotation_deg % 360) + 360) % 360 << YAML::EndMap;
            y << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap << YAML::Key
              << "strata_type" << YAML::Value << t.die.type;
            if (k == 0)
                y << YAML::Key << "strata_stack" << YAML::Value << s.id;
            y << YAML::Key << "strata_bond" << YAML::Value << t.bond.type << YAML::Key
              << "strata_bond_pitch_um" << YAML::Value << um(t.bond.pitch_m) << YAML::Key
              << "strata_bond_diameter_um" << YAML::Value << um(t.bond.diameter_m);
            y << YAML::EndMap << YAML::EndMap;
            // The format's typed interfaces name micro-bumps and copper pillars (not hybrid
            // bonds, C4 or TSVs as a die's bond): those bonds are written there too.
            if (t.bond.type == "micro_bump" || t.bond.type == "copper_pillar")
                interfaces.push_back(
                    {t.die.id, k == 0 ? carrierId : s.tiers[k - 1].die.id, &t.bond});
            ++out.components;
            tz += r.thickness_m;
        }
    }
    y << YAML::EndSeq;
    // The dies' technologies (their nodes) and bonds, as the format names them.
    std::map<std::string, bool> nodes;
    for (const Stack& s : d.stacks)
        for (const Tier& t : s.tiers)
            nodes[resolveDie(t.die, d, library).node] = true;
    y << YAML::Key << "technologies" << YAML::Value << YAML::BeginMap;
    for (const auto& [node, used] : nodes)
        y << YAML::Key << node << YAML::Value << YAML::BeginMap << YAML::Key << "description"
          << YAML::Value << "Strata technology node " + node << YAML::EndMap;
    y << YAML::EndMap;
    y << YAML::Key << "connection_stacks" << YAML::Value << YAML::BeginMap;
    for (const auto& [id, b] : bonds)
        y << YAML::Key << id << YAML::Value << YAML::BeginMap << YAML::Key << "description"
          << YAML::Value
          << b->type + " at " + formatNumber(um(b->pitch_m)) + " um pitch (Strata bond)"
          << YAML::Key << "layers" << YAML::Value << YAML::BeginSeq << YAML::Flow << YAML::BeginMap
          << YAML::Key << "name" << YAML::Value << b->type << YAML::Key << "material" << YAML::Value
          << connectionMaterial(*b, library) << YAML::Key << "height" << YAML::Value
          << um(b->thickness_m) << YAML::Key << "diameter" << YAML::Value << um(b->diameter_m)
          << YAML::EndMap << YAML::EndSeq << YAML::EndMap;
    y << YAML::EndMap;
    if (!interfaces.empty()) {
        y << YAML::Key << "interfaces" << YAML::Value << YAML::BeginSeq;
        for (const Joint& j : interfaces)
            y << YAML::BeginMap << YAML::Key << "id" << YAML::Value << j.die + "_bond" << YAML::Key
              << "type" << YAML::Value << j.bond->type << YAML::Key << "from" << YAML::Value
              << YAML::Flow << YAML::BeginMap << YAML::Key << "component" << YAML::Value << j.die
              << YAML::EndMap << YAML::Key << "to" << YAML::Value << YAML::Flow << YAML::BeginMap
              << YAML::Key << "component" << YAML::Value << j.below << YAML::EndMap << YAML::Key
              << "physical" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "pitch"
              << YAML::Value << um(j.bond->pitch_m) << YAML::Key << "diameter" << YAML::Value
              << um(j.bond->diameter_m) << YAML::Key << "height" << YAML::Value
              << um(j.bond->thickness_m) << YAML::EndMap << YAML::EndMap;
        y << YAML::EndSeq;
    }
    y << YAML::EndMap;
    out.text = std::string(y.c_str()) + "\n";
    out.notes.push_back(note(".chiplet is mask-level: the file carries placement, sizes, "
                             "heights, rotation and faces; powers, blocks, materials (said in "
                             "metadata), cooling, links and the workload stay in the design; "
                             "micro-bumps and copper pillars are typed interfaces with their "
                             "pitch, other bonds' pitches are in Strata's metadata"));
    out.ok = true;
    return out;
}

} // namespace strata
