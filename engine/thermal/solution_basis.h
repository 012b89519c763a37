#pragma once
// Earlier solutions of one symmetric positive definite operator A, kept A-orthonormal, so that
// the next solve starts from the best combination of them: x0 = sum_j (v_j . b) v_j is the
// A-orthogonal projection of A^-1 b onto their span (Fischer, "Projection techniques for iterative
// solution of Ax = b with successive right-hand sides", Comput. Methods Appl. Mech. Engrg. 163,
// 1998). A right-hand side that is a combination of earlier ones (a power sweep, a leakage loop
// once every block's power has moved, a transient's steps) then costs a projection and a residual
// check instead of a solve.
//
// Only the vectors v_j are stored (no A v_j). A new solution x is orthogonalised twice (classical
// Gram-Schmidt with reorthogonalisation in the A inner product): the first pass uses A x, which
// the solve has as b - r; the second one an exact A u of what is left. One pass alone lost
// orthogonality quickly (the new part is often a tenth of x, and each addition multiplied the
// defect by that ratio): combinations of earlier right-hand sides then missed the solver's
// tolerance. When full, the basis starts again from the new solution alone, as Fischer does:
// dropping only the oldest vector would drop part of the newest solution with it (each vector
// holds the part of its solution that its predecessors did not).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace strata::thermal {

class SolutionBasis {
public:
    // Holds at most `capacity` vectors of `unknowns` doubles.
    SolutionBasis(std::size_t unknowns, int capacity);
    int size() const { return static_cast<int>(v_.size()); }
    void clear();
    const double* vector(int j) const { return v_[static_cast<std::size_t>(j)].get(); }
    int capacity() const { return capacity_; }
    // How often the basis started again from one solution (when full): what was learnt before
    // a restart is gone.
    int restarts() const { return restarts_; }

    // For a basis whose right-hand sides are zero outside some ranges of cells (a solver's learnt
    // heat sources: power enters only in the dies' active layers): keeps, for every vector added
    // from now on, its image A v_j on the ranges and the norm and sum of the image elsewhere (zero
    // in void cells, as residuals are). A projection of a b that is zero outside the ranges then
    // bounds its own residual without an operator application: r = b - sum_j a_j A v_j is
    // b - sum_j a_j (A v_j) inside the ranges and -sum_j a_j (A v_j) outside, whose norm is at
    // most sum_j |a_j| times the outside norms. The check reads the images in the source layers
    // only, where applying the operator and forming the residual read the whole field several
    // times: thermal_bench's real package, a learnt re-solve 2.2-2.5 -> 1.5-1.8 ms (5 -> 3-4 % of
    // a first solve). One range per source layer, not one from the lowest to the highest: the
    // layers between (bonds, the upper dies' bulk) hold only the solves' residuals.
    using Range = std::pair<std::size_t, std::size_t>; // cells [first, second)
    void keepImages(std::vector<Range> ranges, const std::uint8_t* isVoid);

    struct Projection {
        bool bounded = false;    // every vector has its image and b is zero outside their ranges
        double bb = 0, babs = 0; // sum of b^2 and of |b|
        double rrBound = 0;      // an upper bound of |b - A x|^2
        double rs = 0;           // sum of b - A x (to round-off)
    };
    // x = sum_j (v_j . b) v_j (zero when the basis is empty); with images (keepImages), also the
    // bound on its residual.
    Projection project(const double* b, double* x) const;
    using Operator = std::function<void(const double* x, double* y)>; // y = A x
    // Adds the part of x that is A-orthogonal to the basis; ax = A x, `work` holds `unknowns`
    // values (null: allocated when needed). Returns false (nothing added) when that part is below
    // 1e-4 of x in the A-norm: it would be mostly round-off.
    bool add(const double* x, const double* ax, double* work, const Operator& applyA);

private:
    std::size_t n_;
    int capacity_;
    int restarts_ = 0;
    std::vector<std::unique_ptr<double[]>> v_;
    // keepImages(): the ranges (sorted, disjoint, not adjacent; none: no images kept), the void
    // cells, and per vector its image on the ranges (one after the other) and the norm and sum of
    // the image outside.
    std::vector<Range> ranges_;
    const std::uint8_t* isVoid_ = nullptr;
    std::vector<std::unique_ptr<double[]>> inside_;
    std::vector<double> outsideNorm_, outsideSum_;
    void keepImage(const double* v, double* work, const Operator& applyA);
    bool zeroOutsideRanges(const double* b) const;
};

} // namespace strata::thermal
