#include "cli/cli_support.h"

#include "cli/exit_codes.h"
#include "cli/report.h"
#include "library/library_loader.h"

#include <ostream>

namespace strata::cli {

bool loadLibraryFor(const Args& a, Io io, Library& out) {
    LibraryLoad load = loadDefaultLibrary(a.all("library"));
    printDiagnostics(io.err, load.diagnostics, "", false);
    if (!load.ok()) {
        io.err << "strata-cli: the component library has errors (above); fix or remove the files "
                  "named\n";
        return false;
    }
    out = std::move(load.library);
    return true;
}

int usageError(Io io, const std::string& verb, const std::string& message) {
    io.err << "strata-cli " << verb << ": " << message << "\n"
           << "Run 'strata-cli " << verb << " --help' for usage.\n";
    return kExitBadInput;
}

} // namespace strata::cli
