#pragma once
// strata-cli exit codes, one meaning each, stable for CI scripts.
namespace strata::cli {

inline constexpr int kExitOk = 0; // everything passed
inline constexpr int kExitRuleFailure =
    1;                                  // the design breaks a design rule or an evaluation failed
inline constexpr int kExitBadInput = 2; // unreadable or invalid input, bad usage
inline constexpr int kExitInternalError = 3; // a bug in Strata: please report it

} // namespace strata::cli
