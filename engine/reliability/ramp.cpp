#include "reliability/ramp.h"

#include <cmath>
#include <limits>

namespace strata::reliability {

const char* mechanismName(Mechanism m) {
    switch (m) {
    case Mechanism::Electromigration:
        return "em";
    case Mechanism::StressMigration:
        return "sm";
    case Mechanism::Tddb:
        return "tddb";
    case Mechanism::ThermalCycling:
        return "tc";
    }
    return "";
}

namespace {
// Stress migration (constants.md §7): MTTF ~ |T0 - T|^-n exp(Ea / kT).
constexpr double kSmT0 = 500, kSmN = 2.5, kSmEa = 0.9;

// log MTTF up to a constant, at the qualification current density and voltage.
double logMttf(Mechanism m, double t, double ambient, const RampConstants& c) {
    const double k = c.boltzmann_ev_per_k;
    switch (m) {
    case Mechanism::Electromigration:
        return 0.9 / (k * t);
    case Mechanism::StressMigration:
        return -kSmN * std::log(std::fabs(kSmT0 - t)) + kSmEa / (k * t);
    case Mechanism::Tddb: {
        const double X = 0.759, Y = -66.8, Z = -8.37e-4;
        return (X + Y / t + Z * t) / (k * t); // (1/V)^(a - bT) = 1 at the nominal 1 V
    }
    case Mechanism::ThermalCycling: {
        const double swing = t - ambient;
        return swing > 0 ? -2.35 * std::log(swing) : std::numeric_limits<double>::infinity();
    }
    }
    return 0;
}
} // namespace

double accelerationFactor(Mechanism m, double t_k, double ambient_k, const RampConstants& c) {
    const double at = logMttf(m, t_k, ambient_k, c);
    if (std::isinf(at))
        return 0; // no temperature swing: no thermal-cycling wear
    return std::exp(logMttf(m, c.qualification_k, c.qualification_ambient_k, c) - at);
}

double structureFit(Mechanism m, double t_k, double ambient_k, double share,
                    const RampConstants& c) {
    return c.fit_per_mechanism * share * accelerationFactor(m, t_k, ambient_k, c);
}

double stressMigrationPeakK(const RampConstants& c) {
    // n k T^2 + Ea T - Ea T0 = 0, the positive root.
    const double a = kSmN * c.boltzmann_ev_per_k, b = kSmEa, cc = -kSmEa * kSmT0;
    return (-b + std::sqrt(b * b - 4 * a * cc)) / (2 * a);
}

double mttfYears(double fit) {
    return fit > 0 ? 1e9 / fit / 8766.0 : std::numeric_limits<double>::infinity();
}

} // namespace strata::reliability
