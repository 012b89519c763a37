#pragma once
// The thermal model of a design as a HotSpot 7 grid-model input (formats.md §4), so that users can
// run HotSpot on exactly what Strata solves and compare: one floorplan (.flp) per layer, the layer
// configuration (.lcf, bottom layer first, the last one under the spreader), a power trace
// (.ptrace, one row: the steady powers), the package (.config) and run.sh with the command line.
//
// What maps one to one: every layer from the package's bottom up to the TIM, with each region of
// one material as a floorplan unit carrying its own volumetric heat capacity and resistivity
// (HotSpot's detailed_3D floorplans), every block's power on its rectangle (split where the
// grid splits it), the spreader and sink (HotSpot's squares centred on the chip), the sink-to-
// ambient resistance and the ambient. Every layer's floorplan covers the same outline (the
// package), as HotSpot needs. What does not: HotSpot is isotropic, so a layer with vias or bonds
// inside (kz != kxy) gets its through-plane conductivity (said in the notes); the board path is
// not exported (HotSpot's secondary model describes the package its own way), so HotSpot's bottom
// is adiabatic; HotSpot grids the chip uniformly (rows x cols in the config) and lumps the
// spreader and sink beyond the chip into peripheral nodes, so it needs both wider than the chip
// (a design with a narrower spreader is refused, IO-0020).
#include "core/diagnostic.h"
#include "interop/export_files.h"
#include "library/library.h"
#include "model/design.h"
#include "thermal/model.h"

#include <string>
#include <utility>
#include <vector>

namespace strata {

namespace thermal {
struct PowerTrace;
}

struct HotSpotExport {
    std::vector<ExportedFile> files;
    std::vector<Diagnostic> notes; // what HotSpot will model differently, or why nothing was made
    int grid_rows = 0, grid_cols = 0;
    // Every unit of the .ptrace (file order) and the model source whose power it carries (-1:
    // none): how HotSpot's per-unit temperatures map back to blocks.
    std::vector<std::pair<std::string, int>> unit_sources;
    bool ok = false;
};

// The part of the model HotSpot's chip is: the layers under the spreader (HotSpot's layers 0 ..
// layers - 1, the spreader and sink follow) and the outline where they have material.
struct HotSpotChip {
    int layers = 0;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};
HotSpotChip hotspotChip(const thermal::Model& model);

// `base` names the files (base.lcf, base.config, base.ptrace, base_L<n>.flp). With a `trace`
// (thermal/power_trace.h) the .ptrace holds its rows at one sampling interval (its shortest row;
// the .config's -sampling_intvl) for a transient from ambient, else one row of the design's
// powers.
HotSpotExport exportHotSpot(const thermal::Model& model, const std::string& base,
                            const thermal::PowerTrace* trace = nullptr);

// Builds the design's thermal model at `resolution` (as thermal.resolution) and exports it; the
// notes then include the model builder's problems (a design that cannot be modelled exports
// nothing).
// `trace_path` (optional): a power trace file as for transients (CSV, or HotSpot .ptrace with
// its `trace_interval_s`), exported as the .ptrace's rows.
HotSpotExport exportHotSpot(const Design& design, const Library& library,
                            const std::string& resolution, const std::string& base,
                            const std::string& trace_path = "", double trace_interval_s = 0);

} // namespace strata
