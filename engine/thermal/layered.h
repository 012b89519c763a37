#pragma once
// Layered fast solver: exact for a stack of laterally uniform layers (each one material, no voids)
// on a rectilinear grid with adiabatic sides. (As a CG preconditioner on layer-averaged
// properties for real packages it needed 360 to 500+ iterations; multigrid.h does that job.)
// The lateral operator of every layer is the same 1-D conductance matrix pair
// (Ax, Ay) up to a per-layer factor k_xy * dz, so a transform that diagonalises Ax and Ay
// decouples the 3-D problem into one tridiagonal system along z per lateral mode:
//   uniform lines  -> cosine transform (DCT-II / DCT-III via FFTW), O(N log N);
//   graded lines   -> eigenvectors of the generalised problem Ax v = lambda diag(dx) v (Eigen),
//                     applied as dense products per layer.
// Everything that depends only on geometry, materials and the time step (transforms, eigen
// vectors, the per-mode LU factors) is set up once and reused for every right-hand side.
#include "thermal/model.h"

#include <memory>
#include <vector>

namespace strata::thermal {

class LayeredSolver {
public:
    // The solver of `model`, or null unless every layer is one material without voids (the
    // check stops at the first cell that differs). Heat capacity term cv*dz/dt included when
    // inv_dt > 0 (an implicit time step).
    static std::unique_ptr<LayeredSolver> create(const Model& model, double inv_dt = 0.0);
    ~LayeredSolver();
    LayeredSolver(const LayeredSolver&) = delete;
    LayeredSolver& operator=(const LayeredSolver&) = delete;

    // z = M^-1 r for a field of model.unknowns() values (W per cell in, kelvin out).
    void apply(const double* r, double* z) const;
    // y = M x, computed from the layers' properties and the grid lines alone (no per-cell
    // arrays): for laterally uniform stacks this is the conduction operator itself, so the
    // solver checks apply()'s answer with it without assembling the operator.
    void applyOperator(const double* x, double* y) const;
    bool usesCosineTransform() const;

private:
    LayeredSolver(const Model& model, double inv_dt);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace strata::thermal
