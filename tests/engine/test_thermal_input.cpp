// What the thermal engine says about bad and extreme input: every case gets a diagnostic that
// names the field, line or object, and no temperature is made up (never NaN, never a solve of a
// model that cannot be solved or would not fit in memory).
#include "model/property_path.h"
#include "test_support.h"
#include "thermal/builder.h"
#include "thermal/conductances.h"
#include "thermal/memory_budget.h"
#include "thermal/transient.h"
#include "thermal_eval.h"

#include <QTest>

#include <atomic>
#include <fstream>
#include <memory>
#include <thread>

using namespace strata;
using namespace strata::thermal;

class TestThermalInput : public QObject {
    Q_OBJECT
private slots:
    void hopelessOrMeltingCoolingIsSaid() {
        Design d = test::loadExample("chiplet-mcm");
        d.cooling.r_k_w.reset();
        d.cooling.secondary_r_k_w.reset();
        // 330 W through at most h * sink area = 1e-9 * 0.01 W/K: no temperature is solved.
        d.cooling.h_w_m2k = 1e-9;
        EvalResult r = evalThermal(d);
        QVERIFY(test::hasCode(r.diagnostics, "THM-0010"));
        QVERIFY(!r.metric("thermal.tj_max_c"));
        // 10 W/m²K (still air on a bare sink): solved, and the result is flagged.
        d.cooling.h_w_m2k = 10.0;
        r = evalThermal(d);
        QVERIFY(!test::hasCode(r.diagnostics, "THM-0010"));
        QVERIFY(metric(r, "thermal.tj_max_c") > 1414);
        QVERIFY(test::hasCode(r.diagnostics, "THM-0102"));
        // The bound P / G holds: the hottest cell is at least that far above ambient.
        const BuildResult b = buildModel(d, test::shippedLibrary(), *buildOptionsFor("coarse"));
        const double bound = metric(r, "thermal.power_w") / conductanceToAmbient(b.model);
        QVERIFY(metric(r, "thermal.tj_max_c") - d.cooling.ambient_k + 273.15 >= bound);
        QVERIFY(
            !test::hasCode(evalThermal(test::loadExample("chiplet-mcm")).diagnostics, "THM-0102"));
    }
    void badInputGivesDiagnosticsNotNaN() {
        Design d = test::loadExample("chiplet-mcm");
        d.cooling.r_k_w.reset();
        d.cooling.h_w_m2k.reset();
        d.cooling.secondary_r_k_w.reset();
        EvalResult r = evalThermal(d);
        QVERIFY(test::hasCode(r.diagnostics, "THM-0005")); // no path to ambient: no steady state
        QVERIFY(!r.metric("thermal.tj_max_c"));
        // A die with no bulk silicon under its BEOL and active layers: nowhere to put its power.
        Design thin = test::loadExample("chiplet-mcm");
        thin.stacks[0].tiers[0].die.thickness_m = 10e-6;
        const EvalResult tr = evalThermal(thin);
        QVERIFY(test::hasCode(tr.diagnostics, "THM-0003"));
        QVERIFY(!tr.metric("thermal.tj_max_c"));
        for (const Diagnostic& e : tr.diagnostics)
            if (e.code == "THM-0003")
                QCOMPARE(e.pointer, std::string("/stacks/0/tiers/0/die/thickness_um"));
        EvalResult res = evalThermal(test::loadExample("chiplet-mcm"), "huge");
        QVERIFY(test::hasCode(res.diagnostics, "THM-0006"));
        // Traces: unknown block, non-finite value, negative power, non-increasing time.
        const Design ok = test::loadExample("chiplet-mcm");
        const BuildResult built = buildModel(ok, test::shippedLibrary(), {});
        QVERIFY(built.ok);
        for (const char* text :
             {"time_s,cc_north.warp\n0,1\n1,1\n", "time_s,cc_north.cores\n0,nan\n1,2\n",
              "time_s,cc_north.cores\n0,-3\n1,2\n", "time_s,cc_north.cores\n0,1\n0,2\n",
              "t,cc_north.cores\n0,1\n1,1\n", "time_s,cc_north.cores\n0,1\n",
              "time_s,cc_north.cores,cc_north.cores\n0,1,2\n1,1,2\n", "",
              "time_s;cc_north.cores\n0;1\n1;2\n"}) {
            std::vector<Diagnostic> diags;
            QVERIFY2(!parsePowerTrace(text, "trace.csv", built.model, diags), text);
            QVERIFY(test::hasCode(diags, "THM-0020"));
            QCOMPARE(diags[0].file, std::string("trace.csv"));
            QVERIFY(diags[0].pointer.find("line") == 0);
        }
        std::vector<Diagnostic> twice; // the same block by its id and by its block name
        parsePowerTrace("time_s,io0.fabric,fabric\n0,1,2\n1,1,2\n", "t.csv", built.model, twice);
        QCOMPARE(format(twice.at(0)).substr(0, 25), std::string("t.csv:line 1, column 3: e"));
        QVERIFY2(twice[0].message.find("column 2") != std::string::npos, twice[0].message.c_str());
        std::vector<Diagnostic> semicolons, empty;
        parsePowerTrace("time_s;cc_north.cores\n0;1\n1;2\n", "t.csv", built.model, semicolons);
        QVERIFY(semicolons.at(0).message.find("';'") != std::string::npos);
        parsePowerTrace("", "t.csv", built.model, empty);
        QCOMPARE(empty.at(0).pointer, std::string("line 1"));
        std::vector<Diagnostic> located;
        parsePowerTrace("time_s,cc_north.cores\n0,1\n", "trace.csv", built.model, located);
        QCOMPARE(format(located.at(0)).substr(0, 18), std::string("trace.csv:line 2: "));
        // A spreadsheet's export: byte-order mark and CRLF line ends.
        std::vector<Diagnostic> excel;
        QVERIFY(parsePowerTrace("\xEF\xBB\xBFtime_s,cc_north.cores\r\n0,1\r\n1,2\r\n", "x.csv",
                                built.model, excel));
        QVERIFY(excel.empty());
        std::vector<Diagnostic> none;
        QVERIFY(parsePowerTrace("time_s,cc_north.cores,io0.fabric\n0,60,20\n0.5,10,20\n1,60,5\n",
                                "t.csv", built.model, none));
        QVERIFY(none.empty());
    }
    // HotSpot's .ptrace (block names, then watts per sampling interval) reads as the CSV trace
    // with the same powers; block names alone do when one die has them.
    void hotspotTraceReadsLikeItsCsv() {
        const Design d = test::loadExample("chiplet-mcm");
        const BuildResult built = buildModel(d, test::shippedLibrary(), {});
        QVERIFY(built.ok);
        const std::string ptrace = "# from HotSpot\ncc_north.cores\tfabric\n60 20\n10  20\n60 5\n";
        const std::string csv =
            "time_s,cc_north.cores,io0.fabric\n0,60,20\n0.5,10,20\n1,60,5\n1.5,60,5\n";
        std::vector<Diagnostic> diags;
        const auto hot = parsePowerTrace(ptrace, "gcc.ptrace", built.model, diags, 0.5);
        const auto ours = parsePowerTrace(csv, "t.csv", built.model, diags);
        QVERIFY(hot && ours && diags.empty());
        QCOMPARE(hot->sources, ours->sources);
        QCOMPARE(hot->times, ours->times);
        QCOMPARE(hot->powers, ours->powers);
        // Which form a text is, by its header, whatever the file is called.
        QVERIFY(isHotSpotTrace(ptrace) && !isHotSpotTrace(csv));
        QVERIFY(!isHotSpotTrace("\xEF\xBB\xBF# a comment\n\n time_s ,cc_north.cores\n0,1\n"));
        QVERIFY(!isHotSpotTrace(""));
        struct Bad {
            std::string text;
            double interval;
            const char* says;
        };
        for (const Bad& b :
             {Bad{ptrace, 0, "does not hold its interval"},
              Bad{"cores\n1\n", 0.1, "on several dies"},
              Bad{"warp\n1\n", 0.1, "unknown block \"warp\""},
              Bad{"fabric\n-1\n", 0.1, "expected a power >= 0 W"},
              Bad{"fabric cc_north.cores\n1\n", 0.1, "expected 2 values"},
              Bad{"fabric\n", 0.1, "at least one row"}, Bad{"a,b\n1,2\n", 0.1, "HotSpot trace"}}) {
            diags.clear();
            QVERIFY2(!parsePowerTrace(b.text, "x.ptrace", built.model, diags, b.interval),
                     b.text.c_str());
            QVERIFY(test::hasCode(diags, "THM-0020"));
            QVERIFY2(diags[0].message.find(b.says) != std::string::npos, diags[0].message.c_str());
        }
        // Through the evaluator: the same run from either file; a bad interval is said.
        const std::string dir = test::tempDir();
        for (const auto& [name, text] :
             {std::pair{std::string("run.ptrace"), ptrace}, std::pair{std::string("run.csv"), csv}})
            std::ofstream(dir + "/" + name) << text;
        EvalOptions opts;
        opts.values["thermal.transient_trace"] = dir + "/run.ptrace";
        opts.values["thermal.trace_interval_s"] = "0.5";
        const EvalResult a = evalThermal(d, "coarse", opts);
        opts.values["thermal.transient_trace"] = dir + "/run.csv";
        const EvalResult b = evalThermal(d, "coarse", opts);
        QCOMPARE(metric(a, "thermal.transient.peak_c"), metric(b, "thermal.transient.peak_c"));
        opts.values["thermal.transient_trace"] = dir + "/run.ptrace";
        opts.values["thermal.trace_interval_s"] = "0";
        QVERIFY(test::hasCode(evalThermal(d, "coarse", opts).diagnostics, "THM-0023"));
    }
    void nonPositiveMaterialIsRefusedByTheBuilder() {
        // The library reader refuses such values; a library assembled in code reaches the builder.
        Library lib = test::shippedLibrary();
        const Design d = test::loadExample("chiplet-mcm");
        for (Material& m : lib.materials)
            if (m.id == d.cooling.tim_material)
                m.k_z_w_mk = 0;
        const BuildResult b = buildModel(d, lib, {});
        QVERIFY(!b.ok);
        QVERIFY(test::hasCode(b.diagnostics, "THM-0002"));
        QVERIFY(b.diagnostics[0].message.find("TIM") != std::string::npos);
    }
    void gridBeyondMemoryIsRefusedBeforeItIsAllocated() {
        const Design d = test::loadExample("chiplet-mcm");
        const BuildResult full = buildModel(d, test::shippedLibrary(), {});
        QVERIFY(full.ok);
        const double needed = static_cast<double>(full.model.unknowns()) * kSteadyBytesPerUnknown;
        BuildOptions o;
        o.memory_budget_bytes = static_cast<std::size_t>(needed / kUsableShare) + 1;
        QVERIFY(buildModel(d, test::shippedLibrary(), o).ok); // just enough
        o.memory_budget_bytes -= 2;
        const BuildResult refused = buildModel(d, test::shippedLibrary(), o);
        QVERIFY(!refused.ok);
        QVERIFY(refused.model.layers.empty()); // nothing allocated
        QCOMPARE(refused.diagnostics.size(), std::size_t{1});
        const Diagnostic& e = refused.diagnostics[0];
        QCOMPARE(e.code, std::string("THM-0009"));
        const std::string grid = std::to_string(full.model.nx()) + " x " +
                                 std::to_string(full.model.ny()) + " cells in " +
                                 std::to_string(full.model.nz()) + " layers";
        QVERIFY2(e.message.find(grid) != std::string::npos, e.message.c_str());
        QVERIFY(e.message.find("32 cells across") != std::string::npos);
        QVERIFY(availableMemoryBytes() > 0); // /proc/meminfo on Linux
    }
    void concurrentModelsWaitForEachOthersMemory() {
        // Room for one model, not two: the second build waits until the first releases its
        // claim (a sweep's workers, or the studio beside a Lua sweep), instead of both passing
        // the check and together exceeding the memory.
        const Design d = test::loadExample("chiplet-mcm");
        const BuildResult full = buildModel(d, test::shippedLibrary(), {});
        const double needed = static_cast<double>(full.model.unknowns()) * kSteadyBytesPerUnknown;
        BuildOptions o;
        o.memory_budget_bytes = static_cast<std::size_t>(1.5 * needed / kUsableShare);
        auto first = std::make_unique<MemoryClaim>();
        o.memory_claim = first.get();
        QVERIFY(buildModel(d, test::shippedLibrary(), o).ok);
        QCOMPARE(claimedMemoryBytes(), first->bytes());
        QVERIFY(first->bytes() >= static_cast<std::size_t>(needed) - 1);

        MemoryClaim second;
        std::atomic<bool> secondBuilt{false};
        std::thread worker([&] {
            BuildOptions w = o;
            w.memory_claim = &second;
            secondBuilt = buildModel(d, test::shippedLibrary(), w).ok;
        });
        QTest::qWait(300);
        QVERIFY(!secondBuilt); // it cannot pass while the first claim stands
        first.reset();         // the first evaluation ends
        worker.join();
        QVERIFY(secondBuilt);

        // Waiting ends with a cancellation: no model, no diagnostic (the pipeline says why).
        CancelToken cancel;
        MemoryClaim third;
        BuildResult cancelled;
        std::thread waiter([&] {
            BuildOptions w = o;
            w.memory_claim = &third;
            w.cancel = &cancel;
            cancelled = buildModel(d, test::shippedLibrary(), w);
        });
        QTest::qWait(200);
        cancel.cancel();
        waiter.join();
        QVERIFY(!cancelled.ok && cancelled.diagnostics.empty() && cancelled.model.layers.empty());
        QCOMPARE(third.bytes(), std::size_t{0});

        // A model too big on its own is refused at once, whatever the others hold.
        BuildOptions small = o;
        small.memory_budget_bytes = static_cast<std::size_t>(0.5 * needed / kUsableShare);
        MemoryClaim fourth;
        small.memory_claim = &fourth;
        const BuildResult refused = buildModel(d, test::shippedLibrary(), small);
        QVERIFY(test::hasCode(refused.diagnostics, "THM-0009"));
        second.release();
        QCOMPARE(claimedMemoryBytes(), std::size_t{0});
    }
    void fixedPowersAreSaid() {
        // Thermal alone heats the dies with their fixed powers: said, with the total, so that a
        // Tj from `--only thermal` is not mistaken for the full evaluation's.
        const Design d = test::loadExample("gpu-2.5d");
        const EvalResult alone = evalThermal(d);
        const auto said = std::find_if(alone.diagnostics.begin(), alone.diagnostics.end(),
                                       [](const Diagnostic& x) { return x.code == "THM-0103"; });
        QVERIFY(said != alone.diagnostics.end());
        const std::string total = formatNumber(metric(alone, "thermal.power_w")) + " W";
        QVERIFY2(said->message.find(total) != std::string::npos, said->message.c_str());
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        EvalOptions both;
        both.only = {"power", "thermal"};
        const EvalResult full = evaluate(reg, {d, test::shippedLibrary(), both, nullptr, nullptr});
        QVERIFY(!test::hasCode(full.diagnostics, "THM-0103"));
        QVERIFY(metric(full, "thermal.power_w") < metric(alone, "thermal.power_w"));
    }
    void lowerStackUnderTallerOnesIsFlagged() {
        Design d = test::loadExample("gpu-2.5d");
        QVERIFY(!test::hasCode(evalThermal(d).diagnostics, "THM-0101"));
        QCOMPARE(strata::setProperty(d, "stacks[gpu].tiers[0].die.thickness_um", 150.0),
                 std::string());
        const EvalResult r = evalThermal(d);
        QVERIFY(test::hasCode(r.diagnostics, "THM-0101"));
        QVERIFY(metric(r, "thermal.die.gpu0.max_c") > 200); // 570 µm of epoxy above 400 W
        // A few µm of epoxy already resist more than the 20 µm TIM (4 W/mK) over the die: a
        // cache die 30 µm thinner than the stack beside it costs the logic die under it > 40 K.
        Design s = test::loadExample("sram-on-logic-3d");
        const EvalResult even = evalThermal(s);
        QVERIFY(!test::hasCode(even.diagnostics, "THM-0101"));
        QCOMPARE(strata::setProperty(s, "stacks[soc].tiers[1].die.thickness_um", 30.0),
                 std::string());
        const EvalResult low = evalThermal(s);
        QVERIFY(test::hasCode(low.diagnostics, "THM-0101"));
        QVERIFY(metric(low, "thermal.tj_max_c") > metric(even, "thermal.tj_max_c") + 40);
        QVERIFY(
            !test::hasCode(evalThermal(test::loadExample("chiplet-mcm")).diagnostics, "THM-0101"));
    }
};

QTEST_GUILESS_MAIN(TestThermalInput)
#include "test_thermal_input.moc"
