#include "interop/bump_map.h"

#include "interop/reference_comparison.h" // parseFiniteNumber

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <vector>

namespace strata {

namespace {

struct Point {
    double x, y;
};

// Median nearest-neighbour distance: points bucketed on a grid of about one point per cell,
// each one's neighbours searched in the cells around it.
double medianNearestDistance(const std::vector<Point>& p) {
    double x0 = p[0].x, x1 = x0, y0 = p[0].y, y1 = y0;
    for (const Point& q : p)
        x0 = std::min(x0, q.x), x1 = std::max(x1, q.x), y0 = std::min(y0, q.y),
        y1 = std::max(y1, q.y);
    const double n = static_cast<double>(p.size());
    double cell = std::sqrt(std::max((x1 - x0) * (y1 - y0), 0.0) / n);
    if (!(cell > 0))
        cell = std::max(x1 - x0, y1 - y0) / n; // all on one line
    if (!(cell > 0))
        return 0; // all at one place
    const auto cols = static_cast<long long>((x1 - x0) / cell) + 1;
    const auto rows = static_cast<long long>((y1 - y0) / cell) + 1;
    auto key = [&](long long cx, long long cy) { return cy * cols + cx; };
    auto cellOf = [&](const Point& q) {
        return std::make_pair(static_cast<long long>((q.x - x0) / cell),
                              static_cast<long long>((q.y - y0) / cell));
    };
    // Points grouped by cell (a counting sort): cell k's points are order[start[k] .. start[k+1]).
    std::vector<std::size_t> start(static_cast<std::size_t>(cols * rows) + 1, 0);
    for (const Point& q : p) {
        const auto [cx, cy] = cellOf(q);
        ++start[static_cast<std::size_t>(key(cx, cy)) + 1];
    }
    for (std::size_t k = 1; k < start.size(); ++k)
        start[k] += start[k - 1];
    std::vector<int> order(p.size());
    {
        std::vector<std::size_t> next(start.begin(), start.end() - 1);
        for (std::size_t i = 0; i < p.size(); ++i) {
            const auto [cx, cy] = cellOf(p[i]);
            order[next[static_cast<std::size_t>(key(cx, cy))]++] = static_cast<int>(i);
        }
    }
    // The nearest other point among the cells within `ring` of point i's cell.
    auto nearestWithin = [&](std::size_t i, long long ring) {
        const auto [cx, cy] = cellOf(p[i]);
        double best = HUGE_VAL;
        for (long long yy = std::max(0LL, cy - ring); yy <= std::min(rows - 1, cy + ring); ++yy)
            for (long long xx = std::max(0LL, cx - ring); xx <= std::min(cols - 1, cx + ring);
                 ++xx) {
                const auto k = static_cast<std::size_t>(key(xx, yy));
                for (std::size_t j = start[k]; j < start[k + 1]; ++j)
                    if (order[j] != static_cast<int>(i))
                        best = std::min(
                            best, std::hypot(p[static_cast<std::size_t>(order[j])].x - p[i].x,
                                             p[static_cast<std::size_t>(order[j])].y - p[i].y));
            }
        return best;
    };
    std::vector<double> nearest;
    nearest.reserve(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
        // Widen until a neighbour is found, then once more to every cell a nearer one could be
        // in (within `best` of the point): exact, and one pass for a regular bump array.
        long long ring = 1;
        double best = nearestWithin(i, ring);
        while (best == HUGE_VAL && ring < std::max(cols, rows))
            best = nearestWithin(i, ring *= 2);
        if (best == HUGE_VAL)
            continue; // a single point
        if (const auto reach = static_cast<long long>(std::ceil(best / cell)) + 1; reach > ring)
            best = nearestWithin(i, reach);
        nearest.push_back(best);
    }
    if (nearest.empty())
        return 0;
    auto mid = nearest.begin() + static_cast<std::ptrdiff_t>(nearest.size() / 2);
    std::nth_element(nearest.begin(), mid, nearest.end());
    return *mid;
}

} // namespace

BumpMapPitch readBumpMapPitch(const std::string& path) {
    BumpMapPitch out;
    std::ifstream in(path);
    if (!in || std::filesystem::is_directory(path)) {
        out.error = "cannot be read (no such file, or not a file)";
        return out;
    }
    std::vector<Point> points;
    int number = 0;
    std::vector<std::string_view> w;
    for (std::string line; std::getline(in, line);) {
        ++number;
        line.resize(std::min(line.size(), line.find('#')));
        w.clear();
        for (std::size_t at = line.find_first_not_of(" \t\r"); at != std::string::npos;) {
            const std::size_t end = std::min(line.size(), line.find_first_of(" \t\r", at));
            w.emplace_back(line.data() + at, end - at);
            at = line.find_first_not_of(" \t\r", end);
        }
        if (w.empty())
            continue;
        double x = 0, y = 0;
        const bool numbers =
            w.size() == 6 && parseFiniteNumber(w[2], x) && parseFiniteNumber(w[3], y);
        if (!numbers) {
            out.error = "expected six columns: bump instance, bump cell type, x and y in µm, "
                        "port and net (- for none)";
            out.line = number;
            return out;
        }
        points.push_back({x, y});
    }
    out.bumps = static_cast<int>(points.size());
    if (points.size() >= 2)
        out.pitch_m = medianNearestDistance(points) * 1e-6;
    return out;
}

} // namespace strata
