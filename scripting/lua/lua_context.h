#pragma once
// Internals shared by the Lua binding files (script_runner.cpp, sweep_bindings.cpp): the per-run
// context reachable from the Lua state, and the helpers every binding uses.
#include "core/progress.h"
#include "eval/registry.h"
#include "library/library.h"
#include "model/design.h"
#include "model/properties.h"

#include <lua.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

namespace strata::lua::detail {

namespace fs = std::filesystem;

inline constexpr const char* kDesignMeta = "strata.Design";
inline constexpr const char* kStoreMeta = "strata.Store";
inline constexpr int kHookEvery = 10'000; // instructions between budget checks

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

inline Context& contextOf(lua_State* L) {
    return **static_cast<Context**>(lua_getextraspace(L));
}

// A path given by a script: relative to the script's folder.
inline fs::path scriptRelative(lua_State* L, const fs::path& p) {
    return p.is_absolute() ? p : contextOf(L).script_dir / p;
}
inline fs::path scriptPath(lua_State* L, int arg) {
    return scriptRelative(L, fs::path(luaL_checkstring(L, arg)));
}

inline std::shared_ptr<Design>& checkDesign(lua_State* L, int arg) {
    return *static_cast<std::shared_ptr<Design>*>(luaL_checkudata(L, arg, kDesignMeta));
}

inline void pushDesign(lua_State* L, std::shared_ptr<Design> d) {
    void* mem = lua_newuserdatauv(L, sizeof(std::shared_ptr<Design>), 0);
    new (mem) std::shared_ptr<Design>(std::move(d));
    luaL_setmetatable(L, kDesignMeta);
}

inline void pushValue(lua_State* L, const Value& v) {
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

inline Value toValue(lua_State* L, int arg) {
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

// The functions of the strata module that run sweeps and optimisers and open stores
// (sweep_bindings.cpp), and the metatable they need.
void registerStoreMetatable(lua_State* L);
int strataStore(lua_State* L);
int strataSweep(lua_State* L);
int strataOptimize(lua_State* L);

// The design methods export_hotspot, compare_hotspot, export_3dice and compare_3dice
// (exchange_bindings.cpp).
int designExportHotSpot(lua_State* L);
int designCompareHotSpot(lua_State* L);
int designExportThreeDice(lua_State* L);
int designCompareThreeDice(lua_State* L);
int designExportThreeDBlox(lua_State* L);
int designExportSvg(lua_State* L);
int strataImportThreeDBlox(lua_State* L);
int designExportChiplet(lua_State* L);
int strataImportChiplet(lua_State* L);
int strataImportWithPlugin(lua_State* L);

// design:diff(other) and strata.compare(before, after) (comparison_bindings.cpp).
int designDiff(lua_State* L);
int strataCompare(lua_State* L);

} // namespace strata::lua::detail
