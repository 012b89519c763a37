#pragma once
// Exports of evaluation fields: CSV grids, PNG and SVG heat maps with a colour bar, CSV time
// series.
// Each function writes atomically and returns an empty string or an error naming the file.
#include "eval/evaluator.h"

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace strata {

// The one colour ramp of every temperature map, in files and in the studio: dark blue, blue,
// cyan, yellow, red, dark red, for t from 0 (coolest) to 1 (hottest); t is clamped.
std::array<std::uint8_t, 3> heatRamp(double t);

// First row: "y_mm\x_mm" then the cell-centre x in mm; then one row per y: centre y, values.
// (The field's own axes name the corner: "z_mm\x_mm" for a cross-section.)
std::string writeFieldCsv(const Field& field, const std::string& path);

// A heat map of the field (aspect kept, about 480 px on the long side; a cross-section 480 x 320
// with its rows as displayRows places them) with a colour bar labelled with the minimum and
// maximum in the field's unit.
std::string writeHeatmapPng(const Field& field, const std::string& path);
// How an SVG map is coloured: the colour of a value, and the range its colour bar shows.
struct HeatmapColours {
    std::function<std::array<std::uint8_t, 3>(double value)> colour;
    double lo = 0, hi = 0;
};
// The same map as an SVG drawing for slides and reports: a rectangle per run of equal colour
// along a row, the colour bar as a gradient, labels in the field's unit. In the PNG's colours
// over the field's range, or in `colours` (the studio's, so an export looks as the panel does).
std::string writeHeatmapSvg(const Field& field, const std::string& path,
                            const HeatmapColours* colours = nullptr);

// Columns: time_s, then one per series (all series must share the time axis).
std::string writeSeriesCsv(const std::vector<Series>& series, const std::string& path);

// Every die-layer temperature map of `result` as DIR/<die>.csv, .png and .svg, all dies in
// one map as DIR/junction.*, the cross-sections as DIR/section.x.* and DIR/section.y.*, and of a
// transient (if any) the peak maps as DIR/<die>.transient_peak.* and the series as
// DIR/transient.csv; creates DIR. Lists what was written and, per file that could not be, the
// error.
struct WrittenFiles {
    std::vector<std::string> written;
    std::vector<std::pair<std::string, std::string>> errors; // file, message
};
WrittenFiles writeThermalMaps(const EvalResult& result, const std::string& dir);

} // namespace strata
