#pragma once
// The design's floorplan as an SVG drawing for slides and reports, to scale in millimetres (the
// file's width and height are in mm; 1 user unit = 1 mm, north up): the package (and a larger
// substrate's outline, dashed), every die's footprint coloured by kind as on the studio's canvas
// (upper tiers see-through, drawn over the ones below), the blocks of each stack's top die with
// their names, each die's id, a 10 mm scale bar and the design's name. Links, PHYs and
// temperatures are not drawn (the studio's PNG export has them).
#include "library/library.h"
#include "model/design.h"

#include <string>

namespace strata {

std::string floorplanSvg(const Design& design, const Library& library);

} // namespace strata
