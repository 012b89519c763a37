#include "eval/rules.h"

#include "core/xml_text.h"
#include "model/json_reader.h"

#include <cmath>
#include <sstream>

namespace strata {

namespace {
const char* const kComparisons[] = {"<", "<=", ">", ">=", "==", "approx"};

bool knownComparison(const std::string& c) {
    for (const char* k : kComparisons)
        if (c == k)
            return true;
    return false;
}

std::string number(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}
} // namespace

std::vector<CheckRule> parseRules(const std::string& text, const std::string& label,
                                  std::vector<Diagnostic>& diags) {
    std::vector<CheckRule> rules;
    JsonContext ctx{label, &diags};
    Json doc;
    if (!parseJsonText(text, doc, ctx) || !expectObject(doc, "/", ctx, "a rules file"))
        return rules;
    const auto fmt = doc.find("format");
    if (fmt == doc.end() || *fmt != "strata-rules") {
        ctx.error("IO-0004", "/format", "expected \"format\": \"strata-rules\"");
        return rules;
    }
    const auto list = doc.find("rules");
    if (list == doc.end() || !list->is_array()) {
        ctx.error("IO-0009", "/rules", "expected \"rules\": a list of rules");
        return rules;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string p = childPointer("/rules", i);
        const Json& r = (*list)[i];
        if (!expectObject(r, p, ctx, "a rule {metric, comparison, threshold, ...}"))
            continue;
        reportUnknownKeys(
            r, p, {"id", "metric", "comparison", "threshold", "tolerance", "severity", "message"},
            ctx);
        CheckRule rule;
        rule.origin = label;
        rule.origin.append("#").append(p);
        auto readText = [&](const char* key, std::string& out, bool required) {
            const auto it = r.find(key);
            if (it == r.end()) {
                if (required)
                    ctx.error("IO-0009", childPointer(p, key),
                              std::string("missing required key \"") + key + "\"");
                return;
            }
            if (!it->is_string())
                ctx.error("IO-0007", childPointer(p, key), "expected a string");
            else
                out = it->get<std::string>();
        };
        readText("metric", rule.metric, true);
        readText("comparison", rule.comparison, true);
        readText("severity", rule.severity, false);
        readText("message", rule.message, false);
        rule.id = rule.metric;
        readText("id", rule.id, false);
        const auto th = r.find("threshold");
        if (th == r.end() || !th->is_number() || !std::isfinite(th->get<double>()))
            ctx.error(th == r.end() ? "IO-0009" : "IO-0007", childPointer(p, "threshold"),
                      "expected \"threshold\": a finite number in the metric's unit");
        else
            rule.threshold = th->get<double>();
        if (const auto tol = r.find("tolerance"); tol != r.end()) {
            if (!tol->is_number() || !(tol->get<double>() >= 0))
                ctx.error("IO-0008", childPointer(p, "tolerance"),
                          "expected a relative tolerance >= 0, e.g. 0.01 for 1 %");
            else
                rule.tolerance = tol->get<double>();
        }
        if (!knownComparison(rule.comparison))
            ctx.error("IO-0008", childPointer(p, "comparison"),
                      "expected one of <, <=, >, >=, ==, approx, got \"" + rule.comparison + "\"");
        if (rule.severity != "error" && rule.severity != "warning")
            ctx.error("IO-0008", childPointer(p, "severity"),
                      "expected error or warning, got \"" + rule.severity + "\"");
        rules.push_back(rule);
    }
    return rules;
}

std::vector<CheckRule> designRules(const Design& design, const std::string& file) {
    std::vector<CheckRule> rules;
    for (std::size_t i = 0; i < design.rules.size(); ++i) {
        const Rule& r = design.rules[i];
        const std::string origin = file + "#/rules/" + std::to_string(i);
        if (r.min)
            rules.push_back(
                {r.metric + " >= min", r.metric, ">=", *r.min, 0, "error", r.note, origin});
        if (r.max)
            rules.push_back(
                {r.metric + " <= max", r.metric, "<=", *r.max, 0, "error", r.note, origin});
    }
    return rules;
}

std::vector<RuleOutcome> checkRules(const std::vector<CheckRule>& rules, const EvalResult& result) {
    std::vector<RuleOutcome> out;
    for (const CheckRule& rule : rules) {
        RuleOutcome o;
        o.rule = rule;
        const Metric* m = result.metric(rule.metric);
        if (!m) {
            o.missing = true;
            out.push_back(o);
            continue;
        }
        o.measured = m->value;
        o.unit = m->unit;
        const double v = m->value, t = rule.threshold;
        const std::string& c = rule.comparison;
        o.passed = c == "<"    ? v < t
                   : c == "<=" ? v <= t
                   : c == ">"  ? v > t
                   : c == ">=" ? v >= t
                   : c == "==" ? v == t
                               : std::fabs(v - t) <= rule.tolerance * std::fabs(t);
        out.push_back(o);
    }
    return out;
}

std::string junitXml(const std::vector<RuleOutcome>& outcomes, const std::string& suite,
                     double seconds) {
    int failures = 0;
    for (const RuleOutcome& o : outcomes)
        failures += o.passed ? 0 : 1;
    std::ostringstream x;
    x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites tests=\"" << outcomes.size() << "\" failures=\"" << failures << "\">\n"
      << "  <testsuite name=\"" << xmlEscape(suite) << "\" tests=\"" << outcomes.size()
      << "\" failures=\"" << failures << "\" errors=\"0\" time=\"" << number(seconds) << "\">\n";
    for (const RuleOutcome& o : outcomes) {
        x << "    <testcase classname=\"" << xmlEscape(suite) << "\" name=\""
          << xmlEscape(o.rule.id) << "\" time=\"0\"";
        if (o.passed) {
            x << "/>\n";
            continue;
        }
        const std::string what = o.missing ? "metric " + o.rule.metric + " was not produced"
                                           : o.rule.metric + " = " + number(o.measured) + " " +
                                                 o.unit + ", expected " + o.rule.comparison + " " +
                                                 number(o.rule.threshold);
        x << ">\n      <failure type=\"" << xmlEscape(o.rule.severity) << "\" message=\""
          << xmlEscape(what) << "\">" << xmlEscape(o.rule.message.empty() ? what : o.rule.message)
          << "</failure>\n    </testcase>\n";
    }
    x << "  </testsuite>\n</testsuites>\n";
    return x.str();
}

} // namespace strata
