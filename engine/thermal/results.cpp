#include "thermal/results.h"

#include <algorithm>
#include <limits>

namespace strata::thermal {

RegionTemperature regionTemperature(const Model& m, const std::vector<double>& theta,
                                    const std::string& id, int layer, double x0, double y0,
                                    double x1, double y1) {
    RegionTemperature t;
    t.id = id;
    double maxv = -std::numeric_limits<double>::infinity(),
           minv = std::numeric_limits<double>::infinity();
    double sum = 0, area = 0;
    const std::size_t base = m.cellsPerLayer() * static_cast<std::size_t>(layer);
    for (int j = 0; j < m.ny(); ++j) {
        const double yc = (m.ys[j] + m.ys[j + 1]) / 2;
        if (yc < y0 || yc > y1)
            continue;
        for (int i = 0; i < m.nx(); ++i) {
            const double xc = (m.xs[i] + m.xs[i + 1]) / 2;
            if (xc < x0 || xc > x1)
                continue;
            const double v = theta[base + static_cast<std::size_t>(j) * m.nx() + i];
            const double a = (m.xs[i + 1] - m.xs[i]) * (m.ys[j + 1] - m.ys[j]);
            sum += v * a;
            area += a;
            minv = std::min(minv, v);
            maxv = std::max(maxv, v);
        }
    }
    // The hotspot: the first cell within the tie band of the maximum.
    bool found = false;
    for (int j = 0; j < m.ny() && !found; ++j) {
        const double yc = (m.ys[j] + m.ys[j + 1]) / 2;
        if (yc < y0 || yc > y1)
            continue;
        for (int i = 0; i < m.nx() && !found; ++i) {
            const double xc = (m.xs[i] + m.xs[i + 1]) / 2;
            if (xc < x0 || xc > x1 ||
                theta[base + static_cast<std::size_t>(j) * m.nx() + i] < maxv - kTemperatureTieK)
                continue;
            t.hot_x = xc;
            t.hot_y = yc;
            found = true;
        }
    }
    if (area <= 0) { // smaller than a cell: take the cell under its centre
        const int i = cellIndex(m.xs, (x0 + x1) / 2), j = cellIndex(m.ys, (y0 + y1) / 2);
        maxv = minv = sum = theta[base + static_cast<std::size_t>(j) * m.nx() + i];
        area = 1;
        t.hot_x = (x0 + x1) / 2;
        t.hot_y = (y0 + y1) / 2;
    }
    t.max_k = maxv + m.ambient_k;
    t.min_k = minv + m.ambient_k;
    t.mean_k = sum / area + m.ambient_k;
    return t;
}

std::vector<RegionTemperature> dieTemperatures(const Model& m, const std::vector<double>& theta) {
    std::vector<RegionTemperature> out;
    for (const DieRegion& d : m.dies)
        out.push_back(regionTemperature(m, theta, d.id, d.layer, d.x0, d.y0, d.x1, d.y1));
    return out;
}

std::vector<RegionTemperature> sourceTemperatures(const Model& m,
                                                  const std::vector<double>& theta) {
    std::vector<RegionTemperature> out;
    for (const HeatSource& s : m.sources)
        out.push_back(regionTemperature(m, theta, s.id, s.layer, s.x0, s.y0, s.x1, s.y1));
    return out;
}

} // namespace strata::thermal
