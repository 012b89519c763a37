#pragma once
// The JSON request a plugin's evaluate() receives (its layout is documented in strata_plugin.h)
// and the reading of its answer back into metrics and diagnostics.
#include "eval/evaluator.h"

#include <string>

namespace strata {

std::string pluginRequestJson(const std::string& evaluatorId, const EvalContext& ctx);

// Adds the answer's metrics and diagnostics to `out`. Anything that breaks the contract (not
// JSON, wrong shapes, a metric outside "<id>.", an unknown severity) becomes a PLG- diagnostic
// naming the plugin and the offending entry; what is well-formed is kept. (JSON has no
// infinities or NaN: a value that overflows a double makes the answer unreadable.)
void readPluginAnswer(const std::string& answer, const std::string& evaluatorId,
                      const std::string& pluginName, EvalResult& out);

} // namespace strata
