#pragma once
// A transient HotSpot or 3D-ICE ran on an exported model (export --transient) set beside Strata's
// for the same powers: per block, its hottest temperature at the end of every sampling interval
// in each tool, the peak over the run in each and the largest difference and when it occurred.
// The tools' files: HotSpot's temperature trace (-o <design>.ttrace: a header of unit names, then
// one row of kelvin per interval, HotSpot 7 hotspot.c write_names / write_vals), 3D-ICE's
// floorplan maxima (Tflp <design>_L<k>.tflp: comment lines, then one row per slot, the time and
// each element's kelvin, 3D-ICE 4.0 inspection_point.c). A unit or element maps back to the block
// the export made it for; a block's temperature is the hottest of its units or elements.
// Strata runs the sampled trace itself (trace_sampling.h) from ambient, ten TR-BDF2 steps per
// interval, as the exports ask the tools to.
#include "core/diagnostic.h"
#include "interop/trace_sampling.h"
#include "library/library.h"
#include "model/design.h"
#include "thermal/model.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata {

struct BlockTraceComparison {
    std::string block;
    double strata_peak_c = 0, reference_peak_c = 0;
    double max_abs_diff_k = 0, at_s = 0; // Strata - other, over the intervals' ends
};

struct TransientComparison {
    bool ok = false;
    std::vector<Diagnostic> notes;
    int intervals = 0;
    double interval_s = 0;
    std::vector<BlockTraceComparison> blocks;
};

// The other tool's block temperatures: per model source, kelvin at the end of every interval.
using ReferenceTrace = std::map<int, std::vector<double>>;

// Strata steps per sampling interval when it runs the tools' transient.
inline constexpr int kStepsPerInterval = 10;

// Strata's transient of `sampled` on `model` beside `other`.
TransientComparison compareTransient(const thermal::Model& model, const SampledTrace& sampled,
                                     const ReferenceTrace& other);

// The tools' files (see above), read into a ReferenceTrace; problems (IO-0022) name the file and
// line. `names` maps the file's unit or element names to model sources.
std::optional<ReferenceTrace> parseHotSpotTtrace(const std::string& text, int intervals,
                                                 const std::map<std::string, int>& names,
                                                 const std::string& file,
                                                 std::vector<Diagnostic>& diags);
bool addThreeDiceTflp(const std::string& text, int intervals,
                      const std::map<std::string, int>& names, const std::string& file,
                      ReferenceTrace& into, std::vector<Diagnostic>& diags);

// The whole round trip for a design exported into `dir` as `base` at `resolution` with the trace
// at `trace_path` (and `trace_interval_s` for a HotSpot .ptrace), after the tool ran run.sh.
TransientComparison compareTransientWithHotSpot(const Design& design, const Library& library,
                                                const std::string& resolution,
                                                const std::string& dir, const std::string& base,
                                                const std::string& trace_path,
                                                double trace_interval_s);
TransientComparison compareTransientWithThreeDice(const Design& design, const Library& library,
                                                  const std::string& resolution,
                                                  const std::string& dir, const std::string& base,
                                                  const std::string& trace_path,
                                                  double trace_interval_s);

} // namespace strata
