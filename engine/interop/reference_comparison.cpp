#include "interop/reference_comparison.h"

#include "thermal/builder.h"
#include "thermal/result_fields.h"
#include "thermal/solver.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace strata {

ThermalComparison compareWithReference(const thermal::Model& m, const std::vector<double>& theta,
                                       const ReferenceGrid& g, const std::string& prefix) {
    ThermalComparison out;
    out.rows = g.rows, out.cols = g.cols;
    const double cw = (g.x1 - g.x0) / g.cols, ch = (g.y1 - g.y0) / g.rows;
    auto otherAt = [&](const std::vector<double>& layer, double x, double y) {
        const int col = std::clamp(static_cast<int>((x - g.x0) / cw), 0, g.cols - 1);
        int row = std::clamp(static_cast<int>((y - g.y0) / ch), 0, g.rows - 1);
        if (g.north_first)
            row = g.rows - 1 - row;
        return layer[static_cast<std::size_t>(row) * static_cast<std::size_t>(g.cols) +
                     static_cast<std::size_t>(col)];
    };
    for (const thermal::DieRegion& d : m.dies) {
        const auto found = g.layers.find(d.layer);
        if (found == g.layers.end()) {
            out.notes.push_back({"IO-0022",
                                 Severity::Error,
                                 "no temperatures for the junction layer of die \"" + d.id +
                                     "\" (model layer " + std::to_string(d.layer) +
                                     "): export and compare at the same resolution, after the "
                                     "same edits",
                                 {d.id},
                                 "",
                                 ""});
            return out;
        }
        const std::vector<double>& layer = found->second;
        int i0 = 0, j0 = 0;
        Field f = thermal::fieldOver(m, prefix + ".diff." + d.id, d.x0, d.y0, d.x1, d.y1, i0, j0);
        f.unit = "K";
        f.values.assign(static_cast<std::size_t>(f.nx) * static_cast<std::size_t>(f.ny), 0.0);
        DieComparison c{d.id, -1e300, -1e300, 0, 0};
        const double* plane = thermal::layerPlane(m, theta, d.layer);
        for (int j = 0; j < f.ny; ++j)
            for (int i = 0; i < f.nx; ++i) {
                const int mi = i0 + i, mj = j0 + j;
                const double x = (m.xs[mi] + m.xs[mi + 1]) / 2, y = (m.ys[mj] + m.ys[mj + 1]) / 2;
                const double strata =
                    m.ambient_k + plane[static_cast<std::size_t>(mj) * m.nx() + mi];
                const double diff = strata - otherAt(layer, x, y);
                f.values[static_cast<std::size_t>(j) * f.nx + i] = diff;
                c.strata_max_c = std::max(c.strata_max_c, strata - thermal::kZeroCelsiusK);
                c.max_abs_diff_k = std::max(c.max_abs_diff_k, std::abs(diff));
                c.mean_diff_k += diff / (static_cast<double>(f.nx) * f.ny);
            }
        // The other tool's own hottest cell among those whose centres lie on the die.
        for (int r = 0; r < g.rows; ++r)
            for (int col = 0; col < g.cols; ++col) {
                const double x = g.x0 + (col + 0.5) * cw, y = g.y0 + (r + 0.5) * ch;
                if (x > d.x0 && x < d.x1 && y > d.y0 && y < d.y1)
                    c.reference_max_c =
                        std::max(c.reference_max_c, otherAt(layer, x, y) - thermal::kZeroCelsiusK);
            }
        if (c.reference_max_c < -1e299) // a die smaller than the other's cells: its centre's
            c.reference_max_c =
                otherAt(layer, (d.x0 + d.x1) / 2, (d.y0 + d.y1) / 2) - thermal::kZeroCelsiusK;
        out.dies.push_back(c);
        out.differences.push_back(std::move(f));
    }
    out.ok = true;
    return out;
}

std::optional<thermal::Model> modelForComparison(const Design& design, const Library& library,
                                                 const std::string& resolution,
                                                 std::vector<Diagnostic>& notes) {
    const std::optional<thermal::BuildOptions> options = thermal::buildOptionsFor(resolution);
    if (!options) {
        notes.push_back(thermal::unknownResolution(resolution));
        return std::nullopt;
    }
    thermal::BuildResult built = thermal::buildModel(design, library, *options);
    if (!built.ok) {
        notes.insert(notes.end(), built.diagnostics.begin(), built.diagnostics.end());
        return std::nullopt;
    }
    return std::move(built.model);
}

std::optional<SolvedModel> solveForComparison(const Design& design, const Library& library,
                                              const std::string& resolution,
                                              std::vector<Diagnostic>& notes) {
    std::optional<thermal::Model> m = modelForComparison(design, library, resolution, notes);
    if (!m)
        return std::nullopt;
    SolvedModel s{std::move(*m), {}};
    const thermal::Solver solver(s.model);
    const thermal::SolveStats st = solver.solve(thermal::rasterisePower(s.model), s.theta);
    if (!st.converged) {
        notes.push_back({"THM-0007",
                         Severity::Error,
                         "the thermal solver did not converge (relative residual " +
                             std::to_string(st.residual) + "); nothing compared",
                         {},
                         "",
                         ""});
        return std::nullopt;
    }
    return s;
}

Diagnostic resultFileProblem(const std::string& file, int line, const std::string& message) {
    return {"IO-0022", Severity::Error, message, {}, line > 0 ? "line " + std::to_string(line) : "",
            file};
}

bool parseFiniteNumber(std::string_view s, double& v) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc{} && p == s.data() + s.size() && std::isfinite(v);
}

bool isNumberWord(std::string_view s) {
    double v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return (ec == std::errc{} || ec == std::errc::result_out_of_range) && p == s.data() + s.size();
}

} // namespace strata
