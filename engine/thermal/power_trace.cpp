#include "thermal/power_trace.h"

#include "core/atomic_file.h"
#include "core/csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace strata::thermal {

namespace {

std::vector<std::string> splitCsv(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, ',')) {
        cell.erase(0, cell.find_first_not_of(" \t\r"));
        cell.erase(cell.find_last_not_of(" \t\r") + 1);
        out.push_back(cell);
    }
    return out;
}

struct Reader {
    const std::string& file;
    const Model& model;
    std::vector<Diagnostic>& diags;

    std::nullopt_t fail(int line, int col, const std::string& msg) const {
        diags.push_back(
            {"THM-0020",
             Severity::Error,
             msg,
             {},
             "line " + std::to_string(line) + (col > 0 ? ", column " + std::to_string(col) : ""),
             file});
        return std::nullopt;
    }

    // The source a column names: its id, or a block name only one die has.
    std::optional<int> source(const std::string& name, int line, int col) const {
        std::vector<int> byBlock;
        for (std::size_t s = 0; s < model.sources.size(); ++s) {
            const HeatSource& src = model.sources[s];
            if (src.id == name)
                return static_cast<int>(s);
            if (src.id.size() == src.die_id.size() + 1 + name.size() &&
                src.id.compare(0, src.die_id.size() + 1, src.die_id + ".") == 0 &&
                src.id.compare(src.die_id.size() + 1, std::string::npos, name) == 0)
                byBlock.push_back(static_cast<int>(s));
        }
        if (byBlock.size() == 1)
            return byBlock.front();
        if (byBlock.size() > 1) {
            std::string dies;
            for (int s : byBlock)
                dies += (dies.empty() ? "" : ", ") + model.sources[static_cast<std::size_t>(s)].id;
            fail(line, col,
                 "block \"" + name + "\" is on several dies (" + dies +
                     "): name it as <die>.<block>");
            return std::nullopt;
        }
        std::string known;
        for (const HeatSource& s : model.sources)
            known += (known.empty() ? "" : ", ") + s.id;
        fail(line, col, "unknown block \"" + name + "\": expected one of " + known);
        return std::nullopt;
    }

    // A row's numbers (columns counted from 1); those from `firstPowerColumn` on are powers, >= 0.
    std::optional<std::vector<double>> numbers(const std::vector<std::string>& cells, int line,
                                               int firstPowerColumn) const {
        std::vector<double> row;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            double v = 0;
            const auto [p, ec] =
                std::from_chars(cells[c].data(), cells[c].data() + cells[c].size(), v);
            const int col = static_cast<int>(c) + 1;
            if (ec != std::errc{} || p != cells[c].data() + cells[c].size() || !std::isfinite(v))
                return fail(line, col, "expected a finite number, got \"" + cells[c] + "\"");
            if (col >= firstPowerColumn && v < 0)
                return fail(line, col, "expected a power >= 0 W, got " + cells[c]);
            row.push_back(v);
        }
        return row;
    }
};

// The first field of a CSV header line, trimmed.
std::string_view firstName(std::string_view line) {
    line = line.substr(0, line.find(','));
    const std::size_t a = line.find_first_not_of(" \t\r");
    if (a == std::string_view::npos)
        return {};
    return line.substr(a, line.find_last_not_of(" \t\r") - a + 1);
}

} // namespace

bool isHotSpotTrace(std::string_view text) {
    text = withoutByteOrderMark(text);
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        if (!isBlankOrComment(line))
            return firstName(line) != "time_s";
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
    return false;
}

std::optional<PowerTrace> parsePowerTrace(const std::string& text, const std::string& file,
                                          const Model& model, std::vector<Diagnostic>& diags,
                                          double interval_s) {
    const Reader r{file, model, diags};
    std::istringstream in{std::string(withoutByteOrderMark(text))};
    std::string line;
    int lineNo = 0;
    PowerTrace t;
    bool hotspot = false;
    std::size_t columns = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (isBlankOrComment(line))
            continue;
        if (columns == 0) { // the header
            std::vector<std::string> names = splitCsv(line);
            hotspot = firstName(line) != "time_s";
            if (hotspot) {
                if (line.find(';') != std::string::npos)
                    return r.fail(lineNo, 0,
                                  "columns separated by ';': expected commas (time_s,<block>,...; "
                                  "a spreadsheet set to a locale with decimal commas writes ';' — "
                                  "save the trace as comma-separated CSV with decimal points)");
                if (line.find(',') != std::string::npos)
                    return r.fail(lineNo, 1,
                                  "expected a header starting with time_s, then block ids "
                                  "(die.block); or a HotSpot trace: block names separated by "
                                  "spaces");
                if (!(interval_s > 0))
                    return r.fail(lineNo, 0,
                                  "a HotSpot power trace (block names, then watts per sampling "
                                  "interval) does not hold its interval: give it "
                                  "(thermal.trace_interval_s, --trace-interval; HotSpot's "
                                  "-sampling_intvl)");
                names = splitAtBlanks(line);
            }
            for (std::size_t c = hotspot ? 0 : 1; c < names.size(); ++c) {
                const auto s = r.source(names[c], lineNo, static_cast<int>(c) + 1);
                if (!s)
                    return std::nullopt;
                // A block has one power per row: two columns for it would be summed by nobody.
                if (const auto seen = std::find(t.sources.begin(), t.sources.end(), *s);
                    seen != t.sources.end())
                    return r.fail(
                        lineNo, static_cast<int>(c) + 1,
                        "block \"" + model.sources[static_cast<std::size_t>(*s)].id +
                            "\" has a column already (column " +
                            std::to_string((seen - t.sources.begin()) + (hotspot ? 1 : 2)) +
                            "): expected one column per block");
                t.sources.push_back(*s);
            }
            columns = names.size();
            continue;
        }
        const std::vector<std::string> cells = hotspot ? splitAtBlanks(line) : splitCsv(line);
        if (cells.size() != columns)
            return r.fail(lineNo, 0,
                          "expected " + std::to_string(columns) + " values, got " +
                              std::to_string(cells.size()));
        auto row = r.numbers(cells, lineNo, hotspot ? 1 : 2);
        if (!row)
            return std::nullopt;
        if (hotspot) { // row k holds from k intervals on
            t.times.push_back(static_cast<double>(t.powers.size()) * interval_s);
            t.powers.push_back(std::move(*row));
            continue;
        }
        if (!t.times.empty() && !((*row)[0] > t.times.back()))
            return r.fail(lineNo, 1, "expected times to increase");
        t.times.push_back((*row)[0]);
        t.powers.emplace_back(row->begin() + 1, row->end());
    }
    if (columns == 0)
        return r.fail(std::max(lineNo, 1), 0,
                      "empty trace: expected a header time_s,<block>,... and at least two rows");
    if (hotspot) {
        if (t.powers.empty())
            return r.fail(lineNo, 0, "expected at least one row of powers");
        // The last row holds for one interval: its end is the run's end.
        t.times.push_back(static_cast<double>(t.powers.size()) * interval_s);
        t.powers.push_back(t.powers.back());
        return t;
    }
    if (t.times.size() < 2)
        return r.fail(lineNo, 0, "expected at least two rows (the last row's time ends the run)");
    return t;
}

std::optional<PowerTrace> readPowerTraceFile(const std::string& path, const Model& model,
                                             std::vector<Diagnostic>& diags, double interval_s) {
    std::string text, error;
    if (!readWholeFile(path, text, error)) {
        diags.push_back({"THM-0020", Severity::Error, error, {}, "", ""}); // names the file
        return std::nullopt;
    }
    return parsePowerTrace(text, path, model, diags, interval_s);
}

} // namespace strata::thermal
