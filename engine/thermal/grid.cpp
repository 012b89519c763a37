#include "thermal/grid.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace strata::thermal {

namespace {

// Cells stop growing at twice the fine size. Larger cells far from the dies save unknowns but
// make long thin cells next to the fine bands, and the multigrid's column smoother cannot damp
// errors along such anisotropy. Measured on a three-die stack in mold (tests/bench/thermal_bench,
// 32/64/128 cells across the die): unlimited growth 56/111/229 CG iterations, limit 4x 30/42/56,
// limit 2x 15/16/17 (about 1.6x the unknowns, same wall time).
constexpr double kMaxCellGrowth = 2.0;

// Target cell size: the smallest over all zones of (zone size + (r - 1) * distance to the zone),
// capped at kMaxCellGrowth * h. Growing linearly with distance is what a geometric progression of
// ratio r looks like.
struct Zone {
    double lo, hi, size;
};
double targetSize(double x, const std::vector<Zone>& zones, double h, double r) {
    double s = kMaxCellGrowth * h;
    for (const Zone& z : zones) {
        const double d = x < z.lo ? z.lo - x : (x > z.hi ? x - z.hi : 0.0);
        s = std::min(s, z.size + (r - 1) * d);
    }
    return s;
}

// Cells of [a, b] placed so each holds an equal share of the integral of 1/s (equidistribution).
std::vector<double> equidistribute(double a, double b, const std::vector<Zone>& zones, double h,
                                   double r) {
    constexpr int kSamples = 256;
    std::vector<double> cum(kSamples + 1, 0.0);
    for (int k = 0; k < kSamples; ++k) {
        const double x = a + (b - a) * (k + 0.5) / kSamples;
        cum[static_cast<std::size_t>(k) + 1] =
            cum[static_cast<std::size_t>(k)] + (b - a) / kSamples / targetSize(x, zones, h, r);
    }
    const int n = std::max(1, static_cast<int>(std::ceil(cum.back() - 1e-9)));
    std::vector<double> inner;
    std::size_t k = 0;
    for (int c = 1; c < n; ++c) {
        const double want = cum.back() * c / n;
        while (cum[k + 1] < want)
            ++k;
        const double f = (want - cum[k]) / (cum[k + 1] - cum[k]);
        inner.push_back(a + (b - a) * (static_cast<double>(k) + f) / kSamples);
    }
    return inner;
}

} // namespace

std::vector<double> makeGridLines(std::vector<double> edges, const std::vector<Interval>& fine,
                                  double h_fine, double max_ratio) {
    std::sort(edges.begin(), edges.end());
    std::vector<double> pts;
    for (double e : edges)
        if (pts.empty() || e - pts.back() > h_fine / 5)
            pts.push_back(e);
    if (pts.size() >= 2)
        pts.back() = edges.back(); // keep the outer boundary exact
    if (pts.size() < 2)
        return pts;

    // Zones of small cells: the dies (h_fine), and every interval whose cells come out much
    // smaller than the target around it (a short interval between two nearby edges). Cells then
    // grade away from both, so a short interval does not leave a jump next to it.
    const double growth = 1 + (max_ratio - 1) * 0.6; // leave room for rounding per interval
    std::vector<Zone> zones;
    zones.reserve(fine.size() + pts.size());
    for (const Interval& f : fine)
        zones.push_back({f.lo, f.hi, h_fine});
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
            const double a = pts[i], b = pts[i + 1];
            const double cell =
                (b - a) /
                static_cast<double>(equidistribute(a, b, zones, h_fine, growth).size() + 1);
            if (cell * max_ratio < targetSize((a + b) / 2, zones, h_fine, growth) * 0.999)
                zones.push_back({a, b, cell});
        }
    std::vector<double> lines{pts.front()};
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        for (double x : equidistribute(pts[i], pts[i + 1], zones, h_fine, growth))
            lines.push_back(x);
        lines.push_back(pts[i + 1]);
    }

    // Rounding per interval can leave a jump where two intervals meet: a cell larger than
    // max_ratio times a neighbour gives that neighbour a piece 1.4 times the neighbour's size (or
    // is halved when too short for that). All cells are decided from the sizes of the previous
    // pass, so mirror-symmetric edges give a mirror-symmetric grid.
    std::vector<double> sizes;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i)
        sizes.push_back(lines[i + 1] - lines[i]);
    for (bool changed = true; changed;) {
        changed = false;
        std::vector<double> next;
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            const double s = sizes[i];
            const double left = i > 0 ? sizes[i - 1] : s,
                         right = i + 1 < sizes.size() ? sizes[i + 1] : s;
            const bool tooBigLeft = s > max_ratio * left * (1 + 1e-9);
            const bool tooBigRight = s > max_ratio * right * (1 + 1e-9);
            if (!tooBigLeft && !tooBigRight) {
                next.push_back(s);
                continue;
            }
            changed = true;
            const double pl = tooBigLeft ? 1.4 * left : 0, pr = tooBigRight ? 1.4 * right : 0;
            const double middle = s - pl - pr;
            if (middle < std::max(pl, pr)) { // too short to peel: halve
                next.push_back(s / 2);
                next.push_back(s / 2);
                continue;
            }
            if (pl > 0)
                next.push_back(pl);
            next.push_back(middle);
            if (pr > 0)
                next.push_back(pr);
        }
        sizes.swap(next);
    }
    std::vector<double> out{lines.front()};
    for (double s : sizes)
        out.push_back(out.back() + s);
    out.back() = lines.back();
    return out;
}

} // namespace strata::thermal
