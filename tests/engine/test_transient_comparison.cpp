// A transient HotSpot or 3D-ICE ran on an exported model, set beside Strata's: the tools' files
// (written here in their layouts: HotSpot's .ttrace, 3D-ICE's Tflp) map back to the exported
// blocks, row by row at the end of each interval; a file that does not fit the export is named.
#include "../hotspot_answer.h"
#include "../threedice_answer.h"
#include "interop/export_files.h"
#include "interop/hotspot_export.h"
#include "interop/threedice_export.h"
#include "interop/transient_comparison.h"
#include "test_support.h"
#include "thermal/builder.h"
#include "thermal/result_fields.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace strata;

namespace {
const char* kTrace = "time_s,gpu0.sm_north,hbm_w0.dram\n0,300,5\n0.5,80,9\n1.5,300,5\n";
}

class TestTransientComparison : public QObject {
    Q_OBJECT
    Design design;
    QTemporaryDir dir;
    std::string trace;

private slots:
    void initTestCase() {
        design = test::loadExample("gpu-2.5d");
        trace = (dir.path() + "/trace.csv").toStdString();
        std::ofstream(trace) << kTrace; // 0.5 s rows: 3 intervals to 1.5 s
    }

    // 3D-ICE: every die layer's Tflp, 300 + r K in row r: each block's peak is the last row's,
    // and Strata's peak is its own (a hot GPU block, warmer than the 45 °C ambient).
    void threeDiceBlocksAreComparedRowByRow() {
        const QString out = dir.path() + "/ice";
        const ThreeDiceExport e =
            exportThreeDice(design, test::shippedLibrary(), "coarse", "d", trace, 0);
        QVERIFY(e.ok);
        QCOMPARE(e.time_slots, 3);
        QCOMPARE(writeExportedFiles(e.files, out.toStdString()), std::string());
        TransientComparison early = compareTransientWithThreeDice(
            design, test::shippedLibrary(), "coarse", out.toStdString(), "d", trace, 0);
        QVERIFY(!early.ok && early.notes.at(0).message.find("run.sh") != std::string::npos);
        QVERIFY(test::writeRisingThreeDiceTflp(out, "d", 300, 3, 0.5));
        const TransientComparison c = compareTransientWithThreeDice(
            design, test::shippedLibrary(), "coarse", out.toStdString(), "d", trace, 0);
        QVERIFY2(c.ok, c.notes.empty() ? "" : c.notes[0].message.c_str());
        QCOMPARE(c.intervals, 3);
        bool sawGpu = false;
        for (const BlockTraceComparison& b : c.blocks) {
            QVERIFY(std::abs(b.reference_peak_c - (302 - thermal::kZeroCelsiusK)) < 1e-9);
            QVERIFY(b.at_s > 0 && b.at_s <= 1.5 + 1e-9);
            if (b.block == "gpu0.sm_north") {
                sawGpu = true;
                QVERIFY2(b.strata_peak_c > 45 && b.strata_peak_c < 200,
                         qPrintable(QString::number(b.strata_peak_c)));
                // |max a - max b| <= max |a - b|: the peaks' gap bounds the largest difference.
                QVERIFY(b.max_abs_diff_k >= std::abs(b.strata_peak_c - b.reference_peak_c) - 1e-9);
            }
        }
        QVERIFY(sawGpu);
        // A row short and an element the export did not write: named with the file and line.
        std::vector<Diagnostic> diags;
        ReferenceTrace into;
        QVERIFY(!addThreeDiceTflp("% Time(s) \t nosuch(K)\n0.500 \t 300.000\n", 1, {{"x", 0}},
                                  "d_L5.tflp", into, diags));
        QVERIFY(diags.at(0).message.find("\"nosuch\"") != std::string::npos);
        QCOMPARE(diags[0].pointer, std::string("line 1"));
        diags.clear();
        QVERIFY(!addThreeDiceTflp("% Time(s) \t x(K)\n0.500 \t 300.000\n", 2, {{"x", 0}},
                                  "d_L5.tflp", into, diags));
        QVERIFY(diags.at(0).message.find("found 1") != std::string::npos);
    }

    // HotSpot: the .ttrace's units (as in <base>_transient.ptrace) map back to their blocks.
    void hotspotUnitsAreComparedRowByRow() {
        const QString out = dir.path() + "/hs";
        const HotSpotExport e =
            exportHotSpot(design, test::shippedLibrary(), "coarse", "d", trace, 0);
        QVERIFY(e.ok);
        QCOMPARE(writeExportedFiles(e.files, out.toStdString()), std::string());
        QVERIFY(test::writeRisingHotSpotTtrace(out, "d", 310, 3));
        const TransientComparison c = compareTransientWithHotSpot(
            design, test::shippedLibrary(), "coarse", out.toStdString(), "d", trace, 0);
        QVERIFY2(c.ok, c.notes.empty() ? "" : c.notes[0].message.c_str());
        QVERIFY(!c.blocks.empty());
        for (const BlockTraceComparison& b : c.blocks)
            QVERIFY(std::abs(b.reference_peak_c - (312 - thermal::kZeroCelsiusK)) < 1e-9);
        std::vector<Diagnostic> diags;
        QVERIFY(!parseHotSpotTtrace("a\tb\n300\n", 1, {{"a", 0}, {"b", 1}}, "d.ttrace", diags));
        QCOMPARE(diags.at(0).pointer, std::string("line 2"));
    }
};

QTEST_GUILESS_MAIN(TestTransientComparison)
#include "test_transient_comparison.moc"
