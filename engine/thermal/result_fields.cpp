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

Field sectionField(const Model& m, const std::vector<double>& theta, bool alongX, double at,
                   const std::string& name) {
    Field f;
    f.name = name;
    f.unit = "°C";
    f.x_axis = alongX ? "x" : "y";
    f.y_axis = "z";
    f.x_lines = alongX ? m.xs : m.ys;
    f.nx = static_cast<int>(f.x_lines.size()) - 1;
    f.ny = m.nz();
    f.y_lines.push_back(0);
    for (const Layer& l : m.layers)
        f.y_lines.push_back(f.y_lines.back() + l.thickness);
    // The row (or column) of cells the cut runs through.
    const int cut = cellIndex(alongX ? m.ys : m.xs, at);
    f.values.reserve(static_cast<std::size_t>(f.nx) * static_cast<std::size_t>(f.ny));
    for (int k = 0; k < m.nz(); ++k)
        for (int c = 0; c < f.nx; ++c) {
            const std::size_t cell = alongX ? static_cast<std::size_t>(cut) * m.nx() + c
                                            : static_cast<std::size_t>(c) * m.nx() + cut;
            const auto layer = static_cast<std::size_t>(k);
            f.values.push_back(m.layers[layer].cells[cell].isVoid()
                                   ? std::numeric_limits<double>::quiet_NaN()
                                   : layerPlane(m, theta, k)[cell] + m.ambient_k - kZeroCelsiusK);
        }
    return f;
}

} // namespace strata::thermal
