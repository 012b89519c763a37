#include "eval/result_json.h"

#include "core/build_info.h"
#include "core/csv.h"

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

std::string metricsToCsv(const EvalResult& result) {
    std::ostringstream out;
    out.precision(17);
    out << "metric,value,unit\n";
    for (const Metric& m : result.metrics)
        out << csvQuoted(m.name) << "," << m.value << "," << csvQuoted(m.unit) << "\n";
    return out.str();
}

} // namespace strata
