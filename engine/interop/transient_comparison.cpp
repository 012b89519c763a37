#include "interop/transient_comparison.h"

#include "core/atomic_file.h"
#include "core/csv.h"
#include "interop/export_files.h"
#include "interop/hotspot_export.h"
#include "interop/reference_comparison.h"
#include "interop/threedice_export.h"
#include "thermal/builder.h"
#include "thermal/result_fields.h"
#include "thermal/transient.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

namespace strata {

namespace {

// What both transient comparisons start from: the model, the trace and the trace as the tools
// got it (sampled at one interval).
struct Prepared {
    thermal::Model model;
    thermal::PowerTrace trace;
    SampledTrace sampled;
};
std::optional<Prepared> prepare(const Design& design, const Library& library,
                                const std::string& resolution, const std::string& trace_path,
                                double trace_interval_s, const std::string& tool,
                                std::vector<Diagnostic>& notes) {
    std::optional<thermal::Model> m = modelForComparison(design, library, resolution, notes);
    if (!m)
        return std::nullopt;
    std::optional<thermal::PowerTrace> trace =
        thermal::readPowerTraceFile(trace_path, *m, notes, trace_interval_s);
    if (!trace)
        return std::nullopt;
    std::optional<SampledTrace> sampled = sampleTrace(*m, *trace, tool, notes);
    if (!sampled)
        return std::nullopt;
    return Prepared{std::move(*m), std::move(*trace), std::move(*sampled)};
}

// Each named column's source, or an error naming the first column the export did not write.
std::optional<std::vector<int>> columnSources(const std::vector<std::string>& columns,
                                              const std::map<std::string, int>& names,
                                              const std::string& file, int line,
                                              std::vector<Diagnostic>& diags) {
    std::vector<int> out;
    for (const std::string& c : columns) {
        const auto it = names.find(c);
        if (it == names.end()) {
            diags.push_back(resultFileProblem(
                file, line,
                "\"" + c +
                    "\" is no unit of this export: compare with the design, resolution and trace "
                    "that were exported"));
            return std::nullopt;
        }
        out.push_back(it->second);
    }
    return out;
}

// Adds one row of kelvin (per column) to every column's source: the hottest of its columns.
void addRow(const std::vector<int>& sources, const std::vector<double>& kelvin, std::size_t row,
            ReferenceTrace& into, int intervals) {
    for (std::size_t c = 0; c < sources.size(); ++c) {
        if (sources[c] < 0)
            continue;
        std::vector<double>& v = into[sources[c]];
        v.resize(static_cast<std::size_t>(intervals), -1e300);
        v[row] = std::max(v[row], kelvin[c]);
    }
}

std::optional<std::vector<double>> numbers(const std::vector<std::string>& fields, std::size_t from,
                                           const std::string& file, int line,
                                           std::vector<Diagnostic>& diags) {
    std::vector<double> out;
    for (std::size_t f = from; f < fields.size(); ++f) {
        double v = 0;
        if (!parseFiniteNumber(fields[f], v) || !(v > 0)) {
            diags.push_back(resultFileProblem(
                file, line, "expected a temperature in K, got \"" + fields[f] + "\""));
            return std::nullopt;
        }
        out.push_back(v);
    }
    return out;
}

Diagnostic tooFewRows(const std::string& file, int found, int intervals) {
    return resultFileProblem(file, 0,
                             "expected a row for each of the trace's " + std::to_string(intervals) +
                                 " intervals, found " + std::to_string(found) +
                                 " (did the tool's transient run to its end?)");
}

} // namespace

TransientComparison compareTransient(const thermal::Model& m, const SampledTrace& sampled,
                                     const ReferenceTrace& other) {
    TransientComparison out;
    const int n = static_cast<int>(sampled.powers.size());
    out.intervals = n, out.interval_s = sampled.interval_s;
    thermal::PowerTrace trace; // every source, one row per interval; the last time ends the run
    for (std::size_t s = 0; s < m.sources.size(); ++s)
        trace.sources.push_back(static_cast<int>(s));
    for (int i = 0; i <= n; ++i) {
        trace.times.push_back(i * sampled.interval_s);
        trace.powers.push_back(sampled.powers[static_cast<std::size_t>(std::min(i, n - 1))]);
    }
    const thermal::TransientResult r = thermal::runTransient(m, trace, n * kStepsPerInterval);
    for (const auto& [source, kelvin] : other) {
        BlockTraceComparison b{m.sources[static_cast<std::size_t>(source)].id, -1e300, -1e300, 0,
                               0};
        for (int i = 0; i < n; ++i) {
            const std::size_t step = static_cast<std::size_t>((i + 1) * kStepsPerInterval - 1);
            const double strata = r.source_max_k[step][static_cast<std::size_t>(source)];
            const double tool = kelvin[static_cast<std::size_t>(i)];
            b.strata_peak_c = std::max(b.strata_peak_c, strata - thermal::kZeroCelsiusK);
            b.reference_peak_c = std::max(b.reference_peak_c, tool - thermal::kZeroCelsiusK);
            if (std::abs(strata - tool) > b.max_abs_diff_k)
                b.max_abs_diff_k = std::abs(strata - tool), b.at_s = r.times[step];
        }
        out.blocks.push_back(b);
    }
    std::sort(out.blocks.begin(), out.blocks.end(),
              [](const auto& a, const auto& b) { return a.block < b.block; });
    out.ok = true;
    return out;
}

std::optional<ReferenceTrace> parseHotSpotTtrace(const std::string& text, int intervals,
                                                 const std::map<std::string, int>& names,
                                                 const std::string& file,
                                                 std::vector<Diagnostic>& diags) {
    std::istringstream in{std::string(withoutByteOrderMark(text))};
    ReferenceTrace out;
    std::optional<std::vector<int>> sources;
    int lineNo = 0, rows = 0;
    for (std::string line; std::getline(in, line) && rows < intervals;) {
        ++lineNo;
        const std::vector<std::string> fields = splitAtBlanks(line);
        if (fields.empty())
            continue;
        if (!sources) { // the header: the units' names
            if (!(sources = columnSources(fields, names, file, lineNo, diags)))
                return std::nullopt;
            continue;
        }
        if (fields.size() != sources->size()) {
            diags.push_back(resultFileProblem(file, lineNo,
                                              "expected " + std::to_string(sources->size()) +
                                                  " temperatures, got " +
                                                  std::to_string(fields.size())));
            return std::nullopt;
        }
        const auto kelvin = numbers(fields, 0, file, lineNo, diags);
        if (!kelvin)
            return std::nullopt;
        addRow(*sources, *kelvin, static_cast<std::size_t>(rows++), out, intervals);
    }
    if (rows < intervals) {
        diags.push_back(tooFewRows(file, rows, intervals));
        return std::nullopt;
    }
    return out;
}

bool addThreeDiceTflp(const std::string& text, int intervals,
                      const std::map<std::string, int>& names, const std::string& file,
                      ReferenceTrace& into, std::vector<Diagnostic>& diags) {
    std::istringstream in{std::string(withoutByteOrderMark(text))};
    std::optional<std::vector<int>> sources;
    int lineNo = 0, rows = 0;
    for (std::string line; std::getline(in, line) && rows < intervals;) {
        ++lineNo;
        const std::vector<std::string> fields = splitAtBlanks(line);
        if (!fields.empty() && isNumberWord(fields.front()) && sources) {
            if (fields.size() != sources->size() + 1) {
                diags.push_back(resultFileProblem(
                    file, lineNo,
                    "expected the time and " + std::to_string(sources->size()) +
                        " temperatures, got " + std::to_string(fields.size()) + " numbers"));
                return false;
            }
            const auto kelvin = numbers(fields, 1, file, lineNo, diags);
            if (!kelvin)
                return false;
            addRow(*sources, *kelvin, static_cast<std::size_t>(rows++), into, intervals);
            continue;
        }
        // A header: "Time(s)", then each element as "<name>(K)".
        const auto t = std::find(fields.begin(), fields.end(), "Time(s)");
        if (t == fields.end())
            continue;
        std::vector<std::string> columns;
        for (auto f = t + 1; f != fields.end(); ++f)
            if (f->size() > 3 && f->compare(f->size() - 3, 3, "(K)") == 0)
                columns.push_back(f->substr(0, f->size() - 3));
        if (!(sources = columnSources(columns, names, file, lineNo, diags)))
            return false;
    }
    if (rows < intervals) {
        diags.push_back(tooFewRows(file, rows, intervals));
        return false;
    }
    return true;
}

TransientComparison compareTransientWithHotSpot(const Design& design, const Library& library,
                                                const std::string& resolution,
                                                const std::string& dir, const std::string& base,
                                                const std::string& trace_path,
                                                double trace_interval_s) {
    TransientComparison out;
    const std::optional<Prepared> p =
        prepare(design, library, resolution, trace_path, trace_interval_s, "HotSpot", out.notes);
    if (!p)
        return out;
    const HotSpotExport e = exportHotSpot(p->model, base, &p->trace); // its units' names
    if (!e.ok) {
        out.notes.insert(out.notes.end(), e.notes.begin(), e.notes.end());
        return out;
    }
    const std::map<std::string, int> names(e.unit_sources.begin(), e.unit_sources.end());
    const std::string file =
        (std::filesystem::path(dir) / (exportFileBase(base) + ".ttrace")).string();
    std::string text, error;
    if (!readWholeFile(file, text, error)) {
        out.notes.push_back(resultFileProblem(
            "", 0, error + " (export with --transient, then run HotSpot there with run.sh)"));
        return out;
    }
    const std::optional<ReferenceTrace> other = parseHotSpotTtrace(
        text, static_cast<int>(p->sampled.powers.size()), names, file, out.notes);
    if (!other)
        return out;
    return compareTransient(p->model, p->sampled, *other);
}

TransientComparison compareTransientWithThreeDice(const Design& design, const Library& library,
                                                  const std::string& resolution,
                                                  const std::string& dir, const std::string& base,
                                                  const std::string& trace_path,
                                                  double trace_interval_s) {
    TransientComparison out;
    const std::optional<Prepared> p =
        prepare(design, library, resolution, trace_path, trace_interval_s, "3D-ICE", out.notes);
    if (!p)
        return out;
    // The elements' names, as the export wrote them (the same model, cells and trace).
    const ThreeDiceExport e = exportThreeDice(
        p->model, base,
        threeDiceCellFor(p->model, thermal::buildOptionsFor(resolution)->cells_across_die),
        &p->trace);
    if (!e.ok) {
        out.notes.insert(out.notes.end(), e.notes.begin(), e.notes.end());
        return out;
    }
    std::set<int> layers;
    for (const ThreeDiceExport::Element& el : e.elements)
        layers.insert(el.layer);
    ReferenceTrace other;
    for (const int k : layers) {
        std::map<std::string, int> names;
        for (const ThreeDiceExport::Element& el : e.elements)
            if (el.layer == k)
                names[el.name] = el.source;
        const std::string file = (std::filesystem::path(dir) /
                                  (exportFileBase(base) + "_L" + std::to_string(k) + ".tflp"))
                                     .string();
        std::string text, error;
        if (!readWholeFile(file, text, error)) {
            out.notes.push_back(resultFileProblem(
                "", 0, error + " (export with --transient, then run 3D-ICE there with run.sh)"));
            return out;
        }
        if (!addThreeDiceTflp(text, static_cast<int>(p->sampled.powers.size()), names, file, other,
                              out.notes))
            return out;
    }
    return compareTransient(p->model, p->sampled, other);
}

} // namespace strata
