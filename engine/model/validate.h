#pragma once
// validate(design, library): every problem a design can have before it is evaluated.
//   MDL-xxxx  integrity: the file does not describe a coherent design (duplicate ids, unknown
//             library references, dangling link ends, non-physical values). Treated as bad input.
//   DRC-xxxx  design rules: a coherent design that cannot be built as drawn (overlaps, dies off
//             the package, unsupported overhangs, missing PHYs, impossible bond pitch, reach).
// Each diagnostic carries the object ids and the JSON pointer of the offending field.
#include "core/diagnostic.h"
#include "library/library.h"
#include "model/design.h"

#include <vector>

namespace strata {

std::vector<Diagnostic> validate(const Design& design, const Library& library);

// isInputProblem() (core/diagnostic.h) tells MDL- integrity problems from DRC- rule violations.

} // namespace strata
