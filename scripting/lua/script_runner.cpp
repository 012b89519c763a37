#include "lua/script_runner.h"

#include "core/atomic_file.h"
#include "core/install_dirs.h"
#include "core/units.h"
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "interop/hotspot_power_map.h"
#include "lua/lua_context.h"
#include "model/default_cooling.h"
#include "model/design_io.h"
#include "model/property_path.h"

#include <lua.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace strata::lua {

namespace fs = std::filesystem;

namespace {

using namespace detail;

void* limitedAlloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
    auto* ctx = static_cast<Context*>(ud);
    const std::size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        ctx->memory_used -= old;
        std::free(ptr);
        return nullptr;
    }
    if (nsize > old && ctx->memory_used + (nsize - old) > ctx->memory_limit) {
        ctx->out_of_memory = true;
        return nullptr; // Lua raises "not enough memory"
    }
    void* p = std::realloc(ptr, nsize);
    if (p)
        ctx->memory_used = ctx->memory_used - old + nsize;
    return p;
}

void budgetHook(lua_State* L, lua_Debug*) {
    Context& ctx = contextOf(L);
    ctx.used += kHookEvery;
    if (ctx.cancel && ctx.cancel->cancelled())
        luaL_error(L, "stopped");
    if (ctx.used > ctx.budget)
        luaL_error(L, "instruction budget of %I exhausted (raise it with --max-instructions)",
                   static_cast<lua_Integer>(ctx.budget));
}

int strataLoad(lua_State* L) {
    return guarded(L, [L] {
        const fs::path p = scriptPath(L, 1);
        DesignLoad load = loadDesignFile(p.string());
        if (!load.ok()) {
            std::string msg;
            for (const Diagnostic& d : load.diagnostics)
                if (d.severity == Severity::Error)
                    msg += (msg.empty() ? "" : "\n") + format(d);
            return luaL_error(L, "%s", msg.c_str());
        }
        pushDesign(L, std::make_shared<Design>(std::move(*load.design)));
        return 1;
    });
}

int designGet(lua_State* L) {
    return guarded(L, [L] {
        const PathLookup r = getProperty(*checkDesign(L, 1), luaL_checkstring(L, 2));
        if (!r.ok())
            return luaL_error(L, "%s", r.error.c_str());
        pushValue(L, r.value);
        return 1;
    });
}

int designSet(lua_State* L) {
    return guarded(L, [L] {
        const std::string err =
            setProperty(*checkDesign(L, 1), luaL_checkstring(L, 2), toValue(L, 3));
        if (!err.empty())
            return luaL_error(L, "%s", err.c_str());
        lua_settop(L, 1);
        return 1; // the design, so calls chain
    });
}

int designClone(lua_State* L) {
    return guarded(L, [L] {
        pushDesign(L, std::make_shared<Design>(*checkDesign(L, 1)));
        return 1;
    });
}

int designSave(lua_State* L) {
    return guarded(L, [L] {
        const std::string err = saveDesignFile(*checkDesign(L, 1), scriptPath(L, 2).string());
        if (!err.empty())
            return luaL_error(L, "%s", err.c_str());
        return 0;
    });
}

// Tells the script's output when a HotSpot floorplan is stretched over a die of another shape.
void printStretchNote(lua_State* L, const Die& die, const std::string& path) {
    const ChipletType* type = contextOf(L).library->chiplet(die.type);
    if (!type)
        return;
    if (const auto stretch = floorplanStretch(path, die.width_m.value_or(type->width_m),
                                              die.height_m.value_or(type->height_m)))
        *contextOf(L).out << "note: " << path << ": the floorplan (width / height "
                          << stretch->floorplan_aspect << ") is stretched over the die ("
                          << stretch->die_aspect << ")\n";
}

// d:power_map(stack, tier, file [, ptrace]): the tier's power map from a CSV grid
// (interop/power_map_csv.h) or a HotSpot floorplan .flp with its .ptrace
// (interop/hotspot_power_map.h); paths relative to the script; nil to remove it; returns the
// design, so calls chain.
int designPowerMap(lua_State* L) {
    return guarded(L, [L] {
        Design& d = *checkDesign(L, 1);
        const std::string id = luaL_checkstring(L, 2);
        const lua_Integer tier = luaL_checkinteger(L, 3);
        Stack* s = findStack(d, id);
        if (!s)
            return luaL_error(L, "no stack \"%s\" in the design", id.c_str());
        if (tier < 0 || static_cast<std::size_t>(tier) >= s->tiers.size())
            return luaL_error(L, "stack \"%s\" has tiers 0 to %d, not %d", id.c_str(),
                              static_cast<int>(s->tiers.size()) - 1, static_cast<int>(tier));
        std::optional<PowerMap> map;
        if (!lua_isnoneornil(L, 4)) {
            std::string error;
            map = readPowerMapFile(
                scriptPath(L, 4).string(),
                lua_isnoneornil(L, 5) ? std::string() : scriptPath(L, 5).string(), error);
            if (!map)
                return luaL_error(L, "%s", error.c_str());
            printStretchNote(L, s->tiers[static_cast<std::size_t>(tier)].die,
                             scriptPath(L, 4).string());
        }
        s->tiers[static_cast<std::size_t>(tier)].die.power_map = std::move(map);
        lua_settop(L, 1);
        return 1;
    });
}

int designGc(lua_State* L) {
    checkDesign(L, 1).~shared_ptr<Design>();
    return 0;
}

// A Lua array of the numbers.
void pushNumbers(lua_State* L, const std::vector<double>& numbers) {
    lua_createtable(L, static_cast<int>(numbers.size()), 0);
    for (std::size_t k = 0; k < numbers.size(); ++k) {
        lua_pushnumber(L, numbers[k]);
        lua_rawseti(L, -2, static_cast<lua_Integer>(k) + 1);
    }
}

int strataEvaluate(lua_State* L) {
    return guarded(L, [L] {
        Context& ctx = contextOf(L);
        const std::shared_ptr<Design> d = checkDesign(L, 1);
        EvalRequest req{*d, *ctx.library, {}, nullptr, nullptr};
        if (lua_istable(L, 2)) {
            lua_getfield(L, 2, "only");
            if (lua_isstring(L, -1))
                req.options.addOnly(lua_tostring(L, -1));
            lua_pop(L, 1);
            lua_getfield(L, 2, "resolution");
            if (lua_isstring(L, -1))
                req.options.values["thermal.resolution"] = lua_tostring(L, -1);
            lua_pop(L, 1);
            lua_getfield(L, 2, "solver_reuse"); // "session": reuse the last thermal solver
            if (lua_isstring(L, -1))
                req.options.values["thermal.solver_reuse"] = lua_tostring(L, -1);
            lua_pop(L, 1);
            lua_getfield(L, 2, "learn_sources"); // with "session": learn every heat source
            if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
                luaL_error(L, "evaluate: learn_sources must be true or false, got a %s",
                           luaL_typename(L, -1));
            if (lua_toboolean(L, -1))
                req.options.values["thermal.learn_sources"] = "true";
            lua_pop(L, 1);
            lua_getfield(L, 2, "transient"); // a power-trace CSV, relative to the script
            if (lua_isstring(L, -1))
                req.options.values["thermal.transient_trace"] = scriptPath(L, -1).string();
            lua_pop(L, 1);
            for (const auto& [key, option] : {std::pair{"steps", "thermal.transient_steps"},
                                              {"transient_start", "thermal.transient_start"},
                                              {"trace_interval_s", "thermal.trace_interval_s"}}) {
                lua_getfield(L, 2, key); // checked by the thermal evaluator (THM-0021 to 0023)
                if (lua_isstring(L, -1)) // numbers too: 200 -> "200"
                    req.options.values[option] = lua_tostring(L, -1);
                lua_pop(L, 1);
            }
        }
        const EvalResult r = evaluate(ctx.registry, req);
        lua_createtable(L, 0, 4);
        lua_createtable(L, 0, static_cast<int>(r.metrics.size()));
        for (const Metric& m : r.metrics) {
            lua_pushnumber(L, m.value);
            lua_setfield(L, -2, m.name.c_str());
        }
        lua_setfield(L, -2, "metrics");
        lua_createtable(L, 0, static_cast<int>(r.metrics.size()));
        for (const Metric& m : r.metrics) {
            lua_pushstring(L, m.unit.c_str());
            lua_setfield(L, -2, m.name.c_str());
        }
        lua_setfield(L, -2, "units");
        lua_createtable(L, static_cast<int>(r.diagnostics.size()), 0);
        int errors = 0, i = 0;
        for (const Diagnostic& diag : r.diagnostics) {
            lua_createtable(L, 0, 3);
            lua_pushstring(L, diag.code.c_str());
            lua_setfield(L, -2, "code");
            lua_pushstring(L, severityName(diag.severity));
            lua_setfield(L, -2, "severity");
            lua_pushstring(L, diag.message.c_str());
            lua_setfield(L, -2, "message");
            lua_rawseti(L, -2, ++i);
            errors += diag.severity == Severity::Error ? 1 : 0;
        }
        lua_setfield(L, -2, "diagnostics");
        lua_pushinteger(L, errors);
        lua_setfield(L, -2, "errors");
        // Fields (temperature maps): name -> {unit, nx, ny, values (row-major from the lowest
        // y; NaN, which is not equal to itself, where a map of all dies has no die or a layer has
        // no material), x_lines, y_lines in metres, x_axis and y_axis ("x", "y"; a cross-section's
        // second axis is "z", one row per layer), and time_s for a transient's snapshot}.
        lua_createtable(L, 0, static_cast<int>(r.fields.size()));
        for (const Field& f : r.fields) {
            lua_createtable(L, 0, 8);
            lua_pushstring(L, f.unit.c_str());
            lua_setfield(L, -2, "unit");
            lua_pushinteger(L, f.nx);
            lua_setfield(L, -2, "nx");
            lua_pushinteger(L, f.ny);
            lua_setfield(L, -2, "ny");
            lua_pushstring(L, f.x_axis.c_str());
            lua_setfield(L, -2, "x_axis");
            lua_pushstring(L, f.y_axis.c_str());
            lua_setfield(L, -2, "y_axis");
            for (const auto& [key, list] : {std::pair{"values", &f.values},
                                            {"x_lines", &f.x_lines},
                                            {"y_lines", &f.y_lines}}) {
                pushNumbers(L, *list);
                lua_setfield(L, -2, key);
            }
            if (f.time_s >= 0) {
                lua_pushnumber(L, f.time_s);
                lua_setfield(L, -2, "time_s");
            }
            lua_setfield(L, -2, f.name.c_str());
        }
        lua_setfield(L, -2, "fields");
        // Time series (a transient's blocks): name -> {unit, time_s, values}.
        lua_createtable(L, 0, static_cast<int>(r.series.size()));
        for (const Series& s : r.series) {
            lua_createtable(L, 0, 3);
            lua_pushstring(L, s.unit.c_str());
            lua_setfield(L, -2, "unit");
            pushNumbers(L, s.time_s);
            lua_setfield(L, -2, "time_s");
            pushNumbers(L, s.values);
            lua_setfield(L, -2, "values");
            lua_setfield(L, -2, s.name.c_str());
        }
        lua_setfield(L, -2, "series");
        return 1;
    });
}

template <class T> int pushIds(lua_State* L, const std::vector<T>& items) {
    lua_createtable(L, static_cast<int>(items.size()), 0);
    int i = 0;
    for (const T& item : items) {
        lua_pushstring(L, item.id.c_str());
        lua_rawseti(L, -2, ++i);
    }
    return 1;
}
int strataWorkloads(lua_State* L) {
    return pushIds(L, contextOf(L).library->workloads);
}
int strataChiplets(lua_State* L) {
    return pushIds(L, contextOf(L).library->chiplets);
}
int libraryMaterials(lua_State* L) {
    return pushIds(L, contextOf(L).library->materials);
}
int libraryTechnologies(lua_State* L) {
    return pushIds(L, contextOf(L).library->technologies);
}
int libraryMemories(lua_State* L) {
    return pushIds(L, contextOf(L).library->memories);
}
int libraryPhys(lua_State* L) {
    return pushIds(L, contextOf(L).library->phys);
}
int libraryBonds(lua_State* L) {
    return pushIds(L, contextOf(L).library->bonds);
}
int libraryPackages(lua_State* L) {
    return pushIds(L, contextOf(L).library->packages);
}

int strataNew(lua_State* L) {
    return guarded(L, [L] {
        auto d = std::make_shared<Design>();
        d->name = "new";
        d->package.kind = "organic";
        d->package.width_m = d->package.height_m = 40e-3;
        d->cooling = defaultCooling(d->package);
        pushDesign(L, std::move(d));
        return 1;
    });
}

int strataUnit(lua_State* L) {
    lua_pushstring(L, std::string(unitForKey(luaL_checkstring(L, 1)).label).c_str());
    return 1;
}

int strataSi(lua_State* L) {
    lua_pushnumber(L, unitForKey(luaL_checkstring(L, 2)).toSI(luaL_checknumber(L, 1)));
    return 1;
}

int strataFromSi(lua_State* L) {
    lua_pushnumber(L, unitForKey(luaL_checkstring(L, 2)).fromSI(luaL_checknumber(L, 1)));
    return 1;
}

int luaPrint(lua_State* L) {
    std::ostream& out = *contextOf(L).out;
    const int n = lua_gettop(L);
    for (int i = 1; i <= n; ++i) {
        out << (i > 1 ? "\t" : "") << luaL_tolstring(L, i, nullptr);
        lua_pop(L, 1);
    }
    out << "\n";
    return 0;
}

// require(name): name.lua in the script's folder, then in the shipped stdlib; nothing native.
int luaRequire(lua_State* L) {
    const std::string name = luaL_checkstring(L, 1);
    if (name.find("..") != std::string::npos || name.find('/') != std::string::npos)
        return luaL_error(L, "require \"%s\": module names are plain names (no paths)",
                          name.c_str());
    lua_getfield(L, LUA_REGISTRYINDEX, "strata.loaded");
    lua_getfield(L, -1, name.c_str());
    if (!lua_isnil(L, -1))
        return 1;
    lua_pop(L, 1);
    for (const fs::path& dir : {contextOf(L).script_dir, fs::path(stdlibDir())}) {
        const fs::path file = dir / (name + ".lua");
        std::string text, err;
        if (!readWholeFile(file.string(), text, err))
            continue;
        if (luaL_loadbufferx(L, text.data(), text.size(), ("@" + file.string()).c_str(), "t") !=
            LUA_OK)
            return lua_error(L);
        lua_call(L, 0, 1);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_pushboolean(L, 1);
        }
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, name.c_str());
        return 1;
    }
    return luaL_error(L,
                      "module \"%s\" not found (require looks only in the script's folder and "
                      "the shipped scripting/stdlib)",
                      name.c_str());
}

int traceback(lua_State* L) {
    const char* msg = lua_tostring(L, 1);
    luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
    return 1;
}

void openSandbox(lua_State* L, const std::vector<std::string>& args) {
    const luaL_Reg safe[] = {{LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string},
                             {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
                             {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_COLIBNAME, luaopen_coroutine}};
    for (const luaL_Reg& lib : safe) {
        luaL_requiref(L, lib.name, lib.func, 1);
        lua_pop(L, 1);
    }
    // Base functions that reach files or load binary chunks are removed.
    for (const char* unsafe : {"dofile", "loadfile", "load", "collectgarbage"}) {
        lua_pushnil(L);
        lua_setglobal(L, unsafe);
    }
    lua_pushcfunction(L, luaPrint);
    lua_setglobal(L, "print");
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "strata.loaded");
    lua_pushcfunction(L, luaRequire);
    lua_setglobal(L, "require");

    luaL_newmetatable(L, kDesignMeta);
    const luaL_Reg methods[] = {{"get", designGet},
                                {"set", designSet},
                                {"clone", designClone},
                                {"save", designSave},
                                {"power_map", designPowerMap},
                                {"export_hotspot", designExportHotSpot},
                                {"compare_hotspot", designCompareHotSpot},
                                {"export_3dice", designExportThreeDice},
                                {"compare_3dice", designCompareThreeDice},
                                {"export_3dblox", designExportThreeDBlox},
                                {"export_chiplet", designExportChiplet},
                                {"export_svg", designExportSvg},
                                {"diff", designDiff},
                                {nullptr, nullptr}};
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, designGc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);

    registerStoreMetatable(L);

    const luaL_Reg module[] = {{"load", strataLoad},
                               {"new", strataNew},
                               {"unit", strataUnit},
                               {"si", strataSi},
                               {"from_si", strataFromSi},
                               {"store", strataStore},
                               {"sweep", strataSweep},
                               {"optimize", strataOptimize},
                               {"evaluate", strataEvaluate},
                               {"compare", strataCompare},
                               {"import_3dblox", strataImportThreeDBlox},
                               {"import_chiplet", strataImportChiplet},
                               {"import", strataImportWithPlugin},
                               {nullptr, nullptr}};
    luaL_newlib(L, module);
    lua_createtable(L, static_cast<int>(args.size()), 0);
    for (std::size_t i = 0; i < args.size(); ++i) {
        lua_pushstring(L, args[i].c_str());
        lua_rawseti(L, -2, static_cast<lua_Integer>(i) + 1);
    }
    lua_setfield(L, -2, "args");
    const luaL_Reg libraryFunctions[] = {{"chiplets", strataChiplets},
                                         {"workloads", strataWorkloads},
                                         {"materials", libraryMaterials},
                                         {"technologies", libraryTechnologies},
                                         {"memories", libraryMemories},
                                         {"phys", libraryPhys},
                                         {"bonds", libraryBonds},
                                         {"packages", libraryPackages},
                                         {nullptr, nullptr}};
    luaL_newlib(L, libraryFunctions);
    lua_setfield(L, -2, "library");
    lua_setglobal(L, "strata");
    // strata.pareto and strata.linspace come from the shipped stdlib (sweeps.lua).
    const char* prelude = "local s = require('sweeps') strata.pareto = s.pareto "
                          "strata.linspace = s.linspace";
    if (luaL_loadbufferx(L, prelude, std::strlen(prelude), "=prelude", "t") == LUA_OK)
        lua_call(L, 0, 0);
    else
        lua_pop(L, 1);
}

} // namespace

std::string stdlibDir() {
    if (const char* env = std::getenv("STRATA_LUA_STDLIB"))
        return env;
    if (std::string installed = installedDir("share/strata/lua"); !installed.empty())
        return installed;
    return STRATA_SOURCE_STDLIB_DIR;
}

namespace {
// One run of Lua source: `chunk` names it in messages ("@file.lua" or "=console"), `dir` is where
// `require` looks first, `current` (if any) is the global `design`.
ScriptResult runSource(const std::string& text, const std::string& chunk, const fs::path& dir,
                       const std::string& file, const std::vector<std::string>& args,
                       const Library& library, std::ostream& out, const ScriptLimits& limits,
                       std::shared_ptr<Design> current) {
    ScriptResult result;
    Context ctx;
    ctx.library = &library;
    ctx.out = &out;
    ctx.script_dir = dir;
    ctx.script_file = file;
    ctx.terminal = limits.terminal;
    ctx.cancel = limits.cancel;
    ctx.budget = limits.instructions;
    ctx.memory_limit = limits.memory_bytes;
    registerAllEvaluators(ctx.registry);
    lua_State* L = lua_newstate(limitedAlloc, &ctx);
    if (!L) {
        result.error = "cannot create a Lua state";
        return result;
    }
    *static_cast<Context**>(lua_getextraspace(L)) = &ctx;
    lua_sethook(L, budgetHook, LUA_MASKCOUNT, kHookEvery);
    try {
        openSandbox(L, args);
        if (current) {
            pushDesign(L, std::move(current));
            lua_setglobal(L, "design");
        }
        lua_pushcfunction(L, traceback);
        if (luaL_loadbufferx(L, text.data(), text.size(), chunk.c_str(), "t") != LUA_OK) {
            result.error = lua_tostring(L, -1);
        } else if (lua_pcall(L, 0, 0, -2) != LUA_OK) {
            result.error = lua_isstring(L, -1) ? lua_tostring(L, -1) : "error object";
            if (ctx.out_of_memory)
                result.error += "\n(the script hit its memory limit of " +
                                std::to_string(limits.memory_bytes >> 20) +
                                " MiB; raise it with --max-memory-mb)";
        } else {
            result.ok = true;
        }
    } catch (const std::exception& e) { // a failure outside any protected call
        result.error = std::string("Lua: ") + e.what();
    }
    lua_close(L);
    return result;
}
} // namespace

ScriptResult runScript(const std::string& file, const std::vector<std::string>& args,
                       const Library& library, std::ostream& out, const ScriptLimits& limits) {
    std::string text, err;
    if (!readWholeFile(file, text, err)) {
        ScriptResult result;
        result.error = file + ": " + err;
        return result;
    }
    return runSource(text, "@" + file, fs::absolute(fs::path(file)).parent_path(), file, args,
                     library, out, limits, nullptr);
}

ScriptResult runChunk(const std::string& code, const std::string& name,
                      std::shared_ptr<Design> current, const std::string& dir,
                      const Library& library, std::ostream& out, const ScriptLimits& limits) {
    return runSource(code, "=" + name, fs::absolute(fs::path(dir.empty() ? "." : dir)), name, {},
                     library, out, limits, std::move(current));
}

} // namespace strata::lua
