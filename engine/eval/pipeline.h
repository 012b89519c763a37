#pragma once
// evaluate(): validate the design, then run the registered evaluators in dependency order.
// Integrity errors (MDL-) stop evaluation; design-rule errors (DRC-) are reported and the
// evaluators still run, so the numbers stay visible while a design is being fixed.
#include "eval/registry.h"

namespace strata {

struct EvalRequest {
    const Design& design;
    const Library& library;
    EvalOptions options;
    ProgressSink* progress = nullptr;
    const CancelToken* cancel = nullptr;
};

EvalResult evaluate(const EvaluatorRegistry& registry, const EvalRequest& request);

} // namespace strata
