#pragma once
// The colour of a die by the kind of its chiplet type, shared by the studio's views and the
// SVG floorplan, so a slide shows what the canvas shows.
#include <array>
#include <cstdint>
#include <string>

namespace strata {

using Rgb = std::array<std::uint8_t, 3>;

inline Rgb kindRgb(const std::string& kind) {
    if (kind == "compute")
        return {70, 120, 200};
    if (kind == "memory")
        return {80, 160, 100};
    if (kind == "cache")
        return {60, 160, 170};
    if (kind == "nmc")
        return {220, 140, 50};
    return {140, 140, 150}; // io and anything else
}

} // namespace strata
