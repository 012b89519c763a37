#pragma once
// The thermal model of a design as 3D-ICE 4.0 input (formats.md §5; the grammar of 3D-ICE 4.0's
// stack, layout and floorplan parsers), so that users can run 3D-ICE on exactly what Strata solves
// and compare (threedice_results.h):
//   base.stk       materials, heat sinks, dimensions, one 3D-ICE layer per model layer (thick
//                  layers' sub-layers included), a die for every layer that dissipates (its source
//                  layer is that layer), the steady solver and a thermal map (Tmap) of every die's
//                  junction layer, written to base_L<k>.tmap;
//   base_L<k>.mlt  the layout of a layer with more than one material: rectangles of the other
//                  materials over the layer's own (3D-ICE 4.0 heterogeneous layers);
//   base_L<k>.flp  the floorplan of a dissipating layer: one element per block and power density,
//                  its rectangles and watts;
//   run.sh         3D-ICE-Emulator on base.stk (and base_transient.stk with a power trace).
// What maps one to one: every layer with its anisotropic conductivity (kx = ky, kz) and heat
// capacity per cell, every block's power where it is, the convection on top (h), the board path
// (a bottom heat sink), the ambient. What does not: 3D-ICE grids its one rectangular domain
// uniformly, so the whole sink outline gets cells of the resolution's size (Strata grades them
// outside the dies; a block edge between 3D-ICE's grid lines shares its power between the two
// cells), and cells Strata leaves void (outside the package, beside the spreader) get a
// near-insulator (kNearInsulator); both are said in the notes.
#include "core/diagnostic.h"
#include "interop/export_files.h"
#include "library/library.h"
#include "model/design.h"
#include "thermal/model.h"
#include "thermal/power_trace.h"

#include <string>
#include <vector>

namespace strata {

// What 3D-ICE gets where Strata has no material: its domain is one rectangle. 1e-3 W/mK (about a
// twentieth of still air) and air's volumetric heat capacity (1.2e3 J/m³K) carry no heat worth
// counting and keep 3D-ICE's matrix regular.
inline constexpr double kNearInsulatorK = 1e-3, kNearInsulatorCv = 1.2e3;

// The uniform grid of an export: cols x rows cells of `cell_m` (whole µm) from (x0, y0), the
// model's south-west corner; it covers the model's outline and at most one cell more.
struct ThreeDiceGrid {
    double x0 = 0, y0 = 0, cell_m = 0;
    int cols = 0, rows = 0;
};
// 3D-ICE's cell side for a model built at `cells_across_die`: the size Strata's cells have inside
// the largest die.
double threeDiceCellFor(const thermal::Model& model, int cells_across_die);

// The grid for a model: cells of `cell_m` rounded to whole µm (at least 1 µm).
ThreeDiceGrid threeDiceGrid(const thermal::Model& model, double cell_m);

struct ThreeDiceExport {
    std::vector<ExportedFile> files;
    std::vector<Diagnostic> notes; // what 3D-ICE models differently, or why nothing was made
    ThreeDiceGrid grid;
    int time_slots = 0; // of a transient (base_transient.stk), 0 without a trace
    // Every floorplan element (per dissipating model layer, by name) and the model source with
    // the largest share of its power: how 3D-ICE's per-element temperatures map back to blocks.
    struct Element {
        int layer;
        std::string name;
        int source;
    };
    std::vector<Element> elements;
    bool ok = false;
};

// Grids larger than this a side are refused (IO-0020): 3D-ICE's direct solver would need hours.
inline constexpr int kMaxThreeDiceCells = 1024;

// `base` names the files (exportFileBase); `cell_m` is 3D-ICE's cell side. With a `trace`
// (thermal/power_trace.h) a second stack description, base_transient.stk, runs it from ambient:
// its floorplans (base_L<k>_t.flp) hold one power per slot (the trace at one interval, its
// shortest row: trace_sampling.h), 3D-ICE steps each slot ten times, and writes each block's
// hottest cell per slot (base_L<k>.tflp) and the junction maps at the end (base_L<k>_t.tmap).
ThreeDiceExport exportThreeDice(const thermal::Model& model, const std::string& base, double cell_m,
                                const thermal::PowerTrace* trace = nullptr);

// The design's model at `resolution` (its block powers), with 3D-ICE's cells the size the
// resolution gives inside the largest die; `trace_path` as for exportHotSpot.
ThreeDiceExport exportThreeDice(const Design& design, const Library& library,
                                const std::string& resolution, const std::string& base,
                                const std::string& trace_path = "", double trace_interval_s = 0);

} // namespace strata
