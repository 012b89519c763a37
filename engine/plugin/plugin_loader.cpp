#include "plugin/plugin_loader.h"

#include "core/install_dirs.h"
#include "plugin/plugin_request.h"
#include "plugin/strata_plugin.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <system_error>

namespace strata {

namespace fs = std::filesystem;

namespace {

using AbiFn = unsigned (*)();
using DescribeFn = const strata_plugin_v1* (*)();
using LibraryFn = const char* (*)();
using ImportersFn = const strata_importer_v1* (*)(std::size_t*);

struct LoadedLibrary {
    PluginInfo info;
    std::vector<strata_evaluator_v1> evaluators; // copied from the plugin's description
    std::string library;                         // its library entries (JSON), if any
    std::vector<strata_importer_v1> importers;
};

// Process-wide: plugins are loaded once (at start-up or by --plugin) and never unloaded, so the
// function pointers the evaluators hold stay valid.
std::mutex& pluginsMutex() {
    static std::mutex m;
    return m;
}
std::vector<LoadedLibrary>& libraries() {
    static std::vector<LoadedLibrary> l;
    return l;
}

Diagnostic loadError(const std::string& code, const std::string& path, const std::string& what) {
    return {code, Severity::Error, what, {}, {}, path};
}

std::vector<std::string> splitNeeds(const char* text) {
    std::vector<std::string> out;
    EvalOptions parse; // the same comma-list rule as --only
    parse.addOnly(text ? text : "");
    for (std::string s : parse.only) {
        s.erase(0, s.find_first_not_of(' '));
        s.erase(s.find_last_not_of(' ') + 1);
        if (!s.empty())
            out.push_back(s);
    }
    return out;
}

// Collects what the plugin's emit callback hands back.
void collect(void* sink, const char* text) {
    *static_cast<std::string*>(sink) = text ? text : "";
}

class PluginEvaluator : public Evaluator {
public:
    PluginEvaluator(const strata_evaluator_v1& e, PluginInfo plugin)
        : entry_(e), plugin_(std::move(plugin)) {}
    std::string id() const override { return entry_.id; }
    std::string description() const override { return entry_.description; }
    std::vector<std::string> needs() const override { return splitNeeds(entry_.needs); }
    std::string origin() const override { return "plugin " + plugin_.name + " " + plugin_.version; }
    void evaluate(const EvalContext& ctx, EvalResult& out) const override {
        const std::string request = pluginRequestJson(entry_.id, ctx);
        std::string answer;
        const int status = entry_.evaluate(request.c_str(), &collect, &answer);
        if (status != 0) {
            out.diagnostics.push_back(
                {"PLG-0006",
                 Severity::Error,
                 "plugin \"" + plugin_.name + "\" (evaluator " + entry_.id + ") failed" +
                     (answer.empty() ? std::string(" without saying why") : ": " + answer),
                 {},
                 {},
                 plugin_.path});
            return;
        }
        readPluginAnswer(answer, entry_.id, plugin_.name, out);
    }

private:
    strata_evaluator_v1 entry_;
    PluginInfo plugin_;
};

// Checks a plugin's description; empty when it is usable.
std::string describeProblem(const strata_plugin_v1* p) {
    if (!p)
        return "strata_plugin_describe() returned no description";
    if (!p->name || !*p->name || !p->version)
        return "its description has no name or version";
    if (p->evaluator_count > 0 && !p->evaluators)
        return "its description counts evaluators but lists none";
    for (std::size_t i = 0; i < p->evaluator_count; ++i) {
        const strata_evaluator_v1& e = p->evaluators[i];
        if (!e.id || !*e.id || !e.evaluate)
            return "evaluator " + std::to_string(i) + " has no id or no evaluate function";
    }
    return {};
}

} // namespace

std::vector<Diagnostic> loadPlugin(const std::string& pathText) {
    std::error_code ec;
    const fs::path path = fs::weakly_canonical(fs::absolute(pathText, ec), ec);
    const std::string where = path.empty() ? pathText : path.string();
    const std::lock_guard lock(pluginsMutex());
    for (const LoadedLibrary& l : libraries())
        if (l.info.path == where)
            return {};
    if (!fs::is_regular_file(where, ec))
        return {loadError("PLG-0001", where, "no plugin file here (expected a shared library)")};
    void* handle = dlopen(where.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = dlerror();
        return {loadError("PLG-0001", where,
                          std::string("cannot load the plugin: ") + (why ? why : "unknown error"))};
    }
    const auto abi = reinterpret_cast<AbiFn>(dlsym(handle, "strata_plugin_abi"));
    const auto describe = reinterpret_cast<DescribeFn>(dlsym(handle, "strata_plugin_describe"));
    if (!abi || !describe) {
        dlclose(handle);
        return {loadError("PLG-0002", where,
                          "not a Strata plugin: it exports no strata_plugin_abi() and "
                          "strata_plugin_describe() (see engine/plugin/strata_plugin.h)")};
    }
    if (const unsigned version = abi(); version != STRATA_PLUGIN_ABI) {
        dlclose(handle);
        return {loadError("PLG-0003", where,
                          "built for plugin ABI " + std::to_string(version) +
                              ", but this Strata loads ABI " + std::to_string(STRATA_PLUGIN_ABI) +
                              ": rebuild it against this version's strata_plugin.h")};
    }
    const strata_plugin_v1* p = describe();
    if (const std::string problem = describeProblem(p); !problem.empty()) {
        dlclose(handle);
        return {loadError("PLG-0004", where, "unusable plugin: " + problem)};
    }
    LoadedLibrary lib;
    lib.info = {where, p->name, p->version, {}};
    for (std::size_t i = 0; i < p->evaluator_count; ++i) {
        lib.evaluators.push_back(p->evaluators[i]);
        lib.info.evaluators.emplace_back(p->evaluators[i].id);
    }
    if (const auto library = reinterpret_cast<LibraryFn>(dlsym(handle, "strata_plugin_library")))
        if (const char* text = library())
            lib.library = text;
    if (const auto importers =
            reinterpret_cast<ImportersFn>(dlsym(handle, "strata_plugin_importers"))) {
        std::size_t n = 0;
        const strata_importer_v1* list = importers(&n);
        for (std::size_t i = 0; list && i < n; ++i)
            if (list[i].format && *list[i].format && list[i].import)
                lib.importers.push_back(list[i]);
    }
    libraries().push_back(std::move(lib)); // the handle stays open for the life of the process
    return {};
}

std::vector<Diagnostic> loadPluginsFromPath(const std::string& searchPath) {
    std::vector<Diagnostic> diags;
    std::size_t start = 0;
    while (start <= searchPath.size()) {
        const std::size_t end = std::min(searchPath.find(':', start), searchPath.size());
        const std::string entry = searchPath.substr(start, end - start);
        start = end + 1;
        if (entry.empty())
            continue;
        std::error_code ec;
        if (!fs::is_directory(entry, ec)) {
            // A file is loaded (a missing one is reported by loadPlugin); a missing folder —
            // an entry not naming a .so — holds no plugins yet.
            if (fs::exists(entry, ec) || fs::path(entry).extension() == ".so")
                for (Diagnostic& d : loadPlugin(entry))
                    diags.push_back(std::move(d));
            continue;
        }
        std::vector<fs::path> files;
        for (const fs::directory_entry& f : fs::directory_iterator(entry, ec))
            if (f.path().extension() == ".so")
                files.push_back(f.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& f : files)
            for (Diagnostic& d : loadPlugin(f.string()))
                diags.push_back(std::move(d));
    }
    return diags;
}

std::vector<Diagnostic> loadStandardPlugins() {
    std::vector<Diagnostic> diags;
    if (const char* env = std::getenv("STRATA_PLUGIN_PATH"))
        diags = loadPluginsFromPath(env);
    if (const std::string installed = installedDir("lib/strata/plugins"); !installed.empty())
        for (Diagnostic& d : loadPluginsFromPath(installed))
            diags.push_back(std::move(d));
    return diags;
}

std::vector<PluginInfo> loadedPlugins() {
    const std::lock_guard lock(pluginsMutex());
    std::vector<PluginInfo> out;
    for (const LoadedLibrary& lib : libraries())
        out.push_back(lib.info);
    return out;
}

std::vector<LibraryText> pluginLibraryTexts() {
    const std::lock_guard lock(pluginsMutex());
    std::vector<LibraryText> texts;
    for (const LoadedLibrary& lib : libraries())
        if (!lib.library.empty())
            texts.push_back({lib.info.path + "#library", lib.library});
    return texts;
}

LibraryLoad loadLibraryWithPlugins(const std::vector<std::string>& extra,
                                   std::vector<Diagnostic>& problems) {
    const std::vector<LibraryText> texts = pluginLibraryTexts();
    LibraryLoad load = loadDefaultLibrary(extra, texts);
    std::vector<LibraryText> usable;
    for (const LibraryText& t : texts) {
        const auto bad = std::find_if(load.diagnostics.begin(), load.diagnostics.end(),
                                      [&t](const Diagnostic& d) {
                                          return d.file == t.label && d.severity == Severity::Error;
                                      });
        if (bad == load.diagnostics.end()) {
            usable.push_back(t);
            continue;
        }
        problems.push_back(loadError("PLG-0009", t.label,
                                     "the plugin's library entries are left out: " + bad->code +
                                         (bad->pointer.empty() ? "" : " at " + bad->pointer) +
                                         ": " + bad->message));
    }
    return usable.size() == texts.size() ? load : loadDefaultLibrary(extra, usable);
}

std::vector<PluginImporter> pluginImporters() {
    const std::lock_guard lock(pluginsMutex());
    std::vector<PluginImporter> out;
    for (const LoadedLibrary& lib : libraries())
        for (const strata_importer_v1& i : lib.importers)
            out.push_back({i.format, i.description ? i.description : "",
                           i.extensions ? i.extensions : "", lib.info.name});
    return out;
}

DesignLoad importWithPlugin(const std::string& format, const std::string& path) {
    const strata_importer_v1* importer = nullptr;
    std::string plugin;
    {
        const std::lock_guard lock(pluginsMutex());
        for (const LoadedLibrary& lib : libraries())
            for (const strata_importer_v1& i : lib.importers)
                if (format == i.format && !importer) {
                    importer = &i;
                    plugin = lib.info.name;
                }
    }
    DesignLoad out;
    if (!importer) {
        std::string known;
        for (const PluginImporter& i : pluginImporters())
            known += (known.empty() ? "" : ", ") + i.format;
        out.diagnostics.push_back(
            loadError("PLG-0010", path,
                      "no plugin imports \"" + format + "\"" +
                          (known.empty() ? std::string(" (no importers are loaded)")
                                         : " (loaded importers: " + known + ")")));
        return out;
    }
    std::string answer;
    if (importer->import(path.c_str(), &collect, &answer) != 0) {
        out.diagnostics.push_back(loadError("PLG-0010", path,
                                            "plugin \"" + plugin + "\" could not import it" +
                                                (answer.empty() ? "" : ": " + answer)));
        return out;
    }
    return parseDesign(answer, path + " (as imported by plugin " + plugin + ")");
}

void registerPluginEvaluators(EvaluatorRegistry& registry, std::vector<Diagnostic>& diags) {
    const std::lock_guard lock(pluginsMutex());
    for (const LoadedLibrary& lib : libraries())
        for (const strata_evaluator_v1& e : lib.evaluators) {
            const std::string refused =
                registry.add(std::make_unique<PluginEvaluator>(e, lib.info));
            if (!refused.empty())
                diags.push_back(loadError("PLG-0005", lib.info.path,
                                          "plugin \"" + lib.info.name + "\": " + refused +
                                              "; its evaluator is not used"));
        }
}

} // namespace strata
