#pragma once
// Diagnostic: the one message type every part of Strata reports problems with.
// Codes are stable ("MDL-0005"): users search for them; each is explained once in
// core/diagnostic_codes.h, which a test holds to the sources.
#include <string>
#include <vector>

namespace strata {

enum class Severity { Info, Warning, Error };

struct Diagnostic {
    std::string code; // module + number, e.g. "MDL-0005"
    Severity severity = Severity::Error;
    std::string message;                 // what is wrong and what was expected
    std::vector<std::string> object_ids; // ids of the design objects involved
    std::string pointer; // JSON pointer into the file ("/stacks/1/x_mm"), or "line 3, column 2"
    std::string file;    // file the problem was found in, when known
};

const char* severityName(Severity s);

// "file:/pointer: error MDL-0005: message [ids]" (the pointer as given)
std::string format(const Diagnostic& d);

bool hasErrors(const std::vector<Diagnostic>& diags);

// A number for a message, to `significant` digits: "57.228", "2072", "3.3e+13", "-0.5".
std::string formatNumber(double v, int significant = 5);

// True for errors that make the input unusable: unreadable or malformed files (IO-), incoherent
// designs (MDL-), and unusable evaluation inputs (an unknown evaluator id, thermal resolution,
// power trace, step count or start). The CLI exits with 2 for these, and with 1 for design-rule
// violations (DRC-) and evaluator errors.
bool isInputProblem(const Diagnostic& d);
std::size_t countSeverity(const std::vector<Diagnostic>& diags, Severity s);

} // namespace strata
