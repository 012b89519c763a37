#pragma once
// Registers every evaluator that ships with Strata (plugins add theirs the same way).
#include "eval/registry.h"

namespace strata {

void registerBuiltinEvaluators(EvaluatorRegistry& registry);

} // namespace strata
