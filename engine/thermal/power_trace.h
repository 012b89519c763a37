#pragma once
// Power traces for transients: piecewise-constant power per heat source over time, read from
//  - Strata's CSV: a header "time_s,<block>,<block>,..." (blocks named "<die>.<block>", as in
//    thermal.block metrics), then rows of numbers; each row's powers hold from its time until the
//    next row's, and the last row's time ends the run;
//  - HotSpot's .ptrace (HotSpot 7 examples): a header of block names separated by spaces or
//    tabs, then one row of watts per sampling interval (HotSpot's -sampling_intvl), which the
//    file does not hold and the caller gives; row k holds from k intervals to k + 1.
// A column names a source by its id ("gpu0.sm"), or by its block name alone ("sm") when exactly
// one die has a block of that name. Blocks not in the trace keep their design power.
#include "core/diagnostic.h"
#include "thermal/model.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::thermal {

struct PowerTrace {
    std::vector<int> sources;                // model source index per column
    std::vector<double> times;               // seconds, increasing
    std::vector<std::vector<double>> powers; // per row, per column, W
};

// Whether a trace's text is HotSpot's form, which needs its interval: its header (the first line
// that is not blank or a comment) does not start with time_s. `text` may be just the file's
// beginning.
bool isHotSpotTrace(std::string_view text);

// Parses either form (a first line starting with "time_s" is Strata's CSV, else HotSpot's, which
// needs `interval_s` > 0); problems (THM-0020) name the file, line and column, and nullopt is
// returned.
std::optional<PowerTrace> parsePowerTrace(const std::string& text, const std::string& file,
                                          const Model& model, std::vector<Diagnostic>& diags,
                                          double interval_s = 0);

// The trace file at `path` read and parsed as above; an unreadable file is THM-0020 naming it.
std::optional<PowerTrace> readPowerTraceFile(const std::string& path, const Model& model,
                                             std::vector<Diagnostic>& diags, double interval_s = 0);

} // namespace strata::thermal
