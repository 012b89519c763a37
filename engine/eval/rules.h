#pragma once
// Pass/fail rules on metrics (DESIGN.md § CLI, `check`): from a rules file
//   {"format": "strata-rules", "schema": 1, "rules": [
//     {"id": "tj", "metric": "thermal.tj_max_c", "comparison": "<=", "threshold": 95,
//      "severity": "error", "message": "junction limit"}, ...]}
// with comparisons <, <=, >, >=, == and "approx" (|measured - threshold| <= tolerance x
// |threshold|, for golden values), and from the design's own rules (min / max). A rule whose
// metric was not produced fails and says so.
#include "core/diagnostic.h"
#include "eval/evaluator.h"

#include <string>
#include <vector>

namespace strata {

struct CheckRule {
    std::string id, metric, comparison = "<=";
    double threshold = 0;
    double tolerance = 0;           // relative, for "approx"
    std::string severity = "error"; // error | warning
    std::string message;
    std::string origin; // file#pointer it came from
};

struct RuleOutcome {
    CheckRule rule;
    bool passed = false;
    bool missing = false; // the metric was not produced
    double measured = 0;
    std::string unit;
};

// Parses a rules file; problems go to `diags` (IO- codes: file, JSON pointer, expectation).
std::vector<CheckRule> parseRules(const std::string& text, const std::string& label,
                                  std::vector<Diagnostic>& diags);
// The rules stored in the design (min and/or max per metric).
std::vector<CheckRule> designRules(const Design& design, const std::string& file);

std::vector<RuleOutcome> checkRules(const std::vector<CheckRule>& rules, const EvalResult& result);

// JUnit XML: one test suite, one test case per rule, failures with the measured value.
std::string junitXml(const std::vector<RuleOutcome>& outcomes, const std::string& suite,
                     double seconds);

} // namespace strata
