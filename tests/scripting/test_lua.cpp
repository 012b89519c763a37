// The Lua sandbox and the strata module: property edits through design:set with the same
// validation as everywhere, evaluation from a script, the stdlib, and every way a script can go
// wrong — a bad value, a runaway loop, a memory hog, an escape attempt through require or io —
// ending in a Lua error that names the script and line, never a crash.
#include "../hotspot_answer.h"
#include "../threedice_answer.h"
#include "library/library_loader.h"
#include "lua/script_runner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sstream>

using namespace strata;

namespace {
const Library& library() {
    static const LibraryLoad load = loadDefaultLibrary();
    return load.library;
}

struct Run {
    lua::ScriptResult result;
    std::string out;
};

Run run(const QTemporaryDir& dir, const QByteArray& script, lua::ScriptLimits limits = {}) {
    const QString file = dir.filePath("script.lua");
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write the script");
    f.write(script);
    f.close();
    std::ostringstream out;
    Run r{lua::runScript(file.toStdString(), {"a1", "a2"}, library(), out, limits), {}};
    r.out = out.str();
    return r;
}

QTemporaryDir withExample() {
    QTemporaryDir dir;
    QFile::copy(QString(STRATA_SOURCE_DIR) + "/projects/gpu-2.5d/design.strata.json",
                dir.filePath("gpu.strata.json"));
    return dir;
}
} // namespace

class TestLua : public QObject {
    Q_OBJECT
private slots:
    void editsAndEvaluatesADesign() {
        const QTemporaryDir dir = withExample();
        const Run r = run(dir, R"(
local d = strata.load("gpu.strata.json")
local warm = d:clone():set("cooling.ambient_c", 70)
assert(d:get("cooling.ambient_c") ~= 70, "clone is independent")
local a = strata.evaluate(d, {only = "thermal", resolution = "coarse"})
local b = strata.evaluate(warm, {only = "thermal", resolution = "coarse"})
print(string.format("%.3f", b.metrics["thermal.tj_max_c"] - a.metrics["thermal.tj_max_c"]))
print(a.units["thermal.tj_max_c"], #strata.args, strata.args[2])
local map = a.fields["thermal.die.gpu0"]
assert(map and #map.values == map.nx * map.ny and #map.x_lines == map.nx + 1, "die map")
assert(map.x_axis == "x" and map.y_axis == "y", "plan view")
local cut = a.fields["thermal.section.x"]
assert(cut and cut.y_axis == "z" and cut.ny + 1 == #cut.y_lines, "cross-section, a row per layer")
assert(#strata.library.materials() > 3 and #strata.library.chiplets() > 3, "library lists")
warm:save("warm.strata.json")
)");
        QVERIFY2(r.result.ok, r.result.error.c_str());
        const double rise = std::stod(r.out.substr(0, r.out.find('\n')));
        QVERIFY(rise > 20); // ambient +25 K with fixed powers: about +25 K at the junction
        QVERIFY(r.out.find("°C\t2\ta2") != std::string::npos);
        QVERIFY(QFile::exists(dir.filePath("warm.strata.json")));
    }
    void evaluateCanReuseTheThermalSolver() {
        // solver_reuse = "session": a power edit re-solves with the last thermal solver; the
        // temperatures agree with a fresh evaluation; an unknown value is reported (THM-0008).
        const QTemporaryDir dir = withExample();
        const Run r = run(dir, R"(
local d = strata.load("gpu.strata.json")
local opts = {only = "thermal", resolution = "coarse", solver_reuse = "session"}
strata.evaluate(d, opts)
local hot = d:clone():set("stacks[0].tiers[0].die.power_w", 400)
local reused = strata.evaluate(hot, opts)
local fresh = strata.evaluate(hot, {only = "thermal", resolution = "coarse"})
local a, b = reused.metrics["thermal.tj_max_c"], fresh.metrics["thermal.tj_max_c"]
assert(math.abs(a - b) < 1e-6, string.format("%.9f vs %.9f", a, b))
assert(reused.metrics["thermal.solver.iterations"] < fresh.metrics["thermal.solver.iterations"])
local bad = strata.evaluate(d, {only = "thermal", solver_reuse = "forever"})
local reported = false
for _, diag in ipairs(bad.diagnostics) do reported = reported or diag.code == "THM-0008" end
assert(reported and bad.metrics["thermal.tj_max_c"] == nil, "THM-0008 reported")
)");
        QVERIFY2(r.result.ok, r.result.error.c_str());
    }
    void aSessionSweepCanLearnItsSources() {
        // learn_sources = true with solver_reuse = "session": the first point teaches the solver
        // every heat source, so every thermal solve of a later power-only point (the leakage
        // loop's and the final one) is a projection, 0 CG steps; without it a new point's leakage
        // loop meets new power directions and takes steps. A non-boolean is refused.
        const QTemporaryDir dir = withExample();
        const Run r = run(dir, R"(
local d = strata.load("gpu.strata.json")
local function sweep(learn)
  -- a session solver of another grid replaces any kept one: the sweep starts with a new solver
  strata.evaluate(d, {only = "thermal", resolution = "21", solver_reuse = "session"})
  return strata.sweep{design = d, only = "thermal", resolution = "22",
    solver_reuse = "session", learn_sources = learn,
    axes = {{path = "stacks[0].tiers[0].die.power_w", from = 250, to = 400, steps = 4}}}
end
local function steps(row)
  local leakage = row.metrics["power.solver.iterations"] or 0 -- when blocks leak
  return leakage + row.metrics["thermal.solver.iterations"]
end
local learnt = sweep(true)
assert(#learnt == 4)
assert(learnt[1].metrics["thermal.solver.sources_learnt"] > 2)
assert(steps(learnt[1]) > 0)
for i = 2, 4 do assert(steps(learnt[i]) == 0, "point " .. i .. ": " .. steps(learnt[i])) end
local plain = sweep(false)
assert(plain[1].metrics["thermal.solver.sources_learnt"] == nil)
assert(steps(plain[2]) > 0)
for i = 1, 4 do
  local a, b = learnt[i].metrics["thermal.tj_max_c"], plain[i].metrics["thermal.tj_max_c"]
  assert(math.abs(a - b) < 1e-5, string.format("%.9f vs %.9f", a, b))
end
local ok, err = pcall(strata.sweep, {design = d, learn_sources = "yes",
  axes = {{path = "tco.pue", values = {1.2}}}})
assert(not ok and err:find("learn_sources must be true or false, got a string"), err)
ok, err = pcall(strata.evaluate, d, {learn_sources = 1})
assert(not ok and err:find("learn_sources must be true or false, got a number"), err)
)");
        QVERIFY2(r.result.ok, r.result.error.c_str());
    }
    void diffAndCompareFromAScript() {
        // d:diff(other) names the edits by property path; strata.compare(a, b) gives the metrics
        // that moved with the verdict. 10 K more ambient with fixed powers: Tj +10 K, worse.
        const QTemporaryDir dir = withExample();
        const Run r = run(dir, R"(
local d = strata.load("gpu.strata.json")
local warm = d:clone():set("cooling.ambient_c", 55)
local edits = d:diff(warm)
assert(#edits == 1 and edits[1].path == "cooling.ambient_c" and edits[1].change == "changed")
assert(edits[1].before == "45" and edits[1].after == "55", edits[1].before .. edits[1].after)
assert(#d:diff(d:clone()) == 0, "a clone is the same design")
local opts = {only = "thermal", resolution = "coarse"}
local a, b = strata.evaluate(d, opts), strata.evaluate(warm, opts)
local tj
for _, c in ipairs(strata.compare(a, b)) do
  if c.name == "thermal.tj_max_c" then tj = c end
end
assert(tj and tj.verdict == "worse" and tj.unit == "°C", "Tj is worse")
assert(math.abs(tj.delta - 10) < 1e-6 and math.abs(tj.after - tj.before - tj.delta) < 1e-12)
assert(#strata.compare(a, a) == 0, "nothing changed")
local ok, err = pcall(strata.compare, a, {metrics = {x = "hot"}})
assert(not ok and err:find("metrics must map metric names to numbers"), err)
)");
        QVERIFY2(r.result.ok, r.result.error.c_str());
    }
    void powerMapFromCsvInAScript() {
        // d:power_map(stack, tier, file) sets a die's raster power from a CSV grid beside the
        // script (north edge first), nil removes it; a bad file stops the script at its line,
        // naming the file's own line and column.
        const QTemporaryDir dir = withExample();
        for (const auto& [name, text] : {std::pair{"north.csv", "300,300\n0,0\n0,0\n0,0\n"},
                                         std::pair{"bad.csv", "1,2\n3,-4\n"}}) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        const Run r = run(dir, R"(
local d = strata.load("gpu.strata.json")
local gpu = d:clone():power_map("gpu", 0, "north.csv")
local r = strata.evaluate(gpu, {only = "thermal", resolution = "coarse"})
assert(math.abs(r.metrics["thermal.die.gpu0.max_c"] - r.metrics["thermal.tj_max_c"]) < 1e-9)
assert(r.metrics["thermal.block.gpu0.map.max_c"], "one source: the map")
print(string.format("%.2f", r.metrics["thermal.hotspot_y_mm"]))
local back = gpu:power_map("gpu", 0, nil)
assert(strata.evaluate(back, {only = "thermal", resolution = "coarse"}).metrics["thermal.block.gpu0.map.max_c"] == nil)
)");
        QVERIFY2(r.result.ok, r.result.error.c_str());
        // The map's hot row is the die's north edge (gpu0 spans y 4.1 to 32.9 mm).
        QVERIFY2(std::stod(r.out) > 25, r.out.c_str());
        const Run bad = run(dir, "local d = strata.load('gpu.strata.json')\n"
                                 "d:power_map('gpu', 0, 'bad.csv')\n");
        QVERIFY(!bad.result.ok);
        QVERIFY2(bad.result.error.find("script.lua:2:") != std::string::npos &&
                     bad.result.error.find("bad.csv") != std::string::npos &&
                     bad.result.error.find("line 2, column 2") != std::string::npos,
                 bad.result.error.c_str());
        const Run noTier =
            run(dir, "strata.load('gpu.strata.json'):power_map('gpu', 3, 'north.csv')");
        QVERIFY2(!noTier.result.ok &&
                     noTier.result.error.find("tiers 0 to 0, not 3") != std::string::npos,
                 noTier.result.error.c_str());
    }
    // d:power_map(stack, tier, "x.flp", "x.ptrace"): a HotSpot floorplan's units with their
    // mean trace powers; the .ptrace is required.
    void powerMapFromAHotSpotFloorplanInAScript() {
        const QTemporaryDir dir = withExample();
        for (const auto& [name, text] :
             {std::pair{"chip.flp", "south 0.01 0.008 0 0\nnorth 0.01 0.002 0 0.008\n"},
              std::pair{"chip.ptrace", "south north\n10 250\n10 350\n"}}) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        const Run r = run(dir, R"(
local gpu = strata.load("gpu.strata.json"):power_map("gpu", 0, "chip.flp", "chip.ptrace")
local r = strata.evaluate(gpu, {only = "thermal", resolution = "coarse"})
assert(math.abs(r.metrics["thermal.power_w"] - 370) < 1e-6, "10 W + the mean 300 W + 60 W of HBM")
print(string.format("%.2f", r.metrics["thermal.hotspot_y_mm"]))
)");
        QVERIFY2(r.result.ok, r.result.error.c_str());
        QVERIFY2(std::stod(r.out) > 25, r.out.c_str()); // the north strip is the hot one
        QVERIFY2(r.out.find("stretched") == std::string::npos, r.out.c_str()); // 10 x 10 mm
        QFile wide(dir.filePath("wide.flp")); // 4 x 2 mm on a square die: stretched, and said
        QVERIFY(wide.open(QIODevice::WriteOnly));
        wide.write("south 0.004 0.001 0 0\nnorth 0.004 0.001 0 0.001\n");
        wide.close();
        const Run stretched = run(
            dir, "strata.load('gpu.strata.json'):power_map('gpu', 0, 'wide.flp', 'chip.ptrace')");
        QVERIFY2(stretched.result.ok, stretched.result.error.c_str());
        QVERIFY2(stretched.out.find("wide.flp: the floorplan (width / height 2) is stretched") !=
                     std::string::npos,
                 stretched.out.c_str());
        const Run noTrace =
            run(dir, "strata.load('gpu.strata.json'):power_map('gpu', 0, 'chip.flp')");
        QVERIFY2(!noTrace.result.ok &&
                     noTrace.result.error.find("needs its power trace") != std::string::npos,
                 noTrace.result.error.c_str());
    }
    // d:export_hotspot / d:compare_hotspot: the CLI's HotSpot round trip from a script. The
    // answer HotSpot would leave is written by the test (one temperature everywhere), so the
    // comparison's HotSpot side is known exactly.
    void hotSpotRoundTripInAScript() {
        const QTemporaryDir dir = withExample();
        const Run exported = run(dir, R"(
local d = strata.load("gpu.strata.json")
local e = d:export_hotspot("hs", {resolution = "coarse"})
local lcf = false
for _, f in ipairs(e.files) do lcf = lcf or f == "gpu-2.5d.lcf" end
assert(lcf and e.rows > 0 and e.cols > 0, "the layer file, named after the design")
local said = false
for _, n in ipairs(e.notes) do said = said or n:find("IO-0021", 1, true) ~= nil end
assert(said, "what HotSpot models differently is said")
print(#e.files)
)");
        QVERIFY2(exported.result.ok, exported.result.error.c_str());
        QCOMPARE(QDir(dir.filePath("hs")).entryList(QDir::Files).size(), std::stoi(exported.out));
        const Run early = run(dir, "strata.load('gpu.strata.json'):compare_hotspot('hs', "
                                   "{resolution = 'coarse'})");
        QVERIFY2(!early.result.ok && early.result.error.find("grid.steady") != std::string::npos,
                 early.result.error.c_str()); // HotSpot has not run yet: said, with the file
        QVERIFY(test::writeUniformHotSpotAnswer(dir.filePath("hs"), "gpu-2.5d", 350.0));
        const Run compared = run(dir, R"(
local d = strata.load("gpu.strata.json")
local c = d:compare_hotspot("hs", {resolution = "coarse"})
local g = c.dies.gpu0
assert(math.abs(g.hotspot_max_c - 76.85) < 1e-9, "350 K everywhere")
assert(g.max_abs_diff_k >= g.strata_max_c - 76.85 - 1e-9, "the hottest cell differs at least so much")
assert(g.mean_diff_k < g.strata_max_c - 76.85, "the mean cell is cooler than the hottest")
print(string.format("%.3f %.3f", g.strata_max_c, g.mean_diff_k))
)");
        QVERIFY2(compared.result.ok, compared.result.error.c_str());
        const double strataMax = std::stod(compared.out.substr(0, compared.out.find(' ')));
        QVERIFY2(strataMax > 76.85 && strataMax < 150, compared.out.c_str()); // a hot GPU die
        // A spreader narrower than the package: refused with the reason, nothing written.
        const Run refused = run(dir, R"(
strata.load("gpu.strata.json"):set("cooling.spreader_width_mm", 50):export_hotspot("narrow")
)");
        QVERIFY2(!refused.result.ok && refused.result.error.find("IO-0020") != std::string::npos &&
                     refused.result.error.find("script.lua:2:") != std::string::npos,
                 refused.result.error.c_str());
        QVERIFY(!QDir(dir.filePath("narrow")).exists() ||
                QDir(dir.filePath("narrow")).entryList(QDir::Files).isEmpty());
    }
    // d:export_3dblox: the assembly as 3Dblox beside the script (content: test_threedblox_export).
    void threeDBloxFromAScript() {
        const QTemporaryDir dir = withExample();
        const Run exported = run(dir, R"(
local e = strata.load("gpu.strata.json"):export_3dblox("blox", {name = "gpu"})
assert(#e.files == 3 and e.files[1] == "gpu.3dbv" and e.files[2] == "gpu.3dbx", e.files[1])
assert(e.chiplets == 9 and e.connections == 9, e.chiplets .. " chiplets")
assert(#e.notes >= 1)
)");
        QVERIFY2(exported.result.ok, exported.result.error.c_str());
        QVERIFY(QFile::exists(dir.filePath("blox/gpu.3dbx")));
        const Run refused = run(dir, R"(
local d = strata.load("gpu.strata.json")
d:set("stacks[0].tiers[0].die.type", "no-such-chiplet")
d:export_3dblox("none")
)");
        QVERIFY2(!refused.result.ok && refused.result.error.find(
                                           "export_3dblox: nothing written") != std::string::npos,
                 refused.result.error.c_str());
        QVERIFY(!QDir(dir.filePath("none")).exists());
        // strata.import_3dblox: the assembly back as a design, and what was guessed.
        const Run imported = run(dir, R"(
local d = strata.load("gpu.strata.json")
local g, notes = strata.import_3dblox("blox/gpu.3dbx")
assert(g:get("stacks[0].tiers[0].die.type") == "gpu-large", g:get("stacks[0].tiers[0].die.type"))
assert(math.abs(g:get("stacks[2].x_mm") - d:get("stacks[2].x_mm")) < 1e-9)
assert(g:get("stacks[2].rotation_deg") == 180 and #notes >= 3)
g:export_svg("gpu.svg")
local ok, err = pcall(strata.import_3dblox, "blox/missing.3dbx")
assert(not ok and err:find("IO%-0026") and err:find("missing.3dbx"), err)
)");
        QVERIFY2(imported.result.ok, imported.result.error.c_str());
        QVERIFY(QFile::exists(dir.filePath("gpu.svg"))); // d:export_svg beside the script
    }
    // d:export_chiplet / strata.import_chiplet: IHP's .chiplet there and back.
    void chipletFromAScript() {
        const QTemporaryDir dir = withExample();
        const Run r = run(dir, R"(
local d = strata.load("gpu.strata.json")
local e = d:export_chiplet("gpu.chiplet")
assert(e.components == 9 and #e.notes >= 1, e.components .. " components")
local g, notes = strata.import_chiplet("gpu.chiplet")
for _, c in ipairs(d:diff(g)) do
  assert(not c.path:find("^stacks"), c.path .. " differs")
end
assert(g:get("stacks[gpu].tiers[0].die.type") == "gpu-large" and #notes >= 2)
local ok, err = pcall(strata.import_chiplet, "missing.chiplet")
assert(not ok and err:find("IO%-0028") and err:find("missing.chiplet"), err)
)");
        QVERIFY2(r.result.ok, r.result.error.c_str());
        QVERIFY(QFile::exists(dir.filePath("gpu.chiplet")));
    }
    // d:export_3dice / d:compare_3dice: the same round trip with 3D-ICE.
    void threeDiceRoundTripInAScript() {
        const QTemporaryDir dir = withExample();
        const Run exported = run(dir, R"(
local e = strata.load("gpu.strata.json"):export_3dice("ice", {resolution = "coarse"})
local stk = false
for _, f in ipairs(e.files) do stk = stk or f == "gpu-2.5d.stk" end
assert(stk and e.rows > 0 and e.cols > 0, "the stack description, named after the design")
)");
        QVERIFY2(exported.result.ok, exported.result.error.c_str());
        QVERIFY(test::writeUniformThreeDiceAnswer(dir.filePath("ice"), "gpu-2.5d", 350.0));
        const Run compared = run(dir, R"(
local c = strata.load("gpu.strata.json"):compare_3dice("ice", {resolution = "coarse"})
assert(math.abs(c.dies.gpu0.threedice_max_c - 76.85) < 1e-9, "350 K everywhere")
print(string.format("%.3f", c.dies.gpu0.strata_max_c))
)");
        QVERIFY2(compared.result.ok, compared.result.error.c_str());
        QVERIFY2(std::stod(compared.out) > 76.85, compared.out.c_str());
        // A transient: exported with the trace, compared block by block once 3D-ICE ran.
        QFile burst(dir.filePath("burst.csv"));
        QVERIFY(burst.open(QIODevice::WriteOnly));
        burst.write("time_s,gpu0.sm_north\n0,20\n0.5,150\n1,150\n");
        burst.close();
        const Run exportedT = run(dir, "strata.load('gpu.strata.json'):export_3dice('ice_t', "
                                       "{resolution = 'coarse', transient = 'burst.csv'})");
        QVERIFY2(exportedT.result.ok, exportedT.result.error.c_str());
        QVERIFY(test::writeRisingThreeDiceTflp(dir.filePath("ice_t"), "gpu-2.5d", 320, 2, 0.5));
        const Run comparedT = run(dir, R"(
local c = strata.load("gpu.strata.json"):compare_3dice("ice_t", {resolution = "coarse", transient = "burst.csv"})
assert(c.intervals == 2 and c.interval_s == 0.5)
local b = c.blocks["gpu0.sm_north"]
assert(math.abs(b.threedice_peak_c - (321 - 273.15)) < 1e-9, "the last row: 321 K")
assert(b.strata_peak_c > 45 and b.max_abs_diff_k > 0 and b.at_s > 0)
)");
        QVERIFY2(comparedT.result.ok, comparedT.result.error.c_str());
        const Run transient = run(dir, "strata.load('gpu.strata.json'):export_3dice('t', "
                                       "{transient = 'x.csv'})");
        QVERIFY2(!transient.result.ok && transient.result.error.find("x.csv") != std::string::npos,
                 transient.result.error.c_str()); // the missing trace, named
    }
    void evaluateRunsATransient() {
        // A trace beside the script: every block gets a series (the start, then one value per
        // step), whose maximum is the block's peak metric; a bad start is reported (THM-0022).
        const QTemporaryDir dir = withExample();
        QFile trace(dir.filePath("burst.csv"));
        QVERIFY(trace.open(QIODevice::WriteOnly));
        trace.write("time_s,gpu0.sm_north\n0,20\n0.5,150\n1,150\n");
        trace.close();
        QFile ptrace(dir.filePath("burst.ptrace")); // the same in HotSpot's form, 0.5 s rows
        QVERIFY(ptrace.open(QIODevice::WriteOnly));
        ptrace.write("sm_north\n20\n150\n");
        ptrace.close();
        const Run r = run(dir, R"(
local d = strata.load("gpu.strata.json")
local t = strata.evaluate(d, {only = "thermal", resolution = "coarse", transient = "burst.csv",
                              steps = 10, transient_start = "steady"})
local s = t.series["thermal.transient.block.gpu0.sm_north"]
assert(s and s.unit == "°C" and #s.time_s == 11 and #s.values == 11, "one value per step + start")
assert(s.time_s[1] == 0 and math.abs(s.time_s[11] - 1) < 1e-12, "from the first row to the last")
local top = -math.huge
for _, v in ipairs(s.values) do top = math.max(top, v) end
local peak = t.metrics["thermal.transient.block.gpu0.sm_north.peak_c"]
assert(math.abs(top - peak) < 1e-9, string.format("%.6f vs %.6f", top, peak))
assert(s.values[11] > s.values[1] + 5, "the burst heats the SMs")
local last = t.fields["thermal.transient.map.10"]
assert(last and math.abs(last.time_s - 1) < 1e-12, "the last snapshot is at the end")
assert(t.fields["thermal.junction"].time_s == nil, "steady maps have no time")
local bad = strata.evaluate(d, {only = "thermal", resolution = "coarse", transient = "burst.csv",
                                transient_start = "lukewarm"})
local reported = false
for _, diag in ipairs(bad.diagnostics) do reported = reported or diag.code == "THM-0022" end
assert(reported and next(bad.series) == nil, "THM-0022 reported, no series")
local h = strata.evaluate(d, {only = "thermal", resolution = "coarse", transient = "burst.ptrace",
                              trace_interval_s = 0.5, steps = 10, transient_start = "steady"})
local hs = h.series["thermal.transient.block.gpu0.sm_north"]
assert(hs and math.abs(hs.time_s[11] - 1) < 1e-12, "two rows of 0.5 s end at 1 s")
assert(math.abs(hs.values[11] - s.values[11]) < 1e-9, "the same run as the CSV")
)");
        QVERIFY2(r.result.ok, r.result.error.c_str());
    }
    void stdlibAndLocalModules() {
        const QTemporaryDir dir = withExample();
        QFile m(dir.filePath("mine.lua"));
        QVERIFY(m.open(QIODevice::WriteOnly));
        m.write("return {twice = function(x) return 2 * x end}");
        m.close();
        const Run r = run(dir, R"(
local sweeps = require("sweeps")
local mine = require("mine")
local front = sweeps.pareto({{c = 1, t = 5}, {c = 2, t = 9}, {c = 3, t = 4}}, {{"c", "min"}, {"t", "max"}})
-- strata.sweep's rows carry their metrics in .metrics; a failed point has none and is left out
local rows = {{metrics = {c = 1, t = 5}}, {metrics = {c = 2, t = 9}}, {metrics = {c = 0, t = 3}},
              {status = "failed", metrics = {}}}
local swept = sweeps.pareto(rows, {{"c", "min"}, {"t", "max"}})
print(#sweeps.linspace(0, 1, 5), mine.twice(21), #front, #swept)
)");
        QVERIFY2(r.result.ok, r.result.error.c_str());
        QCOMPARE(r.out, std::string("5\t42\t2\t3\n"));
    }
    void errorsNameTheScriptLineAndTrace() {
        const QTemporaryDir dir = withExample();
        const Run bad = run(dir, "local d = strata.load('gpu.strata.json')\n"
                                 "local function f() d:set('stacks[gpu].x_mm', 'far') end\nf()\n");
        QVERIFY(!bad.result.ok);
        QVERIFY2(bad.result.error.find("script.lua:2:") != std::string::npos,
                 bad.result.error.c_str());
        QVERIFY(bad.result.error.find("expected a finite number in mm") != std::string::npos);
        QVERIFY(bad.result.error.find("stack traceback") != std::string::npos);
        const Run missing = run(dir, "strata.load('nowhere.strata.json')");
        QVERIFY(!missing.result.ok &&
                missing.result.error.find("nowhere.strata.json") != std::string::npos);
        const Run syntax = run(dir, "local x = = 1");
        QVERIFY(!syntax.result.ok &&
                syntax.result.error.find("script.lua:1:") != std::string::npos);
    }
    void theSandboxHoldsAndLimitsApply() {
        const QTemporaryDir dir = withExample();
        const Run libs = run(dir, "print(io, os, package, dofile, loadfile, load)");
        QVERIFY(libs.result.ok);
        QCOMPARE(libs.out, std::string("nil\tnil\tnil\tnil\tnil\tnil\n"));
        QVERIFY(!run(dir, "require('../../etc/passwd')").result.ok);
        QVERIFY(!run(dir, "require('no_such_module')").result.ok);
        lua::ScriptLimits small;
        small.instructions = 1'000'000;
        const Run loop = run(dir, "while true do end", small);
        QVERIFY(!loop.result.ok &&
                loop.result.error.find("instruction budget") != std::string::npos);
        small.memory_bytes = 8u << 20;
        const Run hog =
            run(dir, "local t = {} for i = 1, 1e8 do t[i] = string.rep('x', 64) .. i end", small);
        QVERIFY(!hog.result.ok && hog.result.error.find("memory limit") != std::string::npos);
    }
    void sweepsAndOptimisesFromAScript() {
        const QTemporaryDir dir = withExample();
        const QByteArray script = R"(
local d = strata.load("gpu.strata.json")
local st = strata.store("runs.db")
local rows = strata.sweep{design = d, store = st, only = "cost", parallel = 2,
  axes = {{path = "tco.pue", from = 1.1, to = 1.5, steps = 3},
          {path = "tco.packages", values = {1, 10}}}}
local cached = 0
for _, r in ipairs(rows) do if r.cached then cached = cached + 1 end end
local best = strata.optimize{design = d, only = "cost", population = 6, generations = 2,
  axes = {{path = "tco.pue", from = 1.0, to = 2.0}},
  objectives = {{"cost.tco_usd_per_year", "min"}}}
local bo = strata.optimize{design = d, only = "cost", method = "bayes", initial = 4, iterations = 3,
  axes = {{path = "package.c4_pitch_um", from = 300, to = 800}},
  objectives = {{"cost.package_usd", "min"}}}
assert(#bo.evaluated == 7 and #bo.front == 1, "bayes: 4 + 3 points, one best")
local front = strata.pareto({{a = 1, b = 2}, {a = 2, b = 1}, {a = 2, b = 2}}, {{"a", "min"}, {"b", "min"}})
print(#rows, cached, #st:query("SELECT id FROM evaluations"), #best.evaluated, #front)
)";
        const Run first = run(dir, script);
        QVERIFY2(first.result.ok, first.result.error.c_str());
        QVERIFY2(first.out.find("6\t0\t6\t18\t2") != std::string::npos, first.out.c_str());
        const Run second = run(dir, script); // served from the store
        QVERIFY2(second.out.find("6\t6\t6\t18\t2") != std::string::npos, second.out.c_str());
    }
    void newDesignsUnitsAndCancellation() {
        const QTemporaryDir dir = withExample();
        const Run r = run(dir, R"(
local d = strata.new()
print(d:get("package.width_mm"), strata.unit("frequency_ghz"), strata.si(1.5, "frequency_ghz"),
      strata.from_si(318.15, "ambient_c"))
)");
        QVERIFY2(r.result.ok, r.result.error.c_str());
        QCOMPARE(r.out, std::string("40.0\tGHz\t1500000000.0\t45.0\n"));
        // A new design has the examples' cooling for its package (default_cooling.h): 40 mm, a
        // 44 mm spreader, an 84 mm sink of 0.1 K/W x (60 / 84)^2, so it evaluates at once.
        const Run cooled = run(dir, R"(
local d = strata.new()
assert(d:get("cooling.spreader_width_mm") == 44 and d:get("cooling.sink_width_mm") == 84)
assert(math.abs(d:get("cooling.r_k_w") - 0.1 * 60 * 60 / (84 * 84)) < 1e-15)
assert(d:get("cooling.secondary_r_k_w") == 50)
)");
        QVERIFY2(cooled.result.ok, cooled.result.error.c_str());
        // A cancelled run (Ctrl-C in the CLI) stops the sweep between points and says so.
        CancelToken stop;
        stop.cancel();
        lua::ScriptLimits limits;
        limits.cancel = &stop;
        const Run c = run(dir, R"(
local rows = strata.sweep{design = strata.load("gpu.strata.json"), only = "cost",
  axes = {{path = "tco.pue", values = {1.1, 1.2, 1.3}}}}
print("rows", #rows)
)",
                          limits);
        QVERIFY2(c.result.ok, c.result.error.c_str());
        QVERIFY2(c.out.find("cancelled") != std::string::npos &&
                     c.out.find("rows\t0") != std::string::npos,
                 c.out.c_str());
    }
};

QTEST_APPLESS_MAIN(TestLua)
#include "test_lua.moc"
