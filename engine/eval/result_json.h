#pragma once
// Machine-readable form of an evaluation (strata-cli eval --json): metrics, diagnostics, and
// which evaluators ran. Stable keys; consumed by CI scripts and the results store.
#include "eval/evaluator.h"

#include <optional>
#include <string>
#include <vector>

namespace strata {

std::string evalResultToJson(const EvalResult& result, const std::string& design_file,
                             const std::string& design_name);
std::string diagnosticsToJson(const std::vector<Diagnostic>& diags);
// An evaluation written by evalResultToJson read back (its metrics and which evaluators ran;
// tables and diagnostics are not read): a baseline to compare against (strata-cli diff). Problems
// name the file and the JSON pointer (IO-0001/2/4/7/9).
struct EvalResultLoad {
    std::optional<EvalResult> result;
    std::string design_name, design_file; // as the evaluation recorded them
    std::vector<Diagnostic> diagnostics;
    bool ok() const { return result.has_value(); }
};
EvalResultLoad loadEvalResultFile(const std::string& path);
EvalResultLoad parseEvalResult(const std::string& text, const std::string& label);

// metric,value,unit — one row per metric, full precision.
std::string metricsToCsv(const EvalResult& result);

} // namespace strata
