// The workload side of perf: the workload library against published parameter counts, operator
// graphs against closed-form FLOP counts (TP, PP and EP split the work without losing any),
// decode against the memory-bound bound, capacity errors with advice, mapping errors, the `auto`
// search, and the evaluator end to end on a shipped example.
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "perf/hardware.h"
#include "perf/perf_model.h"
#include "perf_cases.h"
#include "test_support.h"

#include <QTest>

#include <cmath>

using namespace strata;
using namespace strata::perf;

namespace {
const WorkloadSpec& workload(const std::string& id) {
    const WorkloadSpec* w = test::shippedLibrary().workload(id);
    if (!w)
        qFatal("workload %s missing from the shipped library", id.c_str());
    return *w;
}

double gemmFlops(const std::vector<PerfOp>& ops) {
    double sum = 0;
    for (const PerfOp& op : ops)
        if (op.kind == OpKind::Gemm)
            sum += op.totalFlops();
    return sum;
}

using Node = test::PerfNode;
Node nodeOf(const Design& d) {
    return test::perfNode(d);
}

PerfRequest request(const std::string& model, const std::string& phase, Parallelism par) {
    PerfRequest r;
    r.workload = &workload(model);
    r.phase = phase;
    r.precision = precisionOf("bf16", "", "", *test::shippedLibrary().chiplet("gpu-large"));
    r.prefill_batch = 8;
    r.prefill_seq = 2048;
    r.decode_batch = 8;
    r.decode_context = 3072;
    r.par = par;
    return r;
}

bool near(double a, double b, double rel) {
    return std::fabs(a - b) <= rel * std::fabs(b);
}
} // namespace

class TestPerfModel : public QObject {
    Q_OBJECT
private slots:
    void workloadsMatchPublishedParameterCounts() {
        // Parameter counts as published (model cards / papers), to 1.5 %.
        const std::vector<std::pair<std::string, double>> published{
            {"gpt-3-175b", 175e9},  {"llama-2-7b", 6.74e9},  {"llama-2-70b", 69e9},
            {"llama-3-8b", 8.03e9}, {"llama-3-70b", 70.6e9}, {"mixtral-8x7b", 46.7e9},
            {"bert-large", 335e6}};
        for (const auto& [id, params] : published)
            QVERIFY2(near(workload(id).transformer.totalParams(), params, 0.015), id.c_str());
        // ResNet-50: 4.1 G multiply-adds per 224 x 224 image (He et al. 2016, Table 1).
        PhaseShape one{"inference", 1, 1, 0};
        const auto ops = buildPhaseOps(workload("resnet-50"), one, {}, Precision{});
        QVERIFY(near(gemmFlops(ops) / 2, 4.09e9, 0.01));
    }
    void prefillFlopsMatchTheClosedForm() {
        // Forward FLOPs = 2 x (layer weights) x tokens + attention 4 x layers x batch x s^2 x h
        // (scores and context), + the LM head for the last token of each sequence.
        const TransformerSpec& t = workload("gpt-3-175b").transformer;
        const double B = 2, S = 512, tokens = B * S;
        const PhaseShape prefill{"prefill", B, S, 0};
        const auto ops = buildPhaseOps(workload("gpt-3-175b"), prefill, {}, Precision{});
        const double expected =
            2 * t.layers * (t.attentionParams() + t.ffnParamsPerExpert()) * tokens +
            4.0 * t.layers * B * S * S * t.hidden + 2.0 * B * t.vocab * t.hidden;
        QVERIFY(near(gemmFlops(ops), expected, 1e-6));
        // Training: the backward pass doubles every GEMM (about 3x the forward in total).
        const PhaseShape train{"training", B, S, 0};
        const auto trainOps = buildPhaseOps(workload("gpt-3-175b"), train, {}, Precision{});
        const double forwardWithFullHead = expected + 2.0 * (tokens - B) * t.vocab * t.hidden;
        QVERIFY(near(gemmFlops(trainOps), 3 * forwardWithFullHead, 1e-6));
    }
    void parallelismSplitsWorkWithoutLosingAny() {
        const PhaseShape prefill{"prefill", 4, 256, 0};
        const double single = gemmFlops(buildPhaseOps(workload("llama-2-70b"), prefill, {}, {}));
        for (int tp : {2, 4, 8}) {
            const double perDie =
                gemmFlops(buildPhaseOps(workload("llama-2-70b"), prefill, {tp, 1, 1, 1, 1}, {}));
            QVERIFY2(near(perDie * tp, single, 1e-9), qPrintable(QString("tp %1").arg(tp)));
        }
        // PP: 80 layers over 4 stages; one micro-batch per stage, so each stage sees B / 4.
        const double perStage =
            gemmFlops(buildPhaseOps(workload("llama-2-70b"), prefill, {1, 4, 1, 1, 4}, {}));
        const TransformerSpec& t = workload("llama-2-70b").transformer;
        const double head = 2.0 * 4 * t.vocab * t.hidden;
        QVERIFY(near((perStage - head / 4) * 4 * 4 + head, single, 1e-9));
        // EP: Mixtral's experts spread over 2 of a TP group of 2; every routed token still runs.
        const double moe1 =
            gemmFlops(buildPhaseOps(workload("mixtral-8x7b"), prefill, {2, 1, 1, 1, 1}, {}));
        const double moe2 =
            gemmFlops(buildPhaseOps(workload("mixtral-8x7b"), prefill, {2, 1, 1, 2, 1}, {}));
        QVERIFY(near(moe1, moe2, 1e-9));
    }
    void decodeOnAnIdealDieIsBoundByReadingTheWeights() {
        // Without launch overheads a batch-1 decode step reads every weight once: TPOT is the
        // weight bytes over the achievable bandwidth (plus the KV cache, which is small here).
        Design d = test::gpuNode(1, "llama-2-7b");
        Node n = nodeOf(d);
        ChipletType ideal = *n.die.type;
        ideal.compute->op_overheads.clear();
        ideal.compute->launch_overhead_s = 0;
        n.die.type = &ideal;
        n.die.matrix.launch_overhead_s = 0;
        PerfRequest r = request("llama-2-7b", "decode", {});
        r.decode_batch = 1;
        r.decode_context = 128;
        GemmCache cache;
        const PerfReport rep = runPerf(r, n.die, n.capacity, n.dies, cache);
        QVERIFY(rep.ok);
        // Every weight but the input embedding, of which a step reads one row per sequence.
        const TransformerSpec& t = workload("llama-2-7b").transformer;
        const double weights = (t.totalParams() - 1.0 * t.vocab * t.hidden) * 2;
        const double bound = weights / (n.die.matrix.memory_efficiency * n.die.matrix.memory_Bps);
        QVERIFY2(rep.tpot_s >= bound && rep.tpot_s < 1.1 * bound,
                 qPrintable(QString("%1 vs %2").arg(rep.tpot_s).arg(bound)));
        // More bandwidth is never slower.
        Node faster = n;
        faster.die.matrix.memory_Bps *= 2;
        faster.die.streaming.memory_Bps *= 2;
        const PerfReport fast = runPerf(r, faster.die, n.capacity, n.dies, cache);
        QVERIFY(fast.tpot_s < rep.tpot_s);
    }
    void gpt3InFp16OnFourEightyGigabyteDiesIsRefusedWithAdvice() {
        Design d = test::gpuNode(4, "gpt-3-175b");
        Node n = nodeOf(d);
        QVERIFY(near(n.capacity, 80e9, 1e-9));
        PerfRequest r = request("gpt-3-175b", "decode", {4, 1, 1, 1, 0});
        r.precision = precisionOf("fp16", "", "", *n.die.type);
        GemmCache cache;
        const PerfReport rep = runPerf(r, n.die, n.capacity, n.dies, cache);
        QVERIFY(!rep.ok);
        QVERIFY(test::hasCode(rep.diagnostics, "PERF-0007"));
        const std::string& m = rep.diagnostics.back().message;
        QVERIFY2(m.find("short by") != std::string::npos, m.c_str());
        QVERIFY2(m.find("would fit with") != std::string::npos, m.c_str());
        QVERIFY2(m.find("weights in fp8") != std::string::npos, m.c_str());
        QVERIFY2(m.find("layers per die") != std::string::npos, m.c_str());
        // In int8 weights it fits on the same four dies.
        r.precision = precisionOf("fp16", "int8", "", *n.die.type);
        QVERIFY(runPerf(r, n.die, n.capacity, n.dies, cache).ok);
    }
    void badMappingsAreNamed() {
        Design d = test::gpuNode(2, "llama-2-7b");
        Node n = nodeOf(d);
        GemmCache cache;
        auto code = [&](Parallelism p) {
            const PerfReport rep =
                runPerf(request("llama-2-7b", "decode", p), n.die, n.capacity, n.dies, cache);
            return rep.ok ? std::string("ok") : rep.diagnostics.back().code;
        };
        QCOMPARE(code({4, 1, 1, 1, 0}), std::string("PERF-0005")); // more dies than the design
        QCOMPARE(code({1, 1, 1, 1, 0}), std::string("ok"));
        Design noLinks = test::gpuNode(2, "llama-2-7b", 0);
        Node bare = nodeOf(noLinks);
        const PerfReport rep = runPerf(request("llama-2-7b", "decode", {2, 1, 1, 1, 0}), bare.die,
                                       bare.capacity, bare.dies, cache);
        QVERIFY(!rep.ok);
        QCOMPARE(rep.diagnostics.back().code, std::string("PERF-0006"));
        const PerfReport heads =
            runPerf(request("llama-2-7b", "decode", {3, 1, 1, 1, 0}), n.die, n.capacity, 4, cache);
        QCOMPARE(heads.diagnostics.back().code, std::string("PERF-0005")); // 3 does not divide 32
    }
    void autoMappingFindsWhatFits() {
        // Llama 2 70B in bf16 (138 GB of weights) needs at least two 80 GB dies.
        Design d = test::gpuNode(4, "llama-2-70b");
        Node n = nodeOf(d);
        PerfRequest r = request("llama-2-70b", "decode", {});
        r.auto_search = true;
        GemmCache cache;
        const PerfReport best = runPerf(r, n.die, n.capacity, n.dies, cache);
        QVERIFY(best.ok);
        QVERIFY(best.par.tp * best.par.pp >= 2);
        QVERIFY(best.par.dies() <= 4);
        // Nothing given explicitly does better.
        for (Parallelism p : {Parallelism{2, 1, 2, 1, 0}, Parallelism{4, 1, 1, 1, 0},
                              Parallelism{2, 2, 1, 1, 0}, Parallelism{1, 4, 1, 1, 0}}) {
            PerfRequest fixed = r;
            fixed.auto_search = false;
            fixed.par = p;
            const PerfReport rep = runPerf(fixed, n.die, n.capacity, n.dies, cache);
            QVERIFY(!rep.ok || rep.tokens_per_s <= best.tokens_per_s * (1 + 1e-12));
        }
        r.objective = "latency";
        const PerfReport fastest = runPerf(r, n.die, n.capacity, n.dies, cache);
        QVERIFY(fastest.ok && fastest.tpot_s <= best.tpot_s * (1 + 1e-12));
    }
    void evaluatorRunsTheExampleWorkload() {
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        const Design d = test::loadExample("gpu-2.5d");
        EvalOptions only;
        only.only = {"perf"};
        const EvalResult r = evaluate(reg, {d, test::shippedLibrary(), only, nullptr, nullptr});
        QVERIFY(r.wasEvaluated("perf"));
        for (const char* m : {"perf.ttft_s", "perf.tpot_s", "perf.tokens_per_s",
                              "perf.prefill_tokens_per_s", "perf.memory.per_die_gb"}) {
            const Metric* metric = r.metric(m);
            QVERIFY2(metric && std::isfinite(metric->value) && metric->value > 0, m);
        }
        QVERIFY(r.metric("perf.tokens_per_s")->value ==
                8 / r.metric("perf.tpot_s")->value); // batch 8, one replica
        QCOMPARE(r.tables.size(), std::size_t(1));
        QVERIFY(r.tables[0].text.size() > 20);
        // An unknown workload is an integrity error before any evaluator runs.
        Design bad = d;
        bad.workload->model = "gpt-5";
        const EvalResult e = evaluate(reg, {bad, test::shippedLibrary(), only, nullptr, nullptr});
        QVERIFY(test::hasCode(e.diagnostics, "MDL-0002"));
        QVERIFY(!e.metric("perf.tpot_s"));
    }
    void memoryBoundOperatorsRunNearMemoryWhenFaster() {
        // One GPU die reaching four HBM3 stacks only through two near-memory dies (UCIe-A links
        // of 64 x 32 Gb/s): 512 GB/s for the host, 4 x 819 GB/s for the near-memory units.
        Design d = test::gpuNode(1, "llama-2-7b");
        d.stacks.resize(1);
        d.links.clear();
        for (int n = 0; n < 2; ++n) {
            const std::string nmc = "nmc" + std::to_string(n);
            Stack s;
            s.id = nmc;
            s.tiers.push_back(Tier{});
            s.tiers[0].die.id = nmc;
            s.tiers[0].die.type = "nmc-logic-die";
            d.stacks.push_back(s);
            d.links.push_back({"l_" + nmc, "gpu0", nmc, "ucie_a", 64, 32e9, {}, {}});
            for (int m = 0; m < 2; ++m) {
                const std::string hbm = nmc + "_hbm" + std::to_string(m);
                Stack h = s;
                h.id = h.tiers[0].die.id = hbm;
                h.tiers[0].die.type = "hbm3-stack";
                d.stacks.push_back(h);
                d.links.push_back({"l_" + hbm, nmc, hbm, "hbm", 1024, 6.4e9, {}, {}});
            }
        }
        Node n = nodeOf(d);
        QCOMPARE(n.view.compute.size(), std::size_t(1)); // the NMC dies are not mapped onto
        const ComputeDieView& v = n.view.compute[0];
        QVERIFY(near(v.memory_capacity_bytes, 64e9, 1e-12));
        QVERIFY(near(v.matrix.memory_Bps, 2 * 256e9, 1e-12));
        QVERIFY(near(v.near_memory.memory_Bps, 4 * 819.2e9, 1e-12));
        n.die.near_memory = v.near_memory;
        n.die.near_memory_type = v.near_memory_type;
        PerfRequest r = request("llama-2-7b", "decode", {});
        r.decode_context = 4096;
        GemmCache cache;
        const PerfReport nmc = runPerf(r, n.die, n.capacity, n.dies, cache);
        QVERIFY(nmc.ok);
        const PhaseResult& decode = nmc.phases.back();
        bool attentionNear = false;
        for (const OpTiming& t : decode.stage.ops)
            if (decode.ops[t.index].name == "attention")
                attentionNear = t.near_memory;
        QVERIFY(attentionNear);
        n.die.use_near_memory = false;
        const PerfReport host = runPerf(r, n.die, n.capacity, n.dies, cache);
        QVERIFY(host.ok && host.tpot_s > nmc.tpot_s);
    }
    void cnnAndTrainingPhasesProduceThroughput() {
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        EvalOptions only;
        only.only = {"perf"};
        Design d = test::loadExample("gpu-2.5d");
        d.workload->model = "resnet-50";
        d.workload->prefill_batch = 64;
        const EvalResult r = evaluate(reg, {d, test::shippedLibrary(), only, nullptr, nullptr});
        const Metric* images = r.metric("perf.images_per_s");
        QVERIFY(images && images->value > 0);
        // 64 images of 8.2 GFLOP at no more than the peak rate.
        const double peak = 311.9e12;
        QVERIFY(images->value < peak / (2 * 4.09e9));
        // A training step of Llama 2 7B over four dies: forward + backward + optimizer.
        Node n = nodeOf(test::gpuNode(4, "llama-2-7b"));
        PerfRequest t = request("llama-2-7b", "training", {4, 1, 1, 1, 0});
        t.prefill_batch = 1;
        GemmCache cache;
        const PerfReport train = runPerf(t, n.die, n.capacity, n.dies, cache);
        QVERIFY(train.ok && train.train_step_s > 0 && train.footprint.optimizer > 0);
        PerfRequest prefill = t;
        prefill.phase = "prefill";
        const PerfReport forward = runPerf(prefill, n.die, n.capacity, n.dies, cache);
        QVERIFY(train.train_step_s > 2 * forward.ttft_s); // backward is twice the forward
    }
};

QTEST_APPLESS_MAIN(TestPerfModel)
#include "test_perf_model.moc"
