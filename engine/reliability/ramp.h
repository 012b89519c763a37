#pragma once
// RAMP lifetime reliability (Srinivasan et al., ISCA 2004; constants from RAMP 2.0 as listed in
// ../shared/reference/constants.md §7). Each mechanism's MTTF depends on temperature as
//   EM    MTTF ~ J^-n exp(Ea / kT)                         n = 1.1, Ea = 0.9 eV
//   SM    MTTF ~ |T0 - T|^-n exp(Ea / kT)                  n = 2.5, Ea = 0.9 eV, T0 = 500 K
//   TDDB  MTTF ~ (1/V)^(a - bT) exp((X + Y/T + Z T) / kT)   a = 78, b = -0.081, X = 0.759 eV,
//                                                          Y = -66.8 eV K, Z = -8.37e-4 eV/K
//   TC    MTTF ~ (1 / (T - T_ambient))^q                   q = 2.35
// and is normalised so that a structure at the qualification temperature (345 K) meets its share
// of the budget: FIT(T) = budget x MTTF(T_qual) / MTTF(T), with current density and voltage at
// their qualification values. Failure rates add (sum of failure rates, constant rates):
// MTTF = 1e9 / sum FIT hours.
#include <array>
#include <string>

namespace strata::reliability {

enum class Mechanism { Electromigration, StressMigration, Tddb, ThermalCycling };
inline constexpr std::array kMechanisms{Mechanism::Electromigration, Mechanism::StressMigration,
                                        Mechanism::Tddb, Mechanism::ThermalCycling};
const char* mechanismName(Mechanism m); // em, sm, tddb, tc

struct RampConstants {
    double qualification_k = 345;
    double qualification_ambient_k = 318.15; // of the thermal-cycling term at qualification
    double fit_per_mechanism = 800;          // 4000 FIT (30-year MTTF) split over five mechanisms
    double boltzmann_ev_per_k = 8.617e-5;
};

// MTTF(T_qual) / MTTF(T): how much faster the mechanism fails at T than at qualification;
// thermal cycling swings between T and `ambient_k`.
double accelerationFactor(Mechanism m, double t_k, double ambient_k, const RampConstants& c = {});

// FIT of a structure that holds `share` of its die's budget, at temperature T.
double structureFit(Mechanism m, double t_k, double ambient_k, double share,
                    const RampConstants& c = {});

double mttfYears(double fit); // 1e9 / FIT hours, in years of 8766 h

// The temperature at which the stress-migration model wears fastest: d ln MTTF / dT = 0, i.e.
// n / (T0 - T) = Ea / (k T^2), about 451 K (178 °C). Above it the model predicts less wear the
// hotter the structure (none at the stress-free T0 = 500 K): its FIT there means nothing.
double stressMigrationPeakK(const RampConstants& c = {});

} // namespace strata::reliability
