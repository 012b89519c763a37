#pragma once
// Units. Inside the engine every quantity is SI. In files, property paths and the GUI a quantity
// is named with its unit as a suffix ("width_mm", "ambient_c"); unitForKey() maps that suffix to
// the conversion, so the key alone says how to read the number.
#include <string>
#include <string_view>

namespace strata {

struct UnitInfo {
    std::string_view suffix; // key suffix without the underscore ("mm")
    std::string_view label;  // for people ("mm", "°C")
    double scale = 1.0;      // SI = value * scale + offset
    double offset = 0.0;
    double toSI(double v) const { return v * scale + offset; }
    double fromSI(double si) const { return (si - offset) / scale; }
};

// The unit encoded in a key's suffix; dimensionless (scale 1, empty label) when none matches.
UnitInfo unitForKey(std::string_view key);

} // namespace strata
