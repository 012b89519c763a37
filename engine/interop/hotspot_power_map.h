#pragma once
// A HotSpot floorplan with its power trace as a die's raster power map (design.h PowerMap), for
// users who bring their HotSpot models: the .flp's units (name, width, height, left, bottom in
// metres, HotSpot 7; further columns are ignored) and the .ptrace's mean power per unit over its
// rows (what HotSpot's steady state uses), spread over a grid covering the floorplan's outline,
// which the map then stretches over the die.
#include "core/diagnostic.h"
#include "model/design.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata {

struct FlpUnit {
    std::string name;
    double width = 0, height = 0, left = 0, bottom = 0; // m
};

// Problems (IO-0023) name `file` and the line; nullopt is returned.
std::optional<std::vector<FlpUnit>>
parseHotSpotFlp(const std::string& text, const std::string& file, std::vector<Diagnostic>& diags);

// The mean of each column of a .ptrace over its rows, by unit name.
std::optional<std::map<std::string, double>>
meanHotSpotPowers(const std::string& text, const std::string& file, std::vector<Diagnostic>& diags);

// The units' powers on a grid over the floorplan's outline, each cell getting every unit's power
// in proportion to their overlap: cells half the smallest unit side, at most `max_cells` a side.
// Every unit needs a power and every power a unit (IO-0023 naming `trace_file`).
std::optional<PowerMap> hotspotPowerMap(const std::vector<FlpUnit>& units,
                                        const std::map<std::string, double>& powers,
                                        const std::string& trace_file,
                                        std::vector<Diagnostic>& diags, int max_cells = 256);

// Both files read and combined; nullopt and `error` naming the file and line otherwise.
std::optional<PowerMap> readHotSpotPowerMap(const std::string& flp_path,
                                            const std::string& ptrace_path, std::string& error);

// A floorplan's outline, width over height (a map made from it is stretched over its die);
// nullopt when the file cannot be read as a floorplan.
std::optional<double> hotspotFloorplanAspect(const std::string& flp_path);

// A HotSpot floorplan whose outline has another shape than its die (width / height ratios
// differing by more than 2 %): the map made from it is stretched, which the user should hear.
struct FloorplanStretch {
    double floorplan_aspect = 0, die_aspect = 0; // width / height
};
std::optional<FloorplanStretch> floorplanStretch(const std::string& flp_path, double die_width_m,
                                                 double die_height_m);

// Whether a power map file is a HotSpot floorplan (ends with .flp), which needs its .ptrace.
bool isHotSpotFloorplan(const std::string& path);

// A power map from a CSV grid (power_map_csv.h) or from a HotSpot .flp with its `ptrace_path`.
std::optional<PowerMap> readPowerMapFile(const std::string& path, const std::string& ptrace_path,
                                         std::string& error);

} // namespace strata
