#pragma once
// What differs between two designs, as an architect reads it: one line per changed value, named
// by its property path (`stacks[gpu].tiers[0].die.frequency_ghz`), and one per object added or
// removed (`stacks[hbm_e3]`). Compared on the designs' file form, so everything a file holds
// counts (block floorplans, power maps, notes, provenance), not only the scalar properties.
// Collections are matched by id (stacks, links, blocks), package layers by name, and by position
// where their elements have neither (tiers, rules, power-map rows): a moved stack is one change
// of x_mm, not a removal and an addition.
#include "model/design.h"

#include <string>
#include <vector>

namespace strata {

struct DesignChange {
    enum class Kind { Changed, Added, Removed };
    Kind kind = Kind::Changed;
    std::string path;          // property-path notation
    std::string before, after; // compact JSON text of the value ("" for the absent side)
};

std::vector<DesignChange> diffDesigns(const Design& before, const Design& after);

// "stacks[gpu].tiers[0].die.frequency_ghz: 1.41 -> 1.6", "links[d2d4] added", ...
std::string describe(const DesignChange& change);

} // namespace strata
