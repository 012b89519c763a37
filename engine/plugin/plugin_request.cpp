#include "plugin/plugin_request.h"

#include "model/design_io.h"
#include "model/geometry.h"

#include <nlohmann/json.hpp>

namespace strata {

namespace {

using json = nlohmann::json;

void putRect(json& j, const Rect& r) {
    j["x_min_m"] = r.x0;
    j["y_min_m"] = r.y0;
    j["x_max_m"] = r.x1;
    j["y_max_m"] = r.y1;
}

// Every placed die, resolved against the library, as strata_plugin.h documents it.
json resolvedDies(const Design& design, const Library& library) {
    json dies = json::array();
    for (const Stack& stack : design.stacks)
        for (std::size_t t = 0; t < stack.tiers.size(); ++t) {
            const Tier& tier = stack.tiers[t];
            const ResolvedDie r = resolveDie(tier.die, design, library);
            const Rect fp = tierFootprint(stack, tier, r);
            json d{{"id", tier.die.id},
                   {"stack", stack.id},
                   {"tier", t},
                   {"chiplet", tier.die.type},
                   {"kind", r.type ? r.type->kind : ""},
                   {"node", r.node},
                   {"thickness_m", r.thickness_m},
                   {"frequency_hz", r.frequency_hz}};
            putRect(d, fp);
            json blocks = json::array();
            if (r.type)
                for (const BlockSpec& b : r.type->blocks) {
                    json jb{{"id", b.id}, {"kind", b.kind}};
                    putRect(jb, blockFootprint(b, *r.type, r, fp, stack.rotation_deg));
                    blocks.push_back(std::move(jb));
                }
            d["blocks"] = std::move(blocks);
            dies.push_back(std::move(d));
        }
    return dies;
}

Diagnostic pluginProblem(const std::string& code, const std::string& pluginName,
                         const std::string& evaluatorId, const std::string& what) {
    return {code,
            Severity::Error,
            "plugin \"" + pluginName + "\" (evaluator " + evaluatorId + "): " + what,
            {},
            {},
            {}};
}

std::optional<Severity> severityOf(const std::string& s) {
    if (s == "info")
        return Severity::Info;
    if (s == "warning")
        return Severity::Warning;
    if (s == "error")
        return Severity::Error;
    return std::nullopt;
}

} // namespace

std::string pluginRequestJson(const std::string& evaluatorId, const EvalContext& ctx) {
    json metrics = json::object();
    for (const Metric& m : ctx.upstream.metrics)
        metrics[m.name] = json{{"value", m.value}, {"unit", m.unit}};
    json options = json::object();
    const std::string prefix = evaluatorId + ".";
    for (const auto& [key, value] : ctx.options.values)
        if (key.rfind(prefix, 0) == 0)
            options[key] = value;
    const json request{{"abi", 1},
                       {"evaluator", evaluatorId},
                       {"design", json::parse(designToJsonText(ctx.design))},
                       {"dies", resolvedDies(ctx.design, ctx.library)},
                       {"metrics", std::move(metrics)},
                       {"options", std::move(options)}};
    return request.dump();
}

void readPluginAnswer(const std::string& answer, const std::string& evaluatorId,
                      const std::string& pluginName, EvalResult& out) {
    const json j = json::parse(answer, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        out.diagnostics.push_back(pluginProblem(
            "PLG-0007", pluginName, evaluatorId,
            "answered with something that is not a JSON object (see strata_plugin.h)"));
        return;
    }
    const std::string prefix = evaluatorId + ".";
    const json metrics = j.value("metrics", json::array());
    if (!metrics.is_array())
        out.diagnostics.push_back(
            pluginProblem("PLG-0007", pluginName, evaluatorId, "\"metrics\" must be an array"));
    else
        for (std::size_t i = 0; i < metrics.size(); ++i) {
            const json& m = metrics[i];
            const std::string where = "metrics[" + std::to_string(i) + "]";
            if (!m.is_object() || !m.contains("name") || !m["name"].is_string() ||
                !m.contains("value") || !m["value"].is_number()) {
                out.diagnostics.push_back(
                    pluginProblem("PLG-0007", pluginName, evaluatorId,
                                  where + " needs a string \"name\" and a number \"value\""));
                continue;
            }
            const std::string name = m["name"].get<std::string>();
            const double value = m["value"].get<double>();
            if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size()) {
                std::string what = where;
                what.append(" \"").append(name).append("\" must start with \"").append(prefix);
                what += "\" (a plugin names only its own metrics); left out";
                out.diagnostics.push_back(pluginProblem("PLG-0008", pluginName, evaluatorId, what));
                continue;
            }
            const json unit = m.value("unit", json(""));
            out.add(name, value, unit.is_string() ? unit.get<std::string>() : "");
        }
    const json diags = j.value("diagnostics", json::array());
    if (!diags.is_array()) {
        out.diagnostics.push_back(
            pluginProblem("PLG-0007", pluginName, evaluatorId, "\"diagnostics\" must be an array"));
        return;
    }
    for (std::size_t i = 0; i < diags.size(); ++i) {
        const json& d = diags[i];
        const std::string where = "diagnostics[" + std::to_string(i) + "]";
        const auto text = [&](const char* key) {
            return d.is_object() && d.contains(key) && d[key].is_string()
                       ? d[key].get<std::string>()
                       : std::string();
        };
        const std::optional<Severity> severity = severityOf(text("severity"));
        if (!severity || text("code").empty() || text("message").empty()) {
            out.diagnostics.push_back(pluginProblem(
                "PLG-0007", pluginName, evaluatorId,
                where + " needs \"code\", \"message\" and a \"severity\" of info, warning or "
                        "error"));
            continue;
        }
        Diagnostic diag{text("code"), *severity, text("message"), {}, {}, {}};
        if (d.contains("objects") && d["objects"].is_array())
            for (const json& o : d["objects"])
                if (o.is_string())
                    diag.object_ids.push_back(o.get<std::string>());
        out.diagnostics.push_back(std::move(diag));
    }
}

} // namespace strata
