#pragma once
// The colour of a die by the kind of its chiplet type, shared by the studio's views and the
// SVG floorplan, so a slide shows what the canvas shows; and colours as SVG writes them.
#include <array>
#include <cstdint>
#include <cstdio>
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

// "#rrggbb", as SVG and CSS write a colour.
inline std::string hexColour(const Rgb& c) {
    char text[8];
    std::snprintf(text, sizeof text, "#%02x%02x%02x", c[0], c[1], c[2]);
    return text;
}

} // namespace strata
