#include "cli/cli_support.h"

#include "cli/exit_codes.h"
#include "cli/report.h"
#include "library/library_loader.h"
#include "model/design_io.h"
#include "plugin/plugin_loader.h"

#include <algorithm>
#include <ostream>

namespace strata::cli {

bool loadLibraryFor(const Args& a, Io io, Library& out) {
    std::vector<Diagnostic> pluginProblems;
    LibraryLoad load = loadLibraryWithPlugins(a.all("library"), pluginProblems);
    printDiagnostics(io.err, pluginProblems, "", false);
    printDiagnostics(io.err, load.diagnostics, "", false);
    if (!load.ok()) {
        io.err << "strata-cli: the component library has errors (above); fix or remove the files "
                  "named\n";
        return false;
    }
    out = std::move(load.library);
    return true;
}

std::optional<Design> loadDesignAndLibrary(const Args& a, Io io, const std::string& verb,
                                           Library& lib) {
    if (a.positional.size() != 1) {
        usageError(io, verb, "expected exactly one design file");
        return std::nullopt;
    }
    if (!loadLibraryFor(a, io, lib))
        return std::nullopt;
    DesignLoad load = loadDesignFile(a.positional[0]);
    if (!load.ok()) {
        printDiagnostics(io.err, load.diagnostics, a.positional[0]);
        return std::nullopt;
    }
    return std::move(*load.design);
}

bool readEvalOptions(const Args& a, Io io, const std::string& verb, EvalOptions& out) {
    for (const std::string& kv : a.all("option")) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) {
            usageError(io, verb, "--option expects KEY=VALUE, got \"" + kv + "\"");
            return false;
        }
        out.values[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    out.addOnly(a.value("only"));
    if (a.values.count("resolution"))
        out.values["thermal.resolution"] = a.value("resolution");
    return true;
}

int usageError(Io io, const std::string& verb, const std::string& message) {
    io.err << "strata-cli " << verb << ": " << message << "\n"
           << "Run 'strata-cli " << verb << " --help' for usage.\n";
    return kExitBadInput;
}

} // namespace strata::cli
