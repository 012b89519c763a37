// strata-cli explain [CODE]: what a diagnostic code means and what to do (core/diagnostic_codes.h).
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/diagnostic_codes.h"

#include <algorithm>
#include <cctype>
#include <iomanip>

namespace strata::cli {

int runExplain(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(argv, {}, {"help"});
    if (a.has("help")) {
        io.out << helpText("explain");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "explain", a.error);
    if (a.positional.empty()) { // the whole catalogue, a line each
        for (const DiagnosticCode& c : diagnosticCodes())
            io.out << std::left << std::setw(11) << c.code << c.title << "\n";
        return kExitOk;
    }
    int status = kExitOk;
    for (std::string code : a.positional) {
        std::transform(code.begin(), code.end(), code.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        const DiagnosticCode* c = findDiagnosticCode(code);
        if (!c) {
            io.err << "strata-cli explain: no diagnostic " << code
                   << " (`strata-cli explain` lists them all)\n";
            status = kExitBadInput;
            continue;
        }
        io.out << c->code << " — " << c->title << "\n" << c->help << "\n";
    }
    return status;
}

} // namespace strata::cli
