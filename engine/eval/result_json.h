#pragma once
// Machine-readable form of an evaluation (strata-cli eval --json): metrics, diagnostics, and
// which evaluators ran. Stable keys; consumed by CI scripts and the results store.
#include "eval/evaluator.h"

#include <string>

namespace strata {

std::string evalResultToJson(const EvalResult& result, const std::string& design_file,
                             const std::string& design_name);
std::string diagnosticsToJson(const std::vector<Diagnostic>& diags);
// metric,value,unit — one row per metric, full precision.
std::string metricsToCsv(const EvalResult& result);

} // namespace strata
