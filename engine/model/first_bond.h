#pragma once
// The bond a new stack of a library chiplet type starts with: the part's own bumps when its data
// gives them (the library's "bumps", e.g. read from a CDXML part), else Bond's default.
#include "library/library.h"
#include "model/design.h"

namespace strata {

inline Bond firstBondOf(const ChipletType* type) {
    Bond b;
    if (type && type->bumps) {
        b.type = type->bumps->bond;
        b.pitch_m = type->bumps->pitch_m;
        b.diameter_m = type->bumps->diameter_m;
        b.thickness_m = type->bumps->height_m;
    }
    return b;
}

} // namespace strata
