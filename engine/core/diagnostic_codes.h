#pragma once
// The catalogue of every diagnostic code Strata reports: what it means and what to do about it.
// `strata-cli explain CODE` prints an entry, the studio shows it as the tooltip of an issue.
// tests/engine/test_diagnostic_codes.cpp checks that every code in the sources is here exactly
// once and every entry is still used (DESIGN.md: codes are checked for uniqueness by a test).
// Plugins own their codes (plugins/*/): they are not listed here.
#include <span>
#include <string_view>

namespace strata {

struct DiagnosticCode {
    const char* code;  // "THM-0005"
    const char* title; // one line
    const char* help;  // what causes it and what to do
};

std::span<const DiagnosticCode> diagnosticCodes(); // sorted by code
const DiagnosticCode* findDiagnosticCode(std::string_view code);

} // namespace strata
