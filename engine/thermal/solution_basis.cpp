#include "thermal/solution_basis.h"

#include "thermal/vector_kernels.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace strata::thermal {

namespace {

// Combinations are formed block by block so that the result is written once while every basis
// vector streams through (one pass over memory instead of one per vector).
constexpr std::size_t kBlock = 1024;

// out = first + sum_j coef_j v_j over one block.
void combineBlock(std::size_t begin, std::size_t len, const double* first,
                  const std::vector<std::unique_ptr<double[]>>& v, const double* coef,
                  double* __restrict out) {
    if (first)
        std::copy(first + begin, first + begin + len, out);
    else
        std::fill(out, out + len, 0.0);
    for (std::size_t j = 0; j < v.size(); ++j) {
        const double* __restrict vj = v[j].get() + begin;
        const double c = coef[j];
        for (std::size_t i = 0; i < len; ++i)
            out[i] += c * vj[i];
    }
}

// Whether b[begin, begin + len) holds a non-zero value (a loop the compiler vectorises).
bool anyNonZero(const double* __restrict b, std::size_t begin, std::size_t len) {
    int any = 0;
#pragma omp simd reduction(| : any)
    for (std::size_t i = 0; i < len; ++i)
        any |= b[begin + i] != 0.0;
    return any != 0;
}

// [lo, hi): the span of b's non-zero values (lo = hi when there are none), found chunk by chunk.
std::pair<std::size_t, std::size_t> nonZeroSpan(const double* b, std::size_t n) {
    constexpr std::size_t kChunk = 256;
    std::size_t lo = 0;
    while (lo < n && !anyNonZero(b, lo, std::min(kChunk, n - lo)))
        lo += kChunk;
    if (lo >= n)
        return {n, n};
    while (b[lo] == 0.0)
        ++lo;
    std::size_t hi = n;
    while (hi - lo > kChunk && !anyNonZero(b, hi - kChunk, kChunk))
        hi -= kChunk;
    while (b[hi - 1] == 0.0)
        --hi;
    return {lo, hi};
}

} // namespace

SolutionBasis::SolutionBasis(std::size_t unknowns, int capacity)
    : n_(unknowns), capacity_(std::max(0, capacity)) {}

void SolutionBasis::clear() {
    v_.clear();
    inside_.clear();
    outsideNorm_.clear();
    outsideSum_.clear();
}

void SolutionBasis::keepImages(std::size_t lo, std::size_t hi, const std::uint8_t* isVoid) {
    images_ = true;
    lo_ = std::min(lo, n_);
    hi_ = std::min(std::max(hi, lo_), n_);
    isVoid_ = isVoid;
}

void SolutionBasis::keepImage(const double* v, double* work, const Operator& applyA) {
    std::unique_ptr<double[]> own;
    if (!work) {
        own.reset(new double[n_]);
        work = own.get();
    }
    applyA(v, work);
    if (isVoid_)
        for (std::size_t n = 0; n < n_; ++n)
            work[n] = isVoid_[n] ? 0.0 : work[n];
    double sq = 0, sum = 0;
    for (std::size_t n = 0; n < n_; ++n) {
        if (n == lo_)
            n = hi_;
        if (n == n_)
            break;
        sq += work[n] * work[n];
        sum += work[n];
    }
    std::unique_ptr<double[]> inside(new double[hi_ - lo_]);
    std::copy(work + lo_, work + hi_, inside.get());
    inside_.push_back(std::move(inside));
    outsideNorm_.push_back(std::sqrt(sq));
    outsideSum_.push_back(sum);
}

SolutionBasis::Projection SolutionBasis::project(const double* b, double* x) const {
    // Power enters only in the dies' active layers: the products v_j . b need only the span of
    // b's non-zero values (with many vectors kept, full-length products cost as much as the
    // combination itself).
    const auto [lo, hi] = nonZeroSpan(b, n_);
    std::vector<double> alpha(v_.size());
    for (std::size_t j = 0; j < v_.size(); ++j)
        alpha[j] = dot(hi - lo, v_[j].get() + lo, b + lo);
    for (std::size_t s = 0; s < n_; s += kBlock)
        combineBlock(s, std::min(kBlock, n_ - s), nullptr, v_, alpha.data(), x + s);
    Projection p;
    if (!images_ || inside_.size() != v_.size() || (hi > lo && (lo < lo_ || hi > hi_)))
        return p;
    p.bounded = true;
    double outside = 0; // bound of the residual's norm outside the range
    for (std::size_t j = 0; j < v_.size(); ++j) {
        outside += std::fabs(alpha[j]) * outsideNorm_[j];
        p.rs -= alpha[j] * outsideSum_[j];
    }
    double block[kBlock];
    double rr = 0;
    for (std::size_t s = lo_; s < hi_; s += kBlock) {
        const std::size_t len = std::min(kBlock, hi_ - s);
        for (std::size_t i = 0; i < len; ++i)
            block[i] = b[s + i];
        for (std::size_t j = 0; j < v_.size(); ++j) {
            const double* __restrict e = inside_[j].get() + (s - lo_);
            const double a = alpha[j];
            for (std::size_t i = 0; i < len; ++i)
                block[i] -= a * e[i];
        }
        for (std::size_t i = 0; i < len; ++i) {
            const double bi = b[s + i];
            p.bb += bi * bi;
            p.babs += std::fabs(bi);
            rr += block[i] * block[i];
            p.rs += block[i];
        }
    }
    p.rrBound = rr + outside * outside;
    return p;
}

bool SolutionBasis::add(const double* x, const double* ax, double* work, const Operator& applyA) {
    if (capacity_ == 0)
        return false;
    std::vector<double> c(v_.size());
    double parts = 0; // sum c_j^2: the A-norm^2 of x's part inside the span
    for (std::size_t j = 0; j < v_.size(); ++j) {
        c[j] = -dot(n_, v_[j].get(), ax); // -v_j^T A x
        parts += c[j] * c[j];
    }
    const double xAx = dot(n_, x, ax);
    double uAu = xAx - parts; // the new part's A-norm^2, by Pythagoras
    if (!(xAx > 0) || !(uAu > 1e-8 * xAx))
        return false;
    std::unique_ptr<double[]> slot;
    if (size() == capacity_) { // full: start again from this solution alone (its storage reused)
        slot = std::move(v_.back());
        v_.clear();
        inside_.clear();
        outsideNorm_.clear();
        outsideSum_.clear();
        ++restarts_;
        c.clear();
        uAu = xAx;
    } else {
        slot.reset(new double[n_]);
    }
    const std::size_t k = v_.size();
    double* u = slot.get();
    for (std::size_t s = 0; s < n_; s += kBlock) // u = x - sum_j c_j v_j
        combineBlock(s, std::min(kBlock, n_ - s), x, v_, c.data(), u + s);
    if (k > 0) { // second pass against the same vectors, with an exact A u
        applyA(u, work);
        uAu = dot(n_, u, work);
        for (std::size_t j = 0; j < k; ++j) {
            c[j] = -dot(n_, v_[j].get(), work);
            uAu -= c[j] * c[j];
        }
        if (!(uAu > 1e-8 * xAx))
            return false;
        double block[kBlock];
        for (std::size_t s = 0; s < n_; s += kBlock) {
            const std::size_t len = std::min(kBlock, n_ - s);
            combineBlock(s, len, u, v_, c.data(), block);
            std::copy(block, block + len, u + s);
        }
    }
    const double inv = 1.0 / std::sqrt(uAu);
    for (std::size_t n = 0; n < n_; ++n)
        u[n] *= inv;
    v_.push_back(std::move(slot));
    if (images_)
        keepImage(u, work, applyA);
    return true;
}

} // namespace strata::thermal
