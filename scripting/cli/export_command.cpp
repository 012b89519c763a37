// strata-cli export and compare: the design's thermal model as HotSpot or 3D-ICE input, so that
// users can run those tools on exactly what Strata solves (interop/hotspot_export.h,
// interop/threedice_export.h), and their answer set beside Strata's (interop/hotspot_results.h,
// interop/threedice_results.h); and the design's assembly as 3Dblox for physical-design flows
// (interop/threedblox_export.h) and back (import, interop/threedblox_import.h).
#include "cli/cli_support.h"
#include "cli/exit_codes.h"
#include "cli/report.h"
#include "core/atomic_file.h"
#include "interop/cdxml_import.h"
#include "interop/chiplet_export.h"
#include "interop/chiplet_import.h"
#include "interop/floorplan_svg.h"
#include "interop/heatmap.h"
#include "interop/hotspot_export.h"
#include "interop/hotspot_results.h"
#include "interop/threedblox_export.h"
#include "interop/threedblox_import.h"
#include "interop/threedice_export.h"
#include "interop/threedice_results.h"
#include "interop/transient_comparison.h"
#include "model/design_io.h"
#include "plugin/plugin_loader.h"

#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <ostream>

namespace strata::cli {

namespace {

// The one tool of `tools` a verb is given (--hotspot DIR, --3dice DIR, ...), or a usage message
// in `error`.
std::string toolOf(const Args& a, const std::vector<std::string>& tools, std::string& dir,
                   std::string& error) {
    std::string tool, options;
    for (const std::string& t : tools) {
        options += (options.empty() ? "" : t == tools.back() ? " or " : ", ") + ("--" + t) + " DIR";
        if (a.value(t).empty())
            continue;
        if (!tool.empty()) {
            error = "give one of --" + tool;
            error += " DIR and --" + t;
            error += " DIR, not both";
        }
        tool = t;
        dir = a.value(t);
    }
    if (tool.empty())
        error = "expected " + options + " (the tool's format)";
    return tool;
}

// `s` as a POSIX shell word: in single quotes, each ' written as '\''.
std::string shellQuoted(const std::string& s) {
    if (s.find_first_of(" \t'\"$`\\;&|<>()*?[]#~") == std::string::npos)
        return s;
    std::string out = "'";
    for (const char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string resolutionOf(const Args& a) {
    return a.value("resolution").empty() ? "default" : a.value("resolution");
}

// --trace-interval S: a positive number of seconds (0 when not given); nullopt when it is not.
std::optional<double> traceIntervalOf(const Args& a) {
    const std::string text = a.value("trace-interval");
    if (text.empty())
        return 0.0;
    char* end = nullptr;
    const double interval = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !(interval > 0))
        return std::nullopt;
    return interval;
}

std::string badInterval(const Args& a) {
    return "--trace-interval expects a positive number of seconds, got \"" +
           a.value("trace-interval") + "\"";
}

// compare --transient: each block's hottest cell at the end of every interval in both tools.
int printTransientComparison(const TransientComparison& c, const std::string& name,
                             const std::string& dir, const std::string& resolution,
                             const std::string& file, const std::string& trace, Io io) {
    printDiagnostics(io.err, c.notes, "");
    if (!c.ok)
        return kExitBadInput;
    io.out << name << " (" << dir << ", " << c.intervals << " intervals of " << c.interval_s
           << " s) and Strata (" << resolution << " resolution) on " << file
           << ", the transient of " << trace << ":\n\n";
    std::size_t w = 5;
    for (const BlockTraceComparison& b : c.blocks)
        w = std::max(w, b.block.size());
    io.out << std::left << std::setw(static_cast<int>(w)) << "block" << std::right
           << "  Strata peak °C  " << std::setw(static_cast<int>(name.size())) << name
           << " peak °C  max |diff| K    at s\n";
    io.out << std::fixed << std::setprecision(2);
    for (const BlockTraceComparison& b : c.blocks)
        io.out << std::left << std::setw(static_cast<int>(w)) << b.block << std::right
               << std::setw(16) << b.strata_peak_c << std::setw(static_cast<int>(name.size()) + 10)
               << b.reference_peak_c << std::setw(14) << b.max_abs_diff_k << std::setw(8) << b.at_s
               << "\n";
    io.out << "\n(diff = Strata - " << name
           << ": each block's hottest cell at the end of every interval, from ambient)\n";
    return kExitOk;
}

// Prints an export's notes (a pointer without a file is the design's); when nothing can be
// written, says so and returns false.
bool exportNotesSaid(Io io, std::vector<Diagnostic>& notes, bool ok, const std::string& file,
                     const std::string& as) {
    for (Diagnostic& d : notes)
        if (d.file.empty() && !d.pointer.empty())
            d.file = file;
    printDiagnostics(io.err, notes, "");
    if (!ok)
        io.err << "strata-cli export: nothing written: " << file << " cannot be exported " << as
               << " (see above)\n";
    return ok;
}

// export --3dblox: the assembly.
int exportThreeDBlox(const Args& a, const std::string& dir, Io io) {
    Library lib;
    const std::optional<Design> design = loadDesignAndLibrary(a, io, "export", lib);
    if (!design)
        return kExitBadInput;
    const std::string file = a.positional[0];
    ThreeDBloxExport e = exportThreeDBlox(*design, lib, exportBaseOf(file));
    if (!exportNotesSaid(io, e.notes, e.ok, file, "to 3Dblox"))
        return kExitBadInput;
    if (std::string error = writeExportedFiles(e.files, dir); !error.empty()) {
        io.err << "strata-cli export: " << error << "\n";
        return kExitBadInput;
    }
    io.out << "Wrote " << e.files.size() << " 3Dblox files to " << dir << " (" << e.chiplets
           << " chiplets, " << e.connections << " connections); check them with OpenROAD: cd "
           << shellQuoted(dir) << " && openroad -exit check.tcl\n";
    return kExitOk;
}

// export --chiplet: the assembly as IHP's .chiplet (a file).
int exportChiplet(const Args& a, const std::string& out, Io io) {
    Library lib;
    const std::optional<Design> design = loadDesignAndLibrary(a, io, "export", lib);
    if (!design)
        return kExitBadInput;
    const std::string file = a.positional[0];
    ChipletExport e = exportIhpChiplet(*design, lib);
    if (!exportNotesSaid(io, e.notes, e.ok, file, "as .chiplet"))
        return kExitBadInput;
    if (const std::string error = writeFileAtomically(out, e.text); !error.empty()) {
        io.err << "strata-cli export: " << error << "\n";
        return kExitBadInput;
    }
    io.out << "Wrote " << out << " (" << e.components << " components)\n";
    return kExitOk;
}

// export --svg: the floorplan as a drawing.
int exportFloorplanSvg(const Args& a, const std::string& out, Io io) {
    Library lib;
    const std::optional<Design> design = loadDesignAndLibrary(a, io, "export", lib);
    if (!design)
        return kExitBadInput;
    if (const std::string error = writeFileAtomically(out, floorplanSvg(*design, lib));
        !error.empty()) {
        io.err << "strata-cli export: " << error << "\n";
        return kExitBadInput;
    }
    io.out << "Wrote the floorplan of " << a.positional[0] << " to " << out << "\n";
    return kExitOk;
}

} // namespace

int runExport(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(argv,
                             {"library", "hotspot", "3dice", "3dblox", "chiplet", "svg",
                              "resolution", "transient", "trace-interval"},
                             {"help"});
    if (a.has("help")) {
        io.out << helpText("export");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "export", a.error);
    std::string dir, toolError;
    const std::string tool =
        toolOf(a, {"hotspot", "3dice", "3dblox", "chiplet", "svg"}, dir, toolError);
    if (!toolError.empty())
        return usageError(io, "export", toolError);
    if (tool == "3dblox" || tool == "chiplet" || tool == "svg") // no thermal model: no grid
        for (const char* option : {"resolution", "transient", "trace-interval"})
            if (!a.value(option).empty())
                return usageError(io, "export",
                                  std::string("--") + option +
                                      " is for the thermal exports, not --" + tool);
    if (tool == "3dblox")
        return exportThreeDBlox(a, dir, io);
    if (tool == "svg")
        return exportFloorplanSvg(a, dir, io); // a file, not a folder
    if (tool == "chiplet")
        return exportChiplet(a, dir, io); // a file too
    Library lib;
    const std::optional<Design> design = loadDesignAndLibrary(a, io, "export", lib);
    if (!design)
        return kExitBadInput;
    const std::string file = a.positional[0];
    const std::string base = exportBaseOf(file);
    const std::string resolution = resolutionOf(a);
    const std::optional<double> traceInterval = traceIntervalOf(a);
    if (!traceInterval)
        return usageError(io, "export", badInterval(a));
    const double interval = *traceInterval;
    std::vector<ExportedFile> files;
    std::vector<Diagnostic> notes;
    bool ok = false;
    std::string grid;
    if (tool == "hotspot") {
        HotSpotExport e =
            exportHotSpot(*design, lib, resolution, base, a.value("transient"), interval);
        files = std::move(e.files), notes = std::move(e.notes), ok = e.ok;
        grid = std::to_string(e.grid_rows) + " x " + std::to_string(e.grid_cols);
    } else {
        ThreeDiceExport e =
            exportThreeDice(*design, lib, resolution, base, a.value("transient"), interval);
        files = std::move(e.files), notes = std::move(e.notes), ok = e.ok;
        grid = std::to_string(e.grid.cols) + " x " + std::to_string(e.grid.rows);
    }
    const char* name = tool == "hotspot" ? "HotSpot" : "3D-ICE";
    if (!exportNotesSaid(io, notes, ok, file, std::string("to ") + name))
        return kExitBadInput;
    if (std::string error = writeExportedFiles(files, dir); !error.empty()) {
        io.err << "strata-cli export: " << error << "\n";
        return kExitBadInput;
    }
    io.out << "Wrote " << files.size() << " " << name << " files to " << dir << " (grid " << grid
           << "); run them with: cd " << shellQuoted(dir) << " && sh run.sh\n";
    return kExitOk;
}

int runCompare(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(
        argv, {"library", "hotspot", "3dice", "resolution", "maps", "transient", "trace-interval"},
        {"help"});
    if (a.has("help")) {
        io.out << helpText("compare");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "compare", a.error);
    std::string dir, toolError;
    const std::string tool = toolOf(a, {"hotspot", "3dice"}, dir, toolError);
    if (!toolError.empty())
        return usageError(io, "compare",
                          toolError + " (where export wrote the model and the tool its results)");
    Library lib;
    const std::optional<Design> design = loadDesignAndLibrary(a, io, "compare", lib);
    if (!design)
        return kExitBadInput;
    const std::string file = a.positional[0];
    const std::string resolution = resolutionOf(a);
    if (const std::string trace = a.value("transient"); !trace.empty()) {
        const std::optional<double> interval = traceIntervalOf(a);
        if (!interval)
            return usageError(io, "compare", badInterval(a));
        if (!a.value("maps").empty())
            return usageError(io, "compare", "--maps is for the steady comparison");
        const std::string base = exportBaseOf(file);
        return printTransientComparison(
            tool == "hotspot"
                ? compareTransientWithHotSpot(*design, lib, resolution, dir, base, trace, *interval)
                : compareTransientWithThreeDice(*design, lib, resolution, dir, base, trace,
                                                *interval),
            tool == "hotspot" ? "HotSpot" : "3D-ICE", dir, resolution, file, trace, io);
    }
    ThermalComparison c =
        tool == "hotspot" ? compareWithHotSpot(*design, lib, resolution, dir, exportBaseOf(file))
                          : compareWithThreeDice(*design, lib, resolution, dir, exportBaseOf(file));
    printDiagnostics(io.err, c.notes, "");
    if (!c.ok)
        return kExitBadInput;
    const std::string name = tool == "hotspot" ? "HotSpot" : "3D-ICE";
    io.out << name << " (" << dir << ", grid " << c.cols << " x " << c.rows << ") and Strata ("
           << resolution << " resolution) on " << file << ":\n\n";
    std::size_t w = 4;
    for (const DieComparison& d : c.dies)
        w = std::max(w, d.die.size());
    io.out << std::left << std::setw(static_cast<int>(w)) << "die" << std::right
           << "  Strata max °C  " << std::setw(static_cast<int>(name.size())) << name
           << " max °C  max |diff| K  mean diff K\n";
    io.out << std::fixed << std::setprecision(2);
    for (const DieComparison& d : c.dies)
        io.out << std::left << std::setw(static_cast<int>(w)) << d.die << std::right
               << std::setw(15) << d.strata_max_c << std::setw(static_cast<int>(name.size()) + 9)
               << d.reference_max_c << std::setw(14) << d.max_abs_diff_k << std::setw(13)
               << d.mean_diff_k << "\n";
    io.out << "\n(diff = Strata - " << name << " on Strata's cells of each die's junction layer; "
           << name << " writes " << (tool == "hotspot" ? "0.01" : "0.001") << " K steps)\n";
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

// import: a 3Dblox or .chiplet assembly, or a plugin's format, as a new design file (never over
// an existing one unless --force).
namespace {

// The summary line of an imported design.
void reportImported(Io io, const Design& d, const std::string& out) {
    std::size_t dies = 0;
    for (const Stack& s : d.stacks)
        dies += s.tiers.size();
    io.out << "Wrote " << out << ": " << d.stacks.size() << " stacks, " << dies << " dies, package "
           << d.package.kind << " of " << d.package.layers.size()
           << " layers; evaluate it with: strata-cli eval " << shellQuoted(out) << "\n";
}

} // namespace

// import --cdxml PART.xml --out ENTRY.json: the part as a library file, not a design.
int importCdxml(const Args& a, const Library& lib, Io io) {
    CdxmlOptions options;
    options.id = a.value("id");
    if (a.values.count("kind"))
        options.kind = a.value("kind");
    for (const auto& [flag, value, unit] :
         {std::tuple{"power-w", &options.power_w, "watts"}, {"unit-usd", &options.unit_usd, "USD"}})
        if (a.values.count(flag)) {
            char* end = nullptr;
            const std::string text = a.value(flag);
            *value = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0')
                return usageError(io, "import",
                                  std::string("--") + flag + ": expected a number of " + unit +
                                      ", got \"" + text + "\"");
        }
    const std::string in = a.value("cdxml"), out = a.value("out");
    const CdxmlImport r = importCdxmlPart(in, lib, options);
    printDiagnostics(io.err, r.notes, "");
    if (!r.ok) {
        io.err << "strata-cli import: nothing written: " << in
               << " cannot be made a library entry (see above)\n";
        return kExitBadInput;
    }
    if (const std::string error = writeFileAtomically(out, r.text); !error.empty()) {
        io.err << "strata-cli import: " << error << "\n";
        return kExitBadInput;
    }
    io.out << "Wrote " << out << ": the chiplet type " << r.id
           << "; put it in a library folder (~/.local/share/strata/library, STRATA_LIBRARY_PATH "
              "or --library DIR) to place it\n";
    return kExitOk;
}

int runImport(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(argv,
                             {"library", "3dblox", "chiplet", "cdxml", "format", "out", "id",
                              "kind", "power-w", "unit-usd"},
                             {"help", "force"});
    if (a.has("help")) {
        io.out << helpText("import");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "import", a.error);
    const bool cdxml = a.values.count("cdxml") > 0; // a part into the library, not a design
    if (!cdxml && (a.values.count("id") || a.values.count("kind") || a.values.count("power-w") ||
                   a.values.count("unit-usd")))
        return usageError(io, "import", "--id, --kind, --power-w and --unit-usd are for --cdxml");
    const std::string format = a.value("format"), out = a.value("out");
    const int sources = static_cast<int>(a.values.count("3dblox") + a.values.count("chiplet") +
                                         a.values.count("cdxml") + (format.empty() ? 0 : 1));
    const std::string in = cdxml ? a.value("cdxml")
                           : !format.empty()
                               ? (a.positional.size() == 1 ? a.positional[0] : std::string())
                           : a.values.count("chiplet") ? a.value("chiplet")
                                                       : a.value("3dblox");
    if (in.empty() || out.empty() || sources != 1 || (format.empty() && !a.positional.empty()))
        return usageError(io, "import",
                          "expected --3dblox ASSEMBLY.3dbx, --chiplet ASSEMBLY.chiplet or "
                          "--format NAME FILE (a plugin's importer), and --out NAME.strata.json; "
                          "or --cdxml PART.xml --out ENTRY.json");
    if (std::filesystem::exists(out) && !a.has("force"))
        return usageError(io, "import",
                          out + " exists: give another --out, or --force to replace it");
    Library lib;
    if (!loadLibraryFor(a, io, lib))
        return kExitBadInput;
    if (cdxml)
        return importCdxml(a, lib, io);
    // Either importer: the design, or nothing and why.
    std::optional<Design> design;
    std::vector<Diagnostic> notes;
    if (!format.empty()) {
        DesignLoad r = importWithPlugin(format, in);
        design = std::move(r.design);
        notes = std::move(r.diagnostics);
    } else {
        ThreeDBloxImport r =
            a.values.count("chiplet") ? importIhpChiplet(in, lib) : importThreeDBlox(in, lib);
        if (r.ok)
            design = std::move(r.design);
        notes = std::move(r.notes);
    }
    printDiagnostics(io.err, notes, "");
    if (!design) {
        io.err << "strata-cli import: nothing written: " << in
               << " cannot be made a design (see above)\n";
        return kExitBadInput;
    }
    if (const std::string error = saveDesignFile(*design, out); !error.empty()) {
        io.err << "strata-cli import: " << error << "\n";
        return kExitBadInput;
    }
    reportImported(io, *design, out);
    return kExitOk;
}

} // namespace strata::cli
