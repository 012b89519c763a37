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
    // The value in this unit: the shortest decimal (to 17 digits) that toSI() maps back to `si`
    // exactly, so that 1000 µm read as 1000 * 1e-6 is 1000 again, not 1000.0000000000001 (the
    // plain quotient differs in the last bit); saved files and the inspector stay readable.
    double fromSI(double si) const;
};

// The unit encoded in a key's suffix; dimensionless (scale 1, empty label) when none matches.
UnitInfo unitForKey(std::string_view key);

} // namespace strata
