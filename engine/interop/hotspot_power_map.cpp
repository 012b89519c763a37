#include "interop/hotspot_power_map.h"

#include "core/atomic_file.h"
#include "core/csv.h"
#include "interop/power_map_csv.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

namespace strata {

namespace {

Diagnostic problem(const std::string& file, int line, const std::string& message) {
    return {"IO-0023", Severity::Error, message, {}, line > 0 ? "line " + std::to_string(line) : "",
            file};
}

bool number(const std::string& s, double& v) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc{} && p == s.data() + s.size() && std::isfinite(v);
}

// Each line that holds something, with its 1-based number.
std::vector<std::pair<int, std::string>> contentLines(const std::string& text) {
    std::vector<std::pair<int, std::string>> out;
    std::istringstream in{std::string(withoutByteOrderMark(text))};
    int n = 0;
    for (std::string line; std::getline(in, line);)
        if (++n, !isBlankOrComment(line))
            out.emplace_back(n, line);
    return out;
}

// The bounding box of the units: the floorplan's outline.
struct Outline {
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
};
Outline outlineOf(const std::vector<FlpUnit>& units) {
    Outline o;
    for (const FlpUnit& u : units) {
        o.x0 = std::min(o.x0, u.left), o.x1 = std::max(o.x1, u.left + u.width);
        o.y0 = std::min(o.y0, u.bottom), o.y1 = std::max(o.y1, u.bottom + u.height);
    }
    return o;
}

} // namespace

std::optional<std::vector<FlpUnit>>
parseHotSpotFlp(const std::string& text, const std::string& file, std::vector<Diagnostic>& diags) {
    std::vector<FlpUnit> units;
    for (const auto& [n, line] : contentLines(text)) {
        const std::vector<std::string> f = splitAtBlanks(line);
        FlpUnit u;
        if (f.size() < 5 || !number(f[1], u.width) || !number(f[2], u.height) ||
            !number(f[3], u.left) || !number(f[4], u.bottom) || !(u.width > 0) || !(u.height > 0)) {
            diags.push_back(problem(file, n,
                                    "expected a unit: name, width, height, left x and bottom y in "
                                    "metres (widths > 0), got \"" +
                                        line + "\""));
            return std::nullopt;
        }
        u.name = f[0];
        if (std::any_of(units.begin(), units.end(),
                        [&](const FlpUnit& o) { return o.name == u.name; })) {
            diags.push_back(problem(file, n, "unit \"" + u.name + "\" is named twice"));
            return std::nullopt;
        }
        units.push_back(u);
    }
    if (units.empty()) {
        diags.push_back(problem(file, 0, "no units in the floorplan"));
        return std::nullopt;
    }
    return units;
}

std::optional<std::map<std::string, double>> meanHotSpotPowers(const std::string& text,
                                                               const std::string& file,
                                                               std::vector<Diagnostic>& diags) {
    const auto lines = contentLines(text);
    if (lines.size() < 2) {
        diags.push_back(problem(file, 0,
                                "expected a line of unit names and at least one row of "
                                "powers in W"));
        return std::nullopt;
    }
    const std::vector<std::string> names = splitAtBlanks(lines[0].second);
    std::vector<double> sum(names.size(), 0.0);
    for (std::size_t r = 1; r < lines.size(); ++r) {
        const std::vector<std::string> f = splitAtBlanks(lines[r].second);
        if (f.size() != names.size()) {
            diags.push_back(problem(file, lines[r].first,
                                    std::to_string(f.size()) + " values for " +
                                        std::to_string(names.size()) + " units"));
            return std::nullopt;
        }
        for (std::size_t c = 0; c < f.size(); ++c) {
            double w = 0;
            if (!number(f[c], w) || w < 0) {
                diags.push_back(problem(file, lines[r].first,
                                        "column " + std::to_string(c + 1) + " (" + names[c] +
                                            "): expected a power in W >= 0, got \"" + f[c] + "\""));
                return std::nullopt;
            }
            sum[c] += w;
        }
    }
    std::map<std::string, double> mean;
    for (std::size_t c = 0; c < names.size(); ++c)
        mean[names[c]] = sum[c] / static_cast<double>(lines.size() - 1);
    return mean;
}

std::optional<PowerMap> hotspotPowerMap(const std::vector<FlpUnit>& units,
                                        const std::map<std::string, double>& powers,
                                        const std::string& trace_file,
                                        std::vector<Diagnostic>& diags, int max_cells) {
    for (const FlpUnit& u : units)
        if (!powers.count(u.name)) {
            diags.push_back(problem(trace_file, 0, "no power for unit \"" + u.name + "\""));
            return std::nullopt;
        }
    for (const auto& entry : powers) {
        const std::string& name = entry.first;
        if (std::none_of(units.begin(), units.end(),
                         [&name](const FlpUnit& u) { return u.name == name; })) {
            diags.push_back(problem(trace_file, 1, "\"" + name + "\" is no unit of the floorplan"));
            return std::nullopt;
        }
    }
    const auto [x0, y0, x1, y1] = outlineOf(units);
    double side = 1e300;
    for (const FlpUnit& u : units)
        side = std::min({side, u.width, u.height});
    auto cellsAcross = [&](double extent) {
        return std::clamp(static_cast<int>(std::ceil(extent / (side / 2) - 1e-9)), 1, max_cells);
    };
    PowerMap map;
    map.nx = cellsAcross(x1 - x0), map.ny = cellsAcross(y1 - y0);
    map.power_w.assign(static_cast<std::size_t>(map.nx) * static_cast<std::size_t>(map.ny), 0.0);
    const double cw = (x1 - x0) / map.nx, ch = (y1 - y0) / map.ny;
    for (const FlpUnit& u : units) {
        const double density = powers.at(u.name) / (u.width * u.height);
        const int i0 = std::max(0, static_cast<int>((u.left - x0) / cw));
        const int i1 = std::min(map.nx - 1, static_cast<int>((u.left + u.width - x0) / cw));
        const int j0 = std::max(0, static_cast<int>((u.bottom - y0) / ch));
        const int j1 = std::min(map.ny - 1, static_cast<int>((u.bottom + u.height - y0) / ch));
        for (int j = j0; j <= j1; ++j)
            for (int i = i0; i <= i1; ++i) {
                const double w =
                    std::min(u.left + u.width, x0 + (i + 1) * cw) - std::max(u.left, x0 + i * cw);
                const double h = std::min(u.bottom + u.height, y0 + (j + 1) * ch) -
                                 std::max(u.bottom, y0 + j * ch);
                if (w > 0 && h > 0) // row 0 is the south edge (design.h PowerMap)
                    map.power_w[static_cast<std::size_t>(j) * map.nx + i] += density * w * h;
            }
    }
    return map;
}

std::optional<PowerMap> readHotSpotPowerMap(const std::string& flp_path,
                                            const std::string& ptrace_path, std::string& error) {
    std::string flp, trace;
    if (!readWholeFile(flp_path, flp, error) || !readWholeFile(ptrace_path, trace, error))
        return std::nullopt;
    std::vector<Diagnostic> diags;
    std::optional<PowerMap> map;
    if (const auto units = parseHotSpotFlp(flp, flp_path, diags))
        if (const auto powers = meanHotSpotPowers(trace, ptrace_path, diags))
            map = hotspotPowerMap(*units, *powers, ptrace_path, diags);
    if (!map)
        error = diags.empty() ? flp_path : format(diags.front());
    return map;
}

std::optional<double> hotspotFloorplanAspect(const std::string& flp_path) {
    std::string text, error;
    std::vector<Diagnostic> diags;
    if (!readWholeFile(flp_path, text, error))
        return std::nullopt;
    const auto units = parseHotSpotFlp(text, flp_path, diags);
    if (!units)
        return std::nullopt;
    const Outline o = outlineOf(*units);
    return (o.x1 - o.x0) / (o.y1 - o.y0);
}

std::optional<FloorplanStretch> floorplanStretch(const std::string& flp_path, double die_width_m,
                                                 double die_height_m) {
    const double flp = hotspotFloorplanAspect(flp_path).value_or(0.0); // 0: unreadable
    const double die = die_width_m / die_height_m;
    if (!isHotSpotFloorplan(flp_path) || !(flp > 0) || !(die > 0) ||
        std::abs(flp / die - 1) <= 0.02)
        return std::nullopt;
    return FloorplanStretch{flp, die};
}

bool isHotSpotFloorplan(const std::string& path) {
    if (path.size() <= 4)
        return false;
    std::string ext = path.substr(path.size() - 4);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".flp";
}

std::optional<PowerMap> readPowerMapFile(const std::string& path, const std::string& ptrace_path,
                                         std::string& error) {
    if (!isHotSpotFloorplan(path))
        return readPowerMapCsv(path, error);
    if (ptrace_path.empty()) {
        error = path + ": a HotSpot floorplan needs its power trace (.ptrace) for the powers";
        return std::nullopt;
    }
    return readHotSpotPowerMap(path, ptrace_path, error);
}

} // namespace strata
