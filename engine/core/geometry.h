#pragma once
// Axis-aligned rectangles in metres on the package plane (origin: package lower-left corner).
#include <algorithm>

namespace strata {

struct Rect {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

    static Rect centred(double cx, double cy, double w, double h) {
        return {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
    }
    double width() const { return x1 - x0; }
    double height() const { return y1 - y0; }
    double area() const { return width() * height(); }
    double cx() const { return (x0 + x1) / 2; }
    double cy() const { return (y0 + y1) / 2; }
    // Area shared with another rectangle (0 when they only touch).
    double overlapArea(const Rect& o) const {
        const double w = std::min(x1, o.x1) - std::max(x0, o.x0);
        const double h = std::min(y1, o.y1) - std::max(y0, o.y0);
        return (w > 0 && h > 0) ? w * h : 0.0;
    }
    // True when o lies inside this rectangle, allowing `tol` metres of rounding.
    bool contains(const Rect& o, double tol = 1e-9) const {
        return o.x0 >= x0 - tol && o.y0 >= y0 - tol && o.x1 <= x1 + tol && o.y1 <= y1 + tol;
    }
};

} // namespace strata
