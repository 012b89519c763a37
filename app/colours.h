#pragma once
// Colours shared by the views: a die by the kind of its chiplet type (canvas and stack view).
#include <QColor>

#include <string>

namespace strata::studio {

inline QColor kindColour(const std::string& kind) {
    if (kind == "compute")
        return QColor(70, 120, 200);
    if (kind == "memory")
        return QColor(80, 160, 100);
    if (kind == "cache")
        return QColor(60, 160, 170);
    if (kind == "nmc")
        return QColor(220, 140, 50);
    return QColor(140, 140, 150); // io and anything else
}

} // namespace strata::studio
