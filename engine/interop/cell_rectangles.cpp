#include "interop/cell_rectangles.h"

#include <cmath>
#include <cstddef>
#include <map>
#include <tuple>

namespace strata {

std::vector<CellRect> mergeCells(const std::vector<int>& keys, int nx, const CellRange& r) {
    std::vector<CellRect> rects;
    std::map<std::tuple<int, int, int>, std::size_t> open, next;
    for (int j = r.j0; j < r.j1; ++j) {
        next.clear();
        for (int i = r.i0; i < r.i1;) {
            const int key = keys[static_cast<std::size_t>(j) * nx + i];
            int e = i + 1;
            while (e < r.i1 && keys[static_cast<std::size_t>(j) * nx + e] == key)
                ++e;
            const auto id = std::tuple{i, e, key};
            const auto it = open.find(id);
            if (it != open.end()) {
                rects[it->second].j1 = j + 1;
                next[id] = it->second;
            } else {
                rects.push_back({i, e, j, j + 1, key});
                next[id] = rects.size() - 1;
            }
            i = e;
        }
        open.swap(next);
    }
    return rects;
}

double nineDigits(double v) {
    if (v == 0)
        return 0;
    const double scale = std::pow(10.0, std::floor(std::log10(std::abs(v))) - 8);
    return std::round(v / scale) * scale;
}

} // namespace strata
