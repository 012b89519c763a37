#include "thermal/result_fields.h"

#include <algorithm>
#include <tuple>

namespace strata::thermal {

Field fieldOver(const Model& m, const std::string& name, double x0, double y0, double x1, double y1,
                int& i0, int& j0) {
    auto within = [](const std::vector<double>& lines, double lo, double hi) {
        int first = static_cast<int>(lines.size()), last = -1;
        for (int i = 0; i + 1 < static_cast<int>(lines.size()); ++i) {
            const double c =
                (lines[static_cast<std::size_t>(i)] + lines[static_cast<std::size_t>(i) + 1]) / 2;
            if (c >= lo && c <= hi)
                first = std::min(first, i), last = std::max(last, i);
        }
        return std::pair{first, last};
    };
    Field f;
    f.name = name;
    f.unit = "°C";
    int i1 = 0, j1 = 0;
    std::tie(i0, i1) = within(m.xs, x0, x1);
    std::tie(j0, j1) = within(m.ys, y0, y1);
    if (i1 < i0 || j1 < j0)
        return f;
    f.nx = i1 - i0 + 1;
    f.ny = j1 - j0 + 1;
    f.x_lines.assign(m.xs.begin() + i0, m.xs.begin() + i1 + 2);
    f.y_lines.assign(m.ys.begin() + j0, m.ys.begin() + j1 + 2);
    return f;
}

Field layerField(const Model& m, const double* plane, const std::string& name, double x0, double y0,
                 double x1, double y1) {
    int i0 = 0, j0 = 0;
    Field f = fieldOver(m, name, x0, y0, x1, y1, i0, j0);
    for (int j = j0; j < j0 + f.ny; ++j)
        for (int i = i0; i < i0 + f.nx; ++i)
            f.values.push_back(plane[static_cast<std::size_t>(j) * m.nx() + i] + m.ambient_k -
                               kZeroCelsiusK);
    return f;
}

Field wholeLayerField(const Model& m, const std::vector<double>& theta, int layer,
                      const std::string& name) {
    Field f = layerField(m, layerPlane(m, theta, layer), name, m.xs.front(), m.ys.front(),
                         m.xs.back(), m.ys.back());
    const std::vector<CellMaterial>& cells = m.layers[static_cast<std::size_t>(layer)].cells;
    for (std::size_t c = 0; c < f.values.size() && c < cells.size(); ++c)
        if (cells[c].isVoid())
            f.values[c] = std::numeric_limits<double>::quiet_NaN();
    return f;
}

std::vector<double> layerHeights(const Model& m) {
    std::vector<double> z{0};
    for (const Layer& l : m.layers)
        z.push_back(z.back() + l.thickness);
    return z;
}

Field sectionField(const std::vector<const Field*>& layers, const std::vector<double>& heights,
                   bool alongX, double at, const std::string& name) {
    Field f;
    f.name = name;
    f.unit = "°C";
    f.x_axis = alongX ? "x" : "y";
    f.y_axis = "z";
    if (layers.empty() || heights.size() != layers.size() + 1)
        return f;
    const Field& first = *layers.front();
    for (const Field* l : layers)
        if (l->x_lines != first.x_lines || l->y_lines != first.y_lines ||
            l->values.size() != static_cast<std::size_t>(first.nx) * first.ny)
            return f;
    const std::vector<double>& across = alongX ? first.y_lines : first.x_lines;
    if (across.size() < 2 || !(at >= across.front() && at <= across.back()))
        return f;
    // The row (or column) of cells the cut runs through.
    const auto cut = static_cast<std::size_t>(cellIndex(across, at));
    f.x_lines = alongX ? first.x_lines : first.y_lines;
    f.y_lines = heights;
    f.nx = static_cast<int>(f.x_lines.size()) - 1;
    f.ny = static_cast<int>(layers.size());
    const auto nx = static_cast<std::size_t>(first.nx);
    for (const Field* l : layers)
        for (std::size_t c = 0; c < static_cast<std::size_t>(f.nx); ++c)
            f.values.push_back(l->values[alongX ? cut * nx + c : c * nx + cut]);
    return f;
}

} // namespace strata::thermal
