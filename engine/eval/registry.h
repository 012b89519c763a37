#pragma once
// EvaluatorRegistry: owns evaluators and orders them so each runs after what it needs.
#include "eval/evaluator.h"

#include <memory>
#include <string>
#include <vector>

namespace strata {

class EvaluatorRegistry {
public:
    // Returns an empty string, or why the evaluator was refused (duplicate or empty id).
    std::string add(std::unique_ptr<Evaluator> evaluator);
    const Evaluator* find(const std::string& id) const;
    std::vector<const Evaluator*> all() const;

    // Dependency order (stable: registration order among independent evaluators).
    // Unknown needs (EVL-0002) and cycles (EVL-0003) are reported; evaluators on a cycle are left
    // out.
    std::vector<const Evaluator*> ordered(std::vector<Diagnostic>& diags) const;

private:
    std::vector<std::unique_ptr<Evaluator>> evaluators_;
};

} // namespace strata
