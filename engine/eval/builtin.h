#pragma once
// Registers every evaluator that ships with Strata (plugins add theirs the same way).
#include "eval/registry.h"

#include <string>
#include <vector>

namespace strata {

void registerBuiltinEvaluators(EvaluatorRegistry& registry);

// The built-ins, then the evaluators of every loaded plugin (plugin/plugin_loader.h): what the
// CLI, Lua scripts and the studio evaluate with. A plugin evaluator whose id is taken is left out
// and reported in `diags` (PLG-0005) when given.
void registerAllEvaluators(EvaluatorRegistry& registry, std::vector<Diagnostic>* diags = nullptr);

// What a program does at start: loads the standard plugins (plugin/plugin_loader.h) and `files`
// (--plugin), and returns every problem, evaluator ids that are taken included. `namedFailed`
// (when given) tells whether one of `files` could not be used.
std::vector<Diagnostic> loadSessionPlugins(const std::vector<std::string>& files,
                                           bool* namedFailed = nullptr);

} // namespace strata
