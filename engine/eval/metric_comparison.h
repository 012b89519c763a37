#pragma once
// Two evaluations side by side: what each metric was, what it is, and whether the change is an
// improvement. "Better" is known for the metrics with an obvious direction for an architect
// (cooler, faster, cheaper, longer-lived, more yield, more headroom on links) and left open for
// the rest (solver statistics, the mapping, sizes of the model); see metricPreference.
#include "eval/evaluator.h"
#include "eval/rules.h"

#include <string>
#include <string_view>
#include <vector>

namespace strata {

enum class Preference { None, Lower, Higher };

Preference metricPreference(std::string_view metric_name);

struct MetricChange {
    std::string name, unit; // unit: the after side's (the before side's for a removed metric)
    std::string before_unit;
    bool in_before = false, in_after = false;
    double before = 0, after = 0;
    // +1 better, -1 worse, 0 unchanged, no preferred direction, or only on one side.
    int verdict = 0;
    bool changed() const;     // added, removed, a new value or a new unit
    bool unitChanged() const; // on both sides in different units: values not comparable
    double delta() const { return after - before; } // when on both sides
    double relative() const;                        // delta / |before| (inf if before = 0)
};

// Every metric of either side, in the order of `after` then the ones only in `before`. Values
// within 1e-6 relative of each other count as unchanged: the same design evaluated after other
// designs (the studio's thermal solver starts from its earlier solutions) differs by up to 1e-8
// relative (solver tolerance 1e-7 on the residual; measured on gpu-2.5d: 2.4e-9 in power,
// 7e-10 in Tj), and a real edit that moves a metric by less than a millionth is not one to show.
std::vector<MetricChange> compareMetrics(const std::vector<Metric>& before,
                                         const std::vector<Metric>& after);

// A regression gate as rules (checkRules, junitXml): for every baseline metric with a better
// direction, "no more than `max_worse` (a fraction) worse than the baseline", relative to the
// baseline's magnitude; a metric no longer produced then fails as any rule's does.
std::vector<CheckRule> regressionRules(const std::vector<Metric>& baseline, double max_worse);

// "+2.24 (+3.9 %)", "added", "removed" or "unit W -> kW": the change as a table shows it.
std::string describeChange(const MetricChange& change);

// True for the per-object rows (blocks, dies, links, stacks, ...) and the solver's statistics
// (iterations and residual differ with the solver's starting point) that tables leave out unless
// asked: the studio's results table and `strata-cli diff` show the headline ones by default.
bool isDetailMetric(std::string_view metric_name);

} // namespace strata
