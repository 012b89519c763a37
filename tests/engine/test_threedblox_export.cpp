// The 3Dblox export read back with a reader written here for the YAML it writes, and checked the
// way OpenROAD's check_3dblox checks an assembly (its checker and unfolded model: a region's
// front faces up unless the chiplet is mirrored in z, a connection joins a region facing down
// above to one facing up below, overlapping in x-y, with a thickness equal to the gap between
// the two surfaces; no chiplet floats, none overlaps another), and against the design: every die
// where Strata's floorplan and thermal stack put it.
#include "interop/threedblox_export.h"
#include "model/geometry.h"
#include "test_support.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>

using namespace strata;

namespace {

// The YAML the export writes, flattened: "Stack.gpu0.z" -> "1190"; list items get "#k".
std::map<std::string, std::string> readYaml(const std::string& text) {
    std::map<std::string, std::string> out;
    std::vector<std::pair<int, std::string>> open; // indentation, key
    std::map<std::string, int> items;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        const auto indent = static_cast<int>(line.find_first_not_of(' '));
        if (indent < 0 || line[static_cast<std::size_t>(indent)] == '#')
            continue;
        std::string body = line.substr(static_cast<std::size_t>(indent));
        while (!open.empty() && open.back().first >= indent)
            open.pop_back();
        std::string prefix;
        for (const auto& [i, key] : open)
            prefix += key + ".";
        if (body.rfind("- ", 0) == 0) {
            const std::string list = prefix.substr(0, prefix.size() - 1);
            out[list + "#" + std::to_string(items[list]++)] = body.substr(2);
            continue;
        }
        const auto colon = body.find(':');
        const std::string key = body.substr(0, colon);
        const std::string value = colon + 1 < body.size() ? body.substr(colon + 2) : "";
        if (value.empty())
            open.emplace_back(indent, key);
        else
            out[prefix + key] = value;
    }
    return out;
}

long long nmOf(const std::string& micrometres) {
    return std::llround(std::stod(micrometres) * 1000);
}

std::pair<long long, long long> pairOf(const std::string& text) { // "[a, b]"
    const auto comma = text.find(',');
    return {nmOf(text.substr(1, comma - 1)), nmOf(text.substr(comma + 1))};
}

struct Box {
    long long x0, y0, x1, y1;
};

struct Placed {
    std::string def, orient;
    long long x, y, z, w, h, t;
    bool mirrored;
    int rotation;
};

struct Assembly {
    std::map<std::string, std::string> defs, top;
    std::map<std::string, Placed> chiplets;
    std::vector<std::string> connections;
};

const std::string& fileText(const ThreeDBloxExport& e, const std::string& suffix) {
    static const std::string none;
    for (const ExportedFile& f : e.files)
        if (f.name.size() >= suffix.size() &&
            f.name.compare(f.name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return f.text;
    return none;
}

Assembly readAssembly(const ThreeDBloxExport& e) {
    Assembly a{readYaml(fileText(e, ".3dbv")), readYaml(fileText(e, ".3dbx")), {}, {}};
    for (const auto& [key, value] : a.top) {
        if (key.rfind("ChipletInst.", 0) == 0 && key.size() > 22 &&
            key.compare(key.size() - 10, 10, ".reference") == 0) {
            const std::string inst = key.substr(12, key.size() - 22);
            const std::string s = "Stack." + inst + ".";
            Placed p{value, a.top[s + "orient"], 0, 0, nmOf(a.top[s + "z"]), 0, 0, 0, false, 0};
            std::tie(p.x, p.y) = pairOf(a.top[s + "loc"]);
            std::tie(p.w, p.h) = pairOf(a.defs["ChipletDef." + value + ".design_area"]);
            p.t = nmOf(a.defs["ChipletDef." + value + ".thickness"]);
            p.mirrored = p.orient.rfind("MZ", 0) == 0;
            const auto r = p.orient.find('R');
            p.rotation = r == std::string::npos ? 0 : std::stoi(p.orient.substr(r + 1));
            a.chiplets[inst] = p;
        }
        if (key.rfind("Connection.", 0) == 0 && key.compare(key.size() - 4, 4, ".top") == 0)
            a.connections.push_back(key.substr(11, key.size() - 15));
    }
    return a;
}

// A box of the chiplet's own frame on the assembly: rotated counter-clockwise with the chiplet,
// moved so that the chiplet's lower-left corner is at its loc (OpenROAD's dbChipInst::setLoc).
Box placedBox(const Placed& p, const Box& b) {
    auto turn = [&p](long long x, long long y) {
        for (int k = 0; k < p.rotation / 90; ++k)
            std::tie(x, y) = std::make_pair(-y, x);
        return std::make_pair(x, y);
    };
    auto bounds = [&turn](const Box& r) {
        const auto [ax, ay] = turn(r.x0, r.y0);
        const auto [bx, by] = turn(r.x1, r.y1);
        return Box{std::min(ax, bx), std::min(ay, by), std::max(ax, bx), std::max(ay, by)};
    };
    const Box chip = bounds({0, 0, p.w, p.h}), r = bounds(b);
    return {r.x0 - chip.x0 + p.x, r.y0 - chip.y0 + p.y, r.x1 - chip.x0 + p.x, r.y1 - chip.y0 + p.y};
}

struct RegionOnAssembly {
    Box box;
    bool facesUp;
    long long surfaceZ;
};

RegionOnAssembly region(Assembly& a, const std::string& pathText) {
    const auto dot = pathText.find(".regions.");
    const Placed& p = a.chiplets.at(pathText.substr(0, dot));
    const std::string r = "ChipletDef." + p.def + ".regions." + pathText.substr(dot + 9) + ".";
    const auto [x0, y0] = pairOf(a.defs[r + "coords#0"]);
    const auto [x1, y1] = pairOf(a.defs[r + "coords#2"]);
    const bool up = (a.defs[r + "side"] == "front") != p.mirrored;
    return {placedBox(p, {x0, y0, x1, y1}), up, up ? p.z + p.t : p.z};
}

// check_3dblox's rules; "" or the first broken one.
std::string checkLikeOpenRoad(Assembly& a) {
    std::map<std::string, std::string> parent; // union-find over chiplets and "~" (the board)
    std::function<std::string(const std::string&)> root = [&](const std::string& n) {
        return parent.count(n) && parent[n] != n ? root(parent[n]) : n;
    };
    for (const std::string& c : a.connections) {
        const std::string k = "Connection." + c + ".";
        const std::string top = a.top[k + "top"], bot = a.top[k + "bot"];
        const std::string topChip = top.substr(0, top.find(".regions."));
        const std::string botChip = bot == "~" ? "~" : bot.substr(0, bot.find(".regions."));
        if (!a.chiplets.count(topChip) || (bot != "~" && !a.chiplets.count(botChip)))
            return c + ": an unknown chiplet";
        parent[root(topChip)] = root(botChip);
        if (bot == "~")
            continue;
        const RegionOnAssembly t = region(a, top), b = region(a, bot);
        if (t.facesUp || !b.facesUp)
            return c + ": top must face down onto a bottom facing up";
        if (t.surfaceZ - b.surfaceZ != nmOf(a.top[k + "thickness"]))
            return c + ": thickness " + a.top[k + "thickness"] + " µm, gap " +
                   std::to_string(t.surfaceZ - b.surfaceZ) + " nm";
        if (std::min(t.box.x1, b.box.x1) <= std::max(t.box.x0, b.box.x0) ||
            std::min(t.box.y1, b.box.y1) <= std::max(t.box.y0, b.box.y0))
            return c + ": the regions do not overlap";
    }
    for (const auto& [name, p] : a.chiplets)
        if (root(name) != root("~"))
            return name + " floats";
    for (auto i = a.chiplets.begin(); i != a.chiplets.end(); ++i)
        for (auto j = std::next(i); j != a.chiplets.end(); ++j) {
            const Placed &p = i->second, &q = j->second;
            const Box u = placedBox(p, {0, 0, p.w, p.h}), v = placedBox(q, {0, 0, q.w, q.h});
            if (std::min(u.x1, v.x1) > std::max(u.x0, v.x0) &&
                std::min(u.y1, v.y1) > std::max(u.y0, v.y0) &&
                std::min(p.z + p.t, q.z + q.t) > std::max(p.z, q.z))
                return i->first + " overlaps " + j->first;
        }
    return "";
}

long long nm(double metres) {
    return std::llround(metres * 1e9);
}

// Every die of the design placed where its floorplan says (tierFootprint), shifted by `shift`.
void expectDiesOnFootprints(Assembly& a, const Design& d, long long shiftX, long long shiftY) {
    for (const Stack& s : d.stacks)
        for (const Tier& t : s.tiers) {
            const Rect fp = tierFootprint(s, t, resolveDie(t.die, d, test::shippedLibrary()));
            QVERIFY2(a.chiplets.count(t.die.id), t.die.id.c_str());
            const Placed& p = a.chiplets[t.die.id];
            const Box b = placedBox(p, {0, 0, p.w, p.h});
            QVERIFY2(std::abs(b.x0 - shiftX - nm(fp.x0)) <= 1 &&
                         std::abs(b.y0 - shiftY - nm(fp.y0)) <= 1 &&
                         std::abs(b.x1 - shiftX - nm(fp.x1)) <= 1 &&
                         std::abs(b.y1 - shiftY - nm(fp.y1)) <= 1,
                     t.die.id.c_str());
        }
}

} // namespace

class TestThreeDBloxExport : public QObject {
    Q_OBJECT

private slots:
    void examplesPassOpenRoadsChecks() {
        for (const char* name : {"gpu-2.5d", "sram-on-logic-3d", "chiplet-mcm"}) {
            const Design d = test::loadExample(name);
            const ThreeDBloxExport e = exportThreeDBlox(d, test::shippedLibrary(), "design");
            QVERIFY2(e.ok, name);
            QCOMPARE(e.files.size(), std::size_t{3});
            Assembly a = readAssembly(e);
            std::size_t dies = 0;
            for (const Stack& s : d.stacks)
                dies += s.tiers.size();
            std::size_t carriers = 0;
            for (const PackageLayer& l : d.package.layers)
                carriers += isC4Layer(l) ? 0 : 1;
            QCOMPARE(a.chiplets.size(), dies + carriers);
            QCOMPARE(static_cast<std::size_t>(e.chiplets), dies + carriers);
            QCOMPARE(a.connections.size(), dies + carriers); // each on what is below it
            const std::string problem = checkLikeOpenRoad(a);
            QVERIFY2(problem.empty(), (std::string(name) + ": " + problem).c_str());
            expectDiesOnFootprints(a, d, 0, 0);
            QCOMPARE(a.top["Header.include#0"], std::string("design.3dbv"));
            QCOMPARE(a.top["Header.precision"], std::string("1000"));
        }
    }

    // sram-on-logic-3d: the SRAM die is hybrid-bonded face to face onto the logic die, which
    // therefore lies face up on the interposer (TSVs through it); the HBM stack is turned 180°.
    void faceToFaceStackAndRotation() {
        const Design d = test::loadExample("sram-on-logic-3d");
        Assembly a = readAssembly(exportThreeDBlox(d, test::shippedLibrary(), "s"));
        QCOMPARE(a.chiplets["logic0"].orient, std::string("R0"));
        QCOMPARE(a.chiplets["sram0"].orient, std::string("MZ"));
        QCOMPARE(a.chiplets["hbm0"].orient, std::string("MZ_R180"));
        QCOMPARE(a.top["Connection.sram0_on_logic0.top"], std::string("sram0.regions.front"));
        QCOMPARE(a.top["Connection.sram0_on_logic0.bot"], std::string("logic0.regions.front"));
        QCOMPARE(a.top["Connection.logic0_on_interposer.top"], std::string("logic0.regions.back"));
        // z by hand: substrate 1000 µm, C4 70 µm, interposer 110 µm, micro-bumps 10 µm; the
        // logic die's thickness, then the 1 µm hybrid bond.
        const double logic =
            resolveDie(d.stacks[0].tiers[0].die, d, test::shippedLibrary()).thickness_m;
        QCOMPARE(a.chiplets["logic0"].z, 1190000LL);
        QCOMPARE(a.chiplets["sram0"].z, 1190000LL + nm(logic) + 1000);
        QCOMPARE(a.chiplets["interposer"].z, 1070000LL);
        QCOMPARE(a.top["Connection.interposer_on_substrate.thickness"], std::string("70"));
        QCOMPARE(a.top["Connection.substrate_on_board.bot"], std::string("~"));
        QCOMPARE(a.defs["ChipletDef.logic_3d_base.tsv"], std::string("true"));
        QCOMPARE(a.defs["ChipletDef.sram_cache_die.tsv"], std::string("false"));
        QCOMPARE(a.defs["ChipletDef.interposer.tsv"], std::string("true"));
        QCOMPARE(a.defs["ChipletDef.interposer.type"], std::string("substrate"));
        QCOMPARE(a.defs["ChipletDef.logic_3d_base.type"], std::string("die"));
    }

    // Three tiers face to back on a stack turned 90° with its tiers offset, over a substrate
    // larger than the interposer, with a bond of a fraction of a nanometre more than 1.234 µm:
    // the assembly still passes the checks, every die on its footprint (moved by the margin the
    // larger substrate adds), every gap exact.
    void turnedThreeTierStackOverLargerSubstrate() {
        Design d = test::loadExample("sram-on-logic-3d");
        Stack& s = d.stacks[0];
        s.rotation_deg = 90;
        s.tiers[1].bond.orientation = "f2b";
        s.tiers[1].bond.thickness_m = 1.2344e-6;
        s.tiers[1].offset_x_m = 0.5e-3;
        Tier third = s.tiers[1];
        third.die.id = "sram1";
        third.offset_y_m = -0.25e-3;
        s.tiers.push_back(third);
        d.package.substrate_width_m = 40e-3;
        d.package.substrate_height_m = 20e-3;
        const ThreeDBloxExport e = exportThreeDBlox(d, test::shippedLibrary(), "t");
        QVERIFY(e.ok);
        Assembly a = readAssembly(e);
        const std::string problem = checkLikeOpenRoad(a);
        QVERIFY2(problem.empty(), problem.c_str());
        expectDiesOnFootprints(a, d, 5000000, 2000000);
        QCOMPARE(a.chiplets["substrate"].x, 0LL);
        QCOMPARE(a.chiplets["interposer"].x, 5000000LL);
        QCOMPARE(a.chiplets["interposer"].y, 2000000LL);
        for (const char* die : {"logic0", "sram0", "sram1"})
            QCOMPARE(a.chiplets[die].orient, std::string("MZ_R90"));
        QCOMPARE(a.top["Connection.sram1_on_sram0.top"], std::string("sram1.regions.front"));
        QCOMPARE(a.top["Connection.sram1_on_sram0.bot"], std::string("sram0.regions.back"));
        QCOMPARE(a.top["Connection.sram1_on_sram0.thickness"], std::string("1.234"));
        QCOMPARE(a.defs["ChipletDef.sram_cache_die.tsv"], std::string("true")); // sram0's back
        QCOMPARE(a.defs["ChipletDef.substrate.design_area"], std::string("[40000, 20000]"));
    }

    // Names: 3Dblox keys are letters, digits and '_'; two ids that become the same name stay
    // apart; a die that overrides its type's size gets a definition of its own; a package layer
    // named like a die gives way.
    void namesStayDistinct() {
        Design d = test::loadExample("gpu-2.5d");
        d.name = "gpu 2.5d\nsecond line";
        d.stacks[1].tiers[0].die.id = "hbm-w0";
        d.stacks[2].tiers[0].die.id = "hbm_w0";
        d.stacks[3].tiers[0].die.thickness_m = 700e-6;
        d.package.layers[2].name = "gpu0";
        d.links.clear(); // they name the dies by their old ids
        const ThreeDBloxExport e = exportThreeDBlox(d, test::shippedLibrary(), "g");
        QVERIFY(e.ok);
        Assembly a = readAssembly(e);
        QVERIFY(checkLikeOpenRoad(a).empty());
        QVERIFY(a.chiplets.count("hbm_w0"));
        QVERIFY(a.chiplets.count("hbm_w0_2"));
        QVERIFY(a.chiplets.count("gpu0"));
        QVERIFY(a.chiplets.count("gpu0_2")); // the interposer layer
        QCOMPARE(a.chiplets["gpu0_2"].def, std::string("gpu0"));
        QCOMPARE(a.chiplets["gpu0"].def, std::string("gpu_large"));
        QVERIFY(a.chiplets["hbm_w1"].def != a.chiplets["hbm_e1"].def);
        QCOMPARE(a.defs["ChipletDef." + a.chiplets["hbm_w1"].def + ".thickness"],
                 std::string("700"));
        QCOMPARE(a.top["Design.name"], std::string("\"gpu_2_5d_second_line\""));
        QVERIFY(fileText(e, ".3dbx").find("\nsecond line") == std::string::npos);
    }

    void refusesDiesOfNoSize() {
        Design d = test::loadExample("gpu-2.5d");
        d.stacks[0].tiers[0].die.type = "no-such-chiplet";
        const ThreeDBloxExport e = exportThreeDBlox(d, test::shippedLibrary(), "g");
        QVERIFY(!e.ok);
        QVERIFY(e.files.empty());
        QVERIFY(hasErrors(e.notes));
    }

    void saysWhatItLeavesOut() {
        Design d = test::loadExample("sram-on-logic-3d");
        d.stacks[0].tiers[1].gap_fill = "oxide";
        const ThreeDBloxExport e = exportThreeDBlox(d, test::shippedLibrary(), "s");
        QVERIFY(e.ok);
        bool powers = false, fill = false;
        for (const Diagnostic& n : e.notes) {
            QCOMPARE(n.severity, Severity::Info);
            powers |= n.message.find("block powers") != std::string::npos;
            fill |= n.message.find("gap fill") != std::string::npos &&
                    n.message.find("sram0") != std::string::npos;
        }
        QVERIFY(powers);
        QVERIFY(fill);
    }
};

QTEST_APPLESS_MAIN(TestThreeDBloxExport)
#include "test_threedblox_export.moc"
