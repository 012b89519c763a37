// design:diff(other) and strata.compare(before, after): the comparisons of `strata-cli diff` and
// the studio's baseline (model/design_diff.h, eval/metric_comparison.h) for scripts.
#include "eval/metric_comparison.h"
#include "lua/lua_context.h"
#include "model/design_diff.h"

#include <algorithm>
#include <cmath>

namespace strata::lua::detail {

namespace {

// The metrics of a result table from strata.evaluate ({metrics = {name = value}, units = ...}),
// sorted by name (a Lua table has no order).
std::vector<Metric> metricsOf(lua_State* L, int arg) {
    luaL_checktype(L, arg, LUA_TTABLE);
    if (lua_getfield(L, arg, "metrics") != LUA_TTABLE)
        luaL_argerror(L, arg, "expected a result of strata.evaluate (a table with metrics)");
    lua_getfield(L, arg, "units"); // optional: the units of the metrics
    const bool units = lua_istable(L, -1);
    std::vector<Metric> out;
    lua_pushnil(L);
    while (lua_next(L, -3) != 0) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TNUMBER) {
            luaL_argerror(L, arg, "metrics must map metric names to numbers");
        }
        Metric m;
        m.name = lua_tostring(L, -2);
        m.value = lua_tonumber(L, -1);
        if (units) {
            lua_getfield(L, -3, m.name.c_str());
            if (lua_isstring(L, -1))
                m.unit = lua_tostring(L, -1);
            lua_pop(L, 1);
        }
        out.push_back(std::move(m));
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
    std::sort(out.begin(), out.end(),
              [](const Metric& a, const Metric& b) { return a.name < b.name; });
    return out;
}

void setString(lua_State* L, const char* key, const std::string& value) {
    lua_pushstring(L, value.c_str());
    lua_setfield(L, -2, key);
}

} // namespace

// d:diff(other) -> { {path=, change="changed"|"added"|"removed", before=, after=}, ... }
int designDiff(lua_State* L) {
    return guarded(L, [L] {
        const std::vector<DesignChange> changes =
            diffDesigns(*checkDesign(L, 1), *checkDesign(L, 2));
        lua_createtable(L, static_cast<int>(changes.size()), 0);
        for (std::size_t i = 0; i < changes.size(); ++i) {
            const DesignChange& c = changes[i];
            lua_createtable(L, 0, 4);
            setString(L, "path", c.path);
            setString(L, "change",
                      c.kind == DesignChange::Kind::Added     ? "added"
                      : c.kind == DesignChange::Kind::Removed ? "removed"
                                                              : "changed");
            setString(L, "before", c.before);
            setString(L, "after", c.after);
            lua_rawseti(L, -2, static_cast<lua_Integer>(i) + 1);
        }
        return 1;
    });
}

// strata.compare(before, after) -> the metrics that changed, by name:
//   { {name=, unit=, before=, after=, delta=, relative=, verdict="better"|"worse"|"neutral"} }
// (before or after nil for a metric on one side only; relative nil when before is 0).
int strataCompare(lua_State* L) {
    return guarded(L, [L] {
        const std::vector<Metric> before = metricsOf(L, 1), after = metricsOf(L, 2);
        lua_newtable(L);
        int n = 0;
        for (const MetricChange& c : compareMetrics(before, after)) {
            if (!c.changed())
                continue;
            lua_createtable(L, 0, 7);
            setString(L, "name", c.name);
            setString(L, "unit", c.unit);
            if (c.in_before) {
                lua_pushnumber(L, c.before);
                lua_setfield(L, -2, "before");
            }
            if (c.in_after) {
                lua_pushnumber(L, c.after);
                lua_setfield(L, -2, "after");
            }
            if (c.in_before && c.in_after && !c.unitChanged()) {
                lua_pushnumber(L, c.delta());
                lua_setfield(L, -2, "delta");
                if (std::isfinite(c.relative())) {
                    lua_pushnumber(L, c.relative());
                    lua_setfield(L, -2, "relative");
                }
            }
            setString(L, "verdict", c.verdict > 0 ? "better" : c.verdict < 0 ? "worse" : "neutral");
            lua_rawseti(L, -2, ++n);
        }
        return 1;
    });
}

} // namespace strata::lua::detail
