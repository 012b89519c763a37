// The design methods that exchange a thermal model with HotSpot and 3D-ICE from a script: the same
// exports and comparisons as `strata-cli export|compare --hotspot|--3dice` (interop/
// hotspot_export.h, hotspot_results.h, threedice_export.h, threedice_results.h), so a sweep can
// write one model per point or check each point against the other tool's answer; and the
// assembly as 3Dblox (`export --3dblox`, interop/threedblox_export.h) and a design of a 3Dblox
// assembly (`import --3dblox`, interop/threedblox_import.h).
#include "core/atomic_file.h"
#include "interop/chiplet_export.h"
#include "interop/chiplet_import.h"
#include "interop/floorplan_svg.h"
#include "interop/hotspot_export.h"
#include "interop/hotspot_results.h"
#include "interop/threedblox_export.h"
#include "interop/threedblox_import.h"
#include "interop/threedice_export.h"
#include "interop/threedice_results.h"
#include "interop/transient_comparison.h"
#include "lua_context.h"
#include "plugin/plugin_loader.h"

#include <string>
#include <vector>

namespace strata::lua::detail {

namespace {

struct ExchangeOptions {
    std::string resolution = "default";
    std::string base;
    std::string transient; // a power trace beside the script, for a transient model
    double trace_interval_s = 0;
};

std::string optionalString(lua_State* L, int table, const char* key, std::string fallback) {
    lua_getfield(L, table, key);
    if (!lua_isnil(L, -1))
        fallback = luaL_checkstring(L, -1);
    lua_pop(L, 1);
    return fallback;
}

// opts (argument `arg`, optional): {resolution =, name =, transient =, trace_interval_s =}.
ExchangeOptions readOptions(lua_State* L, int arg, const Design& design) {
    ExchangeOptions o;
    o.base = design.name.empty() ? "design" : design.name;
    if (lua_isnoneornil(L, arg))
        return o;
    luaL_checktype(L, arg, LUA_TTABLE);
    o.resolution = optionalString(L, arg, "resolution", o.resolution);
    o.base = optionalString(L, arg, "name", o.base);
    if (const std::string t = optionalString(L, arg, "transient", ""); !t.empty())
        o.transient = scriptRelative(L, t).string();
    lua_getfield(L, arg, "trace_interval_s");
    if (!lua_isnil(L, -1)) {
        o.trace_interval_s = luaL_checknumber(L, -1);
        if (!(o.trace_interval_s > 0))
            luaL_error(L, "trace_interval_s: expected a positive number of seconds, got %f",
                       o.trace_interval_s);
    }
    lua_pop(L, 1);
    o.base = exportFileBase(o.base);
    return o;
}

void pushStrings(lua_State* L, const std::vector<std::string>& strings) {
    lua_createtable(L, static_cast<int>(strings.size()), 0);
    for (std::size_t k = 0; k < strings.size(); ++k) {
        lua_pushstring(L, strings[k].c_str());
        lua_rawseti(L, -2, static_cast<lua_Integer>(k) + 1);
    }
}

std::vector<std::string> formatted(const std::vector<Diagnostic>& notes) {
    std::vector<std::string> out;
    out.reserve(notes.size());
    for (const Diagnostic& d : notes)
        out.push_back(format(d));
    return out;
}

// Raises a Lua error with every error among `notes` (what stopped the export or comparison).
int raiseErrors(lua_State* L, const char* what, const std::vector<Diagnostic>& notes) {
    std::string message = what;
    for (const Diagnostic& d : notes)
        if (d.severity == Severity::Error)
            message += "\n  " + format(d);
    return luaL_error(L, "%s", message.c_str());
}

// Sets t[key] = value on the table on top of the stack.
void setNumber(lua_State* L, const char* key, double value) {
    lua_pushnumber(L, value);
    lua_setfield(L, -2, key);
}

// A table on top of the stack with the given numbers as fields.
void pushNumbers(lua_State* L, std::initializer_list<std::pair<const char*, double>> fields) {
    lua_createtable(L, 0, static_cast<int>(fields.size()));
    for (const auto& [key, value] : fields)
        setNumber(L, key, value);
}

// A table on top of the stack with integer fields (counts print as 31, not 31.0).
void pushCounts(lua_State* L, std::initializer_list<std::pair<const char*, lua_Integer>> fields) {
    lua_createtable(L, 0, 4);
    for (const auto& [key, value] : fields) {
        lua_pushinteger(L, value);
        lua_setfield(L, -2, key);
    }
}

// {files = {names}, notes = {...}} and `counts` of a written export.
int pushExport(lua_State* L, const std::vector<ExportedFile>& files,
               const std::vector<Diagnostic>& notes,
               std::initializer_list<std::pair<const char*, lua_Integer>> counts) {
    std::vector<std::string> names;
    names.reserve(files.size());
    for (const ExportedFile& f : files)
        names.push_back(f.name);
    pushCounts(L, counts);
    pushStrings(L, names);
    lua_setfield(L, -2, "files");
    pushStrings(L, formatted(notes));
    lua_setfield(L, -2, "notes");
    return 1;
}

// {rows =, cols =, dies = {[die] = {strata_max_c, <tool>_max_c, max_abs_diff_k, mean_diff_k}}}.
int pushComparison(lua_State* L, const ThermalComparison& c, const char* toolMaxKey) {
    pushCounts(L, {{"rows", c.rows}, {"cols", c.cols}});
    lua_createtable(L, 0, static_cast<int>(c.dies.size()));
    for (const DieComparison& d : c.dies) {
        pushNumbers(L, {{"strata_max_c", d.strata_max_c},
                        {toolMaxKey, d.reference_max_c},
                        {"max_abs_diff_k", d.max_abs_diff_k},
                        {"mean_diff_k", d.mean_diff_k}});
        lua_setfield(L, -2, d.die.c_str());
    }
    lua_setfield(L, -2, "dies");
    return 1;
}

// {intervals =, interval_s =, blocks = {[block] = {strata_peak_c, <tool>_peak_c, max_abs_diff_k,
// at_s}}} of a transient comparison.
int pushTransientComparison(lua_State* L, const TransientComparison& c, const char* toolPeakKey) {
    pushCounts(L, {{"intervals", c.intervals}});
    setNumber(L, "interval_s", c.interval_s);
    lua_createtable(L, 0, static_cast<int>(c.blocks.size()));
    for (const BlockTraceComparison& b : c.blocks) {
        pushNumbers(L, {{"strata_peak_c", b.strata_peak_c},
                        {toolPeakKey, b.reference_peak_c},
                        {"max_abs_diff_k", b.max_abs_diff_k},
                        {"at_s", b.at_s}});
        lua_setfield(L, -2, b.block.c_str());
    }
    lua_setfield(L, -2, "blocks");
    return 1;
}

// compare_hotspot / compare_3dice: the steady comparison, or with opts.transient the transient.
int compareBinding(lua_State* L, bool threeDice) {
    return guarded(L, [L, threeDice] {
        const Design& d = *checkDesign(L, 1);
        const std::string dir = scriptPath(L, 2).string();
        const ExchangeOptions o = readOptions(L, 3, d);
        const Library& lib = *contextOf(L).library;
        const char* verb = threeDice ? "compare_3dice" : "compare_hotspot";
        if (!o.transient.empty()) {
            const TransientComparison t =
                threeDice ? compareTransientWithThreeDice(d, lib, o.resolution, dir, o.base,
                                                          o.transient, o.trace_interval_s)
                          : compareTransientWithHotSpot(d, lib, o.resolution, dir, o.base,
                                                        o.transient, o.trace_interval_s);
            if (!t.ok)
                return raiseErrors(L, verb, t.notes);
            return pushTransientComparison(L, t, threeDice ? "threedice_peak_c" : "hotspot_peak_c");
        }
        const ThermalComparison c = threeDice
                                        ? compareWithThreeDice(d, lib, o.resolution, dir, o.base)
                                        : compareWithHotSpot(d, lib, o.resolution, dir, o.base);
        if (!c.ok)
            return raiseErrors(L, verb, c.notes);
        return pushComparison(L, c, threeDice ? "threedice_max_c" : "hotspot_max_c");
    });
}

} // namespace

// d:export_hotspot(dir [, opts]): the design's thermal model as HotSpot input in `dir` (relative
// to the script); returns {files = {names}, rows =, cols =, notes = {what HotSpot models
// differently}}. Nothing is written when the model cannot be exported (a Lua error says why).
int designExportHotSpot(lua_State* L) {
    return guarded(L, [L] {
        const Design& d = *checkDesign(L, 1);
        const std::string dir = scriptPath(L, 2).string();
        const ExchangeOptions o = readOptions(L, 3, d);
        const HotSpotExport e = exportHotSpot(d, *contextOf(L).library, o.resolution, o.base,
                                              o.transient, o.trace_interval_s);
        if (!e.ok)
            return raiseErrors(L, "export_hotspot: nothing written", e.notes);
        if (const std::string error = writeExportedFiles(e.files, dir); !error.empty())
            return luaL_error(L, "export_hotspot: %s", error.c_str());
        return pushExport(L, e.files, e.notes, {{"rows", e.grid_rows}, {"cols", e.grid_cols}});
    });
}

// d:compare_hotspot(dir [, opts]): HotSpot's steady answer in `dir` for a model export_hotspot
// wrote there (same name and resolution) beside Strata's; returns {rows =, cols =, dies = {[die]
// = {strata_max_c, hotspot_max_c, max_abs_diff_k, mean_diff_k}}}. With opts.transient (the trace
// the export had): HotSpot's transient instead, {intervals, interval_s, blocks = {[block] =
// {strata_peak_c, hotspot_peak_c, max_abs_diff_k, at_s}}}.
int designCompareHotSpot(lua_State* L) {
    return compareBinding(L, false);
}

// d:export_3dice(dir [, opts]) and d:compare_3dice(dir [, opts]): the same with 3D-ICE 4.0 (a
// `transient` trace adds 3D-ICE's transient run, and compares it); the keys are threedice_*.
int designExportThreeDice(lua_State* L) {
    return guarded(L, [L] {
        const Design& d = *checkDesign(L, 1);
        const std::string dir = scriptPath(L, 2).string();
        const ExchangeOptions o = readOptions(L, 3, d);
        const ThreeDiceExport e = exportThreeDice(d, *contextOf(L).library, o.resolution, o.base,
                                                  o.transient, o.trace_interval_s);
        if (!e.ok)
            return raiseErrors(L, "export_3dice: nothing written", e.notes);
        if (const std::string error = writeExportedFiles(e.files, dir); !error.empty())
            return luaL_error(L, "export_3dice: %s", error.c_str());
        return pushExport(L, e.files, e.notes, {{"rows", e.grid.rows}, {"cols", e.grid.cols}});
    });
}

int designCompareThreeDice(lua_State* L) {
    return compareBinding(L, true);
}

// d:export_3dblox(dir [, {name =}]): the assembly as 3Dblox in `dir`; returns {files =, notes =,
// chiplets =, connections =}. Nothing is written when the design cannot be exported.
int designExportThreeDBlox(lua_State* L) {
    return guarded(L, [L] {
        const Design& d = *checkDesign(L, 1);
        const std::string dir = scriptPath(L, 2).string();
        const ExchangeOptions o = readOptions(L, 3, d);
        const ThreeDBloxExport e = exportThreeDBlox(d, *contextOf(L).library, o.base);
        if (!e.ok)
            return raiseErrors(L, "export_3dblox: nothing written", e.notes);
        if (const std::string error = writeExportedFiles(e.files, dir); !error.empty())
            return luaL_error(L, "export_3dblox: %s", error.c_str());
        return pushExport(L, e.files, e.notes,
                          {{"chiplets", e.chiplets}, {"connections", e.connections}});
    });
}

// d:export_chiplet(path): the assembly as IHP's .chiplet at `path` (relative to the script);
// returns {files = {path}, notes =, components =}. Nothing is written when it cannot be exported.
int designExportChiplet(lua_State* L) {
    return guarded(L, [L] {
        const Design& d = *checkDesign(L, 1);
        const std::string path = scriptPath(L, 2).string();
        const ChipletExport e = exportIhpChiplet(d, *contextOf(L).library);
        if (!e.ok)
            return raiseErrors(L, "export_chiplet: nothing written", e.notes);
        if (const std::string error = writeFileAtomically(path, e.text); !error.empty())
            return luaL_error(L, "export_chiplet: %s", error.c_str());
        return pushExport(L, {{path, e.text}}, e.notes, {{"components", e.components}});
    });
}

// strata.import_3dblox(path) and strata.import_chiplet(path): a new design of the assembly at
// `path` (relative to the script), and the list of what was guessed or left at a default; a Lua
// error when it cannot be read.
int importAssemblyBinding(lua_State* L, bool chiplet) {
    return guarded(L, [L, chiplet] {
        const std::string path = scriptPath(L, 1).string();
        ThreeDBloxImport r = chiplet ? importIhpChiplet(path, *contextOf(L).library)
                                     : importThreeDBlox(path, *contextOf(L).library);
        if (!r.ok)
            return raiseErrors(L, chiplet ? "import_chiplet" : "import_3dblox", r.notes);
        pushDesign(L, std::make_shared<Design>(std::move(r.design)));
        pushStrings(L, formatted(r.notes));
        return 2;
    });
}
int strataImportThreeDBlox(lua_State* L) {
    return importAssemblyBinding(L, false);
}
int strataImportChiplet(lua_State* L) {
    return importAssemblyBinding(L, true);
}

// strata.import(format, path): a new design of the file at `path` (relative to the script) read
// by a plugin's importer of `format` (plugin/plugin_loader.h); a Lua error naming the file when
// no plugin has the format, the importer gives up or what it returns is not a valid design.
int strataImportWithPlugin(lua_State* L) {
    return guarded(L, [L] {
        const std::string format = luaL_checkstring(L, 1);
        DesignLoad r = importWithPlugin(format, scriptPath(L, 2).string());
        if (!r.ok())
            return raiseErrors(L, "import", r.diagnostics);
        pushDesign(L, std::make_shared<Design>(std::move(*r.design)));
        return 1;
    });
}

// d:export_svg(path): the floorplan as an SVG drawing to scale (interop/floorplan_svg.h), beside
// the script.
int designExportSvg(lua_State* L) {
    return guarded(L, [L] {
        const Design& d = *checkDesign(L, 1);
        const std::string path = scriptPath(L, 2).string();
        if (const std::string error =
                writeFileAtomically(path, floorplanSvg(d, *contextOf(L).library));
            !error.empty())
            return luaL_error(L, "export_svg: %s", error.c_str());
        return 0;
    });
}

} // namespace strata::lua::detail
