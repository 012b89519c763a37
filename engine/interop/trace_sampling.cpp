#include "interop/trace_sampling.h"

#include "core/diagnostic.h"

#include <algorithm>
#include <cmath>

namespace strata {

namespace {

std::string num(double v) {
    return formatNumber(v, 12);
}

} // namespace

std::optional<SampledTrace> sampleTrace(const thermal::Model& m, const thermal::PowerTrace& trace,
                                        const std::string& tool, std::vector<Diagnostic>& notes) {
    const std::vector<double>& t = trace.times;
    SampledTrace out;
    out.interval_s = 1e300;
    for (std::size_t r = 0; r + 1 < t.size(); ++r)
        out.interval_s = std::min(out.interval_s, t[r + 1] - t[r]);
    const double steps = t.size() < 2 ? 0 : (t.back() - t.front()) / out.interval_s;
    if (t.size() < 2 || !(out.interval_s > 0) || steps > kMaxTraceIntervals) {
        notes.push_back({"IO-0020",
                         Severity::Error,
                         tool + " samples power at one fixed interval: this trace would need " +
                             num(std::round(steps)) +
                             " rows of its shortest step (at most 1000000)",
                         {},
                         "",
                         ""});
        return std::nullopt;
    }
    bool whole = true;
    for (std::size_t r = 0; r + 1 < t.size(); ++r) {
        const double n = (t[r + 1] - t[r]) / out.interval_s;
        whole = whole && std::abs(n - std::round(n)) < 1e-6;
    }
    if (!whole)
        notes.push_back({"IO-0021",
                         Severity::Info,
                         "the trace's rows are not whole multiples of its shortest (" +
                             num(out.interval_s) + " s): " + tool +
                             " gets the powers at the middle of each interval",
                         {},
                         "",
                         ""});
    std::vector<double> powers(m.sources.size());
    for (std::size_t s = 0; s < powers.size(); ++s)
        powers[s] = m.sources[s].power_w;
    std::size_t r = 0;
    for (long k = 0; k < std::lround(steps); ++k) {
        const double mid = t.front() + (static_cast<double>(k) + 0.5) * out.interval_s;
        while (r + 2 < t.size() && t[r + 1] <= mid)
            ++r;
        for (std::size_t c = 0; c < trace.sources.size(); ++c)
            powers[static_cast<std::size_t>(trace.sources[c])] = trace.powers[r][c];
        out.powers.push_back(powers);
    }
    return out;
}

} // namespace strata
