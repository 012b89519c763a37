#pragma once
// Where dies are: effective die properties (instance overrides over the library type) and
// footprints on the package plane after stack rotation and tier offsets.
#include "core/geometry.h"
#include "library/library.h"
#include "model/design.h"

#include <optional>
#include <string>

namespace strata {

struct ResolvedDie {
    const Die* die = nullptr;
    const ChipletType* type = nullptr; // nullptr when the library has no such type
    double width_m = 0, height_m = 0, thickness_m = 0;
    double frequency_hz = 0, power_w = 0;
    std::string node;
};

// Instance override, else the chiplet type's value, else the design's default node.
ResolvedDie resolveDie(const Die& die, const Design& design, const Library& library);

// The tier's rectangle on the package plane (stack rotation applied to size and offset).
Rect tierFootprint(const Stack& stack, const Tier& tier, const ResolvedDie& die);

// A block of the die's type on the package: scaled to the instance's size and turned with the
// stack (rotation_deg counter-clockwise) about the centre of the die's footprint `fp`.
Rect blockFootprint(const BlockSpec& block, const ChipletType& type, const ResolvedDie& die,
                    const Rect& fp, int rotation_deg);

// A die-type edge ("north", "east", "south", "west", "area") as seen on the package after a
// counter-clockwise rotation of the stack.
std::string rotateEdge(const std::string& edge, int rotation_deg);
std::string oppositeEdge(const std::string& edge);

} // namespace strata
