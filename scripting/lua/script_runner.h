#pragma once
// Runs a Strata Lua script in a sandbox (DESIGN.md § Scripting). Scripts get Lua's base, string,
// table, math, utf8 and coroutine libraries only — no io, os, package.loadlib or native modules;
// `require` resolves only inside the script's folder and the shipped scripting/stdlib; files are
// reached only through `strata` functions. An instruction budget and a memory limit bound every
// run, each with a clear error. Errors carry the script file, line and a traceback; C++
// exceptions inside bindings become Lua errors (Debian's C++ build of Lua unwinds with
// exceptions, so destructors run).
//
// The `strata` module:
//   strata.load(path) -> design        design:get(path) / design:set(path, value)
//   design:clone() / design:save(path) strata.evaluate(design [, {only = "a,b", resolution}])
//       -> {metrics = {name = value}, units = {name = unit}, diagnostics = {{code, severity,
//           message}}, errors = n, fields = {name = {unit, nx, ny, values, x_lines, y_lines}}}
//   strata.library.chiplets() / workloads() / materials() / technologies() / memories() /
//       phys() / bonds() / packages() -> list of ids
//   strata.new() -> an empty design (40 x 40 mm organic package)
//   strata.unit(key) -> unit label of a JSON key ("frequency_ghz" -> "GHz")
//   strata.si(value, key) / strata.from_si(value, key) -> unit conversion by key suffix
//   strata.args -> the script's arguments
//   strata.store(path) -> store (store:query(sql) -> rows of strings)
//   strata.sweep{design, axes = {{path, values} | {path, from, to, steps, log}}, sampler =
//       grid|random|lhs, samples, seed, parallel, store, only, resolution} -> rows {params,
//       metrics, status, error, cached}; progress lines go to the output
//   strata.optimize{<sweep fields>, objectives = {{metric, "min"|"max"}}, constraints =
//       {{metric, min =, max =}}, population, generations} -> {front, evaluated} (NSGA-II);
//       method = "bayes" (first objective only; initial, iterations; batch = parallel) for
//       constrained Bayesian optimisation (sweep/bayes.h)
#include "core/progress.h"
#include "library/library.h"
#include "model/design.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace strata::lua {

struct ScriptLimits {
    std::uint64_t instructions = 2'000'000'000; // Lua VM instructions per run
    std::size_t memory_bytes = 512u << 20;      // heap of the Lua state
    bool terminal = false;                      // progress as a redrawn bar instead of lines
    const CancelToken* cancel = nullptr; // stops the script (and a sweep between points): Ctrl-C
                                         // in the CLI, Stop in the studio
};

struct ScriptResult {
    bool ok = false;
    std::string error; // "script.lua:12: message" followed by a traceback
};

ScriptResult runScript(const std::string& file, const std::vector<std::string>& args,
                       const Library& library, std::ostream& out, const ScriptLimits& limits = {});

// Runs Lua source typed in the studio's console (`name` labels it in messages, `dir` is where
// require and relative paths resolve). `current`, when given, is the global `design`: the
// script's design:set(...) calls change it, and the caller applies the result as one edit.
ScriptResult runChunk(const std::string& code, const std::string& name,
                      std::shared_ptr<Design> current, const std::string& dir,
                      const Library& library, std::ostream& out, const ScriptLimits& limits = {});

// The folder of the shipped Lua standard library (scripting/stdlib).
std::string stdlibDir();

} // namespace strata::lua
