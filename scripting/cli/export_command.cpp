// strata-cli export and compare: the design's thermal model as HotSpot input, so that users can
// run HotSpot on exactly what Strata solves (interop/hotspot_export.h), and HotSpot's answer set
// beside Strata's (interop/hotspot_results.h).
#include "cli/cli_support.h"
#include "cli/exit_codes.h"
#include "cli/report.h"
#include "interop/heatmap.h"
#include "interop/hotspot_export.h"
#include "interop/hotspot_results.h"

#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <ostream>

namespace strata::cli {

int runExport(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(
        argv, {"library", "hotspot", "resolution", "transient", "trace-interval"}, {"help"});
    if (a.has("help")) {
        io.out << helpText("export");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "export", a.error);
    if (a.value("hotspot").empty())
        return usageError(io, "export", "expected --hotspot DIR (the format to write)");
    Library lib;
    const std::optional<Design> design = loadDesignAndLibrary(a, io, "export", lib);
    if (!design)
        return kExitBadInput;
    const std::string file = a.positional[0], dir = a.value("hotspot");
    const std::string base = exportBaseOf(file);
    const std::string resolution =
        a.value("resolution").empty() ? "default" : a.value("resolution");
    double interval = 0;
    if (const std::string text = a.value("trace-interval"); !text.empty()) {
        char* end = nullptr;
        interval = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !(interval > 0))
            return usageError(io, "export",
                              "--trace-interval expects a positive number of seconds, got \"" +
                                  text + "\"");
    }
    HotSpotExport exported =
        exportHotSpot(*design, lib, resolution, base, a.value("transient"), interval);
    for (Diagnostic& d : exported.notes)
        if (d.file.empty() && !d.pointer.empty())
            d.file = file;
    printDiagnostics(io.err, exported.notes, "");
    if (!exported.ok) {
        io.err << "strata-cli export: nothing written: " << file
               << " cannot be exported to HotSpot (see above)\n";
        return kExitBadInput;
    }
    if (std::string error = writeExportedFiles(exported.files, dir); !error.empty()) {
        io.err << "strata-cli export: " << error << "\n";
        return kExitBadInput;
    }
    io.out << "Wrote " << exported.files.size() << " HotSpot files to " << dir << " (grid "
           << exported.grid_rows << " x " << exported.grid_cols << "); run them with: cd " << dir
           << " && sh run.sh\n";
    return kExitOk;
}

int runCompare(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(argv, {"library", "hotspot", "resolution", "maps"}, {"help"});
    if (a.has("help")) {
        io.out << helpText("compare");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "compare", a.error);
    if (a.value("hotspot").empty())
        return usageError(io, "compare",
                          "expected --hotspot DIR (where export wrote the model "
                          "and HotSpot its results)");
    Library lib;
    const std::optional<Design> design = loadDesignAndLibrary(a, io, "compare", lib);
    if (!design)
        return kExitBadInput;
    const std::string file = a.positional[0], dir = a.value("hotspot");
    const std::string resolution =
        a.value("resolution").empty() ? "default" : a.value("resolution");
    ThermalComparison c = compareWithHotSpot(*design, lib, resolution, dir, exportBaseOf(file));
    printDiagnostics(io.err, c.notes, "");
    if (!c.ok)
        return kExitBadInput;
    io.out << "HotSpot (" << dir << ", grid " << c.rows << " x " << c.cols << ") and Strata ("
           << resolution << " resolution) on " << file << ":\n\n";
    std::size_t w = 4;
    for (const DieComparison& d : c.dies)
        w = std::max(w, d.die.size());
    io.out << std::left << std::setw(static_cast<int>(w)) << "die" << std::right
           << "  Strata max °C  HotSpot max °C  max |diff| K  mean diff K\n";
    io.out << std::fixed << std::setprecision(2);
    for (const DieComparison& d : c.dies)
        io.out << std::left << std::setw(static_cast<int>(w)) << d.die << std::right
               << std::setw(15) << d.strata_max_c << std::setw(16) << d.reference_max_c
               << std::setw(14) << d.max_abs_diff_k << std::setw(13) << d.mean_diff_k << "\n";
    io.out << "\n(diff = Strata - HotSpot on Strata's cells of each die's junction layer; HotSpot "
              "writes 0.01 K steps)\n";
    if (const std::string out = a.value("maps"); !out.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(out, ec);
        for (const Field& f : c.differences) {
            const std::string path = (std::filesystem::path(out) / f.name).string();
            for (const std::string& error :
                 {writeFieldCsv(f, path + ".csv"), writeHeatmapPng(f, path + ".png")})
                if (!error.empty()) {
                    io.err << "strata-cli compare: " << error << "\n";
                    return kExitBadInput;
                }
        }
        io.out << "Wrote " << 2 * c.differences.size() << " difference maps to " << out << "\n";
    }
    return kExitOk;
}

} // namespace strata::cli
