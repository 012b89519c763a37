#pragma once
// The strata-cli verbs. Each takes the arguments after the verb and returns an exit code
// from exit_codes.h; output goes to the given streams so tests can capture it.
#include <iosfwd>
#include <string>
#include <vector>

namespace strata::cli {

struct Io {
    std::ostream& out;
    std::ostream& err;
};

int runValidate(const std::vector<std::string>& args, Io io);
int runEval(const std::vector<std::string>& args, Io io);
int runList(const std::vector<std::string>& args, Io io);
int runSize(const std::vector<std::string>& args, Io io);
int runCheck(const std::vector<std::string>& args, Io io);
int runRun(const std::vector<std::string>& args, Io io);
int runDb(const std::vector<std::string>& args, Io io);
int runExport(const std::vector<std::string>& args, Io io);
int runCompare(const std::vector<std::string>& args, Io io);
int runImport(const std::vector<std::string>& args, Io io);
int runDiff(const std::vector<std::string>& args, Io io);
int runExplain(const std::vector<std::string>& args, Io io);

// Help text of a verb ("" = the overview); empty result for an unknown verb.
std::string helpText(const std::string& verb);

} // namespace strata::cli
