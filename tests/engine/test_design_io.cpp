// Design files: round trips, atomic saves, schema versions and migration.
#include "model/design_io.h"
#include "model/migrations.h"
#include "interop/power_map_csv.h"
#include "model/validate.h"
#include "test_support.h"

#include <QTest>

#include <filesystem>

using namespace strata;

namespace {
std::string firstMessage(const std::vector<Diagnostic>& diags) {
    return diags.empty() ? "" : format(diags.front());
}
const char* kMinimal = R"({"format": "strata-design", "schema": 1, "name": "m",
  "package": {"kind": "organic", "width_mm": 30, "height_mm": 30},
  "stacks": [{"id": "s", "x_mm": 15, "y_mm": 15, "tiers": [{"die": {"id": "d", "type": "compute-chiplet"}}]}]})";
} // namespace

class TestDesignIo : public QObject {
    Q_OBJECT
private slots:
    void examplesRoundTrip_data() {
        QTest::addColumn<QString>("project");
        QTest::newRow("gpu-2.5d") << "gpu-2.5d";
        QTest::newRow("chiplet-mcm") << "chiplet-mcm";
        QTest::newRow("sram-on-logic-3d") << "sram-on-logic-3d";
    }
    void examplesRoundTrip() {
        QFETCH(QString, project);
        const Design first = test::loadExample(project.toStdString());
        const std::string text = designToJsonText(first);
        DesignLoad again = parseDesign(text, "roundtrip");
        QVERIFY2(again.ok(), firstMessage(again.diagnostics).c_str());
        QVERIFY(*again.design == first);
        QCOMPARE(designToJsonText(*again.design), text); // writing is deterministic
        QVERIFY(!hasErrors(validate(first, test::shippedLibrary())));
    }
    void minimalFileGetsDefaults() {
        DesignLoad l = parseDesign(kMinimal, "min");
        QVERIFY(l.ok());
        QCOMPARE(l.design->stacks[0].rotation_deg, 0);
        QCOMPARE(l.design->cooling.ambient_k, 318.15);
        QCOMPARE(l.design->stacks[0].tiers[0].bond.type, std::string("micro_bump"));
        QVERIFY(!l.design->stacks[0].tiers[0].die.width_m.has_value()); // inherits from the type
        QCOMPARE(l.design->package.width_m, 0.030);
    }
    void powerMapRoundTripsAndIsChecked() {
        Design d = test::loadExample("chiplet-mcm");
        d.stacks[1].tiers[0].die.power_map = PowerMap{2, 2, {1, 2, 3, 4.5}};
        DesignLoad back = parseDesign(designToJsonText(d), "pm");
        QVERIFY2(back.ok(), firstMessage(back.diagnostics).c_str());
        QVERIFY(*back.design == d);
        std::string text = designToJsonText(d);
        text.replace(text.find("4.5"), 3, "-1");
        DesignLoad bad = parseDesign(text, "pm");
        QVERIFY(!bad.ok());
        QVERIFY(bad.diagnostics[0].pointer.find("/power_map/power_w/3") != std::string::npos);
        d.stacks[1].tiers[0].die.power_map->power_w.pop_back();
        DesignLoad shortMap = parseDesign(designToJsonText(d), "pm");
        QVERIFY(!shortMap.ok());
        QVERIFY(shortMap.diagnostics[0].message.find("nx * ny") != std::string::npos);
    }
    // A power map from a CSV grid: north edge first in the file, stored from the south-west
    // corner; every malformed line is named with its column.
    void powerMapFromCsv() {
        std::vector<Diagnostic> diags;
        const auto m =
            parsePowerMapCsv("# from a power tool\n1, 2,3\n\n4,5,6.5\r\n", "m.csv", diags);
        QVERIFY(m && diags.empty());
        QCOMPARE(m->nx, 3);
        QCOMPARE(m->ny, 2);
        QCOMPARE(m->power_w, (std::vector<double>{4, 5, 6.5, 1, 2, 3}));
        for (const char* same : {"1 2 3\n4 5 6.5", "1;2;3\n4;5;6.5",
                                 "\xEF\xBB\xBF"
                                 "1\t2\t3\n4\t5\t6.5"}) {
            const auto again = parsePowerMapCsv(same, "m.csv", diags);
            QVERIFY2(again && *again == *m, same);
        }
        const auto back = parsePowerMapCsv(powerMapCsv(*m), "m.csv", diags);
        QVERIFY(back && *back == *m);
        struct Bad {
            const char* text;
            const char* where;
            const char* says;
        };
        for (const Bad& b :
             {Bad{"1,2\n3", "line 2", "expected 2 values"},
              Bad{"1,-2", "line 1, column 2", "\"-2\""},
              Bad{"1,2\n3,x", "line 2, column 2", "\"x\""},
              Bad{"1,2,\n", "line 1, column 3", "nothing"},
              Bad{"1,nan", "line 1, column 2", "\"nan\""}, Bad{"# nothing\n\n", "", "no values"},
              Bad{"0,0\n0,0", "", "every cell is 0 W"}}) {
            diags.clear();
            QVERIFY2(!parsePowerMapCsv(b.text, "m.csv", diags), b.text);
            QCOMPARE(diags.size(), std::size_t{1});
            QCOMPARE(diags[0].code, std::string("IO-0012"));
            QCOMPARE(diags[0].file, std::string("m.csv"));
            QCOMPARE(diags[0].pointer, std::string(b.where));
            QVERIFY2(diags[0].message.find(b.says) != std::string::npos, diags[0].message.c_str());
        }
        diags.clear();
        std::string wide;
        for (int i = 0; i <= kMaxPowerMapCells; ++i)
            wide += i ? ",1" : "1";
        QVERIFY(!parsePowerMapCsv(wide, "m.csv", diags));
        QVERIFY(diags.back().message.find("at most 4096") != std::string::npos);
    }
    void saveIsAtomicAndReadable() {
        namespace fs = std::filesystem;
        Design d = test::loadExample("chiplet-mcm");
        const std::string path = test::tempDir() + "/saved.strata.json";
        QCOMPARE(saveDesignFile(d, path), std::string());
        d.name = "renamed";
        QCOMPARE(saveDesignFile(d, path), std::string());
        DesignLoad back = loadDesignFile(path);
        QVERIFY(back.ok());
        QCOMPARE(back.design->name, std::string("renamed"));
        for (const auto& e : fs::directory_iterator(test::tempDir()))
            QVERIFY2(e.path().filename().string().find(".tmp-") == std::string::npos,
                     "temporary file left");
        QVERIFY(!saveDesignFile(d, test::tempDir()).empty()); // a directory is not a file
    }
    void newerSchemaIsRefusedWithClearMessage() {
        std::string text = kMinimal;
        text.replace(text.find("\"schema\": 1"), 11, "\"schema\": 7");
        DesignLoad l = parseDesign(text, "future.strata.json");
        QVERIFY(!l.ok());
        QCOMPARE(l.diagnostics.size(), std::size_t(1));
        QCOMPARE(l.diagnostics[0].code, std::string("IO-0006"));
        QCOMPARE(l.diagnostics[0].pointer, std::string("/schema"));
        QVERIFY(l.diagnostics[0].message.find("newer") != std::string::npos);
    }
    void wrongFormatAndSchemaAreNamed() {
        QVERIFY(test::hasCode(parseDesign(R"({"format": "kicad", "schema": 1})", "f").diagnostics,
                              "IO-0004"));
        QVERIFY(test::hasCode(parseDesign(R"({"format": "strata-design"})", "f").diagnostics,
                              "IO-0005"));
        QVERIFY(test::hasCode(
            parseDesign(R"({"format": "strata-design", "schema": "1"})", "f").diagnostics,
            "IO-0005"));
        QVERIFY(test::hasCode(
            parseDesign(R"({"format": "strata-design", "schema": -1})", "f").diagnostics,
            "IO-0005"));
    }
    void schemaZeroIsMigrated() {
        const std::string path = test::sourcePath("tests/data/migration/v0.strata.json");
        DesignLoad l = loadDesignFile(path);
        QVERIFY2(l.ok(), firstMessage(l.diagnostics).c_str());
        QCOMPARE(l.file_schema, 0);
        const Design& d = *l.design;
        QCOMPARE(d.package.width_m, 0.030);
        QCOMPARE(d.package.height_m, 0.025);
        QCOMPARE(d.stacks[0].x_m, 0.010);
        QCOMPARE(d.stacks[0].y_m, 0.012);
        QCOMPARE(*d.stacks[0].tiers[0].die.width_m, 0.008);
        QCOMPARE(*d.stacks[0].tiers[0].die.height_m, 0.009);
        QCOMPARE(*d.cooling.r_k_w, 0.25);
        // Saved files carry the current schema and load without migration.
        DesignLoad again = parseDesign(designToJsonText(d), "v1");
        QVERIFY(again.ok());
        QCOMPARE(again.file_schema, kDesignSchema);
        QVERIFY(*again.design == d);
    }
    void brokenSchemaZeroReportsTheMigration() {
        DesignLoad l = parseDesign(R"({"format": "strata-design", "schema": 0, "name": "x",
            "package": {"kind": "organic", "size_mm": [1]}, "stacks": []})",
                                   "old");
        QVERIFY(!l.ok());
        QCOMPARE(l.diagnostics[0].code, std::string("IO-0011"));
        QVERIFY(l.diagnostics[0].message.find("size_mm") != std::string::npos);
    }
    void everySchemaStepIsRegistered() {
        for (int s = 0; s < kDesignSchema; ++s) {
            bool found = false;
            for (const Migration& m : designMigrations())
                found = found || m.from_schema == s;
            QVERIFY2(found, ("no migration from schema " + std::to_string(s)).c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestDesignIo)
#include "test_design_io.moc"
