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

// Integral of 1 / targetSize over [a, b], sampled: cum[k] at a + (b - a) k / kSamples.
constexpr int kSamples = 256;
std::vector<double> inverseSizeIntegral(double a, double b, const std::vector<Zone>& zones,
                                        double h, double r) {
    std::vector<double> cum(kSamples + 1, 0.0);
    for (int k = 0; k < kSamples; ++k) {
        const double x = a + (b - a) * (k + 0.5) / kSamples;
        cum[static_cast<std::size_t>(k) + 1] =
            cum[static_cast<std::size_t>(k)] + (b - a) / kSamples / targetSize(x, zones, h, r);
    }
    return cum;
}

// The fewest cells of [a, b] none larger than the target size.
int cellsNeeded(const std::vector<double>& cum) {
    return std::max(1, static_cast<int>(std::ceil(cum.back() - 1e-9)));
}

// The n - 1 inner lines of [a, b] placed so each of the n cells holds an equal share of the
// integral of 1 / targetSize (equidistribution): cells follow the target's shape.
std::vector<double> equidistribute(double a, double b, const std::vector<double>& cum, int n) {
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
    // grade away from both, so a short interval does not leave a jump next to it. The short ones
    // are found against the dies' zones alone, all at once, so that mirror-symmetric edges give
    // a mirror-symmetric grid.
    const double growth = 1 + (max_ratio - 1) * 0.6; // leave room for rounding per interval
    std::vector<Zone> zones;
    zones.reserve(fine.size() + pts.size());
    for (const Interval& f : fine)
        zones.push_back({f.lo, f.hi, h_fine});
    const std::size_t intervals = pts.size() - 1;
    std::vector<Zone> shortIntervals;
    for (std::size_t i = 0; i < intervals; ++i) {
        const double a = pts[i], b = pts[i + 1];
        const double cell = (b - a) / cellsNeeded(inverseSizeIntegral(a, b, zones, h_fine, growth));
        if (cell * max_ratio < targetSize((a + b) / 2, zones, h_fine, growth) * 0.999)
            shortIntervals.push_back({a, b, cell});
    }
    zones.insert(zones.end(), shortIntervals.begin(), shortIntervals.end());

    std::vector<std::vector<double>> cum(intervals);
    std::vector<int> cells(intervals);
    for (std::size_t i = 0; i < intervals; ++i) {
        cum[i] = inverseSizeIntegral(pts[i], pts[i + 1], zones, h_fine, growth);
        cells[i] = cellsNeeded(cum[i]);
    }
    // Each interval rounds its cell count up on its own, so two neighbours' cells can differ by
    // more than max_ratio where they meet (an interval holding 1.01 targets gets two half-size
    // cells). The larger side then gets one more cell, until no meeting exceeds the ratio; all
    // meetings are judged on the same pass (mirror symmetry). Cells only ever shrink, and the
    // smallest never does (nothing is smaller than it), so this ends. Until 2026-12 the jump was
    // cured by halving the larger cell, which passed the jump on to its other side: on
    // chiplet-mcm at 10 cells across the die halvings ran through the whole package (190 cells
    // in y, down to 0.19 mm with h_fine = 2 mm, where 20 cells across gave 82).
    std::vector<double> lines;
    for (int pass = 0; pass < 10000; ++pass) {
        lines.assign(1, pts.front());
        std::vector<std::size_t> firstCell(intervals);
        for (std::size_t i = 0; i < intervals; ++i) {
            firstCell[i] = lines.size() - 1;
            for (double x : equidistribute(pts[i], pts[i + 1], cum[i], cells[i]))
                lines.push_back(x);
            lines.push_back(pts[i + 1]);
        }
        auto width = [&](std::size_t c) { return lines[c + 1] - lines[c]; };
        std::vector<int> more(intervals, 0);
        for (std::size_t i = 0; i + 1 < intervals; ++i) {
            const double left = width(firstCell[i + 1] - 1), right = width(firstCell[i + 1]);
            if (left > max_ratio * right * (1 + 1e-9))
                more[i] = 1;
            if (right > max_ratio * left * (1 + 1e-9))
                more[i + 1] = 1;
        }
        if (std::all_of(more.begin(), more.end(), [](int m) { return m == 0; }))
            break;
        for (std::size_t i = 0; i < intervals; ++i)
            cells[i] += more[i];
    }
    lines.back() = pts.back();
    return lines;
}

} // namespace strata::thermal
