#include "eval/result_json.h"

#include "core/atomic_file.h"
#include "core/build_info.h"
#include "core/csv.h"
#include "model/json_reader.h"

#include <nlohmann/json.hpp>
#include <sstream>

namespace strata {

namespace {
nlohmann::ordered_json toJson(const Diagnostic& d) {
    nlohmann::ordered_json j;
    j["code"] = d.code;
    j["severity"] = severityName(d.severity);
    j["message"] = d.message;
    j["objects"] = d.object_ids;
    j["pointer"] = d.pointer;
    if (!d.file.empty())
        j["file"] = d.file;
    return j;
}
} // namespace

std::string diagnosticsToJson(const std::vector<Diagnostic>& diags) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const Diagnostic& d : diags)
        arr.push_back(toJson(d));
    return arr.dump(2);
}

std::string evalResultToJson(const EvalResult& r, const std::string& file,
                             const std::string& name) {
    nlohmann::ordered_json j;
    j["format"] = "strata-eval";
    j["engine_version"] = kVersion;
    j["design"] = name;
    j["file"] = file;
    j["evaluated"] = r.evaluated;
    j["not_evaluated"] = r.not_evaluated;
    j["cancelled"] = r.cancelled;
    nlohmann::ordered_json metrics = nlohmann::ordered_json::array();
    for (const Metric& m : r.metrics)
        metrics.push_back({{"name", m.name}, {"value", m.value}, {"unit", m.unit}});
    j["metrics"] = metrics;
    nlohmann::ordered_json tables = nlohmann::ordered_json::object();
    for (const Table& t : r.tables) {
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < t.text.size(); ++i) {
            nlohmann::ordered_json row;
            std::size_t ti = 0, ni = 0;
            for (const Table::Column& c : t.columns) {
                const std::string key = c.unit.empty() ? c.name : c.name + " [" + c.unit + "]";
                if (c.numeric)
                    row[key] = t.numbers[i][ni++];
                else
                    row[key] = t.text[i][ti++];
            }
            rows.push_back(row);
        }
        tables[t.name] = rows;
    }
    j["tables"] = tables;
    j["diagnostics"] = nlohmann::ordered_json::array();
    for (const Diagnostic& d : r.diagnostics)
        j["diagnostics"].push_back(toJson(d));
    return j.dump(2) + "\n";
}

EvalResultLoad parseEvalResult(const std::string& text, const std::string& label) {
    EvalResultLoad out;
    const JsonContext ctx{label, &out.diagnostics};
    Json doc;
    if (!parseJsonText(text, doc, ctx) || !expectObject(doc, "/", ctx, "a Strata evaluation"))
        return out;
    const auto format = doc.find("format");
    if (format == doc.end() || *format != "strata-eval") {
        ctx.error("IO-0004", "/format",
                  "expected \"format\": \"strata-eval\" (the file strata-cli eval --json writes)");
        return out;
    }
    EvalResult r;
    for (const char* key : {"design", "file"})
        if (const auto it = doc.find(key); it != doc.end() && it->is_string())
            (std::string(key) == "design" ? out.design_name : out.design_file) = *it;
    for (const char* key : {"evaluated", "not_evaluated"}) {
        const auto it = doc.find(key);
        if (it == doc.end())
            continue;
        const std::string pointer = childPointer("/", key);
        if (!expectArray(*it, pointer, ctx, "evaluator ids"))
            return out;
        for (std::size_t i = 0; i < it->size(); ++i) {
            if (!(*it)[i].is_string()) {
                ctx.error("IO-0007", childPointer(pointer, i),
                          std::string("expected an evaluator id (a string), got ") +
                              jsonTypeName((*it)[i]));
                return out;
            }
            (std::string(key) == "evaluated" ? r.evaluated : r.not_evaluated).push_back((*it)[i]);
        }
    }
    const auto metrics = doc.find("metrics");
    if (metrics == doc.end()) {
        ctx.error("IO-0009", "/metrics", "missing required key \"metrics\": expected an array");
        return out;
    }
    if (!expectArray(*metrics, "/metrics", ctx, "metrics"))
        return out;
    for (std::size_t i = 0; i < metrics->size(); ++i) {
        const Json& m = (*metrics)[i];
        const std::string pointer = childPointer("/metrics", i);
        if (!expectObject(m, pointer, ctx, "a metric"))
            return out;
        const auto name = m.find("name"), value = m.find("value"), unit = m.find("unit");
        if (name == m.end() || !name->is_string() || name->get<std::string>().empty()) {
            ctx.error("IO-0007", childPointer(pointer, "name"), "expected the metric's name");
            return out;
        }
        if (value == m.end() || !value->is_number()) {
            ctx.error("IO-0007", childPointer(pointer, "value"),
                      "expected a finite number, got " +
                          std::string(value == m.end() ? "nothing" : jsonTypeName(*value)));
            return out;
        }
        if (unit != m.end() && !unit->is_string()) {
            ctx.error("IO-0007", childPointer(pointer, "unit"),
                      std::string("expected a string, got ") + jsonTypeName(*unit));
            return out;
        }
        r.metrics.push_back({*name, value->get<double>(),
                             unit == m.end() ? std::string() : unit->get<std::string>()});
    }
    out.result = std::move(r);
    return out;
}

EvalResultLoad loadEvalResultFile(const std::string& path) {
    std::string text, error;
    if (!readWholeFile(path, text, error)) {
        EvalResultLoad out;
        out.diagnostics.push_back(Diagnostic{"IO-0001", Severity::Error, error, {}, "/", path});
        return out;
    }
    return parseEvalResult(text, path);
}

std::string metricsToCsv(const EvalResult& result) {
    std::ostringstream out;
    out.precision(17);
    out << "metric,value,unit\n";
    for (const Metric& m : result.metrics)
        out << csvQuoted(m.name) << "," << m.value << "," << csvQuoted(m.unit) << "\n";
    return out.str();
}

} // namespace strata
