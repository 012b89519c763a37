// IHP's .chiplet: every example written (chiplet_export.h) and read back (chiplet_import.h) is the
// same assembly — stacks, tiers, offsets, turns, bonds, package layers — and so the same thermal
// answer given the example's cooling; an assembly written here as IHP's reference tools write
// them (centres in the interposer's frame, dies seated on 44 µm copper pillars, a die array,
// no Strata metadata) becomes the design it describes; bad files are refused with the file, the
// line and what was expected.
#include "interop/chiplet_export.h"
#include "interop/chiplet_import.h"
#include "model/design_diff.h"
#include "model/validate.h"
#include "test_support.h"
#include "thermal_eval.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace strata;

namespace {

std::string write(const QTemporaryDir& dir, const std::string& name, const std::string& text) {
    return test::writeFile(dir.path().toStdString(), name, text);
}

// Two SG13G2-like dies flip-chip on a 13.83 µm interposer, seated on 44 µm copper pillars
// (z = 13.83 + 44), as the format's coordinate contract works its example; `extra` is appended
// to the components.
std::string twoDies(const std::string& extra = "", const std::string& version = "'1.0'") {
    return "format_version: " + version + R"(
assembly:
  name: two_die
  units: um
technologies:
  sg13g2: {description: a 130 nm BiCMOS die}
components:
- id: interposer
  type: interposer
  anchor: bbox_center
  position: {x: 3246.156, y: 2801.0, z: 0.0}
  dimensions: {width: 6492.312, height: 5602.001, thickness: 13.83}
- id: U1
  type: die
  technology: sg13g2
  anchor: gds_origin
  orientation: flip_chip
  connection: cupillar_opt1
  top_cell: DIE_U1
  position: {x: 1500.0, y: 2801.0, z: 57.83}
  dimensions: {width: 1000.0, height: 2000.0, thickness: 750.0}
  rotation: {z: 0.0}
- id: U2
  type: die
  orientation: flip_chip
  top_cell: DIE_U2
  position: {x: 5000.0, y: 2801.0, z: 57.83}
  dimensions: {width: 1000.0, height: 2000.0, thickness: 750.0}
  rotation: {z: 90}
)" + extra;
}

std::string refusal(const QTemporaryDir& dir, const std::string& text) {
    const ThreeDBloxImport r =
        importIhpChiplet(write(dir, "bad.chiplet", text), test::shippedLibrary());
    if (r.ok || r.notes.empty() || r.notes[0].code != "IO-0028")
        return "(not refused)";
    return r.notes[0].pointer + ": " + r.notes[0].message;
}

} // namespace

class TestChipletInterop : public QObject {
    Q_OBJECT
private slots:
    void examplesRoundTrip_data() {
        QTest::addColumn<QString>("project");
        for (const char* p : {"gpu-2.5d", "chiplet-mcm", "sram-on-logic-3d"})
            QTest::newRow(p) << p;
    }
    void examplesRoundTrip() {
        QFETCH(QString, project);
        const Design d = test::loadExample(project.toStdString());
        const ChipletExport e = exportIhpChiplet(d, test::shippedLibrary());
        QVERIFY(e.ok);
        QTemporaryDir dir;
        ThreeDBloxImport back =
            importIhpChiplet(write(dir, "x.chiplet", e.text), test::shippedLibrary());
        QVERIFY2(back.ok, back.notes.empty() ? "" : back.notes[0].message.c_str());
        // The assembly is the same: no change under stacks or the package's layers and outline
        // (what the format does not carry differs: links, workload, rules, cooling, notes).
        for (const DesignChange& c : diffDesigns(d, back.design))
            QVERIFY2(c.path.rfind("stacks", 0) != 0 && c.path.rfind("package.layers", 0) != 0 &&
                         c.path != "package.kind" && c.path != "package.width_mm" &&
                         c.path != "package.height_mm",
                     describe(c).c_str());
        // And so, given the example's cooling and C4 bumps (not in the format), the same
        // temperatures.
        back.design.cooling = d.cooling;
        back.design.package.c4_pitch_m = d.package.c4_pitch_m;
        back.design.package.c4_diameter_m = d.package.c4_diameter_m;
        const double a = hottestRise(d), b = hottestRise(back.design);
        QVERIFY2(a > 1 && std::fabs(a - b) <= 1e-9 * a,
                 qPrintable(QString("%1 vs %2 K").arg(a, 0, 'g', 12).arg(b, 0, 'g', 12)));
    }

    void anAssemblyAsIhpWritesIt() {
        QTemporaryDir dir;
        const ThreeDBloxImport r =
            importIhpChiplet(write(dir, "two.chiplet", twoDies()), test::shippedLibrary());
        QVERIFY2(r.ok, r.notes.empty() ? "" : r.notes[0].message.c_str());
        const Design& d = r.design;
        QCOMPARE(d.name, std::string("two_die"));
        QCOMPARE(d.package.kind, std::string("silicon_interposer"));
        QCOMPARE(d.package.width_m, 6492.312e-6);
        QCOMPARE(d.package.height_m, 5602.001e-6);
        QCOMPARE(d.package.layers.size(), std::size_t{1});
        QCOMPARE(d.package.layers[0].thickness_m, 13.83e-6);
        QCOMPARE(d.stacks.size(), std::size_t{2});
        const Stack& u1 = d.stacks[0];
        QCOMPARE(u1.id, std::string("U1"));
        QCOMPARE(u1.x_m, 1.5e-3); // the centre, in the interposer's frame
        QCOMPARE(u1.y_m, 2.801e-3);
        QCOMPARE(u1.tiers[0].die.width_m.value_or(0), 1e-3);
        QCOMPARE(u1.tiers[0].die.height_m.value_or(0), 2e-3);
        QCOMPARE(u1.tiers[0].die.thickness_m.value_or(0), 750e-6);
        // The 44 µm pillars: the gap between the interposer's top and the die's bottom; with no
        // connection stack or interface in the file, its height makes the bond a copper pillar
        // (40 to 70 µm under a die on the package) at the usual 90 µm pitch.
        QVERIFY(std::fabs(u1.tiers[0].bond.thickness_m - 44e-6) < 1e-12);
        QCOMPARE(u1.tiers[0].bond.type, std::string("copper_pillar"));
        QCOMPARE(u1.tiers[0].bond.pitch_m, 90e-6);
        QCOMPARE(d.stacks[1].rotation_deg, 90);
        // A turned die keeps its own size: 1 mm wide before the quarter turn.
        QCOMPARE(d.stacks[1].tiers[0].die.width_m.value_or(0), 1e-3);
        bool typeGuessed = false;
        for (const Diagnostic& n : r.notes)
            typeGuessed |=
                n.code == "IO-0029" &&
                n.message.find("cell DIE_U1 names no library chiplet type") != std::string::npos;
        QVERIFY(typeGuessed);
    }

    void dieArraysAndDiesOnDies() {
        // A 2 x 2 array of memory dies at 6 mm pitch, and a die hybrid-bonded (1 µm) on U1.
        QTemporaryDir dir;
        const std::string extra = R"(- id: hbm
  type: die_array
  dimensions: {width: 1000, height: 1000, thickness: 100}
  position: {z: 57.83}
  array:
    pattern: grid
    count: {x: 2, y: 1}
    pitch: {x: 1200, y: 0}
    start_position: {x: 2900, y: 1000, z: 57.83}
- id: top
  type: die
  metadata: {strata_type: sram-cache-die}
  position: {x: 1500.0, y: 2801.0, z: 808.83}
  dimensions: {width: 800, height: 1200, thickness: 50}
)";
        const ThreeDBloxImport r =
            importIhpChiplet(write(dir, "more.chiplet", twoDies(extra)), test::shippedLibrary());
        QVERIFY2(r.ok, r.notes.empty() ? "" : r.notes[0].message.c_str());
        std::vector<std::string> ids;
        for (const Stack& s : r.design.stacks)
            ids.push_back(s.id);
        QCOMPARE(ids, (std::vector<std::string>{"U1", "U2", "hbm_0_0", "hbm_1_0"}));
        QCOMPARE(r.design.stacks[3].x_m, 4.1e-3);
        const Stack& u1 = r.design.stacks[0];
        QCOMPARE(u1.tiers.size(), std::size_t{2});
        QCOMPARE(u1.tiers[1].die.type, std::string("sram-cache-die"));
        QCOMPARE(u1.tiers[1].bond.type, std::string("hybrid_bond")); // a 1 µm gap
        QVERIFY(std::fabs(u1.tiers[1].bond.thickness_m - 1e-6) < 1e-12);
    }

    void diesWithoutAZAreSeatedOnTheirConnection() {
        // As the format's contract §3: z = the interposer's attachment surface + the height of
        // the die's connection stack (28 + 16 µm of copper pillar and cap here).
        QTemporaryDir dir;
        std::string text = twoDies("connection_stacks:\n  cupillar_opt1:\n    layers:\n"
                                   "    - {name: CuPillar, height: 28.0}\n"
                                   "    - {name: SnAgCap, height: 16.0}\n");
        text.replace(text.find("z: 57.83}"), 9, "z: 0}");
        const std::string body =
            "dimensions: {width: 6492.312, height: 5602.001, thickness: 13.83}";
        text.replace(text.find(body), body.size(),
                     "dimensions: {width: 6492.312, height: 5602.001, thickness: 300}\n"
                     "  attachment_surface_z: 13.83");
        ThreeDBloxImport r =
            importIhpChiplet(write(dir, "seat.chiplet", text), test::shippedLibrary());
        QVERIFY2(r.ok, r.notes.empty() ? "" : r.notes[0].message.c_str());
        QVERIFY(std::fabs(r.design.stacks[0].tiers[0].bond.thickness_m - 44e-6) < 1e-12);
        QVERIFY(std::fabs(r.design.package.layers[0].thickness_m - 300e-6) < 1e-12);
        // U2 has no connection: with no z either, the gap under it is unknown.
        std::string unknown = text;
        unknown.replace(unknown.find("z: 57.83}"), 9, "z: 0}");
        QVERIFY(refusal(dir, unknown).find("component U2: no position.z, and no connection") !=
                std::string::npos);
    }
    void aComponentWithoutAPositionIsAtTheOrigin() {
        // position is optional ({x: 0, y: 0, z: 0}): a substrate given only its size lies with
        // its centre at the frame's origin, and the die on it where its own position says.
        QTemporaryDir dir;
        const ThreeDBloxImport r = importIhpChiplet(
            write(dir, "origin.chiplet",
                  "format_version: '1.0'\nassembly: {name: o}\ncomponents:\n"
                  "- {id: board, type: substrate, dimensions: {width: 20000, height: 20000, "
                  "thickness: 1000}}\n"
                  "- {id: d, type: die, position: {x: 2000, y: -3000, z: 1030}, dimensions: "
                  "{width: 4000, height: 4000, thickness: 700}}\n"),
            test::shippedLibrary());
        QVERIFY2(r.ok, r.notes.empty() ? "" : r.notes[0].message.c_str());
        QCOMPARE(r.design.package.width_m, 20e-3);
        QVERIFY(std::fabs(r.design.stacks[0].x_m - 12e-3) < 1e-12); // from the corner at -10 mm
        QVERIFY(std::fabs(r.design.stacks[0].y_m - 7e-3) < 1e-12);
        QVERIFY(std::fabs(r.design.stacks[0].tiers[0].bond.thickness_m - 30e-6) < 1e-12);
    }
    void badFilesAreRefusedWithTheLine() {
        QTemporaryDir dir;
        QCOMPARE(refusal(dir, twoDies("", "'2.0'")),
                 std::string("line 1: format_version 2.0: this reader knows version 1 of the "
                             "format"));
        QVERIFY(refusal(dir, twoDies("", "'one'")).find("expected \"MAJOR.MINOR\"") !=
                std::string::npos);
        QVERIFY(refusal(dir, "_metadata: {finalize_required: true, finalizer: hyp_to_gds.py}\n" +
                                 twoDies())
                    .find("run its finalizer (hyp_to_gds.py) first") != std::string::npos);
        std::string mm = twoDies();
        mm.replace(mm.find("units: um"), 9, "units: mm");
        QCOMPARE(refusal(dir, mm), std::string("line 4: assembly.units: expected um (.chiplet "
                                               "lengths are micrometres), found \"mm\""));
        std::string turned = twoDies();
        turned.replace(turned.find("z: 90}"), 6, "z: 45}");
        QVERIFY2(refusal(dir, turned).find("component U2.rotation.z: 45° is not a quarter turn") !=
                     std::string::npos,
                 refusal(dir, turned).c_str());
        std::string flat = twoDies();
        flat.replace(flat.find("thickness: 750.0}"), 17, "thickness: 0}");
        QVERIFY(refusal(dir, flat).find("component U1.dimensions: width, height and thickness "
                                        "must be > 0") != std::string::npos);
        QVERIFY(refusal(dir, twoDies("- id: b\n  type: bridge\n"))
                    .find("\"bridge\" is not one Strata reads") != std::string::npos);
        std::string side = twoDies();
        side.replace(side.find("flip_chip"), 9, "sideways");
        QVERIFY(refusal(dir, side).find("\"sideways\" is none of face_up, flip_chip and "
                                        "face_down") != std::string::npos);
        QVERIFY(refusal(dir, "format_version: '1.0'\nassembly: [oops\n").find("not valid YAML") !=
                std::string::npos);
        QVERIFY(
            refusal(dir, "format_version: '1.0'\ncomponents: []\n").find("missing \"assembly\"") !=
            std::string::npos);
        QVERIFY(refusal(dir, twoDies("- id: many\n  type: die_array\n  dimensions: {width: 1, "
                                     "height: 1, thickness: 1}\n  array: {count: {x: 1e12, y: "
                                     "1}}\n"))
                    .find("array.count: expected whole numbers of dies, 1 to 4096") !=
                std::string::npos);
        std::string twice = twoDies();
        twice.replace(twice.find("id: U2"), 6, "id: U1");
        QVERIFY(refusal(dir, twice).find("another component has this id") != std::string::npos);
        QCOMPARE(
            importIhpChiplet(dir.filePath("missing.chiplet").toStdString(), test::shippedLibrary())
                .notes[0]
                .code,
            std::string("IO-0028"));
    }

    void bondsTravelWithTheirTechnologyAndPitch() {
        // Bonds other than the examples' usual ones come back as they were: micro-bumps and
        // copper pillars as the format's typed interfaces (with pitch and diameter), a hybrid bond
        // at another pitch through Strata's metadata. Guessing from the height would have made
        // the 10 µm pillar a micro-bump at 45 µm and the 3 µm hybrid bond a 9 µm one.
        Design d = test::loadExample("sram-on-logic-3d");
        Bond& logic = d.stacks[0].tiers[0].bond;
        // Lengths as the design reader converts µm (36 * 1e-6), which the import reproduces.
        logic.pitch_m = 36 * 1e-6, logic.diameter_m = 20 * 1e-6;
        Bond& sram = d.stacks[0].tiers[1].bond;
        QCOMPARE(sram.type, std::string("hybrid_bond"));
        sram.pitch_m = 3 * 1e-6, sram.diameter_m = 1.5 * 1e-6;
        Bond& hbm = d.stacks[1].tiers[0].bond;
        hbm.type = "copper_pillar", hbm.pitch_m = 80 * 1e-6, hbm.diameter_m = 40 * 1e-6;
        const ChipletExport e = exportIhpChiplet(d, test::shippedLibrary());
        QVERIFY(e.ok);
        QVERIFY2(e.text.find("type: copper_pillar\n    from: {component: hbm0}\n    to: "
                             "{component: interposer}\n    physical: {pitch: 80, diameter: 40") !=
                     std::string::npos,
                 e.text.c_str());
        QTemporaryDir dir;
        const ThreeDBloxImport back =
            importIhpChiplet(write(dir, "bonds.chiplet", e.text), test::shippedLibrary());
        QVERIFY(back.ok);
        for (const DesignChange& c : diffDesigns(d, back.design))
            QVERIFY2(c.path.rfind("stacks", 0) != 0, describe(c).c_str());
        for (const Diagnostic& n : back.notes) // nothing about bonds was guessed
            QVERIFY2(n.message.find("guessed from their height") == std::string::npos,
                     n.message.c_str());
    }

    void copperPillarsAndInterfacesOfIhpFiles() {
        // IHP's Cu pillar connection (a 28 µm copper post under a 16 µm SnAg cap) makes U1's bond
        // a copper pillar of the post's 44 µm diameter, at twice that pitch (said: the stack gives
        // none); a typed interface wins over both the stack and the height: U2 (no connection,
        // 44 µm up, which the height alone calls a copper pillar) sits on 45 µm micro-bumps. Both
        // within their technologies' pitch ranges: the design validates without errors.
        QTemporaryDir dir;
        const std::string extra = R"(connection_stacks:
  cupillar_opt1:
    layers:
      - {name: CuPillar, material: Cu, height: 28.0, diameter: 44.0}
      - {name: SnAgCap, material: SnAg, height: 16.0, diameter: 44.0}
interfaces:
  - id: link0
    type: micro_bump
    from: {component: U2, surface: top, port_layer: TopMetal2}
    to: {component: interposer, surface: top, port_layer: TopMetal1}
    physical: {pitch: 45.0, diameter: 25.0, height: 44.0}
  - id: bond0
    type: wire_bond
    from: {component: interposer, surface: top}
)";
        const ThreeDBloxImport r =
            importIhpChiplet(write(dir, "pillars.chiplet", twoDies(extra)), test::shippedLibrary());
        QVERIFY2(r.ok, r.notes.empty() ? "" : r.notes[0].message.c_str());
        const Bond& u1 = r.design.stacks[0].tiers[0].bond;
        QCOMPARE(u1.type, std::string("copper_pillar"));
        QCOMPARE(u1.diameter_m, 44e-6);
        QCOMPARE(u1.pitch_m, 88e-6);
        const Bond& u2 = r.design.stacks[1].tiers[0].bond;
        QCOMPARE(u2.type, std::string("micro_bump"));
        QCOMPARE(u2.pitch_m, 45e-6);
        QCOMPARE(u2.diameter_m, 25e-6);
        QVERIFY(std::fabs(u2.thickness_m - 44e-6) < 1e-12); // the height stays the gap
        bool pitchSaid = false, wireBondSaid = false;
        for (const Diagnostic& n : r.notes) {
            pitchSaid |=
                n.message.find("connection stack cupillar_opt1 (a copper pillar) gives "
                               "the copper_pillar under U1 no pitch: twice") != std::string::npos;
            wireBondSaid |=
                n.message.find("interface bond0 (wire_bond) is not read") != std::string::npos;
        }
        QVERIFY(pitchSaid && wireBondSaid);
        for (const Diagnostic& v : validate(r.design, test::shippedLibrary()))
            QVERIFY2(v.severity != Severity::Error, (v.code + ": " + v.message).c_str());
        // The same pillars at 30 µm pitch: below what copper pillars are made at (40 µm).
        Design tight = r.design;
        tight.stacks[0].tiers[0].bond.pitch_m = 30e-6;
        tight.stacks[0].tiers[0].bond.diameter_m = 15e-6;
        std::string said;
        for (const Diagnostic& v : validate(tight, test::shippedLibrary()))
            if (v.code == "DRC-0005")
                said += v.message;
        QVERIFY2(said.find("bond pitch 30 µm is impossible for Copper pillar (with solder cap): "
                           "expected 40 µm to 150 µm") != std::string::npos,
                 said.c_str());
    }

    void badInterfacesAreRefusedWithTheLine() {
        QTemporaryDir dir;
        const std::string head = "interfaces:\n  - id: i0\n";
        QCOMPARE(refusal(dir, twoDies(head + "    type: solder_ball\n")),
                 std::string("line 32: interface i0.type: \"solder_ball\" is none of micro_bump, "
                             "copper_pillar, tsv and wire_bond"));
        QVERIFY(refusal(dir, twoDies(head + "    type: micro_bump\n    from: {component: U9}\n"))
                    .find("interface i0.from.component: \"U9\" is no component") !=
                std::string::npos);
        QVERIFY(refusal(dir, twoDies(head + "    type: copper_pillar\n    from: {component: U1}\n"
                                            "    to: {component: interposer}\n"
                                            "    physical: {pitch: 40, diameter: 50}\n"))
                    .find("expected a diameter smaller than the pitch") != std::string::npos);
    }

    void aNewerMinorAndFarPositionsAreSaid() {
        QTemporaryDir dir;
        // A 250 mm carrier: U2 on it at x = 120 mm, beyond the format's 1e5 µm.
        std::string far = twoDies("", "'1.1'");
        far.replace(far.find("x: 3246.156"), 11, "x: 125000");
        far.replace(far.find("width: 6492.312"), 15, "width: 250000");
        far.replace(far.find("x: 5000.0"), 9, "x: 120000");
        const ThreeDBloxImport r =
            importIhpChiplet(write(dir, "far.chiplet", far), test::shippedLibrary());
        QVERIFY(r.ok);
        int said = 0;
        for (const Diagnostic& n : r.notes)
            said += n.code == "IO-0029" && n.severity == Severity::Warning &&
                    (n.message.find("1.1 is newer than the 1.0") != std::string::npos ||
                     n.message.find("beyond the 1e5 µm") != std::string::npos);
        QCOMPARE(said, 2);
    }
};

QTEST_GUILESS_MAIN(TestChipletInterop)
#include "test_chiplet_interop.moc"
