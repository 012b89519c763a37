#pragma once
// A 3Dblox assembly (formats.md §1: the YAML 3Dblox OpenROAD reads; what exportThreeDBlox
// writes) as a new Strata design. Read: Header (unit micron, include), #!define macros,
// ChipletDef (type, design_area, thickness, tsv, regions with their sides and bump maps),
// ChipletInst (reference), Stack (loc, z, orient) and Connection (top, bot, thickness); of a bump
// map only the bumps' positions (bump_map.h: their pitch); Path assertions, nets and external
// files are not needed and not read.
// Made of it:
//   package   the substrate and rdl chiplets, stacked, are the package layers bottom up (a gap
//             between two of them a "c4" layer); the top one is the carrier: its outline the
//             package's, its kind rdl_fanout (rdl), silicon_interposer (a substrate with tsv) or
//             organic; a larger one below it the substrate outline;
//   stacks    a die (or ip) connected to the carrier starts a stack, at its centre and turned as
//             it is (R0/R90/R180/R270); a die connected onto a die is the next tier, its offset
//             the difference of their centres in the stack's frame; each tier's bond is the gap
//             under it, face to face when the die below lies face up (not MZ);
//   dies      of the library type named like their ChipletDef (gpu_large: gpu-large), else of the
//             type closest in area (said); their size from the ChipletDef where it differs.
// Guessed and said (3Dblox does not carry them): bond technology from the gap (hybrid bond up to
// 2 µm; on the package a copper pillar from 40 µm, C4 from 70 µm; else a micro-bump) with that
// technology's usual pitch unless a bump map on either side gives it (the diameter then keeps
// the usual ratio), package layer materials,
// cooling (a sink sized to the package, its convection scaled as TAP-2.5D does: constants.md §5),
// and what 3Dblox has no place for (powers: the library types'; links and workload: none).
// Refused (IO-0026, with file and line): malformed YAML, a missing or wrong field, a unit other
// than micron, a mirrored placement (MX/MY), hierarchical assemblies (a .3dbx including a .3dbx),
// a die on two chiplets or carrying two, a die overlapping the one below.
#include "core/diagnostic.h"
#include "interop/threedblox_assembly.h"
#include "library/library.h"
#include "model/design.h"

#include <string>
#include <vector>

namespace strata {

struct ThreeDBloxImport {
    Design design;
    std::vector<Diagnostic> notes; // what was guessed or left at a default; why nothing was made
    bool ok = false;
};

// Reads the .3dbx at `path` and the .3dbv files it includes (relative to it).
ThreeDBloxImport importThreeDBlox(const std::string& path, const Library& library);

// An assembly that `read` gets from `path` (throwing a threedblox::Problem), made into a design
// as above; messages name `format` (chiplet_import.h reads IHP's .chiplet this way).
ThreeDBloxImport importAssembly(const std::string& path, const Library& library,
                                const threedblox::AssemblyFormat& format,
                                void (*read)(const std::string&, threedblox::Assembly&));

} // namespace strata
