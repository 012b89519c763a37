#pragma once
// The design's assembly as IHP's .chiplet (formats.md §2; read back by chiplet_import.h), a
// derived artifact for mask-level assembly tools; the design file stays the source of truth.
// Frame as the format's coordinate contract fixes it: x, y in µm from the package's (the top
// package layer's) lower-left corner, each component at its geometric centre; z the bottom of
// its body, the top package layer at 0 (layers below it at negative z). Components: the package
// layers bottom up (the top one of a silicon-interposer package an `interposer`, the others
// `substrate`; C4 layers are the gaps between them), then every die of every stack bottom up
// (`die`, anchor bbox_center, rotation.z the stack's turn, orientation flip_chip unless the tier
// above bonds face to face onto it, `connection` naming its bond in connection_stacks with the
// bond's height, diameter and connection material), each with metadata strata_type (its library
// type), strata_bond with its pitch and diameter and, on a stack's base die, strata_stack (the
// stack's id), so that the import gives the design back; micro-bumps and copper pillars also as
// the format's typed `interfaces` (die to what carries it, physical pitch, diameter, height).
// Not carried (the format is mask-level; said in the notes): powers, blocks, materials, cooling,
// links, the workload.
#include "core/diagnostic.h"
#include "library/library.h"
#include "model/design.h"

#include <string>
#include <vector>

namespace strata {

struct ChipletExport {
    std::string text;              // the .chiplet file
    std::vector<Diagnostic> notes; // what the file does not carry (IO-0029), or why not (IO-0030)
    int components = 0;
    bool ok = false;
};

ChipletExport exportIhpChiplet(const Design& design, const Library& library);

} // namespace strata
