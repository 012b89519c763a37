#include "thermal/grid.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace strata::thermal {

namespace {

// Target cell size: h_fine inside fine zones, growing linearly with the distance d from them,
// s = h + (r - 1) d, which is what a geometric progression of ratio r looks like.
double targetSize(double x, const std::vector<Interval>& fine, double h, double r) {
    double d = std::numeric_limits<double>::infinity();
    for (const Interval& f : fine)
        d = std::min(d, x < f.lo ? f.lo - x : (x > f.hi ? x - f.hi : 0.0));
    if (!std::isfinite(d))
        d = 0;
    return h + (r - 1) * d;
}

} // namespace

std::vector<double> makeGridLines(std::vector<double> edges, const std::vector<Interval>& fine, double h_fine,
                                  double max_ratio) {
    std::sort(edges.begin(), edges.end());
    std::vector<double> pts;
    for (double e : edges)
        if (pts.empty() || e - pts.back() > h_fine / 5)
            pts.push_back(e);
    if (pts.size() >= 2)
        pts.back() = edges.back(); // keep the outer boundary exact
    if (pts.size() < 2)
        return pts;

    // In every interval between edges, place lines so that each cell holds an equal share of
    // the integral of 1/s (equidistribution): cells follow the target size and fit exactly.
    const double growth = 1 + (max_ratio - 1) * 0.6; // leave room for rounding per interval
    std::vector<double> lines{pts.front()};
    constexpr int kSamples = 256;
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        const double a = pts[i], b = pts[i + 1];
        std::vector<double> cum(kSamples + 1, 0.0);
        for (int k = 0; k < kSamples; ++k) {
            const double x = a + (b - a) * (k + 0.5) / kSamples;
            cum[static_cast<std::size_t>(k) + 1] =
                cum[static_cast<std::size_t>(k)] + (b - a) / kSamples / targetSize(x, fine, h_fine, growth);
        }
        const int n = std::max(1, static_cast<int>(std::ceil(cum.back() - 1e-9)));
        std::size_t k = 0;
        for (int c = 1; c < n; ++c) {
            const double want = cum.back() * c / n;
            while (cum[k + 1] < want)
                ++k;
            const double f = (want - cum[k]) / (cum[k + 1] - cum[k]);
            lines.push_back(a + (b - a) * (static_cast<double>(k) + f) / kSamples);
        }
        lines.push_back(b);
    }

    // Rounding per interval can leave a jump where two intervals meet: split the larger cell,
    // giving its neighbour a piece 1.4 times the neighbour's size, until the ratio holds.
    std::vector<double> sizes;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i)
        sizes.push_back(lines[i + 1] - lines[i]);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < sizes.size(); ++i)
            for (int side : {-1, 1}) {
                const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + side;
                if (j < 0 || j >= static_cast<std::ptrdiff_t>(sizes.size()))
                    continue;
                const double big = sizes[i], small = sizes[static_cast<std::size_t>(j)];
                if (big <= max_ratio * small * (1 + 1e-9))
                    continue;
                double near = 1.4 * small, far = big - near;
                if (far < small) // too short to peel: halve (both halves are within the ratio of small)
                    near = far = big / 2;
                const auto at = sizes.begin() + static_cast<std::ptrdiff_t>(i);
                if (side < 0) {
                    *at = far;
                    sizes.insert(at, near);
                } else {
                    *at = near;
                    sizes.insert(at + 1, far);
                }
                changed = true;
                break;
            }
    }
    std::vector<double> out{lines.front()};
    for (double s : sizes)
        out.push_back(out.back() + s);
    out.back() = lines.back();
    return out;
}

} // namespace strata::thermal
