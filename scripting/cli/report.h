#pragma once
// Human-readable output of strata-cli: diagnostics and metric tables.
#include "core/diagnostic.h"
#include "eval/evaluator.h"

#include <iosfwd>
#include <vector>

namespace strata::cli {

void printDiagnostics(std::ostream& os, const std::vector<Diagnostic>& diags,
                      const std::string& file, bool include_info = true);
void printMetrics(std::ostream& os, const EvalResult& result);
// The `top` slowest rows of each operator table, per phase.
void printTopRows(std::ostream& os, const EvalResult& result, std::size_t top = 8);

} // namespace strata::cli
