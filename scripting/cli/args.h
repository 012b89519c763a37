#pragma once
// Minimal argument parsing shared by the CLI verbs: positional arguments plus --flag VALUE,
// --flag=VALUE and boolean --flag, with a clear error for anything unknown.
#include <map>
#include <set>
#include <string>
#include <vector>

namespace strata::cli {

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> values; // --library may repeat
    std::set<std::string> flags;
    std::string error; // set when the command line is malformed

    bool has(const std::string& flag) const { return flags.count(flag) > 0; }
    std::string value(const std::string& key, const std::string& fallback = {}) const;
    std::vector<std::string> all(const std::string& key) const;
};

// `valued` options take a value; `booleans` do not. Everything else starting with "--" is an error.
Args parseArgs(const std::vector<std::string>& argv, const std::set<std::string>& valued,
               const std::set<std::string>& booleans);

} // namespace strata::cli
