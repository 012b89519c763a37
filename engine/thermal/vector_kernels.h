#pragma once
// Vector kernels of the thermal solvers (CG updates, dot products), written so that GCC
// vectorises them: restrict parameters, and `omp simd` reductions (compiled with -fopenmp-simd,
// which needs no OpenMP runtime). Include only from files built with those flags (CMakeLists).
#include <cstddef>
#include <cstdint>
#include <memory>

namespace strata::thermal {

// Work storage that is written before it is read: grows on demand and is never zero-filled
// (zeroing the CG vectors of a fresh solver was ~5 % of a real-package solve).
class Scratch {
public:
    double* get(std::size_t n) {
        if (n > size_) {
            data_.reset(new double[n]);
            size_ = n;
        }
        return data_.get();
    }

private:
    std::unique_ptr<double[]> data_;
    std::size_t size_ = 0;
};

// x += alpha p, r -= alpha q, and the sums of r^2 and r.
inline void step(std::size_t len, double alpha, double* __restrict x, double* __restrict r,
                 const double* __restrict p, const double* __restrict q, double& rr, double& rs) {
    double sq = 0, sum = 0;
#pragma omp simd reduction(+ : sq, sum)
    for (std::size_t n = 0; n < len; ++n) {
        x[n] += alpha * p[n];
        r[n] -= alpha * q[n];
        sq += r[n] * r[n];
        sum += r[n];
    }
    rr = sq;
    rs = sum;
}

// r = b - q (q null: r = b), zero in void cells (isVoid null: none), in one pass with the
// squared norm and the sum of |b| (bb, babs) and of r (rr, rs).
template <bool HasQ, bool HasVoids>
void residualAndNormsLoop(std::size_t len, const double* __restrict b, const double* __restrict q,
                          const std::uint8_t* __restrict isVoid, double* __restrict r, double& bb,
                          double& babs, double& rr, double& rs) {
    double sq = 0, sum = 0, rsq = 0, rsum = 0;
#pragma omp simd reduction(+ : sq, sum, rsq, rsum)
    for (std::size_t n = 0; n < len; ++n) {
        double v = b[n];
        if constexpr (HasQ)
            v -= q[n];
        if constexpr (HasVoids)
            v = isVoid[n] ? 0.0 : v;
        r[n] = v;
        sq += b[n] * b[n];
        sum += b[n] < 0 ? -b[n] : b[n];
        rsq += v * v;
        rsum += v;
    }
    bb = sq;
    babs = sum;
    rr = rsq;
    rs = rsum;
}
inline void residualAndNorms(std::size_t len, const double* b, const double* q,
                             const std::uint8_t* isVoid, double* r, double& bb, double& babs,
                             double& rr, double& rs) {
    if (q && isVoid)
        residualAndNormsLoop<true, true>(len, b, q, isVoid, r, bb, babs, rr, rs);
    else if (q)
        residualAndNormsLoop<true, false>(len, b, q, isVoid, r, bb, babs, rr, rs);
    else if (isVoid)
        residualAndNormsLoop<false, true>(len, b, q, isVoid, r, bb, babs, rr, rs);
    else
        residualAndNormsLoop<false, false>(len, b, q, isVoid, r, bb, babs, rr, rs);
}

// x *= a, y *= a.
inline void scale(std::size_t len, double a, double* __restrict x, double* __restrict y) {
    for (std::size_t n = 0; n < len; ++n) {
        x[n] *= a;
        y[n] *= a;
    }
}

// p = z + beta p (p is not read when beta is 0: it may be uninitialised).
inline void newDirection(std::size_t len, double beta, double* __restrict p,
                         const double* __restrict z) {
    if (beta == 0) {
        for (std::size_t n = 0; n < len; ++n)
            p[n] = z[n];
        return;
    }
    for (std::size_t n = 0; n < len; ++n)
        p[n] = z[n] + beta * p[n];
}

inline double dot(std::size_t len, const double* __restrict a, const double* __restrict b) {
    double s = 0;
#pragma omp simd reduction(+ : s)
    for (std::size_t m = 0; m < len; ++m)
        s += a[m] * b[m];
    return s;
}

} // namespace strata::thermal
