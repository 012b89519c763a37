// strata-cli diff BEFORE AFTER: what changed between two designs (or against a saved evaluation)
// and what it did to the metrics; --max-worse makes it a regression gate for CI.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/eval_progress.h"
#include "cli/exit_codes.h"
#include "cli/report.h"
#include "core/atomic_file.h"
#include "eval/builtin.h"
#include "eval/metric_comparison.h"
#include "eval/result_json.h"
#include "model/design_diff.h"
#include "model/design_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iterator>
#include <ostream>
#include <set>
#include <sstream>

namespace strata::cli {

namespace {

// One side of the comparison: a design to evaluate, or an evaluation written by eval --json.
struct Side {
    std::string file;
    std::optional<Design> design;
    EvalResult result;
};

bool readSide(const std::string& file, Io io, Side& side) {
    side.file = file;
    EvalResultLoad saved = loadEvalResultFile(file);
    if (saved.ok()) {
        side.result = std::move(*saved.result);
        return true;
    }
    const bool notAnEvaluation =
        !saved.diagnostics.empty() && saved.diagnostics.front().code == "IO-0004";
    if (!notAnEvaluation) { // unreadable, not JSON, or a damaged evaluation
        printDiagnostics(io.err, saved.diagnostics, file);
        return false;
    }
    DesignLoad load = loadDesignFile(file);
    if (!load.ok()) {
        printDiagnostics(io.err, load.diagnostics, file);
        return false;
    }
    side.design = std::move(load.design);
    return true;
}

std::string number(double v) {
    std::ostringstream o;
    o << std::setprecision(6) << v;
    return o.str();
}

const char* verdictText(int verdict) {
    return verdict > 0 ? "better" : verdict < 0 ? "worse" : "";
}

std::string diffJson(const std::vector<DesignChange>& design,
                     const std::vector<MetricChange>& metrics, const Side& before,
                     const Side& after) {
    nlohmann::ordered_json j;
    j["format"] = "strata-diff";
    j["before"] = before.file;
    j["after"] = after.file;
    j["design_changes"] = nlohmann::ordered_json::array();
    for (const DesignChange& c : design)
        j["design_changes"].push_back(
            {{"path", c.path},
             {"change", c.kind == DesignChange::Kind::Added     ? "added"
                        : c.kind == DesignChange::Kind::Removed ? "removed"
                                                                : "changed"},
             {"before", c.before},
             {"after", c.after}});
    j["metrics"] = nlohmann::ordered_json::array();
    for (const MetricChange& c : metrics) {
        nlohmann::ordered_json m{{"name", c.name}, {"unit", c.unit}};
        m["before"] = c.in_before ? nlohmann::ordered_json(c.before) : nullptr;
        m["after"] = c.in_after ? nlohmann::ordered_json(c.after) : nullptr;
        if (c.in_before && c.in_after && !c.unitChanged()) {
            m["delta"] = c.delta();
            m["relative"] =
                std::isfinite(c.relative()) ? nlohmann::ordered_json(c.relative()) : nullptr;
        }
        m["verdict"] = c.verdict > 0 ? "better" : c.verdict < 0 ? "worse" : "neutral";
        j["metrics"].push_back(std::move(m));
    }
    return j.dump(2) + "\n";
}

} // namespace

int runDiff(const std::vector<std::string>& argv, Io io) {
    const Args a =
        parseArgs(argv, {"library", "only", "option", "resolution", "json", "max-worse", "junit"},
                  {"help", "all"});
    if (a.has("help")) {
        io.out << helpText("diff");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "diff", a.error);
    if (a.positional.size() != 2)
        return usageError(io, "diff", "expected two files: BEFORE and AFTER");
    double maxWorse = -1;
    if (a.values.count("junit") && !a.values.count("max-worse"))
        return usageError(io, "diff", "--junit reports the --max-worse gate: give both");
    if (a.values.count("max-worse")) {
        char* end = nullptr;
        const std::string text = a.value("max-worse");
        maxWorse = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !std::isfinite(maxWorse) || maxWorse < 0)
            return usageError(io, "diff",
                              "--max-worse expects a percentage >= 0, got \"" + text + "\"");
    }
    Side sides[2];
    for (int i = 0; i < 2; ++i)
        if (!readSide(a.positional[static_cast<std::size_t>(i)], io, sides[i]))
            return kExitBadInput;
    if (sides[0].design || sides[1].design) {
        Library lib;
        if (!loadLibraryFor(a, io, lib))
            return kExitBadInput;
        EvaluatorRegistry registry;
        registerAllEvaluators(registry);
        for (Side& side : sides) {
            if (!side.design)
                continue;
            EvalRequest req{*side.design, lib, {}, nullptr, nullptr};
            if (!readEvalOptions(a, io, "diff", req.options))
                return kExitBadInput;
            side.result = evaluateShowingProgress(registry, req, io.err);
            std::vector<Diagnostic> errors;
            std::copy_if(side.result.diagnostics.begin(), side.result.diagnostics.end(),
                         std::back_inserter(errors),
                         [](const Diagnostic& d) { return d.severity == Severity::Error; });
            printDiagnostics(io.err, errors, side.file); // their metrics show as removed
            if (std::any_of(errors.begin(), errors.end(), isInputProblem))
                return kExitBadInput;
        }
    }

    const std::vector<DesignChange> designChanges =
        sides[0].design && sides[1].design ? diffDesigns(*sides[0].design, *sides[1].design)
                                           : std::vector<DesignChange>{};
    // Evaluators skipped on either side (--only, a saved partial evaluation) are not compared:
    // their metrics would only show as added or removed.
    std::set<std::string> skipped;
    for (const Side& side : sides)
        skipped.insert(side.result.not_evaluated.begin(), side.result.not_evaluated.end());
    std::vector<MetricChange> changes;
    std::size_t unchanged = 0, hidden = 0;
    for (MetricChange& c : compareMetrics(sides[0].result.metrics, sides[1].result.metrics)) {
        if (skipped.count(c.name.substr(0, c.name.find('.'))))
            continue;
        if (!c.changed())
            ++unchanged;
        else if (!a.has("all") && isDetailMetric(c.name))
            ++hidden;
        else
            changes.push_back(std::move(c));
    }

    const std::string jsonOut = a.value("json");
    if (jsonOut == "-") {
        io.out << diffJson(designChanges, changes, sides[0], sides[1]);
    } else {
        io.out << "Before: " << sides[0].file << "\nAfter:  " << sides[1].file << "\n\n";
        if (sides[0].design && sides[1].design) {
            io.out << "Design changes (" << designChanges.size() << "):\n";
            for (const DesignChange& c : designChanges)
                io.out << "  " << describe(c) << "\n";
            if (designChanges.empty())
                io.out << "  none\n";
        } else {
            io.out << "Design changes: not known (one side is a saved evaluation)\n";
        }
        std::size_t width = 6;
        for (const MetricChange& c : changes)
            width = std::max(width, c.name.size());
        io.out << "\nMetric changes (" << changes.size() << (a.has("all") ? "" : " headline")
               << "):\n";
        int better = 0, worse = 0;
        for (const MetricChange& c : changes) {
            better += c.verdict > 0;
            worse += c.verdict < 0;
            io.out << "  " << std::left << std::setw(static_cast<int>(width)) << c.name << "  "
                   << std::right << std::setw(12) << (c.in_before ? number(c.before) : "-")
                   << " -> " << std::setw(12) << (c.in_after ? number(c.after) : "-") << " "
                   << std::left << std::setw(9) << c.unit << " " << describeChange(c)
                   << (c.verdict ? "  " : "") << verdictText(c.verdict) << "\n";
        }
        io.out << "\n"
               << better << " better, " << worse << " worse, "
               << changes.size() - static_cast<std::size_t>(better + worse)
               << " changed without a better direction; " << unchanged << " unchanged";
        if (hidden)
            io.out << "; " << hidden << " per-object rows changed (--all shows them)";
        io.out << "\n";
        if (!skipped.empty()) {
            io.out << "Not compared (not evaluated on both sides):";
            for (const std::string& id : skipped)
                io.out << " " << id;
            io.out << "\n";
        }
        if (!jsonOut.empty()) {
            if (const std::string err = writeFileAtomically(
                    jsonOut, diffJson(designChanges, changes, sides[0], sides[1]));
                !err.empty()) {
                io.err << "strata-cli diff: " << err << "\n";
                return kExitBadInput;
            }
            io.out << "Wrote " << jsonOut << "\n";
        }
    }
    if (maxWorse < 0)
        return kExitOk;
    // The gate: a rule per compared baseline metric with a better direction (the rows shown:
    // headline ones unless --all, of evaluators run on both sides), checked like `check`'s.
    std::vector<Metric> gated;
    for (const Metric& m : sides[0].result.metrics)
        if (!skipped.count(m.name.substr(0, m.name.find('.'))) &&
            (a.has("all") || !isDetailMetric(m.name)))
            gated.push_back(m);
    const std::vector<RuleOutcome> outcomes =
        checkRules(regressionRules(gated, maxWorse / 100), sides[1].result);
    int status = kExitOk;
    for (const RuleOutcome& o : outcomes) {
        if (o.passed)
            continue;
        status = kExitRuleFailure;
        const Metric* was = sides[0].result.metric(o.rule.metric);
        const Metric* now = sides[1].result.metric(o.rule.metric);
        if (o.missing || !was || !now) {
            io.err << "strata-cli diff: " << o.rule.metric << " is no longer evaluated\n";
            continue;
        }
        io.err << "strata-cli diff: " << o.rule.metric << " got worse by "
               << describeChange(compareMetrics({*was}, {*now})[0]) << ", more than --max-worse "
               << maxWorse << " %\n";
    }
    if (const std::string junit = a.value("junit"); !junit.empty())
        if (const std::string err = writeFileAtomically(
                junit, junitXml(outcomes, "diff " + sides[0].file + " -> " + sides[1].file, 0));
            !err.empty()) {
            io.err << "strata-cli diff: " << err << "\n";
            return kExitBadInput;
        }
    return status;
}

} // namespace strata::cli
