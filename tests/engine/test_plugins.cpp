// Run-time plugins (engine/plugin, DESIGN.md § Plugins): the example plugin (plugins/
// example_evaluator, `power_density`) is loaded with dlopen and evaluates inside the pipeline
// like a built-in — its figures checked against the design's own die sizes and powers by hand —
// and sweeps key their cached points by the plugins present. Plugins that break the contract
// (tests/plugins/faulty_plugin.cpp: a future ABI, no entry points, no evaluate function, an id
// that is taken, a failure, garbage, metrics outside their name space, non-finite values) and
// files that are not plugins become PLG- diagnostics; the evaluation goes on. The slots run in
// order: the first sweeps before any plugin is loaded (loading is for the life of the process).
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "model/validate.h"
#include "plugin/plugin_loader.h"
#include "sweep/sweep.h"
#include "test_support.h"

#include <QTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace strata;
using namespace strata::test;

namespace {

std::string testPlugin(const std::string& name) {
    return std::string(STRATA_TEST_PLUGIN_DIR) + "/" + name + ".so";
}

double metricValue(const EvalResult& r, const std::string& name) {
    const Metric* m = r.metric(name);
    return m ? m->value : std::nan("");
}

EvalResult evaluateWithPlugins(const Design& d, const std::string& only,
                               std::map<std::string, std::string> options = {}) {
    EvaluatorRegistry registry;
    std::vector<Diagnostic> refused;
    registerAllEvaluators(registry, &refused);
    EvalRequest req{d, shippedLibrary(), {}, nullptr, nullptr};
    req.options.addOnly(only);
    req.options.values = std::move(options);
    EvalResult r = evaluate(registry, req);
    r.diagnostics.insert(r.diagnostics.end(), refused.begin(), refused.end());
    return r;
}

const Diagnostic* find(const std::vector<Diagnostic>& diags, const std::string& code) {
    for (const Diagnostic& d : diags)
        if (d.code == code)
            return &d;
    return nullptr;
}

// One point of the example design, swept into `store`: whether it came from the store.
bool sweptFromStore(ResultStore& store) {
    EvaluatorRegistry registry;
    registerAllEvaluators(registry);
    SweepSpec spec;
    spec.axes.push_back({"cooling.ambient_c", {Value(30.0)}, 0, 0, false});
    spec.options.addOnly("cost");
    const std::vector<SweepRow> rows =
        runSweep(loadExample("gpu-2.5d"), shippedLibrary(), registry, spec, &store, 0);
    return rows.size() == 1 && rows[0].cached;
}

} // namespace

class TestPlugins : public QObject {
    Q_OBJECT
    std::unique_ptr<ResultStore> store_;

private slots:
    void sweepsBeforeAnyPluginIsLoaded() {
        QVERIFY(loadedPlugins().empty());
        std::string error;
        store_ = ResultStore::open(tempDir() + "/plugins.db", error);
        QVERIFY2(store_, error.c_str());
        QVERIFY(!sweptFromStore(*store_));
        QVERIFY(sweptFromStore(*store_)); // the same point again: served from the store
    }

    void theExamplePluginLoadsAndListsItsEvaluator() {
        QVERIFY(loadPlugin(STRATA_EXAMPLE_PLUGIN).empty());
        QVERIFY(loadPlugin(STRATA_EXAMPLE_PLUGIN).empty()); // twice is once
        const std::vector<PluginInfo> plugins = loadedPlugins();
        QCOMPARE(plugins.size(), std::size_t(1));
        QCOMPARE(plugins[0].name, std::string("example_evaluator"));
        QCOMPARE(plugins[0].evaluators, std::vector<std::string>{"power_density"});
        EvaluatorRegistry registry;
        std::vector<Diagnostic> refused;
        registerAllEvaluators(registry, &refused);
        QVERIFY(refused.empty());
        const Evaluator* e = registry.find("power_density");
        QVERIFY(e);
        QCOMPARE(e->needs(), std::vector<std::string>{"power"});
        QCOMPARE(e->origin(), std::string("plugin example_evaluator 1.0.0"));
        QVERIFY(registry.find("thermal")->origin().empty()); // built-ins have none
    }

    // The heat flux of each die is its power over its own footprint; the blocks of gpu-large
    // carry all of its power, so their fluxes times their areas add up to the die's power.
    void powerDensityIsPowerOverArea() {
        const Design d = loadExample("gpu-2.5d");
        const EvalResult r = evaluateWithPlugins(d, "perf,power,power_density");
        QVERIFY(r.wasEvaluated("power_density"));
        QVERIFY(!hasErrors(r.diagnostics));
        const ChipletType* gpu = shippedLibrary().chiplet("gpu-large");
        QVERIFY(gpu);
        const double dieW = metricValue(r, "power.die.gpu0.total_w");
        const double expected = dieW / (gpu->width_m * gpu->height_m * 1e4); // W/cm²
        QVERIFY(expected > 1);
        QCOMPARE(metricValue(r, "power_density.die.gpu0.w_per_cm2"), expected);
        double blockWatts = 0, weighted = 0, blockArea = 0;
        for (const BlockSpec& b : gpu->blocks) {
            const double density =
                metricValue(r, "power_density.block.gpu0." + b.id + ".w_per_cm2");
            QVERIFY2(std::isfinite(density), b.id.c_str());
            QVERIFY(std::abs(density * b.w_m * b.h_m * 1e4 -
                             metricValue(r, "power.block.gpu0." + b.id + ".w")) < 1e-9 * dieW);
            weighted += density * b.w_m * b.h_m;
            blockArea += b.w_m * b.h_m;
            blockWatts += metricValue(r, "power.block.gpu0." + b.id + ".w");
        }
        // The blocks carry all of the die's power (the PHY strips leave its corners empty).
        QVERIFY(blockArea < gpu->width_m * gpu->height_m);
        QVERIFY(std::abs(blockWatts - dieW) < 1e-9 * dieW);
        QVERIFY(std::abs(weighted / (gpu->width_m * gpu->height_m) - expected) < 1e-9 * expected);
        QCOMPARE(metricValue(r, "power_density.stack.gpu.w_per_cm2"), expected); // one tier
        const double maxBlock = metricValue(r, "power_density.max_block_w_per_cm2");
        QVERIFY(maxBlock > expected); // l2 is denser than the average
        QVERIFY(find(r.diagnostics, "PDN-0100"));
    }

    // A 3D stack: the heat sink sees both tiers' power through the base die's footprint.
    void aStacksFluxAddsItsTiers() {
        const Design d = loadExample("sram-on-logic-3d");
        const EvalResult r = evaluateWithPlugins(d, "perf,power,power_density");
        const ChipletType* base = shippedLibrary().chiplet("logic-3d-base");
        QVERIFY(base);
        const double watts =
            metricValue(r, "power.die.logic0.total_w") + metricValue(r, "power.die.sram0.total_w");
        const double flux = metricValue(r, "power_density.stack.soc.w_per_cm2");
        QVERIFY(std::abs(flux - watts / (base->width_m * base->height_m * 1e4)) < 1e-9 * flux);
        QVERIFY(flux > metricValue(r, "power_density.die.logic0.w_per_cm2"));
    }

    void aLimitWarnsAboutEveryBlockAboveIt() {
        const Design d = loadExample("gpu-2.5d");
        const EvalResult all = evaluateWithPlugins(d, "perf,power,power_density");
        const double maxBlock = metricValue(all, "power_density.max_block_w_per_cm2");
        int above = 0;
        const double limit = maxBlock * 0.9;
        for (const Metric& m : all.metrics)
            if (m.name.rfind("power_density.block.", 0) == 0 && m.value > limit)
                ++above;
        QVERIFY(above >= 1);
        const EvalResult r =
            evaluateWithPlugins(d, "perf,power,power_density",
                                {{"power_density.limit_w_per_cm2", std::to_string(limit)}});
        int warnings = 0;
        for (const Diagnostic& diag : r.diagnostics)
            if (diag.code == "PDN-0001") {
                ++warnings;
                QCOMPARE(diag.severity, Severity::Warning);
                QCOMPARE(diag.object_ids, std::vector<std::string>{"gpu0"});
            }
        QCOMPARE(warnings, above);
        // A limit that is not a number: the plugin says so, the pipeline goes on.
        const EvalResult bad = evaluateWithPlugins(d, "perf,power,power_density",
                                                   {{"power_density.limit_w_per_cm2", "lots"}});
        const Diagnostic* failed = find(bad.diagnostics, "PLG-0006");
        QVERIFY(failed);
        QVERIFY(failed->message.find("power_density.limit_w_per_cm2") != std::string::npos);
        QVERIFY(failed->message.find("expected a positive number") != std::string::npos);
        QVERIFY(std::isfinite(metricValue(bad, "power.total_w")));
    }

    // The same point with a plugin present is another evaluation, then cached in its turn.
    void sweepsKeyCachedPointsByThePlugins() {
        QVERIFY(store_);
        QVERIFY(!sweptFromStore(*store_));
        QVERIFY(sweptFromStore(*store_));
        const ResultStore::QueryResult q =
            store_->query("SELECT COUNT(DISTINCT options_hash) FROM evaluations");
        QCOMPARE(q.rows.size(), std::size_t(1));
        QCOMPARE(q.rows[0][0], std::string("2"));
    }

    void filesThatAreNotPluginsAreRefused() {
        const auto one = [](const std::string& path, const std::string& code) {
            const std::vector<Diagnostic> d = loadPlugin(path);
            return d.size() == 1 && d[0].code == code && d[0].severity == Severity::Error &&
                   !d[0].file.empty();
        };
        QVERIFY(one(tempDir() + "/missing.so", "PLG-0001"));
        const std::string text = tempDir() + "/text.so";
        std::ofstream(text) << "not a shared library\n";
        QVERIFY(one(text, "PLG-0001"));
        QVERIFY(one(testPlugin("not_a_plugin"), "PLG-0002"));
        const std::vector<Diagnostic> future = loadPlugin(testPlugin("future_abi"));
        QCOMPARE(future.size(), std::size_t(1));
        QCOMPARE(future[0].code, std::string("PLG-0003"));
        QVERIFY(future[0].message.find("ABI 2") != std::string::npos);
        QVERIFY(one(testPlugin("no_function"), "PLG-0004"));
        QCOMPARE(loadedPlugins().size(), std::size_t(1)); // none of them was kept
        // A search path: a missing folder holds nothing yet; a folder gives its plugins.
        QVERIFY(loadPluginsFromPath(tempDir() + "/no-such-folder").empty());
        QVERIFY(hasCode(loadPluginsFromPath(STRATA_TEST_PLUGIN_DIR), "PLG-0003"));
    }

    // usable_faulty and taken_id came in with the folder above.
    void aPluginThatBreaksTheContractIsReportedAndTheRestRuns() {
        QVERIFY(loadedPlugins().size() >= 3);
        const Design d = loadExample("gpu-2.5d");
        const EvalResult r = evaluateWithPlugins(
            d, "perf,power,faulty_fails,faulty_garbage,faulty_trespass,thermal");
        const Diagnostic* fails = find(r.diagnostics, "PLG-0006");
        QVERIFY(fails);
        QVERIFY(fails->message.find("licence server") != std::string::npos);
        QVERIFY(hasCode(r.diagnostics, "PLG-0007")); // garbage, a text value, bad severity
        QVERIFY(hasCode(r.diagnostics, "PLG-0008")); // thermal.tj_max_c is not its to give
        QVERIFY(hasCode(r.diagnostics, "PLG-0005")); // "thermal" is taken: the built-in runs
        QCOMPARE(metricValue(r, "faulty_trespass.ok"), 1.5);
        QVERIFY(!r.metric("faulty_trespass.text"));
        QVERIFY(!r.metric("faulty_trespass.novalue"));
        QVERIFY(hasCode(r.diagnostics, "FLT-0002"));
        QVERIFY(metricValue(r, "thermal.tj_max_c") > 30); // the real one, not the plugin's 20
        int tj = 0;
        for (const Metric& m : r.metrics)
            tj += m.name == "thermal.tj_max_c";
        QCOMPARE(tj, 1);
    }

    // Plugins may bring component library entries; one whose entries have errors is left out of
    // the library, with the reason, and the library stays usable.
    void pluginsBringLibraryEntries() {
        std::vector<Diagnostic> problems;
        const LibraryLoad load = loadLibraryWithPlugins({}, problems);
        QVERIFY(load.ok());
        const ChipletType* die = load.library.chiplet("plugin-test-die");
        QVERIFY(die);
        QCOMPARE(die->width_m, 5e-3);
        QVERIFY(die->provenance.file.find("usable_faulty.so#library") != std::string::npos);
        QVERIFY(!load.library.chiplet("no-source-die") && !load.library.chiplet("odd-node-die"));
        QCOMPARE(problems.size(), std::size_t(1));
        QCOMPARE(problems[0].code, std::string("PLG-0009"));
        QVERIFY(problems[0].file.find("bad_library.so#library") != std::string::npos);
        QVERIFY2(problems[0].message.find("LIB-0002") != std::string::npos,
                 problems[0].message.c_str());
        // A design can use the plugin's die like a shipped one.
        Design d = loadExample("gpu-2.5d");
        d.stacks[0].tiers[0].die.type = "plugin-test-die";
        const std::vector<Diagnostic> v = validate(d, load.library);
        QVERIFY(!hasCode(v, "MDL-0002"));
    }

    // A plugin's importer turns its format into a design file, which is read and checked like
    // any; an unknown format or a failing importer says why (PLG-0010), naming the file.
    void pluginsImportTheirFormats() {
        std::vector<std::string> formats;
        for (const PluginImporter& i : pluginImporters())
            formats.push_back(i.format);
        QCOMPARE(formats, (std::vector<std::string>{"test-wrapped", "test-broken"}));
        std::ifstream example(sourcePath("projects/gpu-2.5d/design.strata.json"));
        std::stringstream text;
        text << example.rdbuf();
        const std::string wrapped = tempDir() + "/gpu.wrapped";
        std::ofstream(wrapped) << "STRATA-TEST-IMPORT\n" << text.str();
        const DesignLoad in = importWithPlugin("test-wrapped", wrapped);
        QVERIFY(in.ok());
        QVERIFY(*in.design == loadExample("gpu-2.5d"));
        const DesignLoad refused = importWithPlugin("test-wrapped", sourcePath("README.md"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.diagnostics.at(0).code, std::string("PLG-0010"));
        QVERIFY(refused.diagnostics[0].message.find("STRATA-TEST-IMPORT") != std::string::npos);
        const DesignLoad unknown = importWithPlugin("gds", wrapped);
        QCOMPARE(unknown.diagnostics.at(0).code, std::string("PLG-0010"));
        QVERIFY(unknown.diagnostics[0].message.find("test-wrapped, test-broken") !=
                std::string::npos);
        const DesignLoad broken = importWithPlugin("test-broken", wrapped);
        QVERIFY(!broken.ok());
        QVERIFY(hasCode(broken.diagnostics, "IO-0004"));
        QVERIFY(broken.diagnostics[0].file.find(wrapped) != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestPlugins)
#include "test_plugins.moc"
