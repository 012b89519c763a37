// Operator models (GEMM, elementwise, row-wise, collectives): analytical limits (an ideal array
// hits its peak, a GEMV hits memory bandwidth, ring all-reduce matches its closed form),
// monotonicity, and calibration against the measured A100 operators in
// tests/data/reference/a100-measured-operators.json, a copy of ../shared/reference (MAPE and
// worst point per family, next to LLMCompass on the same points).
#include "perf/collective.h"
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
const QJsonObject& reference() {
    static const QJsonObject doc = [] {
        QFile f(QString::fromStdString(
            test::sourcePath("tests/data/reference/a100-measured-operators.json")));
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                           : QJsonObject{};
    }();
    return doc;
}

double a100HbmBandwidth() {
    const QJsonObject spec =
        reference()["hardware"].toObject()["A100-SXM4-80GB"].toObject()["vendor_spec"].toObject();
    return spec["hbm_bandwidth_gb_s"].toDouble() * 1e9;
}

const ChipletType& a100() {
    const ChipletType* gpu = test::shippedLibrary().chiplet("gpu-large");
    if (!gpu || !gpu->compute)
        qFatal("the shipped library has no gpu-large compute chiplet");
    return *gpu;
}

std::int64_t dim(const QJsonObject& p, const char* key) {
    return static_cast<std::int64_t>(p[key].toDouble());
}

struct Accuracy {
    int points = 0;
    double mape = 0, llmcompass = 0;
};

// Mean absolute percentage error of `model` over every point of one measured case, next to
// LLMCompass's error on the same points; prints the worst point.
template <typename Model>
Accuracy compareWithMeasured(const QString& caseId, const char* latencyKey, double toSeconds,
                             Model model) {
    Accuracy a;
    double worst = 0;
    QJsonObject worstPoint;
    for (const QJsonValue& c : reference()["cases"].toArray()) {
        if (c.toObject()["id"].toString() != caseId)
            continue;
        for (const QJsonValue& pv : c.toObject()["points"].toArray()) {
            const QJsonObject p = pv.toObject();
            const double measured = p[latencyKey].toDouble() * toSeconds;
            const double err = 100 * (model(p) - measured) / measured;
            a.mape += std::fabs(err);
            a.llmcompass += std::fabs(p["LLMCompass_err_pct"].toDouble());
            if (std::fabs(err) >= std::fabs(worst)) {
                worst = err;
                worstPoint = p;
            }
            ++a.points;
        }
    }
    if (a.points == 0)
        return a;
    a.mape /= a.points;
    a.llmcompass /= a.points;
    worstPoint.remove("LLMCompass_err_pct");
    worstPoint.remove("LLMCompass_sim_latency_us");
    worstPoint.remove("LLMCompass_sim_latency_ms");
    qInfo("%s: MAPE %.2f %% (LLMCompass %.2f %%), worst %+.1f %% at %s", qPrintable(caseId), a.mape,
          a.llmcompass, worst,
          QJsonDocument(worstPoint).toJson(QJsonDocument::Compact).constData());
    return a;
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
        const StreamingDie die{1e12, 0.5, 1e13, 0, 0};
        const OpCosts c{40e-6, 30e-6, 0, 0, 0, 0};
        QCOMPARE(estimateStreaming(1e3, 0, c, die).time_s, 40e-6); // launch floor
        QVERIFY(std::fabs(estimateStreaming(1e9, 0, c, die).time_s - (30e-6 + 2e-3)) <
                1e-15); // 1 GB at 0.5 TB/s
        QVERIFY(std::fabs(estimateStreaming(1e3, 1e12, c, die).time_s - (30e-6 + 0.1)) <
                1e-12); // compute-bound
        StreamingDie faster = die;
        faster.memory_Bps *= 2;
        QVERIFY(estimateStreaming(1e9, 0, c, faster).time_s <
                estimateStreaming(1e9, 0, c, die).time_s);
        QCOMPARE(estimateStreaming(1e3, 0, c, die).bound, "launch");
        QCOMPARE(estimateStreaming(1e9, 0, c, die).bound, "memory");
        QCOMPARE(estimateStreaming(1e3, 1e12, c, die).bound, "compute");
    }
    void rowwiseOpRereadsFromTheGlobalBufferOnlyWhileTheInputFits() {
        StreamingDie die{1e12, 1.0, 0, 1e6, 4e12};
        OpCosts c{0, 0, 2, 0, 0, 0};
        // 1000 x 250 x 2 B = 0.5 MB fits: one read + one write from memory, re-reads on chip.
        QVERIFY(std::fabs(estimateRowwise(1000, 250, 2, 0, c, die).time_s - 1e6 / 1e12) < 1e-15);
        // 4 MB does not: two more reads from memory.
        QVERIFY(std::fabs(estimateRowwise(1000, 2000, 2, 0, c, die).time_s - 16e6 / 1e12) < 1e-15);
        // A row wider than the row buffer is read once more.
        c.input_rereads = 0;
        c.row_buffer_bytes = 1024;
        c.row_spill_reads = 1;
        QVERIFY(std::fabs(estimateRowwise(10, 512, 2, 0, c, die).time_s - 2 * 10240 / 1e12) <
                1e-18);
        QVERIFY(std::fabs(estimateRowwise(10, 513, 2, 0, c, die).time_s - 3 * 10260 / 1e12) <
                1e-18);
    }
    void ringAllReduceMatchesItsClosedForm() {
        // 8 devices, 100 GB/s each, 1 us per step: ring = 14 steps + 2 (n-1)/n of the buffer.
        const Fabric f{8, 100e9, 1e-6, {}};
        const CollectiveEstimate big = estimateCollective(Collective::AllReduce, 1e9, f);
        QCOMPARE(big.algorithm, std::string("ring"));
        QVERIFY(std::fabs(big.time_s - (14e-6 + 2 * 7.0 / 8 * 1e9 / 100e9)) < 1e-12);
        // Small buffers go to the tree: 2 log2(8) = 6 steps instead of 14.
        const CollectiveEstimate small = estimateCollective(Collective::AllReduce, 8, f);
        QCOMPARE(small.algorithm, std::string("tree"));
        QVERIFY(std::fabs(small.time_s - (6e-6 + 16 / 100e9)) < 1e-15);
        QVERIFY(std::fabs(estimateCollective(Collective::AllGather, 8e6, f).time_s -
                          (7e-6 + 7.0 / 8 * 8e6 / 100e9)) < 1e-15);
        QCOMPARE(estimateCollective(Collective::AllReduce, 1e9, Fabric{1, 0, 0, {}}).time_s, 0.0);
        Fabric faster = f;
        faster.device_Bps *= 2;
        QVERIFY(estimateCollective(Collective::AllReduce, 1e9, faster).time_s < big.time_s);
    }
    void gemmCalibratedAgainstMeasuredA100() {
        const ChipletType& gpu = a100();
        const MatrixDie die = matrixDieOf(gpu, a100HbmBandwidth());
        QVERIFY(std::fabs(die.peakFlops() - 311.9e12) < 0.1e12); // datasheet 312 TFLOPS fp16
        const Accuracy a = compareWithMeasured(
            "op.gemm.A100-SXM4-80GB", "latency_ms", 1e-3, [&](const QJsonObject& p) {
                return estimateGemm(dim(p, "M"), dim(p, "N"), dim(p, "K"), 2, die).time_s;
            });
        QCOMPARE(a.points, 20);
        QVERIFY(a.mape <= 5.0);
        QVERIFY(a.mape < a.llmcompass);
    }
    void geluCalibratedAgainstMeasuredA100() {
        const ChipletType& gpu = a100();
        const StreamingDie die = streamingDieOf(gpu, a100HbmBandwidth());
        const OpCosts costs = opCostsOf(gpu, "gelu");
        // fp16 in and out; the tanh form of GELU is about 8 vector operations per element.
        const Accuracy a = compareWithMeasured(
            "op.gelu.A100-SXM4-80GB", "latency_us", 1e-6, [&](const QJsonObject& p) {
                const double n = p["elements"].toDouble();
                return estimateStreaming(4 * n, 8 * n, costs, die).time_s;
            });
        QCOMPARE(a.points, 20);
        QVERIFY(a.mape <= 7.0);
        QVERIFY(a.mape < a.llmcompass);
    }
    void softmaxAndLayerNormCalibratedAgainstMeasuredA100() {
        const ChipletType& gpu = a100();
        const StreamingDie die = streamingDieOf(gpu, a100HbmBandwidth());
        // Softmax: max, exp, sum, divide (about 5 operations per element); LayerNorm: mean,
        // variance, normalise, scale and shift (about 7).
        for (auto [op, flops] : {std::pair{"softmax", 5.0}, std::pair{"layernorm", 7.0}}) {
            const OpCosts costs = opCostsOf(gpu, op);
            const Accuracy a =
                compareWithMeasured(QString("op.%1.A100-SXM4-80GB").arg(op), "latency_us", 1e-6,
                                    [&](const QJsonObject& p) {
                                        return estimateRowwise(p["M"].toDouble(), p["N"].toDouble(),
                                                               2, flops, costs, die)
                                            .time_s;
                                    });
            QCOMPARE(a.points, 22);
            QVERIFY(a.mape <= 7.0);
            QVERIFY(a.mape < a.llmcompass);
        }
    }
    void allReduceCalibratedAgainstMeasured4xA100() {
        // 4 GPUs, fully connected through NVSwitch: 12 NVLink 3 links of 25 GB/s per direction.
        const PhyType* nvlink = test::shippedLibrary().phy("nvlink3");
        QVERIFY(nvlink && nvlink->collective_protocols.size() == 3);
        const QJsonObject node =
            reference()["hardware"].toObject()["4xA100-NVLink3-node"].toObject();
        const double perLink = node["link"].toObject()["bandwidth_per_direction_gb_s"].toDouble();
        QCOMPARE(perLink * 1e9, nvlink->lanes_per_module * nvlink->max_rate_bps / 8);
        const Fabric fabric{node["devices"].toInt(),
                            node["links_per_device"].toInt() * perLink * 1e9, nvlink->latency_s,
                            nvlink->collective_protocols};
        const Accuracy a = compareWithMeasured(
            "comm.allreduce.4xA100", "latency_us", 1e-6, [&](const QJsonObject& p) {
                return estimateCollective(Collective::AllReduce, p["bytes"].toDouble(), fabric)
                    .time_s;
            });
        QCOMPARE(a.points, 32);
        QVERIFY(a.mape <= 10.0);
        QVERIFY(a.mape < a.llmcompass);
    }
};

QTEST_GUILESS_MAIN(TestPerfOperators)
#include "test_perf_operators.moc"
