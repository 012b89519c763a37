#pragma once
// IHP's .chiplet assembly format (formats.md §2; IHP-GmbH/chiplet-spec, v1.0: YAML, µm, every
// position the component's geometric centre in the interposer's frame, z its bottom) as a new
// Strata design, and a design as a .chiplet file.
// Read: format_version (major 1; a later minor is read and said), assembly (name, units um),
// components: id, type (die, die_array, interposer, substrate), dimensions, position, rotation.z
// (quarter turns), orientation (face_up, flip_chip, face_down), an interposer's
// attachment_surface_z, a die_array's grid (count, pitch, start_position) and metadata
// strata_type / strata_stack / strata_bond(_pitch_um, _diameter_um) (what Strata writes: the
// library type, the stack's id, the bond under the die); connection_stacks (heights, and which
// are copper pillars: a copper post under a solder cap no taller, its diameter the post's);
// interfaces of type micro_bump and copper_pillar between two components (the bond under the
// upper one, with its physical pitch and diameter; tsv and wire_bond join no stacked dies and
// are said). The rest (technologies, netlist, flow, layouts) is mask-level and not needed here.
// Made of it as of a 3Dblox assembly (threedblox_import.h): substrates and the interposer are
// the package layers bottom up, each die on them a stack and each die on a die its next tier
// (what lies on what follows from the heights: the highest component under a die's bottom; a
// die without a z is seated on the interposer on its connection stack's height, as the format's
// coordinate contract §3 does, and refused when that height is not in the file);
// a die's type is its strata_type, else the library type named like its top_cell or id, else the
// closest in area; a die's bond is the interface between it and what carries it, else its
// metadata, else its copper-pillar connection (pitch twice the diameter, said), else guessed
// from the gap; materials and cooling guessed and said (IO-0029).
// Refused (IO-0028, with file and line): malformed YAML, another major version, an intermediate
// file (_metadata.finalize_required: its positions are in another frame), units other than um,
// a missing or non-positive dimension, a turn that is not a quarter turn, an unknown type or
// orientation, an interface of an unknown type, naming no component or with a diameter not below
// its pitch, and what a Strata design cannot hold (as for 3Dblox).
#include "interop/threedblox_import.h"

namespace strata {

ThreeDBloxImport importIhpChiplet(const std::string& path, const Library& library);

} // namespace strata
