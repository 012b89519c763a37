#pragma once
// A power trace at one fixed interval, for the tools that take power so (HotSpot's
// -sampling_intvl rows, 3D-ICE's slots): the interval is the trace's shortest row, and each
// interval takes every source's power at its middle (the design's power where the trace has no
// column for the source).
#include "core/diagnostic.h"
#include "thermal/model.h"
#include "thermal/power_trace.h"

#include <optional>
#include <string>
#include <vector>

namespace strata {

struct SampledTrace {
    double interval_s = 0;
    std::vector<std::vector<double>> powers; // per interval, per model source, W
};

// At most this many intervals: more is refused (IO-0020), as is a trace shorter than two rows.
inline constexpr double kMaxTraceIntervals = 1e6;

// `tool` names the program in the notes: IO-0020 (refused) or IO-0021 (the rows are not whole
// multiples of the interval, so they are resampled).
std::optional<SampledTrace> sampleTrace(const thermal::Model& model,
                                        const thermal::PowerTrace& trace, const std::string& tool,
                                        std::vector<Diagnostic>& notes);

} // namespace strata
