// The 3Dblox import: every example exported (threedblox_export.h) and read back is the same
// assembly (stacks, tiers, offsets, turns, bonds, package layers) and, given the example's cooling
// (3Dblox has none), the same thermal answer to 1e-9; an assembly written here in OpenROAD's style
// (macros, an included .3dbv, turned and face-up dies, names no library type has) becomes the
// design it describes; bad files are refused with the file, the line and what was expected.
#include "interop/bump_map.h"
#include "interop/threedblox_export.h"
#include "interop/threedblox_import.h"
#include "model/geometry.h"
#include "test_support.h"
#include "thermal_eval.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <fstream>

using namespace strata;

namespace {

void write(const QTemporaryDir& dir, const std::string& name, const std::string& text) {
    std::ofstream(dir.filePath(QString::fromStdString(name)).toStdString()) << text;
}

std::string path(const QTemporaryDir& dir, const std::string& name) {
    return dir.filePath(QString::fromStdString(name)).toStdString();
}

bool near(double a, double b) {
    return std::abs(a - b) <= 0.5e-9;
} // lengths: within 0.5 nm

// The OpenROAD-style assembly the tests below read, with `stack` in place of its Stack section.
const char* kDefinitions = R"(#!define DIE_T 300
Header:
  version: "2.5"
  unit: micron
  precision: 2000

ChipletDef:
  Board:
    type: substrate
    design_area: [20000, 12000]
    thickness: 800
    regions:
      top: {side: front, coords: [[0, 0], [20000, 0], [20000, 12000], [0, 12000]]}
      bottom: {side: back, coords: [[0, 0], [20000, 0], [20000, 12000], [0, 12000]]}
  Interposer:
    type: substrate
    tsv: true
    design_area: [16000, 10000]
    thickness: 100
    regions:
      top: {side: front, coords: [[0, 0], [16000, 0], [16000, 10000], [0, 10000]]}
      bottom: {side: back, coords: [[0, 0], [16000, 0], [16000, 10000], [0, 10000]]}
  Logic:
    type: die
    design_area: [6000, 4000]
    thickness: DIE_T
    regions:
      f: {side: front, coords: [[0, 0], [6000, 0], [6000, 4000], [0, 4000]]}
      b: {side: back, coords: [[0, 0], [6000, 0], [6000, 4000], [0, 4000]]}
  Cache:
    type: die
    design_area: [3000, 2000]
    thickness: 50
    regions:
      f: {side: front, coords: [[0, 0], [3000, 0], [3000, 2000], [0, 2000]]}
)";

// Board at z 0; 60 µm C4 gap; interposer 860..960; Logic turned 90° and lying face up on 20 µm
// bumps (z 980..1280), its 6 x 4 mm footprint 4 x 6 mm, lower-left (2000, 1000) on the
// interposer; Cache face down on it, hybrid-bonded (0.5 µm), turned with it, its centre 1 mm
// east of Logic's (the stack frame: 1 mm south, as the stack turns 90° counter-clockwise).
const char* kAssembly = R"(Header:
  version: "2.5"
  unit: micron
  precision: 2000
  include:
    - defs.3dbv

Design:
  name: demo

ChipletInst:
  board: {reference: Board}
  ip: {reference: Interposer}
  logic: {reference: Logic}
  cache: {reference: Cache}

Stack:
  board: {loc: [0, 0], z: 0, orient: R0}
  ip: {loc: [2000, 1000], z: 860, orient: R0}
  logic: {loc: [4000, 2000], z: 980, orient: R90}
  cache: {loc: [6000, 3500], z: 1280.5, orient: MZ_R90}

Connection:
  b2w: {top: board.regions.bottom, bot: ~, thickness: 0}
  i2b: {top: ip.regions.bottom, bot: board.regions.top, thickness: 60}
  l2i: {top: logic.regions.b, bot: ip.regions.top, thickness: 20}
  c2l: {top: cache.regions.f, bot: logic.regions.f, thickness: 0.5}
)";

// Two Cache dies side by side at z 0, face down, with the given Connection entries.
ThreeDBloxImport importTwoCaches(const QTemporaryDir& dir, const std::string& name,
                                 const std::string& connections) {
    write(dir, "defs.3dbv", kDefinitions);
    write(dir, name + ".3dbx", R"(Header: {unit: micron, include: [defs.3dbv]}
ChipletInst:
  a: {reference: Cache}
  b: {reference: Cache}
Stack:
  a: {loc: [1000, 1000], z: 0, orient: MZ}
  b: {loc: [5000, 1000], z: 0, orient: MZ}
Connection:
)" + connections);
    return importThreeDBlox(path(dir, name + ".3dbx"), test::shippedLibrary());
}

} // namespace

class TestThreeDBloxImport : public QObject {
    Q_OBJECT

private slots:
    // The examples, and sram-on-logic-3d with its stack turned 90°, three tiers face to back with
    // offsets, over a substrate larger than the interposer.
    void examplesComeBackAsTheyWent() {
        for (const char* name : {"gpu-2.5d", "sram-on-logic-3d", "chiplet-mcm", "turned"}) {
            Design d = test::loadExample(std::string(name) == "turned" ? "sram-on-logic-3d" : name);
            if (std::string(name) == "turned") {
                Stack& s = d.stacks[0];
                s.rotation_deg = 90;
                s.tiers[1].bond.orientation = "f2b";
                s.tiers[1].offset_x_m = 0.5e-3;
                Tier third = s.tiers[1];
                third.die.id = "sram1";
                third.offset_y_m = -0.25e-3;
                third.bond.thickness_m = 1.5e-6;
                s.tiers.push_back(third);
                d.package.substrate_width_m = 40e-3;
                d.package.substrate_height_m = 20e-3;
            }
            const ThreeDBloxExport e = exportThreeDBlox(d, test::shippedLibrary(), "design");
            QTemporaryDir dir;
            for (const ExportedFile& f : e.files)
                write(dir, f.name, f.text);
            const ThreeDBloxImport r =
                importThreeDBlox(path(dir, "design.3dbx"), test::shippedLibrary());
            QVERIFY2(r.ok, r.notes.empty() ? name : format(r.notes.back()).c_str());
            const Design& g = r.design;
            QCOMPARE(g.package.kind, d.package.kind);
            QVERIFY(near(g.package.width_m, d.package.width_m));
            QVERIFY(near(g.package.height_m, d.package.height_m));
            QCOMPARE(g.package.substrate_width_m.has_value(),
                     d.package.substrate_width_m.has_value());
            if (d.package.substrate_width_m)
                QVERIFY(near(*g.package.substrate_width_m, *d.package.substrate_width_m) &&
                        near(*g.package.substrate_height_m, *d.package.substrate_height_m));
            QCOMPARE(g.package.layers.size(), d.package.layers.size());
            for (std::size_t k = 0; k < d.package.layers.size(); ++k) {
                QCOMPARE(g.package.layers[k].name, d.package.layers[k].name);
                QVERIFY(near(g.package.layers[k].thickness_m, d.package.layers[k].thickness_m));
            }
            QCOMPARE(g.stacks.size(), d.stacks.size());
            for (std::size_t s = 0; s < d.stacks.size(); ++s) {
                const Stack &a = d.stacks[s], &b = g.stacks[s];
                QCOMPARE(b.id, a.id); // from the carrier's <stack>_attach region
                QVERIFY(near(b.x_m, a.x_m) && near(b.y_m, a.y_m));
                QCOMPARE(b.rotation_deg, a.rotation_deg);
                QCOMPARE(b.tiers.size(), a.tiers.size());
                for (std::size_t t = 0; t < a.tiers.size(); ++t) {
                    const Tier &p = a.tiers[t], &q = b.tiers[t];
                    QCOMPARE(q.die.id, p.die.id);
                    QCOMPARE(q.die.type, p.die.type);
                    const ResolvedDie rp = resolveDie(p.die, d, test::shippedLibrary());
                    const ResolvedDie rq = resolveDie(q.die, g, test::shippedLibrary());
                    QVERIFY(near(rq.width_m, rp.width_m) && near(rq.height_m, rp.height_m) &&
                            near(rq.thickness_m, rp.thickness_m));
                    QVERIFY(near(q.offset_x_m, p.offset_x_m) && near(q.offset_y_m, p.offset_y_m));
                    QVERIFY(near(q.bond.thickness_m, p.bond.thickness_m));
                    QCOMPARE(q.bond.type, p.bond.type);
                    if (t > 0)
                        QCOMPARE(q.bond.orientation, p.bond.orientation);
                }
            }
            // No cooling in 3Dblox: the examples' rule (TAP-2.5D's r = 0.1 x 0.06^2 / s_sink^2);
            // gpu-2.5d's own sink is what the rule gives for its package (56 mm: 60 and 100 mm).
            QVERIFY(g.cooling.r_k_w && g.cooling.secondary_r_k_w);
            QVERIFY(std::abs(*g.cooling.r_k_w * g.cooling.sink_width_m * g.cooling.sink_width_m -
                             0.1 * 0.06 * 0.06) < 1e-12);
            if (std::string(name) == "gpu-2.5d")
                QVERIFY(std::abs(*g.cooling.r_k_w - *d.cooling.r_k_w) < 1e-12 &&
                        near(g.cooling.sink_width_m, d.cooling.sink_width_m) &&
                        near(g.cooling.spreader_width_m, d.cooling.spreader_width_m));
            // The same package, given the example's cooling and C4 bumps (not in 3Dblox): the same
            // temperatures.
            Design same = g;
            same.cooling = d.cooling;
            same.package.c4_pitch_m = d.package.c4_pitch_m;
            same.package.c4_diameter_m = d.package.c4_diameter_m;
            for (std::size_t s = 0; s < d.stacks.size(); ++s)
                for (std::size_t t = 0; t < d.stacks[s].tiers.size(); ++t) {
                    same.stacks[s].tiers[t].bond = d.stacks[s].tiers[t].bond; // pitch, yield
                    same.stacks[s].tiers[t].gap_fill = d.stacks[s].tiers[t].gap_fill;
                    same.stacks[s].tiers[t].support = d.stacks[s].tiers[t].support;
                }
            const double original = hottestRise(d), imported = hottestRise(same);
            QVERIFY(original > 10);
            QVERIFY2(std::abs(imported - original) <= 1e-9 * original,
                     (std::string(name) + ": " + std::to_string(imported) + " K vs " +
                      std::to_string(original) + " K")
                         .c_str());
        }
    }

    void openRoadStyleAssembly() {
        QTemporaryDir dir;
        write(dir, "defs.3dbv", kDefinitions);
        write(dir, "demo.3dbx", kAssembly);
        const ThreeDBloxImport r = importThreeDBlox(path(dir, "demo.3dbx"), test::shippedLibrary());
        QVERIFY2(r.ok, r.notes.empty() ? "" : format(r.notes.back()).c_str());
        const Design& d = r.design;
        QCOMPARE(d.name, std::string("demo"));
        QCOMPARE(d.package.kind, std::string("silicon_interposer"));
        QVERIFY(near(d.package.width_m, 16e-3) && near(d.package.height_m, 10e-3));
        QVERIFY(d.package.substrate_width_m && near(*d.package.substrate_width_m, 20e-3));
        QCOMPARE(d.package.layers.size(), std::size_t{3});
        QCOMPARE(d.package.layers[1].name, std::string("c4"));
        QVERIFY(near(d.package.layers[1].thickness_m, 60e-6));
        QCOMPARE(d.package.layers[2].material, std::string("silicon"));
        // 16 mm: a 30 mm spreader (HotSpot's), a 70 mm sink: 0.1 K/W x (60 / 70)^2.
        QVERIFY(d.cooling.r_k_w && std::abs(*d.cooling.r_k_w - 0.1 * 36 / 49) < 1e-12);
        QCOMPARE(d.stacks.size(), std::size_t{1});
        const Stack& s = d.stacks[0];
        QCOMPARE(s.id, std::string("logic"));
        QCOMPARE(s.rotation_deg, 90);
        // Footprint (4000..8000, 2000..8000) µm on the assembly, (2000..6000, 1000..7000) on the
        // interposer: centre (4, 4) mm.
        QVERIFY(near(s.x_m, 4e-3) && near(s.y_m, 4e-3));
        QCOMPARE(s.tiers.size(), std::size_t{2});
        const Tier &logic = s.tiers[0], &cache = s.tiers[1];
        QVERIFY(logic.die.width_m && near(*logic.die.width_m, 6e-3));           // its own frame
        QVERIFY(logic.die.thickness_m && near(*logic.die.thickness_m, 300e-6)); // the macro
        QCOMPARE(logic.bond.type, std::string("micro_bump"));
        QVERIFY(near(logic.bond.thickness_m, 20e-6));
        QCOMPARE(cache.bond.type, std::string("hybrid_bond"));
        QCOMPARE(cache.bond.orientation, std::string("f2f")); // logic lies face up
        QVERIFY(near(cache.bond.thickness_m, 0.5e-6));
        // Cache's footprint: 2 x 3 mm turned, (6000..8000, 3500..6500): centre (7, 5) mm, 1 mm
        // east and 1 mm... of Logic's (6, 5): 1 mm east on the assembly is 1 mm south in the
        // stack's frame (turned back clockwise by 90°).
        QVERIFY2(
            near(cache.offset_x_m, 0) && near(cache.offset_y_m, -1e-3),
            (std::to_string(cache.offset_x_m) + ", " + std::to_string(cache.offset_y_m)).c_str());
        const Rect fp = tierFootprint(s, cache, resolveDie(cache.die, d, test::shippedLibrary()));
        QVERIFY(near(fp.x0, 4e-3) && near(fp.x1, 6e-3) && near(fp.y0, 2.5e-3) &&
                near(fp.y1, 5.5e-3));
        // Names no library type has: the closest in area, said; and the guessed bonds, said.
        bool typeSaid = false, bondsSaid = false;
        for (const Diagnostic& n : r.notes) {
            typeSaid |= n.message.find("ChipletDef Logic names no library chiplet type") == 0;
            bondsSaid |= n.message.find("guessed from their height") != std::string::npos;
        }
        QVERIFY(typeSaid && bondsSaid);
        QVERIFY(!logic.die.type.empty() && test::shippedLibrary().chiplet(logic.die.type));
    }

    void badFilesAreRefusedWithTheLine_data() {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("said");
        QTest::addColumn<int>("line");
        QTest::newRow("yaml") << "  ip: {reference: Interposer}"
                              << "  ip: {reference: [Interposer"
                              << "not valid YAML" << 14;
        QTest::newRow("unit") << "  unit: micron"
                              << "  unit: mm"
                              << "Header.unit: expected micron" << 3;
        QTest::newRow("reference") << "{reference: Cache}"
                                   << "{reference: Cash}"
                                   << "no ChipletDef \"Cash\"" << 15;
        QTest::newRow("orient") << "orient: MZ_R90"
                                << "orient: MX"
                                << "mirrored placement" << 21;
        QTest::newRow("number") << "z: 1280.5"
                                << "z: high"
                                << "Stack.cache.z: expected a length" << 21;
        QTest::newRow("no stack") << "  cache: {loc: [6000, 3500], z: 1280.5, orient: MZ_R90}\n"
                                  << ""
                                  << "ChipletInst.cache has no Stack entry" << 15;
        QTest::newRow("region") << "cache.regions.f"
                                << "cache.regions.b"
                                << "ChipletDef Cache has no region \"b\"" << 27;
        QTest::newRow("hierarchy") << "- defs.3dbv"
                                   << "- other.3dbx"
                                   << "hierarchical 3Dblox" << 6;
        QTest::newRow("missing include") << "- defs.3dbv"
                                         << "- gone.3dbv"
                                         << "(included by" << 0;
        QTest::newRow("overlap") << "z: 1280.5"
                                 << "z: 1200"
                                 << "starts 80 µm below the top of logic" << 15;
        QTest::newRow("two on one") << "  c2l:"
                                    << "  c2i: {top: cache.regions.f, bot: ip.regions.top, "
                                       "thickness: 0}\n  c2l:"
                                    << "is connected onto both" << 15;
    }

    void badFilesAreRefusedWithTheLine() {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, said);
        QFETCH(int, line);
        QTemporaryDir dir;
        write(dir, "defs.3dbv", kDefinitions);
        std::string assembly = kAssembly;
        const auto at = assembly.find(from.toStdString());
        QVERIFY(at != std::string::npos);
        assembly.replace(at, from.toStdString().size(), to.toStdString());
        write(dir, "demo.3dbx", assembly);
        const ThreeDBloxImport r = importThreeDBlox(path(dir, "demo.3dbx"), test::shippedLibrary());
        QVERIFY(!r.ok);
        QCOMPARE(r.notes.size(), std::size_t{1});
        const Diagnostic& e = r.notes[0];
        QCOMPARE(e.code, std::string("IO-0026"));
        QVERIFY2(e.message.find(said.toStdString()) != std::string::npos, e.message.c_str());
        QVERIFY2(e.file.find(".3db") != std::string::npos, e.file.c_str());
        if (line > 0)
            QCOMPARE(e.pointer, "line " + std::to_string(line));
    }

    // A bump map's pitch: the median distance to the nearest bump, on a square array, a
    // staggered one (rows half a pitch apart sideways, sqrt(3)/2 apart: the nearest is still one
    // pitch away) and a single bump (no pitch).
    void bumpMapPitch() {
        QTemporaryDir dir;
        std::string square = "# bumpInst cellType x y port net\n", staggered,
                    one = "b0 BUMP 5 5 - -\n";
        for (int j = 0; j < 150; ++j)
            for (int i = 0; i < 200; ++i) {
                square += "b" + std::to_string(j * 200 + i) + " UBUMP " + std::to_string(i * 36) +
                          " " + std::to_string(j * 36) + " - net" + std::to_string(i) + "\n";
                staggered += "s BUMP " + std::to_string(i * 40 + (j % 2) * 20) + " " +
                             std::to_string(j * 40 * std::sqrt(3.0) / 2) + " - -\n";
            }
        write(dir, "square.bmap", square);
        write(dir, "staggered.bmap", staggered);
        write(dir, "one.bmap", one);
        const BumpMapPitch a = readBumpMapPitch(path(dir, "square.bmap"));
        QVERIFY(a.error.empty());
        QCOMPARE(a.bumps, 30000);
        QVERIFY(std::abs(a.pitch_m - 36e-6) < 1e-12);
        const BumpMapPitch b = readBumpMapPitch(path(dir, "staggered.bmap"));
        QVERIFY2(std::abs(b.pitch_m - 40e-6) < 1e-9, std::to_string(b.pitch_m).c_str());
        const BumpMapPitch c = readBumpMapPitch(path(dir, "one.bmap"));
        QVERIFY(c.error.empty() && c.bumps == 1 && c.pitch_m == 0);
        write(dir, "bad.bmap", "b0 BUMP 0 0 - -\nb1 BUMP 10 ten - -\n");
        const BumpMapPitch d = readBumpMapPitch(path(dir, "bad.bmap"));
        QVERIFY(d.error.find("six columns") != std::string::npos && d.line == 2);
    }

    // In an assembly: the cache's region names a bump map of 9 µm pitch; the bond under the cache
    // takes it (a hybrid bond keeps its diameter at half the pitch); a broken map is named.
    void bumpMapGivesTheBondItsPitch() {
        QTemporaryDir dir;
        std::string defs = kDefinitions;
        const std::string region =
            "      f: {side: front, coords: [[0, 0], [3000, 0], [3000, 2000], [0, 2000]]}\n";
        const auto at = defs.rfind(region);
        QVERIFY(at != std::string::npos);
        defs.replace(at, region.size(),
                     "      f: {side: front, bmap: maps/cache.bmap, coords: [[0, 0], [3000, 0], "
                     "[3000, 2000], [0, 2000]]}\n");
        write(dir, "defs.3dbv", defs);
        write(dir, "demo.3dbx", kAssembly);
        QVERIFY(QDir(dir.path()).mkdir("maps"));
        std::string map;
        for (int j = 0; j < 20; ++j)
            for (int i = 0; i < 30; ++i)
                map += "hb" + std::to_string(j * 30 + i) + " HB " + std::to_string(10 + 9 * i) +
                       " " + std::to_string(10 + 9 * j) + " - -\n";
        write(dir, "maps/cache.bmap", map);
        const ThreeDBloxImport r = importThreeDBlox(path(dir, "demo.3dbx"), test::shippedLibrary());
        QVERIFY2(r.ok, r.notes.empty() ? "" : format(r.notes.back()).c_str());
        const Bond& b = r.design.stacks[0].tiers[1].bond;
        QVERIFY(near(b.pitch_m, 9e-6) && near(b.diameter_m, 4.5e-6));
        QVERIFY(near(r.design.stacks[0].tiers[0].bond.pitch_m, 45e-6)); // no map: the usual
        bool said = false;
        for (const Diagnostic& n : r.notes)
            said |= n.message.find("cache.bmap: 9 µm (600 bumps)") != std::string::npos;
        QVERIFY(said);
        write(dir, "maps/cache.bmap", "hb0 HB 1 2\n");
        const ThreeDBloxImport bad =
            importThreeDBlox(path(dir, "demo.3dbx"), test::shippedLibrary());
        QVERIFY(!bad.ok && bad.notes.size() == 1);
        QVERIFY2(bad.notes[0].file.ends_with("cache.bmap") && bad.notes[0].pointer == "line 1" &&
                     bad.notes[0].message.find("six columns") != std::string::npos,
                 format(bad.notes[0]).c_str());
    }

    void refusesWhatIsNotAnAssembly() {
        QTemporaryDir dir;
        write(dir, "list.3dbx", "- a\n- b\n");
        ThreeDBloxImport r = importThreeDBlox(path(dir, "list.3dbx"), test::shippedLibrary());
        QVERIFY(!r.ok && r.notes[0].message.find("YAML mapping") != std::string::npos);
        r = importThreeDBlox(path(dir, "none.3dbx"), test::shippedLibrary());
        QVERIFY(!r.ok && r.notes[0].message.find("cannot be read") != std::string::npos);
        r = importThreeDBlox(dir.path().toStdString(), test::shippedLibrary());
        QVERIFY(!r.ok && r.notes[0].message.find("cannot be read") != std::string::npos);
    }

    // Two dies side by side, each connected "onto" the other: no stack base leads to them.
    void refusesARingOfDies() {
        QTemporaryDir dir;
        const ThreeDBloxImport r =
            importTwoCaches(dir, "ring", R"(  ab: {top: a.regions.f, bot: b.regions.f}
  ba: {top: b.regions.f, bot: a.regions.f}
)");
        QVERIFY(!r.ok);
        QVERIFY2(r.notes[0].message.find("ring") != std::string::npos, r.notes[0].message.c_str());
    }

    // Dies straight on the board: an organic substrate 2 mm beyond them, said.
    void diesWithoutPackage() {
        QTemporaryDir dir;
        const ThreeDBloxImport r = importTwoCaches(dir, "bare", R"(  a0: {top: a.regions.f, bot: ~}
  b0: {top: b.regions.f, bot: ~}
)");
        QVERIFY2(r.ok, r.notes.empty() ? "" : format(r.notes.back()).c_str());
        QCOMPARE(r.design.package.kind, std::string("organic"));
        QVERIFY(near(r.design.package.width_m, 11e-3) && near(r.design.package.height_m, 6e-3));
        QCOMPARE(r.design.stacks.size(), std::size_t{2});
        QVERIFY(near(r.design.stacks[0].x_m, 3.5e-3) && near(r.design.stacks[1].x_m, 7.5e-3));
        QCOMPARE(r.design.name, std::string("bare"));
    }
};

QTEST_APPLESS_MAIN(TestThreeDBloxImport)
#include "test_threedblox_import.moc"
