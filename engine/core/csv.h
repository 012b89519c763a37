#pragma once
// CSV text (RFC 4180): a field in double quotes with inner quotes doubled.
#include <string>

namespace strata {

inline std::string csvQuoted(const std::string& s) {
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

} // namespace strata
