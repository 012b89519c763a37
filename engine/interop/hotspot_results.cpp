#include "interop/hotspot_results.h"

#include "core/atomic_file.h"
#include "core/csv.h"
#include "interop/hotspot_export.h"
#include "thermal/builder.h"
#include "thermal/result_fields.h"
#include "thermal/solver.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <sstream>

namespace strata {

namespace {

Diagnostic problem(const std::string& file, int line, const std::string& message) {
    return {"IO-0022", Severity::Error, message, {}, line > 0 ? "line " + std::to_string(line) : "",
            file};
}

bool parseNumber(std::string_view s, double& v) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc{} && p == s.data() + s.size() && std::isfinite(v);
}

} // namespace

std::optional<HotSpotGridSteady> parseHotSpotGridSteady(const std::string& text, int rows, int cols,
                                                        const std::string& file,
                                                        std::vector<Diagnostic>& diags) {
    HotSpotGridSteady g{rows, cols, {}};
    const std::size_t cells = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
    std::istringstream in{std::string(withoutByteOrderMark(text))};
    int lineNo = 0;
    auto fail = [&](int line, const std::string& message) {
        diags.push_back(problem(file, line, message));
        return std::nullopt;
    };
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (isBlankOrComment(line))
            continue;
        if (line.rfind("Layer ", 0) == 0) {
            if (!g.layers.empty() && g.layers.back().size() != cells)
                return fail(lineNo, "layer " + std::to_string(g.layers.size() - 1) + " has " +
                                        std::to_string(g.layers.back().size()) +
                                        " cells, expected " + std::to_string(cells) + " (" +
                                        std::to_string(rows) + " x " + std::to_string(cols) +
                                        " as in the .config)");
            if (line != "Layer " + std::to_string(g.layers.size()) + ":")
                return fail(lineNo, "expected \"Layer " + std::to_string(g.layers.size()) +
                                        ":\", got \"" + line + "\"");
            g.layers.emplace_back();
            g.layers.back().reserve(cells);
            continue;
        }
        const std::size_t tab = line.find_first_of(" \t");
        double index = 0, kelvin = 0;
        if (g.layers.empty() || tab == std::string::npos ||
            !parseNumber(std::string_view(line).substr(0, tab), index) ||
            !parseNumber(std::string_view(line).substr(line.find_first_not_of(" \t", tab)), kelvin))
            return fail(lineNo, "expected \"Layer n:\" or a cell index and a temperature in K, "
                                "got \"" +
                                    line + "\"");
        if (index != static_cast<double>(g.layers.back().size()) || g.layers.back().size() >= cells)
            return fail(lineNo, "expected cell " + std::to_string(g.layers.back().size()) + " of " +
                                    std::to_string(cells) + ", got " + line);
        if (!(kelvin > 0))
            return fail(lineNo, "a temperature in kelvin must be positive, got " + line);
        g.layers.back().push_back(kelvin);
    }
    if (g.layers.empty())
        return fail(0, "no \"Layer 0:\" in the file: not a HotSpot grid steady file");
    if (g.layers.back().size() != cells)
        return fail(lineNo, "the last layer has " + std::to_string(g.layers.back().size()) +
                                " cells, expected " + std::to_string(cells));
    return g;
}

HotSpotComparison compareWithHotSpot(const thermal::Model& m, const std::vector<double>& theta,
                                     const HotSpotGridSteady& hs) {
    HotSpotComparison out;
    out.rows = hs.rows, out.cols = hs.cols;
    const HotSpotChip chip = hotspotChip(m);
    if (hs.layers.size() != static_cast<std::size_t>(chip.layers) + 2) {
        out.notes.push_back(problem(
            "", 0,
            "HotSpot's file has " + std::to_string(hs.layers.size()) + " layers, the model here " +
                std::to_string(chip.layers) +
                " under the spreader plus spreader and sink: export and compare at the same "
                "resolution, after the same edits"));
        return out;
    }
    const double cw = (chip.x1 - chip.x0) / hs.cols, ch = (chip.y1 - chip.y0) / hs.rows;
    auto hotspotAt = [&](int layer, double x, double y) {
        const int col = std::clamp(static_cast<int>((x - chip.x0) / cw), 0, hs.cols - 1);
        const int row =
            hs.rows - 1 - std::clamp(static_cast<int>((y - chip.y0) / ch), 0, hs.rows - 1);
        return hs.layers[static_cast<std::size_t>(layer)]
                        [static_cast<std::size_t>(row) * static_cast<std::size_t>(hs.cols) +
                         static_cast<std::size_t>(col)];
    };
    for (const thermal::DieRegion& d : m.dies) {
        int i0 = 0, j0 = 0;
        Field f = thermal::fieldOver(m, "hotspot.diff." + d.id, d.x0, d.y0, d.x1, d.y1, i0, j0);
        f.unit = "K";
        f.values.assign(static_cast<std::size_t>(f.nx) * static_cast<std::size_t>(f.ny), 0.0);
        HotSpotDieComparison c{d.id, -1e300, -1e300, 0, 0};
        const double* plane = thermal::layerPlane(m, theta, d.layer);
        for (int j = 0; j < f.ny; ++j)
            for (int i = 0; i < f.nx; ++i) {
                const int mi = i0 + i, mj = j0 + j;
                const double x = (m.xs[mi] + m.xs[mi + 1]) / 2, y = (m.ys[mj] + m.ys[mj + 1]) / 2;
                const double strata =
                    m.ambient_k + plane[static_cast<std::size_t>(mj) * m.nx() + mi];
                const double diff = strata - hotspotAt(d.layer, x, y);
                f.values[static_cast<std::size_t>(j) * f.nx + i] = diff;
                c.strata_max_c = std::max(c.strata_max_c, strata - thermal::kZeroCelsiusK);
                c.max_abs_diff_k = std::max(c.max_abs_diff_k, std::abs(diff));
                c.mean_diff_k += diff / (static_cast<double>(f.nx) * f.ny);
            }
        // HotSpot's own hottest cell among those whose centres lie on the die.
        for (int r = 0; r < hs.rows; ++r)
            for (int col = 0; col < hs.cols; ++col) {
                const double x = chip.x0 + (col + 0.5) * cw, y = chip.y1 - (r + 0.5) * ch;
                if (x > d.x0 && x < d.x1 && y > d.y0 && y < d.y1)
                    c.hotspot_max_c = std::max(c.hotspot_max_c,
                                               hotspotAt(d.layer, x, y) - thermal::kZeroCelsiusK);
            }
        if (c.hotspot_max_c < -1e299) // a die smaller than HotSpot's cells: its centre's cell
            c.hotspot_max_c =
                hotspotAt(d.layer, (d.x0 + d.x1) / 2, (d.y0 + d.y1) / 2) - thermal::kZeroCelsiusK;
        out.dies.push_back(c);
        out.differences.push_back(std::move(f));
    }
    out.ok = true;
    return out;
}

HotSpotComparison compareWithHotSpot(const Design& design, const Library& library,
                                     const std::string& resolution, const std::string& dir,
                                     const std::string& base) {
    HotSpotComparison out;
    const std::string file = hotspotFileBase(base);
    const std::string configPath = (std::filesystem::path(dir) / (file + ".config")).string();
    const std::string steadyPath = (std::filesystem::path(dir) / (file + ".grid.steady")).string();
    std::string config, steady, error;
    if (!readWholeFile(configPath, config, error) || !readWholeFile(steadyPath, steady, error)) {
        out.notes.push_back(problem("", 0,
                                    error + " (export with strata-cli export --hotspot, then run "
                                            "HotSpot there with run.sh)"));
        return out;
    }
    int rows = 0, cols = 0;
    std::istringstream cfg(config);
    for (std::string key, value; cfg >> key;) {
        std::getline(cfg, value);
        if (key == "-grid_rows")
            rows = std::atoi(value.c_str());
        else if (key == "-grid_cols")
            cols = std::atoi(value.c_str());
    }
    if (rows <= 0 || cols <= 0) {
        out.notes.push_back(problem(configPath, 0, "no -grid_rows and -grid_cols in the file"));
        return out;
    }
    const std::optional<HotSpotGridSteady> hs =
        parseHotSpotGridSteady(steady, rows, cols, steadyPath, out.notes);
    if (!hs)
        return out;
    const std::optional<thermal::BuildOptions> options = thermal::buildOptionsFor(resolution);
    if (!options) {
        out.notes.push_back(thermal::unknownResolution(resolution));
        return out;
    }
    const thermal::BuildResult built = thermal::buildModel(design, library, *options);
    if (!built.ok) {
        out.notes = built.diagnostics;
        return out;
    }
    thermal::Solver solver(built.model);
    std::vector<double> theta;
    const thermal::SolveStats st = solver.solve(thermal::rasterisePower(built.model), theta);
    if (!st.converged) {
        out.notes.push_back({"THM-0007",
                             Severity::Error,
                             "the thermal solver did not converge (relative residual " +
                                 std::to_string(st.residual) + "); nothing compared",
                             {},
                             "",
                             ""});
        return out;
    }
    HotSpotComparison c = compareWithHotSpot(built.model, theta, *hs);
    for (Diagnostic& d : c.notes)
        if (d.file.empty())
            d.file = steadyPath;
    return c;
}

} // namespace strata
