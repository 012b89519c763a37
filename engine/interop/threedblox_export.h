#pragma once
// The design's assembly as 3Dblox (formats.md §1: the YAML 3Dblox that OpenROAD, its open
// reference implementation, reads with read_3dbx and checks with check_3dblox), a derived
// artifact for physical-design flows; the design file stays the one source of truth.
//   base.3dbv  ChipletDef: one per die type and size (type die) and one per package layer
//              (type substrate, or rdl for the top layer of an RDL fan-out), each with its
//              design_area, thickness, tsv (a die whose back side is bonded to, a layer with
//              vias, a silicon interposer) and regions:
//              front and back over the whole area, and on the top carrier one region under
//              each stack (<stack>_attach);
//   base.3dbx  Design, ChipletInst (dies by id, package layers by name), Stack (loc = the
//              lower-left corner of the placed chiplet, z = its bottom, orient) and Connection:
//              the bottom layer's back to the board (~), each package layer on the one below
//              (thickness = the C4 layer between them), each tier on the tier or carrier below
//              (thickness = its bond);
//   check.tcl  OpenROAD: read_3dbx base.3dbx, check_3dblox.
// Orientation: a die lies face down (MZ: its front region faces down) unless the tier above
// bonds face to face onto it (R0), as in the thermal model; a stack's rotation adds R90/R180/
// R270. Every length is written in µm from integer nanometres (precision 1000 per µm), so each
// connection's thickness is exactly the gap between the surfaces it joins (check_3dblox
// compares them for equality).
// Not carried (3Dblox has no place for them, said in the notes): power, blocks, materials,
// cooling, tier gap fill and dummy-silicon supports, the bridges of a bridge package.
#include "core/diagnostic.h"
#include "interop/export_files.h"
#include "library/library.h"
#include "model/design.h"

#include <string>
#include <vector>

namespace strata {

struct ThreeDBloxExport {
    std::vector<ExportedFile> files;
    std::vector<Diagnostic> notes; // what the files do not carry, or why nothing was made
    int chiplets = 0;              // instances: dies and package layers
    int connections = 0;
    bool ok = false;
};

// A 3Dblox name for an id (a key, and a part of the "inst.regions.region" paths): letters, digits
// and '_', anything else '_' ("gpu-large" -> "gpu_large").
std::string threeDBloxName(const std::string& id);

// `base` names the files (exportFileBase). Refused (IO-0024, nothing made): a design with
// input errors (validate), a die of no known size.
ThreeDBloxExport exportThreeDBlox(const Design& design, const Library& library,
                                  const std::string& base);

} // namespace strata
