// validate(): every rule with a failing and a passing case, object ids and JSON pointers.
#include "model/design_io.h"
#include "model/property_path.h"
#include "model/validate.h"
#include "test_support.h"

#include <QTest>

using namespace strata;

namespace {
std::vector<Diagnostic> withCode(const Design& d, const std::string& code) {
    std::vector<Diagnostic> out;
    for (const Diagnostic& x : validate(d, test::shippedLibrary()))
        if (x.code == code)
            out.push_back(x);
    return out;
}
bool mentions(const Diagnostic& d, const std::string& id) {
    return std::find(d.object_ids.begin(), d.object_ids.end(), id) != d.object_ids.end();
}
void set(Design& d, const std::string& path, Value v) {
    const std::string err = setProperty(d, path, std::move(v));
    if (!err.empty())
        QFAIL(err.c_str());
}
} // namespace

class TestValidate : public QObject {
    Q_OBJECT
    Design gpu, mcm, sol;
private slots:
    void init() {
        gpu = test::loadExample("gpu-2.5d");
        mcm = test::loadExample("chiplet-mcm");
        sol = test::loadExample("sram-on-logic-3d");
    }
    void examplesAreClean() {
        for (const Design* d : {&gpu, &mcm, &sol}) {
            const auto diags = validate(*d, test::shippedLibrary());
            QVERIFY2(diags.empty(),
                     diags.empty()
                         ? ""
                         : format(diags.front()).c_str()); // guarded: front() only when non-empty
        }
    }
    void duplicateIds() {
        mcm.stacks[1].tiers[0].die.id = "io0";
        auto v = withCode(mcm, "MDL-0001");
        QCOMPARE(v.size(), std::size_t(1));
        QCOMPARE(v[0].pointer, std::string("/stacks/1/tiers/0/die/id"));
        QVERIFY(mentions(v[0], "io0"));
        mcm.links[1].id = mcm.links[0].id;
        QCOMPARE(withCode(mcm, "MDL-0001").size(), std::size_t(2));
    }
    void unknownLibraryReferences() {
        QVERIFY(withCode(mcm, "MDL-0002").empty());
        mcm.stacks[0].tiers[0].die.type = "no-such-chiplet";
        mcm.links[0].phy = "pcie9";
        mcm.cooling.tim_material = "unobtainium";
        auto v = withCode(mcm, "MDL-0002");
        QCOMPARE(v.size(), std::size_t(3));
        QCOMPARE(v[0].pointer, std::string("/cooling/tim_material"));
        QCOMPARE(v[1].pointer, std::string("/stacks/0/tiers/0/die/type"));
        QCOMPARE(v[2].pointer, std::string("/links/0/phy"));
    }
    void nonPhysicalValuesInMemory() {
        QVERIFY(withCode(gpu, "MDL-0003").empty());
        gpu.stacks[0].tiers[0].bond.thickness_m = 0; // zero thickness
        gpu.stacks[0].tiers[0].die.power_w = -3;     // negative power
        gpu.package.width_m = std::numeric_limits<double>::quiet_NaN();
        auto v = withCode(gpu, "MDL-0003");
        QCOMPARE(v.size(), std::size_t(3));
        QCOMPARE(v[0].pointer, std::string("/package/width_mm"));
    }
    void danglingLinkEnds() {
        QVERIFY(withCode(mcm, "MDL-0004").empty());
        mcm.links[2].to = "ghost";
        auto v = withCode(mcm, "MDL-0004");
        QCOMPARE(v.size(), std::size_t(1));
        QCOMPARE(v[0].pointer, std::string("/links/2/to"));
        mcm.links[3].to = mcm.links[3].from;
        QCOMPARE(withCode(mcm, "MDL-0006").size(), std::size_t(1));
    }
    void stackWithoutTiers() {
        mcm.stacks[2].tiers.clear();
        QCOMPARE(withCode(mcm, "MDL-0005").size(), std::size_t(1));
    }
    void dieOutsidePackage() {
        QVERIFY(withCode(mcm, "DRC-0001").empty());
        set(mcm, "stacks[cc_east].x_mm", 46.0); // 10 mm die centred 4 mm from a 50 mm edge
        auto v = withCode(mcm, "DRC-0001");
        QCOMPARE(v.size(), std::size_t(1));
        QVERIFY(mentions(v[0], "cc_east"));
        QCOMPARE(v[0].pointer, std::string("/stacks/3"));
    }
    void rotationChangesFootprint() {
        // The 20 x 15 mm IO die centred at x = 8 mm spans -2..18 mm; turned by 90° it spans
        // 0.5..15.5 mm.
        auto ioOutside = [&] {
            for (const Diagnostic& x : withCode(mcm, "DRC-0001"))
                if (mentions(x, "io0"))
                    return true;
            return false;
        };
        QVERIFY(!ioOutside());
        set(mcm, "stacks[io].x_mm", 8.0);
        QVERIFY(ioOutside());
        set(mcm, "stacks[io].rotation_deg", std::int64_t(90));
        QVERIFY(!ioOutside());
    }
    void overlappingDies() {
        QVERIFY(withCode(mcm, "DRC-0002").empty());
        set(mcm, "stacks[cc_north].y_mm", 33.0); // north chiplet now reaches 2 mm into the IO die
        auto v = withCode(mcm, "DRC-0002");
        QCOMPARE(v.size(), std::size_t(1));
        QVERIFY(mentions(v[0], "io0") && mentions(v[0], "cc_north"));
        QVERIFY(v[0].message.find("20") != std::string::npos); // 10 mm x 2 mm = 20 mm²
    }
    void tierLargerThanTierBelow() {
        QVERIFY(withCode(sol, "DRC-0003").empty());
        set(sol, "stacks[soc].tiers[1].die.width_mm", 14.0); // SRAM wider than the 12 mm logic die
        auto v = withCode(sol, "DRC-0003");
        QCOMPARE(v.size(), std::size_t(1));
        QCOMPARE(v[0].pointer, std::string("/stacks/0/tiers/1/support"));
        set(sol, "stacks[soc].tiers[1].support", std::string("mold"));
        QVERIFY(withCode(sol, "DRC-0003").empty());
        set(sol, "stacks[soc].tiers[1].support", std::string("none"));
        set(sol, "stacks[soc].tiers[1].die.width_mm", 6.5);
        set(sol, "stacks[soc].tiers[1].offset_x_mm", 3.0); // fits in size but slides off the edge
        QCOMPARE(withCode(sol, "DRC-0003").size(), std::size_t(1));
    }
    void linkNeedsPhyOnFacingEdges() {
        QVERIFY(withCode(gpu, "DRC-0004").empty());
        // Rotating a west HBM stack by 180° turns its PHY edge away from the GPU.
        set(gpu, "stacks[hbm_w0].rotation_deg", std::int64_t(180));
        auto v = withCode(gpu, "DRC-0004");
        QCOMPARE(v.size(), std::size_t(1));
        QVERIFY(mentions(v[0], "hbm_w0"));
        QVERIFY(v[0].message.find("east edge") != std::string::npos);
        // A UCIe-S link to a die without UCIe-S PHYs fails on that die's side.
        Design m = mcm;
        m.links[0].phy = "bow";
        QCOMPARE(withCode(m, "DRC-0004").size(), std::size_t(2));
    }
    void verticalLinksNeedAreaPhysOnAdjacentTiers() {
        QVERIFY(withCode(sol, "DRC-0004").empty());
        sol.links[0].phy = "ucie_a";
        QCOMPARE(withCode(sol, "DRC-0004").size(), std::size_t(2));
    }
    void purchasedPartsKeepTheirFootprint() {
        Design g = test::loadExample("gpu-2.5d");
        QVERIFY(withCode(g, "DRC-0009").empty());
        set(g, "stacks[gpu].tiers[0].die.width_mm", 30.0); // a designed die may be resized
        QVERIFY(withCode(g, "DRC-0009").empty());
        set(g, "stacks[hbm_w0].tiers[0].die.height_mm", 12.0); // an HBM stack may not
        const auto v = withCode(g, "DRC-0009");
        QCOMPARE(v.size(), std::size_t(1));
        QCOMPARE(v[0].severity, Severity::Warning);
        QCOMPARE(v[0].object_ids, std::vector<std::string>{"hbm_w0"});
    }
    void bondPitchMustSuitTheBond() {
        QVERIFY(withCode(sol, "DRC-0005").empty());
        set(sol, "stacks[soc].tiers[1].bond.pitch_um", 40.0); // 40 µm is no hybrid bond
        auto v = withCode(sol, "DRC-0005");
        QCOMPARE(v.size(), std::size_t(1));
        QCOMPARE(v[0].pointer, std::string("/stacks/0/tiers/1/bond/pitch_um"));
        set(sol, "stacks[soc].tiers[1].bond.pitch_um", 9.0);
        set(sol, "stacks[soc].tiers[1].bond.diameter_um", 9.0); // diameter must be below pitch
        QCOMPARE(withCode(sol, "DRC-0005").size(), std::size_t(1));
        set(sol, "stacks[soc].tiers[1].bond.diameter_um", 4.5);
        set(sol, "stacks[soc].tiers[1].bond.type", std::string("c4")); // C4 does not join dies
        set(sol, "stacks[soc].tiers[1].bond.pitch_um", 150.0);
        set(sol, "stacks[soc].tiers[1].bond.diameter_um", 80.0);
        QCOMPARE(withCode(sol, "DRC-0005").size(), std::size_t(1));
    }
    void c4BumpsFitTheirPitch() {
        Design g = test::loadExample("gpu-2.5d");
        QVERIFY(withCode(g, "DRC-0005").empty());
        set(g, "package.c4_diameter_um", 600.0); // as wide as the 600 µm pitch
        const auto v = withCode(g, "DRC-0005");
        QCOMPARE(v.size(), std::size_t(1));
        QCOMPARE(v[0].pointer, std::string("/package/c4_diameter_um"));
    }
    void linkReach() {
        QVERIFY(withCode(mcm, "DRC-0006").empty());
        mcm.package.width_m = 0.1;
        set(mcm, "stacks[cc_east].x_mm", 70.0); // 30 mm gap > 25 mm UCIe-S reach
        QCOMPARE(withCode(mcm, "DRC-0006").size(), std::size_t(1));
    }
    void linkRate() {
        QVERIFY(withCode(mcm, "DRC-0007").empty());
        set(mcm, "links[d2d_north].rate_gbps", 40.0);
        QCOMPARE(withCode(mcm, "DRC-0007").size(), std::size_t(1));
    }
    void phyMustSuitTheCarrier() {
        QVERIFY(withCode(gpu, "DRC-0008").empty());
        set(gpu, "package.kind", std::string("organic")); // HBM needs an interposer or bridge
        QCOMPARE(withCode(gpu, "DRC-0008").size(), gpu.links.size());
    }
    void inputProblemsAreSeparatedFromRules() {
        QVERIFY(isInputProblem({"MDL-0001", Severity::Error, "", {}, "", ""}));
        QVERIFY(isInputProblem({"IO-0002", Severity::Error, "", {}, "", ""}));
        QVERIFY(!isInputProblem({"DRC-0001", Severity::Error, "", {}, "", ""}));
    }
};

QTEST_GUILESS_MAIN(TestValidate)
#include "test_validate.moc"
