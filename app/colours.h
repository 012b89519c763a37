#pragma once
// Colours shared by the views: a die by the kind of its chiplet type (canvas and stack view; the
// table is the engine's, interop/kind_colours.h, which the SVG floorplan uses too).
#include "interop/kind_colours.h"

#include <QColor>

#include <string>

namespace strata::studio {

inline QColor kindColour(const std::string& kind) {
    const Rgb c = kindRgb(kind);
    return {c[0], c[1], c[2]};
}

} // namespace strata::studio
