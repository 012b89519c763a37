// strata-cli: the headless face of Strata (DESIGN.md § CLI). Engine only; no Qt, no display.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/build_info.h"
#include "core/memory_policy.h"

#include <exception>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    using namespace strata::cli;
    strata::keepLargeAllocationsInHeap();
    const std::vector<std::string> args(argv + 1, argv + argc);
    const Io io{std::cout, std::cerr};
    try {
        if (args.empty() || args[0] == "--help" || args[0] == "-h") {
            std::cout << helpText("");
            return args.empty() ? kExitBadInput : kExitOk;
        }
        if (args[0] == "--version") {
            std::cout << "strata-cli " << strata::kVersion << "\n";
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
