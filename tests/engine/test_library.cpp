// Component library: the shipped assets load cleanly and cite sources; user folders extend and
// override them; broken library files are reported with file and pointer.
#include "library/library_loader.h"
#include "test_support.h"

#include <QTest>

#include <filesystem>
#include <fstream>
#include <set>

using namespace strata;

namespace {
template <class T> void requireSources(const std::vector<T>& items) {
    for (const T& t : items) {
        QVERIFY2(!t.provenance.source.empty(), t.id.c_str());
        QVERIFY2(!t.provenance.file.empty(), t.id.c_str());
    }
}
std::string writeLibFile(const std::string& dir, const std::string& name, const std::string& text) {
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/" + name) << text;
    return dir + "/" + name;
}
} // namespace

class TestLibrary : public QObject {
    Q_OBJECT
private slots:
    void shippedLibraryLoadsWithoutProblems() {
        LibraryLoad load = loadLibrary({test::sourcePath("assets")});
        for (const auto& d : load.diagnostics)
            qWarning("%s", format(d).c_str());
        QVERIFY(load.diagnostics.empty());
    }
    void coversWhatTheIssueAsksFor() {
        const Library& lib = test::shippedLibrary();
        for (const char* node : {"n3", "n5", "n7", "n10", "n14", "n28"})
            QVERIFY2(lib.technology(node), node);
        for (const char* phy : {"ucie_s", "ucie_a", "ucie_3d", "bow", "aib", "hbm"})
            QVERIFY2(lib.phy(phy), phy);
        for (const char* mem : {"hbm2e", "hbm3", "hbm3e", "sram_stacked"})
            QVERIFY2(lib.memory(mem), mem);
        for (const char* bond : {"micro_bump", "hybrid_bond", "tsv", "c4"})
            QVERIFY2(lib.bond(bond), bond);
        for (const char* mat : {"silicon", "copper", "tim", "underfill", "organic_substrate"})
            QVERIFY2(lib.material(mat), mat);
        std::set<std::string> kinds;
        for (const ChipletType& c : lib.chiplets)
            kinds.insert(c.kind);
        for (const char* k : {"compute", "memory", "cache", "io", "nmc"})
            QVERIFY2(kinds.count(k), k);
        QVERIFY(lib.chiplet("gpu-large") && lib.chiplet("gpu-large")->compute);
        QCOMPARE(lib.chiplet("gpu-large")->compute->cores, 108); // A100 reference data
    }
    void everyEntryCitesASource() {
        const Library& lib = test::shippedLibrary();
        requireSources(lib.materials);
        requireSources(lib.technologies);
        requireSources(lib.packages);
        requireSources(lib.bonds);
        requireSources(lib.phys);
        requireSources(lib.memories);
        requireSources(lib.chiplets);
    }
    void numbersMatchTheReferenceSheet() {
        const Library& lib = test::shippedLibrary();
        QCOMPARE(lib.technology("n7")->d0_per_m2, 0.09e4); // 0.09 / cm²
        QCOMPARE(lib.technology("n5")->wafer_usd, 16988.0);
        QCOMPARE(lib.memory("hbm3")->bandwidth_Bps, 819.2e9); // 6.4 Gb/s x 1024 / 8
        QCOMPARE(lib.material("silicon")->k_xy_w_mk, 130.0);
        QCOMPARE(lib.bond("hybrid_bond")->min_pitch_m, 0.4e-6);
        QVERIFY(!lib.phy("aib")->energy_j_per_bit); // no source found: absent, not invented
    }
    void userFolderExtendsAndOverrides() {
        const std::string dir = test::tempDir() + "/userlib";
        writeLibFile(dir, "mine.json", R"({"format": "strata-library", "schema": 1,
          "materials": [{"id": "silicon", "name": "Silicon, my fab", "k_w_mk": 148, "cv_j_m3k": 1.66e6,
                         "source": "datasheet of my fab"},
                        {"id": "mold", "name": "Mold compound", "k_w_mk": 0.9, "cv_j_m3k": 1.8e6,
                         "source": "supplier datasheet XYZ-123"}],
          "chiplets": [{"id": "my-die", "name": "Mine", "kind": "compute", "width_mm": 5, "height_mm": 5,
                        "thickness_um": 100, "node": "n5", "power_w": 10, "source": "internal"}]})");
        LibraryLoad load = loadLibrary({test::sourcePath("assets"), dir});
        QVERIFY(load.ok());
        QCOMPARE(load.library.material("silicon")->k_xy_w_mk, 148.0);
        QVERIFY(load.library.material("mold"));
        QVERIFY(load.library.chiplet("my-die"));
        QVERIFY(test::hasCode(load.diagnostics, "LIB-0003")); // the override is announced
    }
    void brokenLibraryFilesAreReported() {
        const std::string dir = test::tempDir() + "/badlib";
        writeLibFile(dir, "a.json", R"({"format": "strata-library", "schema": 1,
          "materials": [{"id": "x", "name": "X", "k_w_mk": "high", "cv_j_m3k": 1}],
          "technologies": [{"id": "n1", "name": "1 nm", "d0_per_cm2": 0.1, "alpha": 10, "wafer_usd": 1,
                            "source": "s", "assumed": ["nre_usd"]}],
          "chiplets": [{"id": "c", "name": "C", "kind": "compute", "width_mm": 5, "height_mm": 5,
                        "thickness_um": 100, "node": "n0", "power_w": 1, "source": "s"}]})");
        LibraryLoad load = loadLibrary({dir});
        QVERIFY(!load.ok());
        bool typeError = false;
        for (const auto& d : load.diagnostics)
            if (d.code == "IO-0007" && d.pointer == "/materials/0/k_w_mk" &&
                d.file.find("a.json") != std::string::npos)
                typeError = true;
        QVERIFY(typeError);
        QVERIFY(test::hasCode(load.diagnostics, "IO-0009"));  // missing source
        QVERIFY(test::hasCode(load.diagnostics, "LIB-0005")); // assumed field that is not there
        QVERIFY(test::hasCode(load.diagnostics, "LIB-0007")); // node n0 unknown
        writeLibFile(dir + "/outline", "b.json", R"({"format": "strata-library", "schema": 1,
          "chiplets": [{"id": "c2", "name": "C2", "kind": "compute", "width_mm": 5, "height_mm": 5,
                        "thickness_um": 100, "node": "n5", "power_w": 1, "source": "s",
                        "blocks": [{"id": "big", "kind": "compute", "x_mm": 1, "y_mm": 0,
                                    "width_mm": 5, "height_mm": 2, "power_w": 1}]}]})");
        const LibraryLoad outline = loadLibrary({test::sourcePath("assets"), dir + "/outline"});
        QVERIFY(test::hasCode(outline.diagnostics, "LIB-0006")); // block beyond the die outline
        QVERIFY(!outline.library.chiplet("c2"));
        QVERIFY(test::hasCode(loadLibrary({dir + "/none"}).diagnostics, "LIB-0001"));
        // Bonds inside a stack that leave no room for its silicon, or fill with no material.
        writeLibFile(dir + "/stack", "c.json", R"({"format": "strata-library", "schema": 1,
          "chiplets": [{"id": "s", "name": "S", "kind": "memory", "width_mm": 5, "height_mm": 5,
                        "thickness_um": 100, "purchased": true, "power_w": 1, "source": "s",
                        "internal_bonds": {"count": 8, "resistance_k_mm2_per_w": 8,
                                           "thickness_um": 12, "fill_material": "underfill"}},
                       {"id": "s2", "name": "S2", "kind": "memory", "width_mm": 5, "height_mm": 5,
                        "thickness_um": 700, "purchased": true, "power_w": 1, "source": "s",
                        "internal_bonds": {"count": 8, "resistance_k_mm2_per_w": 8,
                                           "thickness_um": 12, "fill_material": "nothing"}}]})");
        const LibraryLoad stack = loadLibrary({test::sourcePath("assets"), dir + "/stack"});
        QVERIFY(test::hasCode(stack.diagnostics, "LIB-0008")); // 96 µm of bonds in 100 µm
        QVERIFY(test::hasCode(stack.diagnostics, "LIB-0007")); // material "nothing"
    }
    // The HBM stacks carry their micro-bump layers, in SI units (K·m²/W, m).
    void hbmStacksCarryTheirBonds() {
        for (const char* id : {"hbm3-stack", "hbm3e-stack", "hbm2e-stack"}) {
            const ChipletType* c = test::shippedLibrary().chiplet(id);
            QVERIFY(c && c->internal_bonds);
            QCOMPARE(c->internal_bonds->count, 8);
            QCOMPARE(c->internal_bonds->resistance_k_m2_w, 8.0e-6);
            QCOMPARE(c->internal_bonds->thickness_m, 16.1e-6);
        }
    }
};

QTEST_GUILESS_MAIN(TestLibrary)
#include "test_library.moc"
