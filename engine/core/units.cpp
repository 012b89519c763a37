#include "core/units.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace strata {

namespace {
// Longest suffixes first so "_w_m2k" wins over "_k" and "_w".
constexpr std::array kUnits{
    UnitInfo{"k_mm2_per_w", "K·mm²/W", 1e-6, 0},        // stored in K·m²/W
    UnitInfo{"usd_per_mm2", "USD/mm²", 1e6, 0},         // stored per m²
    UnitInfo{"usd_per_kwh", "USD/kWh", 1.0 / 3.6e6, 0}, // stored per J
    UnitInfo{"pj_per_bit", "pJ/bit", 1e-12, 0},
    UnitInfo{"pj_per_byte", "pJ/B", 1e-12, 0},
    UnitInfo{"w_per_mm2", "W/mm²", 1e6, 0}, // stored per m²
    UnitInfo{"per_k", "1/K", 1, 0},
    UnitInfo{"gbps_per_mm", "Gb/s/mm", 1e12, 0},
    UnitInfo{"per_cm2", "1/cm²", 1e4, 0}, // stored per m²
    UnitInfo{"j_m3k", "J/m³K", 1, 0},
    UnitInfo{"w_m2k", "W/m²K", 1, 0},
    UnitInfo{"w_mk", "W/mK", 1, 0},
    UnitInfo{"k_w", "K/W", 1, 0},
    UnitInfo{"gbps", "Gb/s", 1e9, 0},
    UnitInfo{"ghz", "GHz", 1e9, 0},
    UnitInfo{"mhz", "MHz", 1e6, 0},
    UnitInfo{"mm2", "mm²", 1e-6, 0},
    UnitInfo{"usd", "USD", 1, 0},
    UnitInfo{"deg", "°", 1, 0},
    UnitInfo{"gib", "GiB", 1073741824.0, 0}, // bytes
    UnitInfo{"mib", "MiB", 1048576.0, 0},
    UnitInfo{"kib", "KiB", 1024.0, 0},
    UnitInfo{"gb", "GB", 1e9, 0}, // bytes
    UnitInfo{"mb", "MB", 1e6, 0},
    UnitInfo{"mm", "mm", 1e-3, 0},
    UnitInfo{"um", "µm", 1e-6, 0},
    UnitInfo{"nm", "nm", 1e-9, 0},
    UnitInfo{"ns", "ns", 1e-9, 0},
    UnitInfo{"us", "µs", 1e-6, 0},
    UnitInfo{"ps", "ps", 1e-12, 0},
    UnitInfo{"pj", "pJ", 1e-12, 0},
    UnitInfo{"kw", "kW", 1e3, 0},
    UnitInfo{"w", "W", 1, 0},
    UnitInfo{"c", "°C", 1, 273.15}, // stored in kelvin
    UnitInfo{"k", "K", 1, 0},
    UnitInfo{"v", "V", 1, 0},
    UnitInfo{"h", "h", 3600, 0}, // stored in seconds
    UnitInfo{"years", "years", 365.25 * 24 * 3600, 0},
    UnitInfo{"percent", "%", 0.01, 0},
};
} // namespace

UnitInfo unitForKey(std::string_view key) {
    for (const UnitInfo& u : kUnits) {
        if (key.size() > u.suffix.size() + 1 && key.ends_with(u.suffix) &&
            key[key.size() - u.suffix.size() - 1] == '_')
            return u;
    }
    return UnitInfo{"", "", 1, 0};
}

double UnitInfo::fromSI(double si) const {
    const double v = (si - offset) / scale;
    if (!std::isfinite(v) || v == 0)
        return v;
    // The quotient, or one of its nearest neighbours, converts back to `si` exactly when `si` came
    // from toSI (as everything read from a file did); of that value, the shortest decimal that
    // still does.
    double up = v, down = v;
    for (int step = 0; step <= 4; ++step) {
        for (const double x : {up, down}) {
            if (toSI(x) != si)
                continue;
            char text[32];
            for (int digits = 1; digits <= 17; ++digits) {
                std::snprintf(text, sizeof text, "%.*g", digits, x);
                if (const double shorter = std::strtod(text, nullptr); toSI(shorter) == si)
                    return shorter;
            }
            return x;
        }
        up = std::nextafter(up, HUGE_VAL);
        down = std::nextafter(down, -HUGE_VAL);
    }
    return v;
}

} // namespace strata
