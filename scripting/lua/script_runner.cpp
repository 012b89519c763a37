#include "lua/script_runner.h"

#include "core/atomic_file.h"
#include "core/units.h"
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "model/design_io.h"
#include "model/property_path.h"
#include "store/result_store.h"
#include "sweep/bayes.h"
#include "sweep/nsga2.h"
#include "sweep/sweep.h"

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

constexpr const char* kDesignMeta = "strata.Design";
constexpr const char* kStoreMeta = "strata.Store";
constexpr int kHookEvery = 10'000; // instructions between budget checks

// Everything one run needs, reachable from the Lua state's extra space.
struct Context {
    const Library* library = nullptr;
    std::ostream* out = nullptr;
    fs::path script_dir;
    std::string script_file;
    bool terminal = false;
    const CancelToken* cancel = nullptr;
    std::uint64_t budget = 0, used = 0;
    std::size_t memory_limit = 0, memory_used = 0;
    bool out_of_memory = false;
    EvaluatorRegistry registry;
};

Context& contextOf(lua_State* L) {
    return **static_cast<Context**>(lua_getextraspace(L));
}

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
    if (ctx.used > ctx.budget)
        luaL_error(L, "instruction budget of %I exhausted (raise it with --max-instructions)",
                   static_cast<lua_Integer>(ctx.budget));
}

// A path given by a script: relative to the script's folder.
fs::path scriptPath(lua_State* L, int arg) {
    const fs::path p(luaL_checkstring(L, arg));
    return p.is_absolute() ? p : contextOf(L).script_dir / p;
}

std::shared_ptr<Design>& checkDesign(lua_State* L, int arg) {
    return *static_cast<std::shared_ptr<Design>*>(luaL_checkudata(L, arg, kDesignMeta));
}

void pushDesign(lua_State* L, std::shared_ptr<Design> d) {
    void* mem = lua_newuserdatauv(L, sizeof(std::shared_ptr<Design>), 0);
    new (mem) std::shared_ptr<Design>(std::move(d));
    luaL_setmetatable(L, kDesignMeta);
}

void pushValue(lua_State* L, const Value& v) {
    if (std::holds_alternative<bool>(v))
        lua_pushboolean(L, std::get<bool>(v));
    else if (std::holds_alternative<std::int64_t>(v))
        lua_pushinteger(L, std::get<std::int64_t>(v));
    else if (std::holds_alternative<double>(v))
        lua_pushnumber(L, std::get<double>(v));
    else if (std::holds_alternative<std::string>(v))
        lua_pushstring(L, std::get<std::string>(v).c_str());
    else
        lua_pushnil(L);
}

Value toValue(lua_State* L, int arg) {
    switch (lua_type(L, arg)) {
    case LUA_TBOOLEAN:
        return lua_toboolean(L, arg) != 0;
    case LUA_TNUMBER:
        if (lua_isinteger(L, arg))
            return static_cast<std::int64_t>(lua_tointeger(L, arg));
        return lua_tonumber(L, arg);
    case LUA_TSTRING:
        return std::string(lua_tostring(L, arg));
    case LUA_TNIL:
        return std::monostate{};
    default:
        luaL_argerror(L, arg, "expected a number, string, boolean or nil");
    }
    return {};
}

// Runs a binding body; a C++ exception becomes a Lua error with its message.
template <class F> int guarded(lua_State* L, F body) {
    try {
        return body();
    } catch (const std::exception& e) {
        return luaL_error(L, "%s", e.what());
    }
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

int designGc(lua_State* L) {
    checkDesign(L, 1).~shared_ptr<Design>();
    return 0;
}

int strataEvaluate(lua_State* L) {
    return guarded(L, [L] {
        Context& ctx = contextOf(L);
        const std::shared_ptr<Design> d = checkDesign(L, 1);
        EvalRequest req{*d, *ctx.library, {}, nullptr, nullptr};
        if (lua_istable(L, 2)) {
            lua_getfield(L, 2, "only");
            if (lua_isstring(L, -1)) {
                std::string only = lua_tostring(L, -1);
                std::size_t start = 0;
                while (start <= only.size()) {
                    const std::size_t end = std::min(only.find(',', start), only.size());
                    if (end > start)
                        req.options.only.push_back(only.substr(start, end - start));
                    start = end + 1;
                }
            }
            lua_pop(L, 1);
            lua_getfield(L, 2, "resolution");
            if (lua_isstring(L, -1))
                req.options.values["thermal.resolution"] = lua_tostring(L, -1);
            lua_pop(L, 1);
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
        // y), x_lines, y_lines in metres}.
        lua_createtable(L, 0, static_cast<int>(r.fields.size()));
        for (const Field& f : r.fields) {
            lua_createtable(L, 0, 6);
            lua_pushstring(L, f.unit.c_str());
            lua_setfield(L, -2, "unit");
            lua_pushinteger(L, f.nx);
            lua_setfield(L, -2, "nx");
            lua_pushinteger(L, f.ny);
            lua_setfield(L, -2, "ny");
            for (const auto& [key, list] : {std::pair{"values", &f.values},
                                            {"x_lines", &f.x_lines},
                                            {"y_lines", &f.y_lines}}) {
                lua_createtable(L, static_cast<int>(list->size()), 0);
                for (std::size_t k = 0; k < list->size(); ++k) {
                    lua_pushnumber(L, (*list)[k]);
                    lua_rawseti(L, -2, static_cast<lua_Integer>(k) + 1);
                }
                lua_setfield(L, -2, key);
            }
            lua_setfield(L, -2, f.name.c_str());
        }
        lua_setfield(L, -2, "fields");
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

std::shared_ptr<ResultStore>& checkStore(lua_State* L, int arg) {
    return *static_cast<std::shared_ptr<ResultStore>*>(luaL_checkudata(L, arg, kStoreMeta));
}

int strataStore(lua_State* L) {
    return guarded(L, [L] {
        std::string err;
        std::shared_ptr<ResultStore> store = ResultStore::open(scriptPath(L, 1).string(), err);
        if (!store)
            return luaL_error(L, "%s", err.c_str());
        void* mem = lua_newuserdatauv(L, sizeof(std::shared_ptr<ResultStore>), 0);
        new (mem) std::shared_ptr<ResultStore>(std::move(store));
        luaL_setmetatable(L, kStoreMeta);
        return 1;
    });
}

int storeGc(lua_State* L) {
    checkStore(L, 1).~shared_ptr<ResultStore>();
    return 0;
}

int storeQuery(lua_State* L) {
    return guarded(L, [L] {
        const ResultStore::QueryResult r = checkStore(L, 1)->query(luaL_checkstring(L, 2));
        if (!r.error.empty())
            return luaL_error(L, "%s", r.error.c_str());
        lua_createtable(L, static_cast<int>(r.rows.size()), 0);
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
            lua_createtable(L, 0, static_cast<int>(r.columns.size()));
            for (std::size_t c = 0; c < r.columns.size(); ++c) {
                lua_pushstring(L, r.rows[i][c].c_str());
                lua_setfield(L, -2, r.columns[c].c_str());
            }
            lua_rawseti(L, -2, static_cast<lua_Integer>(i) + 1);
        }
        return 1;
    });
}

double numberField(lua_State* L, int table, const char* key, double fallback) {
    lua_getfield(L, table, key);
    const double v = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : fallback;
    lua_pop(L, 1);
    return v;
}

std::string stringField(lua_State* L, int table, const char* key, const std::string& fallback) {
    lua_getfield(L, table, key);
    const std::string v = lua_isstring(L, -1) ? lua_tostring(L, -1) : fallback;
    lua_pop(L, 1);
    return v;
}

// The common fields of strata.sweep and strata.optimize: design, axes ({path, values} or
// {path, from, to, steps, log}), sampler, samples, seed, parallel, store, only, resolution.
struct SweepCall {
    std::shared_ptr<Design> base;
    SweepSpec spec;
    std::shared_ptr<ResultStore> store;
};

SweepCall readSweepCall(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    SweepCall call;
    lua_getfield(L, 1, "design");
    call.base = checkDesign(L, -1);
    lua_pop(L, 1);
    SweepSpec& spec = call.spec;
    spec.sampler = stringField(L, 1, "sampler", "grid");
    if (spec.sampler != "grid" && spec.sampler != "random" && spec.sampler != "lhs")
        luaL_error(L, "sweep: sampler must be grid, random or lhs, got \"%s\"",
                   spec.sampler.c_str());
    spec.samples = static_cast<int>(numberField(L, 1, "samples", 0));
    spec.seed = static_cast<unsigned>(numberField(L, 1, "seed", 1));
    spec.parallel = static_cast<int>(numberField(L, 1, "parallel", 1));
    const std::string only = stringField(L, 1, "only", "");
    for (std::size_t start = 0; start < only.size();) {
        const std::size_t end = std::min(only.find(',', start), only.size());
        if (end > start)
            spec.options.only.push_back(only.substr(start, end - start));
        start = end + 1;
    }
    spec.options.values["thermal.resolution"] = stringField(L, 1, "resolution", "coarse");
    lua_getfield(L, 1, "axes");
    luaL_checktype(L, -1, LUA_TTABLE);
    const int axes = lua_gettop(L);
    for (lua_Integer i = 1; lua_rawgeti(L, axes, i) == LUA_TTABLE; ++i) {
        const int ax = lua_gettop(L);
        SweepAxis a;
        a.path = stringField(L, ax, "path", "");
        if (a.path.empty())
            luaL_error(L, "sweep: axis %d has no path", static_cast<int>(i));
        a.min = numberField(L, ax, "from", 0);
        a.max = numberField(L, ax, "to", 0);
        lua_getfield(L, ax, "log");
        a.log = lua_toboolean(L, -1) != 0;
        lua_pop(L, 1);
        lua_getfield(L, ax, "values");
        if (lua_istable(L, -1)) {
            const int vt = lua_gettop(L);
            for (lua_Integer k = 1; lua_rawgeti(L, vt, k) != LUA_TNIL; ++k) {
                a.values.push_back(toValue(L, -1));
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
        } else {
            const int steps = static_cast<int>(numberField(L, ax, "steps", 0));
            for (int k = 0; k < steps; ++k) {
                const double u = steps > 1 ? static_cast<double>(k) / (steps - 1) : 0.0;
                a.values.emplace_back(a.log && a.min > 0 && a.max > 0
                                          ? a.min * std::pow(a.max / a.min, u)
                                          : a.min + (a.max - a.min) * u);
            }
        }
        lua_pop(L, 2); // values (or nil), the axis
        spec.axes.push_back(std::move(a));
    }
    lua_pop(L, 2); // the nil that ended the list, axes
    lua_getfield(L, 1, "store");
    if (!lua_isnil(L, -1))
        call.store = checkStore(L, -1);
    lua_pop(L, 1);
    return call;
}

// Progress: a bar redrawn in place on a terminal, one line per point otherwise.
std::function<void(const SweepProgress&)> progressLines(const Context& ctx) {
    std::ostream& out = *ctx.out;
    const bool bar = ctx.terminal;
    return [&out, bar](const SweepProgress& p) {
        const double rate = p.seconds > 0 ? p.done / p.seconds : 0;
        const double eta = rate > 0 ? (p.total - p.done) / rate : 0;
        char text[160];
        if (bar) {
            const int width = 30, filled = p.total > 0 ? width * p.done / p.total : width;
            std::snprintf(text, sizeof text,
                          "\r[%.*s%*s] %d/%d  %.1f/s  ETA %.0f s  (%d cached, %d failed)", filled,
                          "##############################", width - filled, "", p.done, p.total,
                          rate, eta, p.cached, p.failed);
            out << text << (p.done == p.total ? "\n" : "") << std::flush;
        } else {
            std::snprintf(text, sizeof text,
                          "sweep: %d/%d points (%d from the store, %d failed), %.2f points/s, "
                          "ETA %.0f s\n",
                          p.done, p.total, p.cached, p.failed, rate, eta);
            out << text << std::flush;
        }
    };
}

void pushRows(lua_State* L, const std::vector<SweepRow>& rows, const std::vector<SweepAxis>& axes,
              const std::vector<std::size_t>* only = nullptr) {
    const std::size_t n = only ? only->size() : rows.size();
    lua_createtable(L, static_cast<int>(n), 0);
    for (std::size_t k = 0; k < n; ++k) {
        const SweepRow& row = rows[only ? (*only)[k] : k];
        lua_createtable(L, 0, 5);
        lua_createtable(L, 0, static_cast<int>(axes.size()));
        for (std::size_t a = 0; a < axes.size() && a < row.values.size(); ++a) {
            pushValue(L, row.values[a]);
            lua_setfield(L, -2, axes[a].path.c_str());
        }
        lua_setfield(L, -2, "params");
        lua_createtable(L, 0, static_cast<int>(row.metrics.size()));
        for (const Metric& m : row.metrics) {
            lua_pushnumber(L, m.value);
            lua_setfield(L, -2, m.name.c_str());
        }
        lua_setfield(L, -2, "metrics");
        lua_pushstring(L, row.status.c_str());
        lua_setfield(L, -2, "status");
        lua_pushstring(L, row.error.c_str());
        lua_setfield(L, -2, "error");
        lua_pushboolean(L, row.cached);
        lua_setfield(L, -2, "cached");
        lua_rawseti(L, -2, static_cast<lua_Integer>(k) + 1);
    }
}

// strata.sweep{...} -> rows {params, metrics, status, error, cached}
int strataSweep(lua_State* L) {
    return guarded(L, [L] {
        Context& ctx = contextOf(L);
        const SweepCall call = readSweepCall(L);
        const std::int64_t run = call.store ? call.store->beginRun(ctx.script_file, "sweep") : 0;
        const std::vector<SweepRow> rows =
            runSweep(*call.base, *ctx.library, ctx.registry, call.spec, call.store.get(), run,
                     progressLines(ctx), ctx.cancel);
        const bool stopped = ctx.cancel && ctx.cancel->cancelled();
        if (call.store)
            call.store->endRun(run, stopped ? "cancelled" : "ok");
        if (stopped)
            *ctx.out << "sweep: cancelled after " << rows.size()
                     << " points; run the script again to resume\n";
        pushRows(L, rows, call.spec.axes);
        return 1;
    });
}

// strata.optimize{<sweep fields>, objectives = {{"metric", "min"|"max"}, ...},
//   constraints = {{"metric", min = a, max = b}, ...}, population = n, generations = g}
//   -> {front = rows, evaluated = rows}   (NSGA-II, sweep/nsga2.h)
int strataOptimize(lua_State* L) {
    return guarded(L, [L] {
        Context& ctx = contextOf(L);
        const SweepCall call = readSweepCall(L);
        OptimizeSpec spec;
        spec.sweep = call.spec;
        spec.nsga.population = static_cast<int>(numberField(L, 1, "population", 24));
        spec.nsga.generations = static_cast<int>(numberField(L, 1, "generations", 10));
        spec.nsga.seed = call.spec.seed;
        lua_getfield(L, 1, "objectives");
        if (!lua_istable(L, -1))
            return luaL_error(L, "optimize: objectives = {{\"metric\", \"min\"|\"max\"}, ...} "
                                 "is required");
        for (lua_Integer i = 1; lua_rawgeti(L, -1, i) == LUA_TTABLE; ++i) {
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            const char* metric = lua_tostring(L, -2);
            const std::string sense = lua_isstring(L, -1) ? lua_tostring(L, -1) : "min";
            if (!metric || (sense != "min" && sense != "max"))
                return luaL_error(L, "optimize: objective %d must be {\"metric\", \"min\"|\"max\"}",
                                  static_cast<int>(i));
            spec.objectives.push_back({metric, sense == "max"});
            lua_pop(L, 3);
        }
        lua_pop(L, 2);
        lua_getfield(L, 1, "constraints");
        if (lua_istable(L, -1))
            for (lua_Integer i = 1; lua_rawgeti(L, -1, i) == LUA_TTABLE; ++i) {
                Constraint c;
                lua_rawgeti(L, -1, 1);
                c.metric = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
                lua_pop(L, 1);
                lua_getfield(L, -1, "min");
                if (lua_isnumber(L, -1))
                    c.min = lua_tonumber(L, -1);
                lua_getfield(L, -2, "max");
                if (lua_isnumber(L, -1))
                    c.max = lua_tonumber(L, -1);
                lua_pop(L, 3);
                if (c.metric.empty())
                    return luaL_error(L, "optimize: constraint %d needs a metric",
                                      static_cast<int>(i));
                spec.constraints.push_back(c);
            }
        lua_settop(L, 1);
        const std::int64_t run = call.store ? call.store->beginRun(ctx.script_file, "optimize") : 0;
        const std::string method = stringField(L, 1, "method", "nsga2");
        OptimizeResult r;
        if (method == "bayes") {
            BayesOptions bo;
            bo.initial = static_cast<int>(numberField(L, 1, "initial", 8));
            bo.iterations = static_cast<int>(numberField(L, 1, "iterations", 16));
            bo.batch = std::max(1, call.spec.parallel);
            bo.seed = call.spec.seed;
            r = bayesOptimizeDesign(*call.base, *ctx.library, ctx.registry, spec, bo,
                                    call.store.get(), run, progressLines(ctx));
        } else if (method == "nsga2") {
            r = optimizeDesign(*call.base, *ctx.library, ctx.registry, spec, call.store.get(), run,
                               progressLines(ctx));
        } else {
            return luaL_error(L, "optimize: method must be nsga2 or bayes, got \"%s\"",
                              method.c_str());
        }
        if (call.store)
            call.store->endRun(run, "ok");
        lua_createtable(L, 0, 2);
        pushRows(L, r.evaluated, spec.sweep.axes, &r.front);
        lua_setfield(L, -2, "front");
        pushRows(L, r.evaluated, spec.sweep.axes);
        lua_setfield(L, -2, "evaluated");
        return 1;
    });
}

int strataNew(lua_State* L) {
    return guarded(L, [L] {
        auto d = std::make_shared<Design>();
        d->name = "new";
        d->package.kind = "organic";
        d->package.width_m = d->package.height_m = 40e-3;
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
                                {nullptr, nullptr}};
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, designGc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);

    luaL_newmetatable(L, kStoreMeta);
    const luaL_Reg storeMethods[] = {{"query", storeQuery}, {nullptr, nullptr}};
    lua_newtable(L);
    luaL_setfuncs(L, storeMethods, 0);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, storeGc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);

    const luaL_Reg module[] = {{"load", strataLoad},         {"new", strataNew},
                               {"unit", strataUnit},         {"si", strataSi},
                               {"from_si", strataFromSi},    {"store", strataStore},
                               {"sweep", strataSweep},       {"optimize", strataOptimize},
                               {"evaluate", strataEvaluate}, {"workloads", strataWorkloads},
                               {"chiplets", strataChiplets}, {nullptr, nullptr}};
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
    return STRATA_SOURCE_STDLIB_DIR;
}

ScriptResult runScript(const std::string& file, const std::vector<std::string>& args,
                       const Library& library, std::ostream& out, const ScriptLimits& limits) {
    ScriptResult result;
    std::string text, err;
    if (!readWholeFile(file, text, err)) {
        result.error = file + ": " + err;
        return result;
    }
    Context ctx;
    ctx.library = &library;
    ctx.out = &out;
    ctx.script_dir = fs::absolute(fs::path(file)).parent_path();
    ctx.script_file = file;
    ctx.terminal = limits.terminal;
    ctx.cancel = limits.cancel;
    ctx.budget = limits.instructions;
    ctx.memory_limit = limits.memory_bytes;
    registerBuiltinEvaluators(ctx.registry);
    lua_State* L = lua_newstate(limitedAlloc, &ctx);
    if (!L) {
        result.error = "cannot create a Lua state";
        return result;
    }
    *static_cast<Context**>(lua_getextraspace(L)) = &ctx;
    lua_sethook(L, budgetHook, LUA_MASKCOUNT, kHookEvery);
    try {
        openSandbox(L, args);
        lua_pushcfunction(L, traceback);
        const std::string chunk = "@" + file;
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

} // namespace strata::lua
