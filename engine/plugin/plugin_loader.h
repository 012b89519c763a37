#pragma once
// Loading run-time plugins (shared libraries with the C entry points of strata_plugin.h) with
// dlopen, so that the CLI, Lua scripts and the studio all see the same evaluators. A plugin that
// cannot be used — missing file, not a Strata plugin, built for another ABI, a malformed
// description, an id that is taken — becomes a diagnostic (PLG-), never a crash.
//
// Loaded plugins stay loaded for the life of the process (dlopen is process-wide anyway); each
// registry built afterwards gets their evaluators through registerPluginEvaluators().
#include "core/diagnostic.h"
#include "eval/registry.h"
#include "library/library_loader.h"
#include "model/design_io.h"

#include <string>
#include <vector>

namespace strata {

struct PluginInfo {
    std::string path, name, version;
    std::vector<std::string> evaluators; // ids
};

// Loads one plugin file. Loading the same file twice is a no-op.
std::vector<Diagnostic> loadPlugin(const std::string& path);

// Loads every plugin named by a colon-separated search path: a file is loaded, a folder gives
// its *.so files (in name order). Missing folders are skipped silently (an install folder that
// holds nothing yet); missing files are errors.
std::vector<Diagnostic> loadPluginsFromPath(const std::string& searchPath);

// The standard places: $STRATA_PLUGIN_PATH, then lib/strata/plugins of an installed Strata
// (core/install_dirs.h), where packages put plugins.
std::vector<Diagnostic> loadStandardPlugins();

std::vector<PluginInfo> loadedPlugins();

// The component library entries of every loaded plugin that ships some (its optional
// strata_plugin_library()), labelled "<plugin file>#library".
std::vector<LibraryText> pluginLibraryTexts();

// loadDefaultLibrary(extra) with the plugins' entries. A plugin whose entries have errors is
// left out of the library and reported in `problems` (PLG-0009) rather than making the whole
// library unusable.
LibraryLoad loadLibraryWithPlugins(const std::vector<std::string>& extra,
                                   std::vector<Diagnostic>& problems);

// A file format a plugin imports (its optional strata_plugin_importers()).
struct PluginImporter {
    std::string format, description, extensions, plugin;
};
std::vector<PluginImporter> pluginImporters();

// Runs the importer of `format` on the file at `path` and reads what it returns as a design file
// (errors name the file and the JSON pointer). Unknown format, a failing importer: PLG-0010.
DesignLoad importWithPlugin(const std::string& format, const std::string& path);

// Adds the evaluators of every loaded plugin to `registry`; an id the registry already has is
// reported (PLG-0005) and skipped.
void registerPluginEvaluators(EvaluatorRegistry& registry, std::vector<Diagnostic>& diags);

} // namespace strata
