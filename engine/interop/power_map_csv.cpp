#include "interop/power_map_csv.h"

#include "core/atomic_file.h"
#include "core/csv.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace strata {

namespace {
// The values of one line, or the 1-based column of the first one that is not a number >= 0.
std::vector<double> numbersOf(const std::string& line, int& badColumn, std::string& badText) {
    std::vector<double> out;
    std::size_t pos = 0;
    auto separator = [](char c) {
        return c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\r';
    };
    while (pos < line.size()) {
        while (pos < line.size() && separator(line[pos]) && line[pos] != ',' && line[pos] != ';')
            ++pos; // blanks before a value
        std::size_t end = pos;
        while (end < line.size() && !separator(line[end]))
            ++end;
        const std::string cell = line.substr(pos, end - pos);
        double v = 0;
        const auto [p, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
        if (cell.empty() || ec != std::errc{} || p != cell.data() + cell.size() ||
            !std::isfinite(v) || v < 0) {
            badColumn = static_cast<int>(out.size()) + 1;
            badText = cell;
            return out;
        }
        out.push_back(v);
        pos = end;
        while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t' || line[pos] == '\r'))
            ++pos; // blanks after a value
        if (pos < line.size() && (line[pos] == ',' || line[pos] == ';')) {
            ++pos;
            if (pos >= line.size() || line.find_first_not_of(" \t\r", pos) == std::string::npos) {
                badColumn = static_cast<int>(out.size()) + 1; // a trailing separator
                badText.clear();
                return out;
            }
        }
    }
    return out;
}
} // namespace

std::optional<PowerMap> parsePowerMapCsv(const std::string& text, const std::string& file,
                                         std::vector<Diagnostic>& diags) {
    auto fail = [&](int line, int column, const std::string& msg) {
        diags.push_back({"IO-0012",
                         Severity::Error,
                         msg,
                         {},
                         line > 0 ? "line " + std::to_string(line) +
                                        (column > 0 ? ", column " + std::to_string(column) : "")
                                  : std::string(),
                         file});
        return std::nullopt;
    };
    std::istringstream in{std::string(withoutByteOrderMark(text))};
    std::vector<std::vector<double>> rows; // north first, as in the file
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (isBlankOrComment(line))
            continue;
        int badColumn = 0;
        std::string badText;
        std::vector<double> row =
            numbersOf(line.substr(line.find_first_not_of(" \t\r")), badColumn, badText);
        if (badColumn > 0)
            return fail(lineNo, badColumn,
                        "expected a power >= 0 W per cell, got " +
                            (badText.empty() ? std::string("nothing") : "\"" + badText + "\""));
        if (!rows.empty() && row.size() != rows.front().size())
            return fail(lineNo, 0,
                        "expected " + std::to_string(rows.front().size()) +
                            " values as on the first row, got " + std::to_string(row.size()));
        rows.push_back(std::move(row));
    }
    if (rows.empty())
        return fail(0, 0, "no values: expected rows of powers in W, the die's north edge first");
    PowerMap m;
    m.nx = static_cast<int>(rows.front().size());
    m.ny = static_cast<int>(rows.size());
    if (m.nx > kMaxPowerMapCells || m.ny > kMaxPowerMapCells)
        return fail(0, 0,
                    std::to_string(m.nx) + " x " + std::to_string(m.ny) +
                        " cells: expected at most " + std::to_string(kMaxPowerMapCells) +
                        " on a side");
    double total = 0;
    for (auto r = rows.rbegin(); r != rows.rend(); ++r) // stored from the south-west corner
        for (double v : *r) {
            m.power_w.push_back(v);
            total += v;
        }
    if (!(total > 0))
        return fail(0, 0, "every cell is 0 W: expected some power");
    return m;
}

std::optional<PowerMap> readPowerMapCsv(const std::string& path, std::string& error) {
    std::string text;
    if (!readWholeFile(path, text, error))
        return std::nullopt;
    std::vector<Diagnostic> diags;
    auto map = parsePowerMapCsv(text, path, diags);
    if (!map)
        error = diags.empty() ? path : format(diags.front());
    return map;
}

std::string powerMapCsv(const PowerMap& map) {
    std::ostringstream o;
    o.precision(17);
    o << "# power map, W per cell: " << map.nx << " x " << map.ny << " cells, north edge first\n";
    for (int j = map.ny - 1; j >= 0; --j) {
        for (int i = 0; i < map.nx; ++i)
            o << (i ? "," : "") << map.power_w[static_cast<std::size_t>(j) * map.nx + i];
        o << "\n";
    }
    return o.str();
}

} // namespace strata
