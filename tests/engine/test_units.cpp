// Core: unit suffixes, rectangles, diagnostics formatting, atomic file writes.
#include "core/atomic_file.h"
#include "core/diagnostic.h"
#include "core/geometry.h"
#include "core/units.h"

#include <QTest>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace strata;

class TestUnits : public QObject {
    Q_OBJECT
private slots:
    void suffixesConvertToSI() {
        QCOMPARE(unitForKey("width_mm").toSI(2.5), 2.5e-3);
        QCOMPARE(unitForKey("thickness_um").toSI(20), 20e-6);
        QCOMPARE(unitForKey("frequency_ghz").toSI(1.41), 1.41e9);
        QCOMPARE(unitForKey("ambient_c").toSI(45), 318.15);
        QCOMPARE(unitForKey("ambient_c").fromSI(273.15), 0.0);
        QCOMPARE(unitForKey("h_w_m2k").toSI(1000), 1000.0); // must not be read as "_k" kelvin
        QCOMPARE(unitForKey("r_k_w").label, std::string_view("K/W"));
        QCOMPARE(unitForKey("d0_per_cm2").toSI(0.09), 900.0); // defects per m²
        QCOMPARE(unitForKey("energy_pj_per_bit").toSI(0.5), 0.5e-12);
        QCOMPARE(unitForKey("lanes").scale, 1.0);
        QVERIFY(unitForKey("lanes").label.empty());
        QVERIFY(unitForKey("mm").label.empty()); // a bare suffix is not a key with a unit
    }
    // Back from SI: the shortest decimal that converts to the same double, so files stay
    // readable (1000 µm, not 1000.0000000000001) and every value survives save and load exactly.
    void fromSIIsShortAndExact() {
        const UnitInfo um = unitForKey("thickness_um"), c = unitForKey("ambient_c");
        // Exact comparisons: QCOMPARE on doubles forgives the last bits this is about.
        QVERIFY((1000 * 1e-6) / 1e-6 != 1000.0); // the plain quotient is not 1000
        QVERIFY(um.fromSI(1000 * 1e-6) == 1000.0);
        QVERIFY(um.fromSI(um.toSI(0.1)) == 0.1);
        QVERIFY(c.fromSI(318.15) == 45.0);
        const UnitInfo kwh = unitForKey("price_usd_per_kwh");
        QVERIFY(kwh.fromSI(kwh.toSI(0.08)) == 0.08);
        // Any value read from a file (si = toSI(x), x any double) is written back as a value that
        // reads as the same si: save and load change nothing.
        std::uint64_t state = 88172645463325252ULL; // xorshift
        for (const char* key :
             {"width_mm", "thickness_um", "ambient_c", "price_usd_per_kwh", "lanes"}) {
            const UnitInfo u = unitForKey(key);
            for (int k = 0; k < 2000; ++k) {
                state ^= state << 13, state ^= state >> 7, state ^= state << 17;
                const double x = std::ldexp(static_cast<double>(state >> 11), -53) *
                                 std::pow(10.0, static_cast<int>(state % 9) - 3);
                const double si = u.toSI(x);
                QVERIFY2(u.toSI(u.fromSI(si)) == si, key);
            }
        }
    }
    void rectangles() {
        const Rect a = Rect::centred(0, 0, 2, 2);
        const Rect b = Rect::centred(1, 1, 2, 2);
        QCOMPARE(a.overlapArea(b), 1.0);
        QCOMPARE(a.overlapArea(Rect::centred(2, 0, 2, 2)), 0.0); // touching edges do not overlap
        QVERIFY(Rect::centred(0, 0, 4, 4).contains(a));
        QVERIFY(!a.contains(b));
    }
    void diagnosticFormatNamesFilePointerAndCode() {
        Diagnostic d{"MDL-0001", Severity::Error, "duplicate die id",
                     {"gpu0"},   "/stacks/1/id",  "x.strata.json"};
        QCOMPARE(QString::fromStdString(format(d)),
                 QString("x.strata.json:/stacks/1/id: error MDL-0001: duplicate die id [gpu0]"));
        QVERIFY(hasErrors({d}));
        d.severity = Severity::Warning;
        QVERIFY(!hasErrors({d}));
    }
    void numbersInMessagesKeepTheirMagnitude() {
        // Cutting std::to_string to six characters turned 3.3e13 into "330000".
        QCOMPARE(formatNumber(3.3e13), std::string("3.3e+13"));
        QCOMPARE(formatNumber(2072.0), std::string("2072"));
        QCOMPARE(formatNumber(57.22843), std::string("57.228"));
        QCOMPARE(formatNumber(-0.5), std::string("-0.5"));
        QCOMPARE(formatNumber(1.2e-5), std::string("1.2e-05"));
        QCOMPARE(formatNumber(1020.0534, 6), std::string("1020.05"));
    }
    void atomicWriteReplacesWholeFile() {
        namespace fs = std::filesystem;
        const fs::path dir =
            fs::temp_directory_path() / ("strata-units-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        const std::string file = (dir / "a.json").string();
        QCOMPARE(writeFileAtomically(file, "first"), std::string());
        QCOMPARE(writeFileAtomically(file, "second"), std::string());
        std::string text, err;
        QVERIFY(readWholeFile(file, text, err));
        QCOMPARE(text, std::string("second"));
        int entries = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
            ++entries;
        QCOMPARE(entries, 1); // no temporary file left behind
        const std::string toDir = writeFileAtomically(dir.string(), "x");
        QVERIFY(toDir.find("is a directory") != std::string::npos);
        QVERIFY(!readWholeFile(dir.string(), text, err));
        QVERIFY(err.find("is a directory") != std::string::npos);
        QVERIFY(!readWholeFile((dir / "missing.json").string(), text, err));
        QVERIFY(err.find("missing.json") != std::string::npos);
        fs::remove_all(dir);
    }
    void atomicSetReplacesAllOrNone() {
        namespace fs = std::filesystem;
        const fs::path dir =
            fs::temp_directory_path() / ("strata-set-" + std::to_string(::getpid()));
        fs::create_directories(dir / "c.flp"); // a directory where the set wants its third file
        const std::string a = (dir / "a.lcf").string(), b = (dir / "b.flp").string();
        QCOMPARE(writeFileAtomically(a, "old a"), std::string());
        QCOMPARE(writeFileAtomically(b, "old b"), std::string());
        const std::string err =
            writeFilesAtomically({{a, "new a"}, {b, "new b"}, {(dir / "c.flp").string(), "new c"}});
        QVERIFY2(err.find("c.flp") != std::string::npos, err.c_str());
        QVERIFY2(err.find("no file of the set was replaced") != std::string::npos, err.c_str());
        std::string text, readErr;
        QVERIFY(readWholeFile(a, text, readErr));
        QCOMPARE(text, std::string("old a")); // the files before the failing one kept their content
        QVERIFY(readWholeFile(b, text, readErr));
        QCOMPARE(text, std::string("old b"));
        int entries = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
            ++entries;
        QCOMPARE(entries, 3); // no temporary file left behind
        fs::remove(dir / "c.flp");
        QCOMPARE(writeFilesAtomically({{a, "new a"}, {b, "new b"}}), std::string());
        QVERIFY(readWholeFile(b, text, readErr));
        QCOMPARE(text, std::string("new b"));
        QVERIFY(!readWholeFile(dir.string(), text, readErr));
        QVERIFY2(readErr.find(".strata.json") == std::string::npos, readErr.c_str()); // any file
        fs::remove_all(dir);
    }
};

QTEST_GUILESS_MAIN(TestUnits)
#include "test_units.moc"
