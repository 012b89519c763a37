#pragma once
// A 3Dblox bump map (.bmap, formats.md §1: "bumpInstName bumpCellType x y portName netName" per
// line, x and y in µm, '#' comments) reduced to what a Strata bond needs: how many bumps there
// are and their pitch, the median distance from a bump to its nearest neighbour.
#include <string>

namespace strata {

struct BumpMapPitch {
    int bumps = 0;
    double pitch_m = 0; // 0 with fewer than two bumps
    std::string error;  // what is wrong with the file ("" when it was read)
    int line = 0;       // where (0: the file as a whole)
};

BumpMapPitch readBumpMapPitch(const std::string& path);

} // namespace strata
