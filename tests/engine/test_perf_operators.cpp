// Operator models (GEMM, streaming elementwise): analytical limits (an ideal array hits its peak, a
// GEMV hits memory bandwidth), monotonicity, and calibration against the measured A100 GEMMs in
// tests/data/reference/a100-measured-operators.json, a copy of ../shared/reference (MAPE and
// worst point, next to LLMCompass).
#include "perf/gemm.h"
#include "perf/hardware.h"
#include "perf/streaming.h"
#include "test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace strata;
using namespace strata::perf;

namespace {
MatrixDie idealDie() {
    MatrixDie d;
    d.cores = 4;
    d.units_per_core = 1;
    d.rows = d.cols = 16;
    d.clock_hz = 1e9;
    d.sram_per_core_bytes = 1 << 20;
    d.global_buffer_bytes = 1 << 30;
    d.global_buffer_Bps = 0; // not a limit
    d.memory_Bps = 1e15;
    return d;
}
// The measured A100 data (a copy of ../shared/reference); empty when the file is missing.
QJsonObject a100Reference() {
    QFile f(QString::fromStdString(
        test::sourcePath("tests/data/reference/a100-measured-operators.json")));
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                       : QJsonObject{};
}

double a100HbmBandwidth(const QJsonObject& doc) {
    const QJsonObject spec =
        doc["hardware"].toObject()["A100-SXM4-80GB"].toObject()["vendor_spec"].toObject();
    return spec["hbm_bandwidth_gb_s"].toDouble() * 1e9;
}
} // namespace

class TestPerfOperators : public QObject {
    Q_OBJECT
private slots:
    void computeBoundGemmOnAnIdealArrayHitsPeak() {
        const MatrixDie d = idealDie();
        const GemmEstimate e = estimateGemm(512, 512, 512, 2, d); // 4 tiles of 256 x 256: one wave
        QCOMPARE(e.bound, "compute");
        QVERIFY(std::fabs(e.time_s - 2.0 * 512 * 512 * 512 / d.peakFlops()) < 1e-15);
        // Partial tiles cost whole array passes: 17 rows on 16-row arrays take two passes.
        const GemmEstimate edge = estimateGemm(17, 16, 1024, 2, d);
        QVERIFY(std::fabs(edge.compute_s - 2 * 1024 / d.clock_hz) < 1e-15);
    }
    void memoryBoundGemvHitsBandwidth() {
        MatrixDie d = idealDie();
        d.memory_Bps = 100e9;
        const std::int64_t K = 8192, N = 8192;
        const GemmEstimate e = estimateGemm(1, N, K, 2, d);
        QCOMPARE(e.bound, "memory");
        const double bytes = 2.0 * (K * N + K + N);
        QVERIFY(std::fabs(e.time_s - bytes / 100e9) < 1e-12 * e.time_s + 1e-15);
        d.memory_efficiency = 0.5;
        QVERIFY(std::fabs(estimateGemm(1, N, K, 2, d).time_s - 2 * bytes / 100e9) < 1e-9);
    }
    void moreResourcesAreNeverSlower() {
        MatrixDie d = idealDie();
        d.memory_Bps = 50e9;
        d.global_buffer_Bps = 200e9;
        for (auto [M, N, K] :
             {std::array<std::int64_t, 3>{64, 4096, 4096}, {4096, 4096, 4096}, {333, 77, 1000}}) {
            const double base = estimateGemm(M, N, K, 2, d).time_s;
            MatrixDie more = d;
            more.memory_Bps *= 2;
            QVERIFY(estimateGemm(M, N, K, 2, more).time_s <= base);
            more = d;
            more.cores *= 2;
            QVERIFY(estimateGemm(M, N, K, 2, more).time_s <= base);
            more = d;
            more.global_buffer_Bps *= 2;
            QVERIFY(estimateGemm(M, N, K, 2, more).time_s <= base);
        }
    }
    void hardwareViewSumsTheMemoryEachComputeDieReaches() {
        const Library& lib = test::shippedLibrary();
        const HardwareView gpu = hardwareView(test::loadExample("gpu-2.5d"), lib);
        QCOMPARE(gpu.compute.size(), std::size_t(1));
        QCOMPARE(gpu.compute[0].die_id, std::string("gpu0"));
        QCOMPARE(gpu.compute[0].memory_dies.size(), std::size_t(6));
        QVERIFY(std::fabs(gpu.compute[0].matrix.memory_Bps - 6 * 819.2e9) < 1); // six HBM3 stacks
        QVERIFY(std::fabs(gpu.compute[0].memory_capacity_bytes - 6 * 16e9) < 1);
        QVERIFY(gpu.diagnostics.empty());
        // The SRAM tier is reached through the vertical UCIe-3D link: 4096 lanes x 4 Gb/s.
        const HardwareView sol = hardwareView(test::loadExample("sram-on-logic-3d"), lib);
        QCOMPARE(sol.compute.size(), std::size_t(1));
        QVERIFY(std::fabs(sol.compute[0].matrix.memory_Bps - (819.2e9 + 4096 * 4e9 / 8)) < 1);
        // A narrower link caps the bandwidth it delivers.
        Design narrow = test::loadExample("gpu-2.5d");
        narrow.links[0].lanes = 512;
        QVERIFY(std::fabs(hardwareView(narrow, lib).compute[0].matrix.memory_Bps -
                          (5 * 819.2e9 + 512 * 6.4e9 / 8)) < 1);
        // Compute chiplets without memory links are reported.
        const HardwareView mcm = hardwareView(test::loadExample("chiplet-mcm"), lib);
        QCOMPARE(mcm.compute.size(), std::size_t(4));
        QCOMPARE(mcm.diagnostics.size(), std::size_t(4));
        QCOMPARE(mcm.diagnostics[0].code, std::string("PERF-0001"));
    }
    void streamingOpHasAFloorThenFollowsBandwidth() {
        const StreamingDie die{1e12, 0.5, 1e13};
        const StreamingCosts c{40e-6, 30e-6};
        QCOMPARE(estimateStreaming(1e3, 0, c, die), 40e-6); // launch floor
        QVERIFY(std::fabs(estimateStreaming(1e9, 0, c, die) - (30e-6 + 2e-3)) <
                1e-15); // 1 GB at 0.5 TB/s
        QVERIFY(std::fabs(estimateStreaming(1e3, 1e12, c, die) - (30e-6 + 0.1)) <
                1e-12); // compute-bound
        StreamingDie faster = die;
        faster.memory_Bps *= 2;
        QVERIFY(estimateStreaming(1e9, 0, c, faster) < estimateStreaming(1e9, 0, c, die));
    }
    void geluCalibratedAgainstMeasuredA100() {
        const QJsonObject doc = a100Reference();
        QVERIFY(!doc.isEmpty());
        const double hbm = a100HbmBandwidth(doc);
        const ChipletType* gpu = test::shippedLibrary().chiplet("gpu-large");
        QVERIFY(gpu && gpu->compute && gpu->compute->op_overheads.count("gelu"));
        const ComputeSpec& cs = *gpu->compute;
        const StreamingDie die{hbm, cs.stream_memory_efficiency,
                               cs.cores * cs.vector_flops_per_cycle_per_core * gpu->frequency_hz};
        const StreamingCosts costs{cs.op_overheads.at("gelu").floor_s,
                                   cs.op_overheads.at("gelu").dispatch_s};
        double sum = 0, llm = 0, worst = 0;
        int n = 0;
        for (const QJsonValue& c : doc["cases"].toArray()) {
            if (c.toObject()["id"].toString() != "op.gelu.A100-SXM4-80GB")
                continue;
            for (const QJsonValue& pv : c.toObject()["points"].toArray()) {
                const QJsonObject p = pv.toObject();
                const double elements = p["elements"].toDouble();
                // fp16 in and out; the tanh form of GELU is about 8 vector operations per element.
                const double t = estimateStreaming(4 * elements, 8 * elements, costs, die);
                const double measured = p["latency_us"].toDouble() * 1e-6;
                const double err = 100 * (t - measured) / measured;
                sum += std::fabs(err);
                llm += std::fabs(p["LLMCompass_err_pct"].toDouble());
                worst = std::fabs(err) > std::fabs(worst) ? err : worst;
                ++n;
            }
        }
        QCOMPARE(n, 20);
        qInfo("GELU on A100: MAPE %.2f %% (LLMCompass %.2f %%), worst %+.1f %%", sum / n, llm / n,
              worst);
        QVERIFY(sum / n <= 7.0);
        QVERIFY(sum / n < llm / n);
    }
    void calibratedAgainstMeasuredA100() {
        const QJsonObject doc = a100Reference();
        QVERIFY(!doc.isEmpty());
        const double hbm = a100HbmBandwidth(doc);
        const ChipletType* gpu = test::shippedLibrary().chiplet("gpu-large");
        QVERIFY(gpu && gpu->compute);
        const MatrixDie die = matrixDieOf(*gpu, hbm);
        QVERIFY(std::fabs(die.peakFlops() - 311.9e12) < 0.1e12); // datasheet 312 TFLOPS fp16
        double sum = 0, sumLlmCompass = 0, worst = 0;
        QString worstPoint;
        int n = 0;
        for (const QJsonValue& c : doc["cases"].toArray()) {
            if (c.toObject()["id"].toString() != "op.gemm.A100-SXM4-80GB")
                continue;
            for (const QJsonValue& pv : c.toObject()["points"].toArray()) {
                const QJsonObject p = pv.toObject();
                const auto M = static_cast<std::int64_t>(p["M"].toDouble()),
                           N = static_cast<std::int64_t>(p["N"].toDouble()),
                           K = static_cast<std::int64_t>(p["K"].toDouble());
                const double measured = p["latency_ms"].toDouble() * 1e-3;
                const double err =
                    100 * (estimateGemm(M, N, K, 2, die).time_s - measured) / measured;
                sum += std::fabs(err);
                sumLlmCompass += std::fabs(p["LLMCompass_err_pct"].toDouble());
                if (std::fabs(err) > std::fabs(worst)) {
                    worst = err;
                    worstPoint = QString("%1x%2x%3").arg(M).arg(N).arg(K);
                }
                ++n;
            }
        }
        QCOMPARE(n, 20);
        const double mape = sum / n, llm = sumLlmCompass / n;
        qInfo("GEMM on A100: MAPE %.2f %% (LLMCompass %.2f %%), worst %+.1f %% at %s", mape, llm,
              worst, qPrintable(worstPoint));
        QVERIFY(mape <= 5.0);
        QVERIFY(mape < llm);
    }
};

QTEST_GUILESS_MAIN(TestPerfOperators)
#include "test_perf_operators.moc"
