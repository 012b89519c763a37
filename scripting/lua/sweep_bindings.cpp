// The results-store, sweep and optimiser functions of the strata Lua module (see
// script_runner.h for the script-side API).
#include "lua/lua_context.h"
#include "store/result_store.h"
#include "sweep/bayes.h"
#include "sweep/nsga2.h"
#include "sweep/sweep.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace strata::lua::detail {

namespace {
std::shared_ptr<ResultStore>& checkStore(lua_State* L, int arg) {
    return *static_cast<std::shared_ptr<ResultStore>*>(luaL_checkudata(L, arg, kStoreMeta));
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
    spec.options.addOnly(stringField(L, 1, "only", ""));
    spec.options.values["thermal.resolution"] = stringField(L, 1, "resolution", "coarse");
    // "session": the points share the steady thermal solver (a sweep of powers only re-solves).
    spec.options.values["thermal.solver_reuse"] = stringField(L, 1, "solver_reuse", "evaluation");
    // With "session": the solver learns every heat source's response at the first point, and the
    // points that change only powers are projections from then on.
    lua_getfield(L, 1, "learn_sources");
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
        luaL_error(L, "sweep: learn_sources must be true or false, got a %s", luaL_typename(L, -1));
    // Set only when true: the default keeps the options, and so the stores' keys, as before.
    if (lua_toboolean(L, -1))
        spec.options.values["thermal.learn_sources"] = "true";
    lua_pop(L, 1);
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

} // namespace

void registerStoreMetatable(lua_State* L) {
    luaL_newmetatable(L, kStoreMeta);
    const luaL_Reg storeMethods[] = {{"query", storeQuery}, {nullptr, nullptr}};
    lua_newtable(L);
    luaL_setfuncs(L, storeMethods, 0);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, storeGc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
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

} // namespace strata::lua::detail
