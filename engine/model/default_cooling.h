#pragma once
// The cooling a design gets when nobody has chosen one (a new design, an imported assembly), as
// the bundled examples have it: a copper spreader 4 mm wider than the package and a sink 40 mm
// wider than that (at least HotSpot's 30 and 60 mm), the sink's convection HotSpot's 0.1 K/W for
// 60 mm scaled by TAP-2.5D's r = 0.1 x 0.06^2 / s_sink^2, HotSpot's 50 K/W board path
// (constants.md §5), 45 °C ambient; the rest as Cooling's defaults.
#include "model/design.h"

namespace strata {

Cooling defaultCooling(const Package& package);

} // namespace strata
