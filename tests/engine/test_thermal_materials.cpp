// What the model builder makes of materials that are not plain layers: via arrays (rule of
// mixtures along, series across), the bonds inside a stack of dies described as one (an HBM
// stack: series along z, checked against a 1-D estimate of what they add), and what carries an
// overhanging tier (dummy silicon or mold) and fills beside an upper tier (mold, oxide, dummy
// silicon); the package's C4 bumps in its c4 layer.
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "model/geometry.h"
#include "model/property_path.h"
#include "model/validate.h"
#include "test_support.h"
#include "thermal/builder.h"
#include "thermal_eval.h"

#include <QTest>

#include <algorithm>
#include <numbers>

using namespace strata;
using namespace strata::thermal;

class TestThermalMaterials : public QObject {
    Q_OBJECT
private slots:
    void viaArrayFollowsRuleOfMixtures() {
        const Material cu{"cu", "Cu", 400, 400, 3.5e6, {}}, si{"si", "Si", 130, 130, 1.63e6, {}};
        const double d = 10e-6, p = 50e-6;
        const double f = std::numbers::pi * d * d / 4 / (p * p); // 0.0314
        const CellMaterial m = viaArray(cu, si, d, p);
        QCOMPARE(m.kz, f * 400 + (1 - f) * 130);        // parallel along the vias
        QCOMPARE(m.kxy, 1 / (f / 400 + (1 - f) / 130)); // series across
        QCOMPARE(m.cv, f * 3.5e6 + (1 - f) * 1.63e6);
        QVERIFY(m.kz > m.kxy);
    }
    // A copper pillar's solder cap is in series with its post along z, in parallel across; the
    // pillar so made, with the library's cap (IHP's 16 of 44 µm), is the via of the bond layer
    // under a die on copper pillars (gpu-2.5d's HBM stacks put on them here).
    void aCopperPillarsCapIsInSeriesWithItsPost() {
        const Material cu{"cu", "Cu", 400, 400, 3.45e6, {}}, sac{"sac", "SAC", 58, 58, 1.636e6, {}};
        const Material m = cappedPost(cu, sac, 0.364);
        QCOMPARE(m.k_z_w_mk, 1 / (0.636 / 400 + 0.364 / 58)); // 128 W/mK: the cap dominates
        QCOMPARE(m.k_xy_w_mk, 0.636 * 400 + 0.364 * 58);
        QCOMPARE(m.cv_j_m3k, 0.636 * 3.45e6 + 0.364 * 1.636e6);
        QCOMPARE(cappedPost(cu, sac, 0).k_z_w_mk, 400.0);
        Design d = test::loadExample("gpu-2.5d");
        const Library& lib = test::shippedLibrary();
        Stack* hbm = nullptr;
        for (Stack& s : d.stacks)
            if (s.tiers[0].die.type.rfind("hbm", 0) == 0 && !hbm) {
                hbm = &s;
                Bond& b = s.tiers[0].bond;
                b.type = "copper_pillar", b.pitch_m = 90e-6, b.diameter_m = 45e-6;
                b.thickness_m = 44e-6;
            }
        QVERIFY(hbm);
        const BuildResult built = buildModel(d, lib, *buildOptionsFor("coarse"));
        QVERIFY(built.ok);
        const Model& model = built.model;
        const std::string bondName = hbm->tiers[0].die.id + ".bond";
        const auto layer =
            std::find_if(model.layers.begin(), model.layers.end(), [&](const Layer& l) {
                return l.name.find(bondName) != std::string::npos;
            });
        QVERIFY2(layer != model.layers.end(), bondName.c_str());
        const Rect fp = tierFootprint(*hbm, hbm->tiers[0], resolveDie(hbm->tiers[0].die, d, lib));
        const auto cell = static_cast<std::size_t>(cellIndex(model.ys, (fp.y0 + fp.y1) / 2)) *
                              static_cast<std::size_t>(model.nx()) +
                          static_cast<std::size_t>(cellIndex(model.xs, (fp.x0 + fp.x1) / 2));
        const BondType& pillar = *lib.bond("copper_pillar");
        QCOMPARE(pillar.cap_material, std::string("solder_sac305"));
        const CellMaterial expected =
            viaArray(cappedPost(*lib.material("copper"), *lib.material("solder_sac305"),
                                pillar.cap_fraction),
                     *lib.material("epoxy"), 45e-6, 90e-6);
        QCOMPARE(layer->cells[cell].kz, expected.kz);
        QVERIFY(expected.kz <
                viaArray(*lib.material("copper"), *lib.material("epoxy"), 45e-6, 90e-6).kz);
    }

    // The package layer named c4 is the package's C4 bump array (c4_pitch_um, c4_diameter_um)
    // of the library's C4 material in the layer's own material; a layer of a material that
    // already contains its bumps (TAP-2.5D's underfill) is left alone and said so (THM-0104).
    void c4LayerMixesThePackagesBumps() {
        Design d = test::loadExample("gpu-2.5d");
        const Library& lib = test::shippedLibrary();
        auto c4Cell = [&](const Design& design) {
            const BuildResult b = buildModel(design, lib, *buildOptionsFor("coarse"));
            const auto layer = std::find_if(b.model.layers.begin(), b.model.layers.end(),
                                            [](const Layer& l) { return l.name == "package.c4"; });
            const Model& m = b.model; // the cell at the package's centre
            const auto centre =
                static_cast<std::size_t>(cellIndex(m.ys, design.package.height_m / 2)) *
                    static_cast<std::size_t>(m.nx()) +
                static_cast<std::size_t>(cellIndex(m.xs, design.package.width_m / 2));
            return std::pair{layer == m.layers.end() ? CellMaterial{} : layer->cells[centre],
                             b.diagnostics};
        };
        QCOMPARE(d.package.layers[1].material, std::string("epoxy"));
        const double solderK = 58, epoxyK = 0.3; // materials.json, by hand
        for (const auto [pitch_um, diameter_um] : {std::pair{600.0, 250.0}, {300.0, 200.0}}) {
            d.package.c4_pitch_m = pitch_um * 1e-6;
            d.package.c4_diameter_m = diameter_um * 1e-6;
            const double f =
                std::numbers::pi / 4 * (diameter_um / pitch_um) * (diameter_um / pitch_um);
            const auto [cell, diagnostics] = c4Cell(d);
            QVERIFY(!hasErrors(diagnostics));
            QCOMPARE(cell.kz, f * solderK + (1 - f) * epoxyK);        // 8.17 W/mK at 600/250
            QCOMPARE(cell.kxy, 1 / (f / solderK + (1 - f) / epoxyK)); // 0.35 W/mK across
        }
        d.package.layers[1].material = "underfill";
        const auto [cell, diagnostics] = c4Cell(d);
        QCOMPARE(cell.kz, 1.6);
        const auto said = std::find_if(diagnostics.begin(), diagnostics.end(),
                                       [](const Diagnostic& g) { return g.code == "THM-0104"; });
        QVERIFY(said != diagnostics.end());
        QCOMPARE(said->pointer, std::string("/package/layers/1/material"));
        QVERIFY(said->message.find("\"underfill\" already includes") != std::string::npos);
    }
    // An HBM stack's micro-bump layers fold into its bulk in series along z; with them its
    // DRAM runs warmer by about its heat flux times their added resistance.
    void stackedDiesFoldTheirBondsInSeries() {
        const Material si{"si", "Si", 148, 148, 1.63e6, {}}, uf{"uf", "UF", 1.6, 1.6, 2.32e6, {}};
        const InternalBonds b{8, 8.0e-6, 16.1e-6, "uf"};
        const double bulk = 706e-6, bonds = 8 * 16.1e-6, silicon = bulk - bonds;
        const CellMaterial m = stackedBulk(si, uf, b, bulk);
        QCOMPARE(bulk / m.kz, silicon / 148 + 8 * 8.0e-6);   // resistances add along z
        QCOMPARE(m.kxy * bulk, 148 * silicon + 1.6 * bonds); // conductances add across
        QCOMPARE(m.cv * bulk, 1.63e6 * silicon + 2.32e6 * bonds);
        QVERIFY(m.kz < 12 && m.kz > 8); // ~10 W/mK: a fifteenth of silicon's
        // In a design: the HBM stacks' bulk has that kz, and they run warmer than solid silicon
        // by q * (n R - n t / k_si) (their power through their own footprint; a little of it
        // leaves sideways and down, so somewhat less).
        Design d = test::loadExample("gpu-2.5d");
        Library solid = test::shippedLibrary();
        for (ChipletType& c : solid.chiplets)
            c.internal_bonds.reset();
        const Library& bonded = test::shippedLibrary();
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        EvalOptions opts;
        opts.only = {"thermal"};
        opts.values["thermal.resolution"] = "coarse";
        const EvalResult with = evaluate(reg, {d, bonded, opts, nullptr, nullptr});
        const EvalResult without = evaluate(reg, {d, solid, opts, nullptr, nullptr});
        const ChipletType& hbm = *bonded.chiplet("hbm3-stack");
        const double q = hbm.power_w / (hbm.width_m * hbm.height_m);
        const Material& silicon0 = *bonded.material("silicon");
        const double added =
            q * 8 * (8.0e-6 - 16.1e-6 / silicon0.k_z_w_mk); // 1-D: ~5 K at 10 W over 121 mm²
        const double rise = metric(with, "thermal.die.hbm_w0.mean_c") -
                            metric(without, "thermal.die.hbm_w0.mean_c");
        QVERIFY2(rise > 0.6 * added && rise < 1.02 * added,
                 qPrintable(QString("%1 K vs 1-D %2 K").arg(rise).arg(added)));
        const BuildResult built = buildModel(d, bonded, *buildOptionsFor("coarse"));
        const Material& fill = *bonded.material("underfill");
        const double hbmBulk = hbm.thickness_m - kBeolThickness - kActiveThickness;
        const CellMaterial expected = stackedBulk(silicon0, fill, *hbm.internal_bonds, hbmBulk);
        bool seen = false;
        for (const Layer& l : built.model.layers)
            if (l.name.find("hbm_w0.bulk") != std::string::npos)
                for (const CellMaterial& c : l.cells)
                    if (c.kz == expected.kz && c.kxy == expected.kxy)
                        seen = true;
        QVERIFY(seen);
    }
    // A tier that overhangs the one below stands on what its support says: dummy silicon fills
    // the room under the overhang beside the lower die, mold leaves the package fill there.
    void overhangStandsOnItsSupport() {
        Design d = test::loadExample("sram-on-logic-3d");
        // logic0 spans y 2..14 mm; sram0 made 14 mm tall spans 1..15: 1 mm overhangs each side.
        QCOMPARE(strata::setProperty(d, "stacks[soc].tiers[1].die.height_mm", 14.0), std::string());
        const Library& lib = test::shippedLibrary();
        const double silicon = lib.material("silicon")->k_xy_w_mk;
        const double fill = lib.material(d.package.fill_material)->k_xy_w_mk;
        auto kAt = [&](const Model& m, double x_mm, double y_mm) { // in logic0's bulk layer
            const auto layer = std::find_if(m.layers.begin(), m.layers.end(), [](const Layer& l) {
                return l.name.find("logic0.bulk") != std::string::npos;
            });
            const auto cell = static_cast<std::size_t>(cellIndex(m.ys, y_mm * 1e-3)) *
                                  static_cast<std::size_t>(m.nx()) +
                              static_cast<std::size_t>(cellIndex(m.xs, x_mm * 1e-3));
            return layer == m.layers.end() ? -1.0 : layer->cells[cell].kxy;
        };
        double tj[2] = {};
        const char* supports[2] = {"mold", "dummy_silicon"};
        for (int s = 0; s < 2; ++s) {
            d.stacks[0].tiers[1].support = supports[s];
            const BuildResult b = buildModel(d, lib, *buildOptionsFor("coarse"));
            QVERIFY(!hasErrors(b.diagnostics));
            QCOMPARE(kAt(b.model, 8, 8), silicon);                    // logic0 itself
            QCOMPARE(kAt(b.model, 8, 14.5), s == 0 ? fill : silicon); // under the overhang
            QCOMPARE(kAt(b.model, 8, 15.5), fill);                    // beyond sram0
            QCOMPARE(kAt(b.model, 8, 1.5), s == 0 ? fill : silicon);
            tj[s] = metric(evalThermal(d), "thermal.tj_max_c");
        }
        // The dummy silicon spreads logic0's heat sideways and up into the overhang.
        QVERIFY2(tj[1] < tj[0] - 0.1, qPrintable(QString("Tj %1 / %2").arg(tj[0]).arg(tj[1])));
    }
    // What fills the room beside an upper tier over the tier below: the package fill (mold), a
    // dielectric (oxide) or dummy silicon, up to the tier's top. sram-on-logic-3d's 6.5 mm cache
    // die leaves logic0's (12 mm) edges under 61 µm of fill: each better conductor cools them.
    void gapFillBesideAnUpperTier() {
        Design d = test::loadExample("sram-on-logic-3d");
        const Library& lib = test::shippedLibrary();
        auto kAt = [&](const Model& m, double x_mm, double y_mm) { // at sram0's bulk height
            const auto layer = std::find_if(m.layers.begin(), m.layers.end(), [](const Layer& l) {
                return l.name.find("sram0.bulk") != std::string::npos;
            });
            const auto cell = static_cast<std::size_t>(cellIndex(m.ys, y_mm * 1e-3)) *
                                  static_cast<std::size_t>(m.nx()) +
                              static_cast<std::size_t>(cellIndex(m.xs, x_mm * 1e-3));
            return layer == m.layers.end() ? -1.0 : layer->cells[cell].kz;
        };
        const char* fills[3] = {"mold", "oxide", "dummy_silicon"};
        const double k[3] = {lib.material(d.package.fill_material)->k_z_w_mk,
                             lib.material("sio2")->k_z_w_mk, lib.material("silicon")->k_z_w_mk};
        double tj[3] = {};
        for (int f = 0; f < 3; ++f) {
            QCOMPARE(strata::setProperty(d, "stacks[soc].tiers[1].gap_fill", std::string(fills[f])),
                     std::string());
            const BuildResult b = buildModel(d, lib, *buildOptionsFor("coarse"));
            QVERIFY(!hasErrors(b.diagnostics));
            QCOMPARE(kAt(b.model, 3, 13), k[f]); // beside sram0, over logic0
            QCOMPARE(kAt(b.model, 8, 8), lib.material("silicon")->k_z_w_mk); // sram0 itself
            QCOMPARE(kAt(b.model, 1, 8), k[0]); // beyond logic0: package fill
            tj[f] = metric(evalThermal(d), "thermal.tj_max_c");
        }
        // Measured: 150.4, 105.8 and 84.3 °C.
        QVERIFY2(tj[0] > tj[1] + 20 && tj[1] > tj[2] + 10,
                 qPrintable(QString("Tj %1 / %2 / %3").arg(tj[0]).arg(tj[1]).arg(tj[2])));
        // The bottom tier has no tier below: its gap fill would do nothing, and says so.
        QCOMPARE(strata::setProperty(d, "stacks[soc].tiers[0].gap_fill", std::string("oxide")),
                 std::string());
        const std::vector<Diagnostic> v = validate(d, lib);
        QVERIFY(std::any_of(v.begin(), v.end(), [](const Diagnostic& g) {
            return g.code == "MDL-0008" && g.pointer == "/stacks/0/tiers/0/gap_fill";
        }));
    }
};

QTEST_GUILESS_MAIN(TestThermalMaterials)
#include "test_thermal_materials.moc"
