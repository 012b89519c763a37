// strata-cli export: the design's thermal model in another tool's input format, so that users
// can run that tool on exactly what Strata solves (interop/hotspot_export.h).
#include "cli/cli_support.h"
#include "cli/exit_codes.h"
#include "cli/report.h"
#include "interop/hotspot_export.h"

#include <filesystem>
#include <ostream>

namespace strata::cli {

int runExport(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(argv, {"library", "hotspot", "resolution"}, {"help"});
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
    // design.strata.json -> design
    std::string base = std::filesystem::path(file).filename().string();
    for (const char* suffix : {".json", ".strata"})
        if (base.size() > std::string(suffix).size() &&
            base.compare(base.size() - std::string(suffix).size(), std::string::npos, suffix) == 0)
            base.resize(base.size() - std::string(suffix).size());
    const std::string resolution =
        a.value("resolution").empty() ? "default" : a.value("resolution");
    HotSpotExport exported = exportHotSpot(*design, lib, resolution, base);
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

} // namespace strata::cli
