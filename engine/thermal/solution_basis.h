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
#include <functional>
#include <memory>
#include <vector>

namespace strata::thermal {

class SolutionBasis {
public:
    // Holds at most `capacity` vectors of `unknowns` doubles.
    SolutionBasis(std::size_t unknowns, int capacity);
    int size() const { return static_cast<int>(v_.size()); }
    void clear() { v_.clear(); }
    const double* vector(int j) const { return v_[static_cast<std::size_t>(j)].get(); }
    int capacity() const { return capacity_; }
    // Raises the capacity (never below the vectors held).
    void reserve(int capacity) { capacity_ = std::max({capacity_, capacity, size()}); }
    // How often the basis started again from one solution (when full): what was learnt before
    // a restart is gone.
    int restarts() const { return restarts_; }
    // x = sum_j (v_j . b) v_j (zero when the basis is empty).
    void project(const double* b, double* x) const;
    using Operator = std::function<void(const double* x, double* y)>; // y = A x
    // Adds the part of x that is A-orthogonal to the basis; ax = A x, `work` holds `unknowns`
    // values. Returns false (nothing added) when that part is below 1e-4 of x in the A-norm: it
    // would be mostly round-off.
    bool add(const double* x, const double* ax, double* work, const Operator& applyA);

private:
    std::size_t n_;
    int capacity_;
    int restarts_ = 0;
    std::vector<std::unique_ptr<double[]>> v_;
};

} // namespace strata::thermal
