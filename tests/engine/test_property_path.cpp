// Property paths: get/set with units, type and range checks, and clear errors.
#include "model/property_path.h"
#include "test_support.h"

#include <QTest>

using namespace strata;

class TestPropertyPath : public QObject {
    Q_OBJECT
    Design d;
private slots:
    void init() { d = test::loadExample("gpu-2.5d"); }

    void getsInTheKeysUnit() {
        PathLookup w = getProperty(d, "package.width_mm");
        QVERIFY(w.ok());
        QCOMPARE(std::get<double>(w.value), 56.0);
        QCOMPARE(w.info.unitLabel(), std::string("mm"));
        PathLookup amb = getProperty(d, "cooling.ambient_c");
        QCOMPARE(std::get<double>(amb.value), 45.0);
        PathLookup lanes = getProperty(d, "links[link_hbm_w0].lanes");
        QCOMPARE(std::get<std::int64_t>(lanes.value), std::int64_t(1024));
    }
    void setsAndStoresSI() {
        QCOMPARE(strata::setProperty(d, "stacks[gpu].tiers[0].die.frequency_ghz", 1.6),
                 std::string());
        QCOMPARE(*d.stacks[0].tiers[0].die.frequency_hz, 1.6e9);
        QCOMPARE(strata::setProperty(d, "cooling.h_w_m2k", std::int64_t(20000)),
                 std::string()); // integer for a number
        QCOMPARE(*d.cooling.h_w_m2k, 20000.0);
        QCOMPARE(strata::setProperty(d, "links[link_hbm_w0].lanes", 512.0),
                 std::string()); // integral double
        QCOMPARE(d.links[0].lanes, 512);
        QCOMPARE(strata::setProperty(d, "stacks[hbm_e0].rotation_deg", std::int64_t(90)),
                 std::string());
        QCOMPARE(findStack(d, "hbm_e0")->rotation_deg, 90);
        QCOMPARE(strata::setProperty(d, "package.kind", std::string("organic")), std::string());
        QCOMPARE(d.package.kind, std::string("organic"));
    }
    void unsetsOptionalOverrides() {
        QCOMPARE(strata::setProperty(d, "stacks[gpu].tiers[0].die.power_w", 300.0), std::string());
        QVERIFY(d.stacks[0].tiers[0].die.power_w.has_value());
        QCOMPARE(strata::setProperty(d, "stacks[gpu].tiers[0].die.power_w", std::monostate{}),
                 std::string());
        QVERIFY(!d.stacks[0].tiers[0].die.power_w.has_value());
        QVERIFY(std::holds_alternative<std::monostate>(
            getProperty(d, "stacks[gpu].tiers[0].die.power_w").value));
    }
    void rejectsBadValuesAndLeavesDesignUnchanged_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("kind"); // 0 number, 1 string, 2 bool, 3 null
        QTest::addColumn<double>("number");
        QTest::addColumn<QString>("expected");
        QTest::newRow("negative size") << "package.width_mm" << 0 << -5.0 << "> 0";
        QTest::newRow("zero thickness")
            << "stacks[gpu].tiers[0].bond.thickness_um" << 0 << 0.0 << "> 0";
        QTest::newRow("negative power")
            << "stacks[gpu].tiers[0].die.power_w" << 0 << -1.0 << ">= 0";
        QTest::newRow("nan") << "cooling.h_w_m2k" << 0 << std::nan("") << "finite";
        QTest::newRow("no sink path") << "cooling.h_w_m2k" << 0 << 0.0
                                      << "> 0 and <= 1e+07 (or null to unset), got 0: h = 0 "
                                         "leaves the sink no path to ambient, and without "
                                         "one no steady state exists";
        QTest::newRow("infinite") << "cooling.r_k_w" << 0 << HUGE_VAL << "finite";
        QTest::newRow("fractional lanes") << "links[link_hbm_w0].lanes" << 0 << 1.5 << "integer";
        QTest::newRow("odd rotation") << "stacks[gpu].rotation_deg" << 0 << 45.0 << "0 90 180 270";
        QTest::newRow("string for number") << "package.height_mm" << 1 << 0.0 << "number";
        QTest::newRow("bad enum") << "package.kind" << 1 << 0.0 << "\"organic\"";
        QTest::newRow("bool for string") << "name" << 2 << 0.0 << "string";
        QTest::newRow("null for required") << "package.width_mm" << 3 << 0.0 << "null";
    }
    void rejectsBadValuesAndLeavesDesignUnchanged() {
        QFETCH(QString, path);
        QFETCH(int, kind);
        QFETCH(double, number);
        QFETCH(QString, expected);
        const Design before = d;
        Value v = kind == 0   ? Value(number)
                  : kind == 1 ? Value(std::string("wide"))
                  : kind == 2 ? Value(true)
                              : Value();
        const std::string err = strata::setProperty(d, path.toStdString(), v);
        QVERIFY2(!err.empty(), "bad value accepted");
        QVERIFY2(err.find(path.toStdString()) == 0, err.c_str());
        QVERIFY2(err.find(expected.toStdString()) != std::string::npos, err.c_str());
        QVERIFY(d == before);
    }
    void rejectsBadPaths_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown stack") << "stacks[cpu].x_mm"
                                       << "no stack \"cpu\"";
        QTest::newRow("tier out of range") << "stacks[gpu].tiers[3].die.frequency_ghz"
                                           << "no tier \"3\"";
        QTest::newRow("unknown property") << "cooling.h"
                                          << "unknown property \"h\"";
        QTest::newRow("missing index") << "stacks.x_mm"
                                       << "needs an index";
        QTest::newRow("unclosed") << "stacks[gpu.x_mm"
                                  << "missing ']'";
        QTest::newRow("empty") << ""
                               << "empty name";
        QTest::newRow("no workload") << "workload.model"
                                     << "no workload";
        QTest::newRow("ends with index") << "stacks[gpu]"
                                         << "end with a property";
        QTest::newRow("scalar has no parts") << "cooling.ambient_c.x"
                                             << "no parts";
    }
    void rejectsBadPaths() {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        Design bare = d; // without a workload, so that workload paths have nothing to address
        bare.workload.reset();
        PathLookup g = getProperty(bare, path.toStdString());
        QVERIFY(!g.ok());
        QVERIFY2(g.error.find(expected.toStdString()) != std::string::npos, g.error.c_str());
        QVERIFY(!strata::setProperty(bare, path.toStdString(), 1.0).empty());
    }
    void idsAndPositionsBothAddress() {
        QCOMPARE(std::get<double>(getProperty(d, "stacks[0].x_mm").value),
                 std::get<double>(getProperty(d, "stacks[gpu].x_mm").value));
        QVERIFY(getProperty(d, "package.layers[interposer].thickness_um").ok());
        QVERIFY(getProperty(d, "rules[0].max").ok());
    }
    void everyListedPathReadsAndWritesBack() {
        const auto paths = listPropertyPaths(d);
        QVERIFY(paths.size() > 100);
        const Design before = d;
        for (const std::string& p : paths) {
            PathLookup g = getProperty(d, p);
            QVERIFY2(g.ok(), g.error.c_str());
            if (std::holds_alternative<std::monostate>(g.value))
                continue;
            const std::string err = strata::setProperty(d, p, g.value);
            QVERIFY2(err.empty(), err.c_str());
        }
        QVERIFY(d == before); // get -> set of the same value changes nothing
    }
};

QTEST_GUILESS_MAIN(TestPropertyPath)
#include "test_property_path.moc"
