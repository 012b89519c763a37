#include "eval/metric_comparison.h"

#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <unordered_map>

namespace strata {

namespace {

bool startsWith(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}
bool endsWith(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

struct PreferenceRule {
    std::string_view prefix, suffix;
    Preference preference;
};

// First match wins. Utilisation of compute and memory in perf is left open: a higher one can mean
// a better mapping or a slower machine. Link and shoreline utilisation are headroom: the same
// workload on more capacity is better.
constexpr PreferenceRule kRules[] = {
    {"thermal.solver.", "", Preference::None},
    {"thermal.hotspot", "", Preference::None},
    {"thermal.heat_to_", "", Preference::None},
    {"thermal.", "_c", Preference::Lower},
    {"thermal.rja_k_per_w", "", Preference::Lower},
    {"thermal.power_w", "", Preference::Lower},
    {"perf.", "tokens_per_s", Preference::Higher},
    {"perf.ttft_s", "", Preference::Lower},
    {"perf.tpot_s", "", Preference::Lower},
    {"perf.", ".step_s", Preference::Lower},
    {"perf.", ".stage_s", Preference::Lower},
    {"power.", "_w", Preference::Lower},
    {"power.energy_per_token_j", "", Preference::Lower},
    {"bandwidth.", "capacity_gb_per_s", Preference::Higher},
    {"bandwidth.", "latency_ns", Preference::Lower},
    {"bandwidth.", "utilization", Preference::Lower},
    {"bandwidth.", "used_fraction", Preference::Lower},
    {"bandwidth.", "bond_pad_fraction", Preference::Lower},
    {"reliability.mttf_years", "", Preference::Higher},
    {"reliability.", "fit", Preference::Lower},
    {"cost.monolithic.saving_usd", "", Preference::Higher},
    {"cost.monolithic.", "", Preference::None}, // the one-die alternative, not this design
    {"cost.", "yield", Preference::Higher},
    {"cost.", "dies_per_wafer", Preference::Higher},
    {"cost.", "_usd", Preference::Lower},
    {"cost.", "_usd_per_year", Preference::Lower},
    {"cost.usd_per_mtoken", "", Preference::Lower},
};

constexpr double kUnchangedRelative = 1e-6; // see compareMetrics in the header

bool sameValue(double a, double b) {
    return a == b || std::fabs(a - b) <= kUnchangedRelative * std::max(std::fabs(a), std::fabs(b));
}

} // namespace

Preference metricPreference(std::string_view name) {
    for (const PreferenceRule& r : kRules)
        if (startsWith(name, r.prefix) && endsWith(name, r.suffix) &&
            name.size() >= r.prefix.size() + r.suffix.size())
            return r.preference;
    return Preference::None;
}

bool MetricChange::changed() const {
    return in_before != in_after || unitChanged() || !sameValue(before, after);
}

bool MetricChange::unitChanged() const {
    return in_before && in_after && unit != before_unit;
}

double MetricChange::relative() const {
    if (before == 0)
        return after == 0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), after);
    return (after - before) / std::fabs(before);
}

std::vector<MetricChange> compareMetrics(const std::vector<Metric>& before,
                                         const std::vector<Metric>& after) {
    std::unordered_map<std::string, const Metric*> old;
    for (const Metric& m : before)
        old.emplace(m.name, &m);
    std::vector<MetricChange> out;
    out.reserve(after.size());
    for (const Metric& m : after) {
        MetricChange c;
        c.name = m.name;
        c.unit = m.unit;
        c.in_after = true;
        c.after = m.value;
        if (const auto it = old.find(m.name); it != old.end()) {
            c.in_before = true;
            c.before = it->second->value;
            c.before_unit = it->second->unit;
            old.erase(it);
        }
        if (c.in_before && !c.unitChanged() && !sameValue(c.before, c.after)) {
            const Preference p = metricPreference(c.name);
            const bool lower = c.after < c.before;
            c.verdict = p == Preference::None ? 0 : (p == Preference::Lower) == lower ? 1 : -1;
        }
        out.push_back(std::move(c));
    }
    for (const Metric& m : before) // removed, in their order
        if (old.count(m.name)) {
            MetricChange c;
            c.name = m.name;
            c.unit = c.before_unit = m.unit;
            c.in_before = true;
            c.before = m.value;
            out.push_back(std::move(c));
        }
    return out;
}

std::vector<CheckRule> regressionRules(const std::vector<Metric>& baseline, double max_worse) {
    std::vector<CheckRule> rules;
    for (const Metric& m : baseline) {
        const Preference p = metricPreference(m.name);
        if (p == Preference::None)
            continue;
        CheckRule r;
        r.id = m.name;
        r.metric = m.name;
        const double margin = std::fabs(m.value) * max_worse;
        r.comparison = p == Preference::Lower ? "<=" : ">=";
        r.threshold = p == Preference::Lower ? m.value + margin : m.value - margin;
        std::ostringstream what;
        what << "no more than " << 100 * max_worse << " % worse than the baseline's " << m.value
             << (m.unit.empty() ? "" : " " + m.unit);
        r.message = what.str();
        r.origin = "baseline";
        rules.push_back(std::move(r));
    }
    return rules;
}

std::string describeChange(const MetricChange& c) {
    if (!c.in_before)
        return "added";
    if (!c.in_after)
        return "removed";
    if (c.unitChanged())
        return "unit " + c.before_unit + " -> " + c.unit;
    std::ostringstream o;
    o << (c.delta() >= 0 ? "+" : "") << std::setprecision(4) << c.delta();
    if (std::isfinite(c.relative()))
        o << " (" << (c.relative() >= 0 ? "+" : "") << std::fixed << std::setprecision(1)
          << 100 * c.relative() << " %)";
    return o.str();
}

bool isDetailMetric(std::string_view name) {
    for (std::string_view part :
         {".block.", ".link.", ".die.", ".stack.", ".shoreline.", ".solver."})
        if (name.find(part) != std::string_view::npos)
            return true;
    return false;
}

} // namespace strata
