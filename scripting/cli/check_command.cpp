// strata-cli check: the headless CI gate. Evaluates a design, applies its own rules and a rules
// file, prints a pass/fail table with the measured values, optionally writes JUnit XML and JSON.
// Exit 0 when every error-severity rule passes, 1 when one fails, 2 for bad input.
#include "cli/cli_support.h"
#include "cli/eval_progress.h"
#include "cli/exit_codes.h"
#include "cli/report.h"
#include "core/atomic_file.h"
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "eval/rules.h"
#include "model/design_io.h"

#include <chrono>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

namespace strata::cli {

namespace {
std::string outcomesJson(const std::vector<RuleOutcome>& outcomes, const std::string& file,
                         bool passed) {
    nlohmann::ordered_json j;
    j["format"] = "strata-check";
    j["design"] = file;
    j["passed"] = passed;
    j["rules"] = nlohmann::ordered_json::array();
    for (const RuleOutcome& o : outcomes) {
        nlohmann::ordered_json r;
        r["id"] = o.rule.id;
        r["metric"] = o.rule.metric;
        r["comparison"] = o.rule.comparison;
        r["threshold"] = o.rule.threshold;
        r["severity"] = o.rule.severity;
        r["passed"] = o.passed;
        if (o.missing)
            r["measured"] = nullptr;
        else
            r["measured"] = o.measured;
        r["unit"] = o.unit;
        r["origin"] = o.rule.origin;
        j["rules"].push_back(r);
    }
    return j.dump(2) + "\n";
}
} // namespace

int runCheck(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(
        argv, {"library", "rules", "junit", "json", "only", "option", "resolution"}, {"help"});
    if (a.has("help")) {
        io.out << helpText("check");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "check", a.error);
    Library lib;
    const std::optional<Design> design = loadDesignAndLibrary(a, io, "check", lib);
    if (!design)
        return kExitBadInput;
    const std::string file = a.positional[0];
    std::vector<CheckRule> rules = designRules(*design, file);
    for (const std::string& rulesFile : a.all("rules")) {
        std::string text, err;
        if (!readWholeFile(rulesFile, text, err)) {
            io.err << "strata-cli check: " << rulesFile << ": " << err << "\n";
            return kExitBadInput;
        }
        std::vector<Diagnostic> diags;
        const std::vector<CheckRule> more = parseRules(text, rulesFile, diags);
        if (hasErrors(diags)) {
            printDiagnostics(io.err, diags, rulesFile);
            return kExitBadInput;
        }
        rules.insert(rules.end(), more.begin(), more.end());
    }
    if (rules.empty())
        return usageError(io, "check",
                          "no rules: give --rules FILE or add \"rules\" to the design");
    EvaluatorRegistry registry;
    registerAllEvaluators(registry);
    EvalRequest req{*design, lib, {}, nullptr, nullptr};
    if (!readEvalOptions(a, io, "check", req.options))
        return kExitBadInput;
    const auto t0 = std::chrono::steady_clock::now();
    EvalResult result = evaluateShowingProgress(registry, req, io.err);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (std::any_of(result.diagnostics.begin(), result.diagnostics.end(), isInputProblem)) {
        printDiagnostics(io.err, result.diagnostics, file, false);
        return kExitBadInput;
    }
    const std::vector<RuleOutcome> outcomes = checkRules(rules, result);
    bool passed = true;
    std::size_t width = 4;
    for (const RuleOutcome& o : outcomes) {
        width = std::max(width, o.rule.id.size());
        if (!o.passed && o.rule.severity == "error")
            passed = false;
    }
    io.out << "Check " << design->name << " (" << file << "): " << outcomes.size() << " rules\n";
    for (const RuleOutcome& o : outcomes) {
        io.out << "  "
               << (o.passed                     ? "PASS"
                   : o.rule.severity == "error" ? "FAIL"
                                                : "WARN")
               << "  " << std::left << std::setw(static_cast<int>(width)) << o.rule.id << "  ";
        if (o.missing)
            io.out << o.rule.metric << " not produced";
        else
            io.out << std::setprecision(6) << o.measured << (o.unit.empty() ? "" : " " + o.unit);
        io.out << "  (" << o.rule.comparison << " " << o.rule.threshold
               << (o.rule.comparison == "approx"
                       ? " ± " + std::to_string(o.rule.tolerance * 100).substr(0, 5) + " %"
                       : "")
               << ")" << (o.passed || o.rule.message.empty() ? "" : "  " + o.rule.message) << "\n";
    }
    io.out << (passed ? "All error rules pass.\n" : "Rules failed.\n");
    for (const auto& [flag, content] :
         {std::pair{"junit", junitXml(outcomes, design->name, seconds)},
          std::pair{"json", outcomesJson(outcomes, file, passed)}}) {
        const std::string path = a.value(flag);
        if (path.empty())
            continue;
        if (const std::string err = writeFileAtomically(path, content); !err.empty()) {
            io.err << "strata-cli check: " << err << "\n";
            return kExitBadInput;
        }
        io.out << "Wrote " << path << "\n";
    }
    return passed ? kExitOk : kExitRuleFailure;
}

} // namespace strata::cli
