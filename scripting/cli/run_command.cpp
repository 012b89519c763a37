// strata-cli run: runs a Lua script in the sandbox (lua/script_runner.h). Exit 0 when it
// finishes, 1 with the Lua error (file:line and traceback) when it fails, 2 for bad usage.
#include "cli/cli_support.h"
#include "cli/exit_codes.h"
#include "lua/script_runner.h"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <ostream>
#include <unistd.h>

namespace strata::cli {

int runRun(const std::vector<std::string>& argv, Io io) {
    // Everything after the script belongs to the script.
    std::vector<std::string> own, scriptArgs;
    bool script = false;
    for (const std::string& a : argv) {
        if (script)
            scriptArgs.push_back(a);
        else {
            own.push_back(a);
            if (a.rfind("--", 0) != 0 &&
                (own.size() < 2 || own[own.size() - 2].rfind("--", 0) != 0 ||
                 own[own.size() - 2] == "--help"))
                script = true;
        }
    }
    const Args a = parseArgs(own, {"library", "max-instructions", "max-memory-mb"}, {"help"});
    if (a.has("help")) {
        io.out << helpText("run");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "run", a.error);
    if (a.positional.size() != 1)
        return usageError(io, "run", "expected a script file: strata-cli run SCRIPT.lua [ARGS...]");
    lua::ScriptLimits limits;
    if (const std::string n = a.value("max-instructions"); !n.empty()) {
        char* end = nullptr;
        limits.instructions = std::strtoull(n.c_str(), &end, 10);
        if (*end || limits.instructions == 0)
            return usageError(io, "run", "--max-instructions expects a positive integer");
    }
    if (const std::string n = a.value("max-memory-mb"); !n.empty()) {
        char* end = nullptr;
        const unsigned long long mb = std::strtoull(n.c_str(), &end, 10);
        if (*end || mb == 0)
            return usageError(io, "run", "--max-memory-mb expects a positive integer");
        limits.memory_bytes = static_cast<std::size_t>(mb) << 20;
    }
    Library lib;
    if (!loadLibraryFor(a, io, lib))
        return kExitBadInput;
    // Ctrl-C stops the script: a sweep between points (what is recorded stays; a re-run
    // resumes), plain Lua at its next instruction-budget check ("stopped").
    static CancelToken interrupted;
    std::signal(SIGINT, [](int) { interrupted.cancel(); });
    limits.cancel = &interrupted;
    limits.terminal = &io.out == &std::cout && isatty(STDOUT_FILENO);
    const lua::ScriptResult r = lua::runScript(a.positional[0], scriptArgs, lib, io.out, limits);
    std::signal(SIGINT, SIG_DFL);
    if (!r.ok) {
        io.err << "strata-cli run: " << r.error << "\n";
        return kExitRuleFailure;
    }
    return kExitOk;
}

} // namespace strata::cli
