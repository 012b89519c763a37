#include "cli/args.h"

namespace strata::cli {

std::string Args::value(const std::string& key, const std::string& fallback) const {
    auto it = values.find(key);
    return it == values.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> Args::all(const std::string& key) const {
    auto it = values.find(key);
    return it == values.end() ? std::vector<std::string>{} : it->second;
}

Args parseArgs(const std::vector<std::string>& argv, const std::set<std::string>& valued,
               const std::set<std::string>& booleans) {
    Args a;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& s = argv[i];
        if (s.size() < 2 || s.rfind("--", 0) != 0 || s == "--") {
            a.positional.push_back(s);
            continue;
        }
        std::string key = s.substr(2), val;
        const auto eq = key.find('=');
        const bool inlineValue = eq != std::string::npos;
        if (inlineValue) {
            val = key.substr(eq + 1);
            key = key.substr(0, eq);
        }
        if (booleans.count(key) && !inlineValue) {
            a.flags.insert(key);
        } else if (valued.count(key)) {
            if (!inlineValue) {
                if (i + 1 >= argv.size()) {
                    a.error = "option --" + key + " needs a value";
                    return a;
                }
                val = argv[++i];
            }
            a.values[key].push_back(val);
        } else {
            a.error = "unknown option --" + key;
            return a;
        }
    }
    return a;
}

} // namespace strata::cli
