// strata-cli: the headless face of Strata (DESIGN.md § CLI). Engine only; no Qt, no display.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/build_info.h"
#include "core/install_dirs.h"
#include "core/memory_policy.h"
#include "eval/builtin.h"
#include "library/library_loader.h"
#include "lua/script_runner.h"
#include "plugin/plugin_loader.h"

#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace {

// Takes every "--plugin FILE" / "--plugin=FILE" out of `args` (any verb accepts them).
std::vector<std::string> takePluginOptions(std::vector<std::string>& args, std::string& error) {
    std::vector<std::string> files, rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--plugin") {
            if (i + 1 >= args.size()) {
                error = "--plugin needs a file (a plugin shared library)";
                break;
            }
            files.push_back(args[++i]);
        } else if (args[i].rfind("--plugin=", 0) == 0) {
            files.push_back(args[i].substr(9));
        } else {
            rest.push_back(args[i]);
        }
    }
    args = std::move(rest);
    return files;
}

// Loads the plugins of $STRATA_PLUGIN_PATH, the install folder and --plugin; prints what could
// not be used. False when a plugin the user named cannot be used (its metrics would be missing).
bool loadPlugins(const std::vector<std::string>& named) {
    bool namedFailed = false;
    for (const strata::Diagnostic& d : strata::loadSessionPlugins(named, &namedFailed))
        std::cerr << "strata-cli: " << strata::format(d) << "\n";
    return !namedFailed;
}

// The version and the folders this strata-cli reads (installed, or the source tree's).
void printVersion() {
    const std::string plugins = strata::installedDir("lib/strata/plugins");
    std::cout << "strata-cli " << strata::kVersion << "\n"
              << "assets   " << strata::shippedAssetsDir() << "\n"
              << "lua      " << strata::lua::stdlibDir() << "\n"
              << "plugins  " << (plugins.empty() ? "(none installed)" : plugins) << ", "
              << strata::loadedPlugins().size() << " loaded\n";
}

} // namespace

int main(int argc, char** argv) {
    using namespace strata::cli;
    strata::keepLargeAllocationsInHeap();
    std::vector<std::string> args(argv + 1, argv + argc);
    const Io io{std::cout, std::cerr};
    try {
        std::string pluginError;
        const std::vector<std::string> plugins = takePluginOptions(args, pluginError);
        if (!pluginError.empty()) {
            std::cerr << "strata-cli: " << pluginError << "\n";
            return kExitBadInput;
        }
        if (!loadPlugins(plugins))
            return kExitBadInput;
        if (args.empty() || args[0] == "--help" || args[0] == "-h") {
            std::cout << helpText("");
            return args.empty() ? kExitBadInput : kExitOk;
        }
        if (args[0] == "--version") {
            printVersion();
            return kExitOk;
        }
        const std::string& verb = args[0];
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        if (verb == "validate")
            return runValidate(rest, io);
        if (verb == "eval")
            return runEval(rest, io);
        if (verb == "list")
            return runList(rest, io);
        if (verb == "size")
            return runSize(rest, io);
        if (verb == "check")
            return runCheck(rest, io);
        if (verb == "run")
            return runRun(rest, io);
        if (verb == "db")
            return runDb(rest, io);
        if (verb == "export")
            return runExport(rest, io);
        if (verb == "compare")
            return runCompare(rest, io);
        if (verb == "diff")
            return runDiff(rest, io);
        if (verb == "explain")
            return runExplain(rest, io);
        if (verb == "import")
            return runImport(rest, io);
        if (verb == "help") {
            const std::string text = helpText(rest.empty() ? "" : rest[0]);
            if (text.empty()) {
                std::cerr << "strata-cli: no help for unknown verb \"" << rest[0] << "\"\n";
                return kExitBadInput;
            }
            std::cout << text;
            return kExitOk;
        }
        std::cerr << "strata-cli: unknown verb \"" << verb << "\"\n\n" << helpText("");
        return kExitBadInput;
    } catch (const std::exception& ex) {
        std::cerr << "strata-cli: internal error: " << ex.what()
                  << "\nPlease report this with the input that caused it.\n";
        return kExitInternalError;
    } catch (...) {
        std::cerr << "strata-cli: internal error (unknown exception)\n";
        return kExitInternalError;
    }
}
