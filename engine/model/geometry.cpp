#include "model/geometry.h"

#include <array>

namespace strata {

ResolvedDie resolveDie(const Die& die, const Design& design, const Library& library) {
    ResolvedDie r;
    r.die = &die;
    r.type = library.chiplet(die.type);
    if (r.type) {
        r.width_m = r.type->width_m;
        r.height_m = r.type->height_m;
        r.thickness_m = r.type->thickness_m;
        r.frequency_hz = r.type->frequency_hz;
        r.power_w = r.type->power_w;
        r.node = r.type->node;
    }
    r.width_m = die.width_m.value_or(r.width_m);
    r.height_m = die.height_m.value_or(r.height_m);
    r.thickness_m = die.thickness_m.value_or(r.thickness_m);
    r.frequency_hz = die.frequency_hz.value_or(r.frequency_hz);
    r.power_w = die.power_w.value_or(r.power_w);
    if (die.node)
        r.node = *die.node;
    if (r.node.empty())
        r.node = design.technology.node;
    return r;
}

Rect tierFootprint(const Stack& stack, const Tier& tier, const ResolvedDie& die) {
    const bool quarter = stack.rotation_deg == 90 || stack.rotation_deg == 270;
    const double w = quarter ? die.height_m : die.width_m;
    const double h = quarter ? die.width_m : die.height_m;
    double ox = tier.offset_x_m, oy = tier.offset_y_m;
    switch (stack.rotation_deg) { // rotate the offset counter-clockwise with the stack
    case 90:
        ox = -tier.offset_y_m;
        oy = tier.offset_x_m;
        break;
    case 180:
        ox = -tier.offset_x_m;
        oy = -tier.offset_y_m;
        break;
    case 270:
        ox = tier.offset_y_m;
        oy = -tier.offset_x_m;
        break;
    default:
        break;
    }
    return Rect::centred(stack.x_m + ox, stack.y_m + oy, w, h);
}

Rect blockFootprint(const BlockSpec& b, const ChipletType& type, const ResolvedDie& die,
                    const Rect& fp, int rot) {
    const double sx = die.width_m / type.width_m, sy = die.height_m / type.height_m;
    // Corners relative to the die centre in the die's own frame.
    const double u0 = b.x_m * sx - die.width_m / 2, u1 = (b.x_m + b.w_m) * sx - die.width_m / 2;
    const double v0 = b.y_m * sy - die.height_m / 2, v1 = (b.y_m + b.h_m) * sy - die.height_m / 2;
    double xs[2], ys[2];
    switch (rot) { // counter-clockwise: 90° maps (u, v) to (-v, u)
    case 90:
        xs[0] = -v1, xs[1] = -v0, ys[0] = u0, ys[1] = u1;
        break;
    case 180:
        xs[0] = -u1, xs[1] = -u0, ys[0] = -v1, ys[1] = -v0;
        break;
    case 270:
        xs[0] = v0, xs[1] = v1, ys[0] = -u1, ys[1] = -u0;
        break;
    default:
        xs[0] = u0, xs[1] = u1, ys[0] = v0, ys[1] = v1;
    }
    return {fp.cx() + xs[0], fp.cy() + ys[0], fp.cx() + xs[1], fp.cy() + ys[1]};
}

namespace {
constexpr std::array<const char*, 4> kEdgesCcw{"east", "north", "west", "south"};
int edgeIndex(const std::string& e) {
    for (int i = 0; i < 4; ++i)
        if (e == kEdgesCcw[static_cast<std::size_t>(i)])
            return i;
    return -1;
}
} // namespace

std::string rotateEdge(const std::string& edge, int rotation_deg) {
    const int i = edgeIndex(edge);
    if (i < 0)
        return edge; // "area" and unknown edges do not rotate
    const int steps = ((rotation_deg / 90) % 4 + 4) % 4;
    return kEdgesCcw[static_cast<std::size_t>((i + steps) % 4)];
}

std::string oppositeEdge(const std::string& edge) {
    return rotateEdge(edge, 180);
}

} // namespace strata
