#pragma once
// Property paths name any scalar field of a design, e.g.
//   stacks[gpu].tiers[0].die.frequency_ghz    links[d2d0].lanes    cooling.h_w_m2k
// Collections are indexed by id (stacks, links; package layers by name) or by position
// (tiers, rules; ids also accept a position when no id matches). Values use the unit in the
// key (GHz for frequency_ghz). The GUI inspector, Lua and sweeps all go through these.
#include "model/design.h"
#include "model/properties.h"

#include <string>
#include <vector>

namespace strata {

struct PathLookup {
    Value value;       // valid when error is empty
    PropertyInfo info; // the descriptor of the addressed property
    std::string error; // what is wrong with the path
    bool ok() const { return error.empty(); }
};

PathLookup getProperty(const Design& design, const std::string& path);

// Checks type and range, then sets. Returns an empty string or a message naming the path and
// what was expected; the design is unchanged on error.
std::string setProperty(Design& design, const std::string& path, Value value);

// Every addressable property path of this design, in a stable order.
std::vector<std::string> listPropertyPaths(const Design& design);

} // namespace strata
