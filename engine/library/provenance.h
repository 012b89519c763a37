#pragma once
#include <string>
#include <vector>

namespace strata {

// Where a library entry's numbers come from.
struct Provenance {
    std::string source;               // citation for the entry's numbers
    std::vector<std::string> assumed; // fields whose value has no published source
    std::string file;                 // library file the entry came from
    bool isAssumed(const std::string& field) const;
};

} // namespace strata
