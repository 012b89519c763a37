#include "thermal/solution_basis.h"

#include "thermal/vector_kernels.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace strata::thermal {

namespace {

// Whether b[begin, begin + len) holds a non-zero value (a loop the compiler vectorises).
bool anyNonZero(const double* __restrict b, std::size_t begin, std::size_t len) {
    int any = 0;
#pragma omp simd reduction(| : any)
    for (std::size_t i = 0; i < len; ++i)
        any |= b[begin + i] != 0.0;
    return any != 0;
}

// Combinations are formed block by block so that the result is written once while every basis
// vector streams through (one pass over memory instead of one per vector).
constexpr std::size_t kBlock = 1024;

// out[0, len) = first[0, len) (zero if null) + sum_j coef_j v_j[at, at + len), for `count`
// vectors. Four vectors per sweep over the block: with one sweep per vector GCC vectorised across
// the vectors instead, with scalar loads; a learnt re-solve of the laterally uniform stack
// (thermal_bench, 128^2 x 22, six fields) took 1.7 ms, 1.0 ms with groups and blockwise dots.
void combineBlock(std::size_t at, std::size_t len, const double* first, const double* const* v,
                  std::size_t count, const double* coef, double* __restrict out) {
    if (first)
        std::copy(first, first + len, out);
    else
        std::fill(out, out + len, 0.0);
    std::size_t j = 0;
    for (; j + 4 <= count; j += 4) {
        const double* __restrict a = v[j] + at;
        const double* __restrict b = v[j + 1] + at;
        const double* __restrict c = v[j + 2] + at;
        const double* __restrict d = v[j + 3] + at;
        const double ca = coef[j], cb = coef[j + 1], cc = coef[j + 2], cd = coef[j + 3];
        for (std::size_t i = 0; i < len; ++i)
            out[i] += ca * a[i] + cb * b[i] + cc * c[i] + cd * d[i];
    }
    for (; j + 2 <= count; j += 2) {
        const double* __restrict a = v[j] + at;
        const double* __restrict b = v[j + 1] + at;
        const double ca = coef[j], cb = coef[j + 1];
        for (std::size_t i = 0; i < len; ++i)
            out[i] += ca * a[i] + cb * b[i];
    }
    if (j < count) {
        const double* __restrict a = v[j] + at;
        const double ca = coef[j];
        for (std::size_t i = 0; i < len; ++i)
            out[i] += ca * a[i];
    }
}

// out_j += v_j . y over [lo, hi) for `count` vectors, block by block so that y is read once;
// blocks where y is zero (most of a power vector) are skipped.
void addDots(std::size_t lo, std::size_t hi, const double* const* v, std::size_t count,
             const double* y, double* out) {
    for (std::size_t s = lo; s < hi; s += kBlock) {
        const std::size_t len = std::min(kBlock, hi - s);
        if (anyNonZero(y, s, len))
            for (std::size_t j = 0; j < count; ++j)
                out[j] += dot(len, v[j] + s, y + s);
    }
}

// The start of each stored vector, for combineBlock.
std::vector<const double*> starts(const std::vector<std::unique_ptr<double[]>>& v) {
    std::vector<const double*> p(v.size());
    for (std::size_t j = 0; j < v.size(); ++j)
        p[j] = v[j].get();
    return p;
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

void SolutionBasis::keepImages(std::vector<Range> ranges, const std::uint8_t* isVoid) {
    isVoid_ = isVoid;
    std::sort(ranges.begin(), ranges.end());
    ranges_.clear();
    for (Range r : ranges) {
        r.second = std::min(r.second, n_);
        if (r.first >= r.second)
            continue;
        if (!ranges_.empty() && r.first <= ranges_.back().second)
            ranges_.back().second = std::max(ranges_.back().second, r.second);
        else
            ranges_.push_back(r);
    }
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
    std::size_t insideCount = 0;
    auto outside = [&](std::size_t from, std::size_t to) {
        for (std::size_t n = from; n < to; ++n) {
            sq += work[n] * work[n];
            sum += work[n];
        }
    };
    std::size_t at = 0;
    for (const Range& r : ranges_) {
        outside(at, r.first);
        insideCount += r.second - r.first;
        at = r.second;
    }
    outside(at, n_);
    std::unique_ptr<double[]> inside(new double[insideCount]);
    double* out = inside.get();
    for (const Range& r : ranges_)
        out = std::copy(work + r.first, work + r.second, out);
    inside_.push_back(std::move(inside));
    outsideNorm_.push_back(std::sqrt(sq));
    outsideSum_.push_back(sum);
}

SolutionBasis::Projection SolutionBasis::project(const double* b, double* x) const {
    // Power enters only in the dies' active layers: the products v_j . b need only the blocks
    // where b is not zero (with many vectors kept, full-length products cost as much as the
    // combination itself); with images, only the source layers once b is seen to be zero
    // elsewhere (b is read once either way).
    const std::vector<const double*> v = starts(v_);
    const std::size_t k = v.size();
    std::vector<double> alpha(k, 0.0);
    const bool confined = !ranges_.empty() && inside_.size() == v_.size() && zeroOutsideRanges(b);
    if (confined) {
        for (const Range& r : ranges_)
            addDots(r.first, r.second, v.data(), k, b, alpha.data());
    } else {
        const auto [lo, hi] = nonZeroSpan(b, n_);
        addDots(lo, hi, v.data(), k, b, alpha.data());
    }
    for (std::size_t s = 0; s < n_; s += kBlock)
        combineBlock(s, std::min(kBlock, n_ - s), nullptr, v.data(), k, alpha.data(), x + s);
    Projection p;
    if (!confined)
        return p;
    p.bounded = true;
    double outside = 0; // bound of the residual's norm outside the ranges
    for (std::size_t j = 0; j < k; ++j) {
        outside += std::fabs(alpha[j]) * outsideNorm_[j];
        p.rs -= alpha[j] * outsideSum_[j];
    }
    const std::vector<const double*> images = starts(inside_);
    std::vector<double> minusAlpha(k);
    for (std::size_t j = 0; j < k; ++j)
        minusAlpha[j] = -alpha[j];
    double block[kBlock];
    double rr = 0;
    std::size_t at = 0; // where the range starts in the images
    for (const Range& range : ranges_) {
        for (std::size_t s = range.first; s < range.second; s += kBlock) {
            // r = b - sum_j alpha_j A v_j
            const std::size_t len = std::min(kBlock, range.second - s);
            combineBlock(at + (s - range.first), len, b + s, images.data(), k, minusAlpha.data(),
                         block);
            for (std::size_t i = 0; i < len; ++i) {
                const double bi = b[s + i];
                p.bb += bi * bi;
                p.babs += std::fabs(bi);
                rr += block[i] * block[i];
                p.rs += block[i];
            }
        }
        at += range.second - range.first;
    }
    p.rrBound = rr + outside * outside;
    return p;
}

// Whether b is zero outside the ranges.
bool SolutionBasis::zeroOutsideRanges(const double* b) const {
    std::size_t at = 0; // the end of the last range
    for (const Range& r : ranges_) {
        if (anyNonZero(b, at, r.first - at))
            return false;
        at = r.second;
    }
    return !anyNonZero(b, at, n_ - at);
}

bool SolutionBasis::add(const double* x, const double* ax, double* work, const Operator& applyA) {
    if (capacity_ == 0)
        return false;
    std::vector<double> c(v_.size(), 0.0);
    std::vector<const double*> v = starts(v_);
    addDots(0, n_, v.data(), v.size(), ax, c.data());
    double parts = 0; // sum c_j^2: the A-norm^2 of x's part inside the span
    for (double& cj : c) {
        cj = -cj; // -v_j^T A x
        parts += cj * cj;
    }
    const double xAx = dot(n_, x, ax);
    double uAu = xAx - parts; // the new part's A-norm^2, by Pythagoras
    if (!(xAx > 0) || !(uAu > 1e-8 * xAx))
        return false;
    std::unique_ptr<double[]> slot;
    if (size() == capacity_) { // full: start again from this solution alone (its storage reused)
        slot = std::move(v_.back());
        v_.clear();
        v.clear();
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
        combineBlock(s, std::min(kBlock, n_ - s), x + s, v.data(), k, c.data(), u + s);
    if (k > 0) { // second pass against the same vectors, with an exact A u
        applyA(u, work);
        uAu = dot(n_, u, work);
        std::fill(c.begin(), c.end(), 0.0);
        addDots(0, n_, v.data(), k, work, c.data());
        for (double& cj : c) {
            cj = -cj;
            uAu -= cj * cj;
        }
        if (!(uAu > 1e-8 * xAx))
            return false;
        double block[kBlock];
        for (std::size_t s = 0; s < n_; s += kBlock) {
            const std::size_t len = std::min(kBlock, n_ - s);
            combineBlock(s, len, u + s, v.data(), k, c.data(), block);
            std::copy(block, block + len, u + s);
        }
    }
    const double inv = 1.0 / std::sqrt(uAu);
    for (std::size_t n = 0; n < n_; ++n)
        u[n] *= inv;
    v_.push_back(std::move(slot));
    if (!ranges_.empty())
        keepImage(u, work, applyA);
    return true;
}

} // namespace strata::thermal
