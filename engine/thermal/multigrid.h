#pragma once
// Geometric multigrid V-cycle for the package conduction operator, used as the CG preconditioner
// for real packages (dies in mold, via clusters, voids outside layer outlines, graded grids).
// Layers are µm-thin and conduct far better vertically than laterally, so the method keeps every
// z column whole: it coarsens only laterally (pairs of cells in x and y) and smooths with exact
// tridiagonal solves of whole columns in red-black (checkerboard) order. Transfers are
// piecewise constant; on coarse levels vertical and boundary conductances and heat capacities of
// merged cells add up, and lateral face conductances add up scaled by the ratio of fine to coarse
// centre distances, so a uniform conductor coarsens to itself. Without that scaling (plain
// Galerkin) the iterations doubled with every grid refinement; with it and the grid's 2x cell
// growth limit they stay at 7-8 (3 sweeps on the finest level, 5 on the others; CG tolerance
// 1e-7: 8 / 7 / 8 / 8 at 16 / 32 / 64 / 128 cells across the die on the benchmark package).
// Coarsening goes down to a single column, solved directly (stopping at 4 x 4 columns gave the
// same iterations and cost a dense solve of several hundred unknowns per cycle). Pre-smoothing
// runs red then black, post-smoothing black then red, so the cycle is symmetric as CG requires.
// The smoother stores each colour's columns as an array of its own (see Level in multigrid.cpp),
// in single precision (it is a preconditioner: CG in double precision corrects its round-off).
#include "thermal/conductances.h"

#include <memory>
#include <vector>

namespace strata::thermal {

class Multigrid {
public:
    Multigrid(const Conductances& fine, const std::vector<double>& xs,
              const std::vector<double>& ys, double inv_dt);
    ~Multigrid();
    Multigrid(const Multigrid&) = delete;
    Multigrid& operator=(const Multigrid&) = delete;

    // z = B r, one V-cycle from a zero guess, kept inside; returns r . z (CG needs it next).
    double precondition(const double* r) const;
    // p = z + beta p for the last z: CG's next direction without storing z (one vector pass
    // less per iteration).
    void direction(double beta, double* p) const;
    int levels() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace strata::thermal
