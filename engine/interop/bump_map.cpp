#include "interop/bump_map.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
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
    std::vector<std::pair<long long, int>> order(p.size()); // (cell key, point), by cell
    for (std::size_t i = 0; i < p.size(); ++i) {
        const auto [cx, cy] = cellOf(p[i]);
        order[i] = {key(cx, cy), static_cast<int>(i)};
    }
    std::sort(order.begin(), order.end());
    // The nearest other point among the cells within `ring` of point i's cell.
    auto nearestWithin = [&](std::size_t i, long long ring) {
        const auto [cx, cy] = cellOf(p[i]);
        double best = HUGE_VAL;
        for (long long yy = std::max(0LL, cy - ring); yy <= std::min(rows - 1, cy + ring); ++yy)
            for (long long xx = std::max(0LL, cx - ring); xx <= std::min(cols - 1, cx + ring);
                 ++xx) {
                const long long k = key(xx, yy);
                for (auto it = std::lower_bound(order.begin(), order.end(), std::make_pair(k, -1));
                     it != order.end() && it->first == k; ++it)
                    if (it->second != static_cast<int>(i))
                        best = std::min(
                            best, std::hypot(p[it->second].x - p[i].x, p[it->second].y - p[i].y));
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
    for (std::string line; std::getline(in, line);) {
        ++number;
        line = line.substr(0, line.find('#'));
        std::istringstream words(line);
        std::vector<std::string> w;
        for (std::string word; words >> word;)
            w.push_back(word);
        if (w.empty())
            continue;
        char* endX = nullptr;
        char* endY = nullptr;
        const double x = w.size() == 6 ? std::strtod(w[2].c_str(), &endX) : 0;
        const double y = w.size() == 6 ? std::strtod(w[3].c_str(), &endY) : 0;
        if (w.size() != 6 || *endX != '\0' || *endY != '\0' || !std::isfinite(x) ||
            !std::isfinite(y)) {
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
