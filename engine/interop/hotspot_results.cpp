#include "interop/hotspot_results.h"

#include "core/atomic_file.h"
#include "core/csv.h"
#include "interop/hotspot_export.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

namespace strata {

std::optional<HotSpotGridSteady> parseHotSpotGridSteady(const std::string& text, int rows, int cols,
                                                        const std::string& file,
                                                        std::vector<Diagnostic>& diags) {
    HotSpotGridSteady g{rows, cols, {}};
    const std::size_t cells = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
    std::istringstream in{std::string(withoutByteOrderMark(text))};
    int lineNo = 0;
    auto fail = [&](int line, const std::string& message) {
        diags.push_back(resultFileProblem(file, line, message));
        return std::nullopt;
    };
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (isBlankOrComment(line))
            continue;
        if (line.rfind("Layer ", 0) == 0) {
            if (!g.layers.empty() && g.layers.back().size() != cells)
                return fail(lineNo, "layer " + std::to_string(g.layers.size() - 1) + " has " +
                                        std::to_string(g.layers.back().size()) +
                                        " cells, expected " + std::to_string(cells) + " (" +
                                        std::to_string(rows) + " x " + std::to_string(cols) +
                                        " as in the .config)");
            if (line != "Layer " + std::to_string(g.layers.size()) + ":")
                return fail(lineNo, "expected \"Layer " + std::to_string(g.layers.size()) +
                                        ":\", got \"" + line + "\"");
            g.layers.emplace_back();
            g.layers.back().reserve(cells);
            continue;
        }
        const std::size_t tab = line.find_first_of(" \t");
        double index = 0, kelvin = 0;
        if (g.layers.empty() || tab == std::string::npos ||
            !parseFiniteNumber(std::string_view(line).substr(0, tab), index) ||
            !parseFiniteNumber(std::string_view(line).substr(line.find_first_not_of(" \t", tab)),
                               kelvin))
            return fail(lineNo, "expected \"Layer n:\" or a cell index and a temperature in K, "
                                "got \"" +
                                    line + "\"");
        if (index != static_cast<double>(g.layers.back().size()) || g.layers.back().size() >= cells)
            return fail(lineNo, "expected cell " + std::to_string(g.layers.back().size()) + " of " +
                                    std::to_string(cells) + ", got " + line);
        if (!(kelvin > 0))
            return fail(lineNo, "a temperature in kelvin must be positive, got " + line);
        g.layers.back().push_back(kelvin);
    }
    if (g.layers.empty())
        return fail(0, "no \"Layer 0:\" in the file: not a HotSpot grid steady file");
    if (g.layers.back().size() != cells)
        return fail(lineNo, "the last layer has " + std::to_string(g.layers.back().size()) +
                                " cells, expected " + std::to_string(cells));
    return g;
}

ThermalComparison compareWithHotSpot(const thermal::Model& m, const std::vector<double>& theta,
                                     const HotSpotGridSteady& hs) {
    const HotSpotChip chip = hotspotChip(m);
    if (hs.layers.size() != static_cast<std::size_t>(chip.layers) + 2) {
        ThermalComparison out;
        out.notes.push_back(resultFileProblem(
            "", 0,
            "HotSpot's file has " + std::to_string(hs.layers.size()) + " layers, the model here " +
                std::to_string(chip.layers) +
                " under the spreader plus spreader and sink: export and compare at the same "
                "resolution, after the same edits"));
        return out;
    }
    ReferenceGrid g{chip.x0, chip.y0, chip.x1, chip.y1, hs.rows, hs.cols, true, {}};
    for (int l = 0; l < chip.layers; ++l) // HotSpot's layer l is the model's (the export's order)
        g.layers[l] = hs.layers[static_cast<std::size_t>(l)];
    return compareWithReference(m, theta, g, "hotspot");
}

ThermalComparison compareWithHotSpot(const Design& design, const Library& library,
                                     const std::string& resolution, const std::string& dir,
                                     const std::string& base) {
    ThermalComparison out;
    const std::string file = exportFileBase(base);
    const std::string configPath = (std::filesystem::path(dir) / (file + ".config")).string();
    const std::string steadyPath = (std::filesystem::path(dir) / (file + ".grid.steady")).string();
    std::string config, steady, error;
    if (!readWholeFile(configPath, config, error) || !readWholeFile(steadyPath, steady, error)) {
        out.notes.push_back(
            resultFileProblem("", 0,
                              error + " (export with strata-cli export --hotspot, then run "
                                      "HotSpot there with run.sh)"));
        return out;
    }
    int rows = 0, cols = 0;
    std::istringstream cfg(config);
    for (std::string key, value; cfg >> key;) {
        std::getline(cfg, value);
        if (key == "-grid_rows")
            rows = std::atoi(value.c_str());
        else if (key == "-grid_cols")
            cols = std::atoi(value.c_str());
    }
    if (rows <= 0 || cols <= 0) {
        out.notes.push_back(
            resultFileProblem(configPath, 0, "no -grid_rows and -grid_cols in the file"));
        return out;
    }
    const std::optional<HotSpotGridSteady> hs =
        parseHotSpotGridSteady(steady, rows, cols, steadyPath, out.notes);
    if (!hs)
        return out;
    const std::optional<SolvedModel> solved =
        solveForComparison(design, library, resolution, out.notes);
    if (!solved)
        return out;
    ThermalComparison c = compareWithHotSpot(solved->model, solved->theta, *hs);
    for (Diagnostic& d : c.notes)
        if (d.file.empty())
            d.file = steadyPath;
    return c;
}

} // namespace strata
