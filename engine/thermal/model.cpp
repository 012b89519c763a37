#include "thermal/model.h"

#include <algorithm>

namespace strata::thermal {

int cellIndex(const std::vector<double>& lines, double v) {
    auto it = std::upper_bound(lines.begin(), lines.end(), v);
    const int i = static_cast<int>(it - lines.begin()) - 1;
    return std::clamp(i, 0, static_cast<int>(lines.size()) - 2);
}

void paint(const Model& model, Layer& layer, double x0, double y0, double x1, double y1,
           const CellMaterial& m) {
    const int nx = model.nx();
    for (int j = 0; j < model.ny(); ++j) {
        const double yc = (model.ys[j] + model.ys[j + 1]) / 2;
        if (yc < y0 || yc > y1)
            continue;
        for (int i = 0; i < nx; ++i) {
            const double xc = (model.xs[i] + model.xs[i + 1]) / 2;
            if (xc >= x0 && xc <= x1)
                layer.cells[static_cast<std::size_t>(j) * nx + i] = m;
        }
    }
}

std::vector<double> rasterisePower(const Model& model, const std::vector<double>& powers) {
    std::vector<double> q;
    rasterisePower(model, powers, q);
    return q;
}

void rasterisePower(const Model& model, const std::vector<double>& powers, std::vector<double>& q) {
    q.assign(model.unknowns(), 0.0);
    const int nx = model.nx();
    auto spread = [&](const HeatSource& src, double x0, double y0, double x1, double y1, double p) {
        const double area = (x1 - x0) * (y1 - y0);
        if (p == 0 || area <= 0)
            return;
        const int i0 = cellIndex(model.xs, x0), i1 = cellIndex(model.xs, x1);
        const int j0 = cellIndex(model.ys, y0), j1 = cellIndex(model.ys, y1);
        double thickness = 0;
        for (int l = 0; l < src.layers; ++l)
            thickness +=
                model.layers[static_cast<std::size_t>(src.layer) + static_cast<std::size_t>(l)]
                    .thickness;
        for (int l = 0; l < src.layers; ++l) {
            const int k = src.layer + l;
            const double share = model.layers[static_cast<std::size_t>(k)].thickness / thickness;
            for (int j = j0; j <= j1; ++j) {
                const double h = std::min(y1, model.ys[j + 1]) - std::max(y0, model.ys[j]);
                if (h <= 0)
                    continue;
                for (int i = i0; i <= i1; ++i) {
                    const double w = std::min(x1, model.xs[i + 1]) - std::max(x0, model.xs[i]);
                    if (w > 0)
                        q[model.cellsPerLayer() * k + static_cast<std::size_t>(j) * nx + i] +=
                            p * share * w * h / area;
                }
            }
        }
    };
    for (std::size_t s = 0; s < model.sources.size(); ++s) {
        const HeatSource& src = model.sources[s];
        const double p = powers.empty() ? src.power_w : powers[s];
        if (src.raster.empty())
            spread(src, src.x0, src.y0, src.x1, src.y1, p);
        else
            for (const HeatSource::Cell& c : src.raster)
                spread(src, c.x0, c.y0, c.x1, c.y1, p * c.share);
    }
}

} // namespace strata::thermal
