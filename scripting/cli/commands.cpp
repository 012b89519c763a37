#include "cli/commands.h"

#include "cli/args.h"
#include "cli/cli_support.h"
#include "cli/eval_progress.h"
#include "cli/exit_codes.h"
#include "cli/report.h"
#include "core/atomic_file.h"
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "eval/result_json.h"
#include "interop/heatmap.h"
#include "library/library_loader.h"
#include "model/design_io.h"
#include "model/validate.h"
#include "plugin/plugin_loader.h"

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace strata::cli {

namespace {

int worstExit(const std::vector<Diagnostic>& diags) {
    if (std::any_of(diags.begin(), diags.end(), isInputProblem))
        return kExitBadInput;
    return hasErrors(diags) ? kExitRuleFailure : kExitOk;
}

// --maps DIR: a CSV grid and a PNG heat map per die layer, of all dies and of two
// cross-sections; --transient: the block time series (into DIR, or the current folder without
// --maps).
int writeExports(const Args& a, const EvalResult& result, Io io) {
    const std::string dir = a.value("maps");
    WrittenFiles files;
    if (!dir.empty()) {
        files = writeThermalMaps(result, dir);
    } else if (!result.series.empty()) {
        if (std::string err = writeSeriesCsv(result.series, "transient.csv"); err.empty())
            files.written.push_back("transient.csv");
        else
            files.errors.emplace_back("transient.csv", err);
    }
    for (const std::string& f : files.written)
        io.out << "Wrote " << f << "\n";
    const auto& errors = files.errors;
    for (const auto& [file, err] : errors)
        io.err << "strata-cli eval: " << err << "\n";
    return errors.empty() ? kExitOk : kExitBadInput;
}

} // namespace

std::string helpText(const std::string& verb) {
    if (verb.empty())
        return "strata-cli — headless Strata: validate and evaluate chiplet / 2.5D / 3D designs\n"
               "\n"
               "Usage: strata-cli <verb> [options]\n"
               "\n"
               "Verbs:\n"
               "  validate FILE...        check design files against the model and the design "
               "rules\n"
               "  eval FILE               evaluate a design and print its metrics\n"
               "  list WHAT               list components, materials, technologies, phys, bonds,\n"
               "                          memories, packages, workloads, evaluators or plugins\n"
               "  check FILE --rules R    evaluate and apply pass/fail rules (CI gate; JUnit "
               "output)\n"
               "  run SCRIPT.lua [ARGS]   run a Lua script in the sandbox (strata module)\n"
               "  db info|export|query    inspect a results store written by sweeps\n"
               "  export FILE             the thermal model as HotSpot or 3D-ICE input, the "
               "assembly as 3Dblox\n"
               "                          or IHP .chiplet, the floorplan as SVG\n"
               "  import --3dblox F.3dbx  a 3Dblox assembly (or --chiplet F.chiplet: IHP's "
               "format; --format\n"
               "                          NAME FILE: a plugin's) as a new design file; "
               "--cdxml PART.xml: a\n"
               "                          CDXML part as a library entry\n"
               "  compare FILE            HotSpot's or 3D-ICE's temperatures for it beside "
               "Strata's\n"
               "  diff BEFORE AFTER       what changed between two designs and what it did to "
               "the metrics\n"
               "  size                    fewest dies of a chiplet type that meet a throughput or "
               "TTFT target\n"
               "  explain [CODE]          what a diagnostic code (THM-0005, ...) means and what to "
               "do\n"
               "  help [VERB]             show help for a verb\n"
               "\n"
               "Options for every verb:\n"
               "  --library DIR           also load library JSON files from DIR (repeatable)\n"
               "  --plugin FILE           load an evaluator plugin (repeatable; also every .so in\n"
               "                          $STRATA_PLUGIN_PATH's folders and lib/strata/plugins)\n"
               "  --help                  show help for the verb\n"
               "  --version               print the version\n"
               "\n"
               "Exit codes: 0 ok, 1 design-rule or evaluation failure, 2 unreadable or invalid "
               "input,\n"
               "3 internal error.\n";
    if (verb == "validate")
        return "Usage: strata-cli validate FILE... [--library DIR] [--json]\n"
               "\n"
               "Reads each NAME.strata.json file and reports every problem with the file name, the "
               "JSON\n"
               "pointer of the field and what was expected. Codes: IO-xxxx (file), MDL-xxxx "
               "(integrity:\n"
               "duplicate ids, unknown library references, dangling links), DRC-xxxx (design "
               "rules:\n"
               "overlaps, dies off the package, overhangs, PHYs, bond pitch, link reach).\n"
               "\n"
               "  --json     print diagnostics as a JSON array instead of text\n"
               "\n"
               "Exit: 0 all valid, 1 a design-rule violation, 2 a file unreadable or incoherent.\n";
    if (verb == "eval")
        return "Usage: strata-cli eval FILE [--only IDS] [--json OUT] [--option KEY=VALUE] "
               "[--library DIR]\n"
               "\n"
               "Validates the design, runs the evaluators in dependency order and prints a table "
               "of\n"
               "metrics followed by diagnostics.\n"
               "\n"
               "  --only IDS          comma-separated evaluator ids to run (see 'list "
               "evaluators')\n"
               "  --json OUT          also write the result as JSON to OUT ('-' for standard "
               "output)\n"
               "  --option KEY=VALUE  evaluator option, e.g. cost.yield_model=murphy (repeatable)\n"
               "  --resolution R      thermal grid: coarse, default, fine, or cells across the "
               "largest die\n"
               "  --maps DIR          write DIR/<die>.csv, .png and .svg temperature maps per "
               "die,\n"
               "                      DIR/junction.*: all dies in one map, and\n"
               "                      DIR/section.x|y.*: the assembly cut through the hotspot\n"
               "  --transient TRACE   also simulate a power trace (CSV: "
               "time_s,<die>.<block>,...;\n"
               "                      or a HotSpot .ptrace with --trace-interval); writes the\n"
               "                      per-block temperatures to DIR/transient.csv (or ./)\n"
               "  --trace-interval S  a HotSpot trace's sampling interval in seconds (its\n"
               "                      -sampling_intvl)\n"
               "  --steps N           time steps over the trace (TR-BDF2, second order; default "
               "100)\n"
               "  --transient-start S ambient (power-on, the default) or steady (the steady "
               "state of\n"
               "                      the trace's first row, as after a long run)\n"
               "\n"
               "Exit: 0 ok, 1 design-rule violation or an evaluator error, 2 bad input.\n";
    if (verb == "list")
        return "Usage: strata-cli list "
               "components|materials|technologies|phys|bonds|memories|packages|workloads|"
               "evaluators|plugins\n"
               "                      [--library DIR] [--plugin FILE]\n"
               "\n"
               "Lists the entries of the component library (with their source), the registered "
               "evaluators\n(built-in and from plugins) or the loaded plugins and their files.\n";
    if (verb == "check")
        return "Usage: strata-cli check FILE [--rules RULES.json]... [--junit OUT.xml] [--json "
               "OUT.json]\n"
               "                       [--only IDS] [--option KEY=VALUE] [--resolution R]\n"
               "\n"
               "Evaluates the design and applies its own rules (\"rules\": metric with min/max) "
               "and every\n"
               "rules file: {\"format\": \"strata-rules\", \"schema\": 1, \"rules\": [{\"id\", "
               "\"metric\",\n"
               "\"comparison\" (<, <=, >, >=, ==, approx), \"threshold\", \"tolerance\" "
               "(relative, for approx),\n"
               "\"severity\" (error|warning), \"message\"}]}. Prints PASS/FAIL per rule with the "
               "measured value.\n"
               "\n"
               "  --junit OUT.xml   one test case per rule, for CI dashboards\n"
               "  --json OUT.json   the outcomes as JSON\n"
               "\n"
               "Exit: 0 every error rule passes, 1 an error rule fails (or its metric is missing), "
               "2 bad input.\n";
    if (verb == "export")
        return "Usage: strata-cli export FILE --hotspot DIR [--resolution R]\n"
               "                         [--transient TRACE [--trace-interval S]]\n"
               "       strata-cli export FILE --3dice DIR [--resolution R]\n"
               "                         [--transient TRACE [--trace-interval S]]\n"
               "       strata-cli export FILE --3dblox DIR\n"
               "       strata-cli export FILE --chiplet OUT.chiplet\n"
               "       strata-cli export FILE --svg OUT.svg\n"
               "\n"
               "Writes the design's thermal model as another tool's input into DIR, with run.sh "
               "to run it,\nor (--3dblox) its assembly for physical-design flows.\n"
               "--resolution as for eval (default: default).\n"
               "\n"
               "--hotspot: HotSpot 7 grid-model input: one floorplan per layer (each material "
               "region a\n"
               "unit with its own heat capacity and resistivity), the layer configuration (.lcf), "
               "the\n"
               "steady block powers (.ptrace), the package (.config, .materials). HotSpot is "
               "isotropic\n"
               "and its bottom is adiabatic here: layers with vias get their through-plane "
               "conductivity\n"
               "and the board path is left out (both said on stderr). --transient TRACE (a CSV or "
               "HotSpot\n"
               ".ptrace as for eval; --trace-interval for the latter) exports its rows at one "
               "sampling\n"
               "interval, its shortest row, into <design>_transient.ptrace for HotSpot's "
               "transient from\n"
               "ambient (run.sh then also writes <design>.ttrace; the steady run keeps the "
               "design's powers).\n"
               "\n"
               "--3dice: 3D-ICE 4.0 input: the stack description (.stk: anisotropic materials, "
               "one layer\n"
               "per model layer, a die for each dissipating layer, the top and bottom heat sinks, "
               "a thermal\n"
               "map of every die's junction layer), a layout (.mlt) per layer of several materials "
               "and a\n"
               "floorplan (.flp) per dissipating layer. 3D-ICE grids its one rectangle uniformly "
               "(cells of\n"
               "the resolution's size over the whole sink) and has no void (a near-insulator "
               "there).\n"
               "--transient TRACE adds <design>_transient.stk: the trace at one interval (its "
               "shortest row)\n"
               "as 3D-ICE's slots, from ambient, with each block's hottest cell per slot "
               "(<design>_L<k>.tflp).\n"
               "\n"
               "--3dblox: the assembly as 3Dblox (the YAML form OpenROAD reads): <design>.3dbv "
               "defines a\nchiplet per die type and per package layer (design_area, thickness, "
               "front and back regions,\none region under each stack on the top layer), "
               "<design>.3dbx places them (loc = lower-left\ncorner, z = bottom, orient: MZ for "
               "a face-down die, R90/R180/R270 for a rotated stack) and\nconnects each to what "
               "is below it (thickness = the bond or C4 gap, exactly); check.tcl runs\nOpenROAD's "
               "check_3dblox. Powers, floorplans, materials and cooling are not in 3Dblox.\n"
               "\n"
               "--chiplet: the assembly as IHP's .chiplet (YAML, format 1.0): the package layers "
               "and every\ndie as components at their centres (µm, from the package's "
               "lower-left corner; z = bottom,\nthe top package layer at 0), rotation.z, "
               "flip_chip for a face-down die, each die's bond as\na connection stack (micro-"
               "bumps and copper pillars also as typed interfaces with their\npitch), and "
               "metadata strata_type / strata_stack / strata_bond so that import gives the\n"
               "stacks back. "
               "Powers, floorplans, materials and cooling are not in .chiplet.\n"
               "\n"
               "--svg: the floorplan as a drawing to scale in mm for slides and reports: the "
               "package, every\ndie coloured by kind (upper tiers see-through), the top dies' "
               "blocks, ids, a scale bar.\n"
               "\n"
               "Exit: 0 written, 2 bad input (nothing written).\n";
    if (verb == "import")
        return "Usage: strata-cli import --3dblox ASSEMBLY.3dbx --out NAME.strata.json [--force]\n"
               "       strata-cli import --chiplet ASSEMBLY.chiplet --out NAME.strata.json "
               "[--force]\n"
               "       strata-cli import --format NAME FILE --out NAME.strata.json [--force]\n"
               "       strata-cli import --cdxml PART.xml --out ENTRY.json [--kind K] "
               "[--power-w W] [--unit-usd P] [--id ID] [--force]\n"
               "\n"
               "--format NAME: a plugin's importer (see `strata-cli list plugins`) reads FILE; "
               "what "
               "it returns\nis checked like any design file.\n"
               "\n"
               "--3dblox: "
               "makes a new design of a 3Dblox assembly (the YAML form OpenROAD reads; the .3dbv "
               "files its\nHeader includes are read beside it): the substrate and RDL chiplets "
               "become the package\nlayers (a gap between two a C4 layer; the top one the "
               "carrier), each die on the carrier\na stack and each die on a die its next tier "
               "(turned as placed, face to face where the die\nbelow lies face up), of the "
               "library type named like its ChipletDef (gpu_large: gpu-large)\nor else the "
               "closest in area. What 3Dblox does not carry is guessed and said: bond\n"
               "technologies (from their height; the pitch from a region's bump map), materials, "
               "cooling\n(sized to the package); powers come from the library; links and a "
               "workload are left out.\n"
               "\n"
               "--chiplet: the same of IHP's .chiplet assembly (format 1.x; positions are "
               "centres in µm,\nz the bottom of each body): substrates and the interposer are "
               "the package layers, each\ndie lies on the highest component under it; a "
               "die_array is one die per element; the\nlibrary type is metadata strata_type, "
               "else named like the top_cell or id, else the closest\nin area; a die's bond "
               "is the typed interface under it, else strata_bond, else a copper\npillar when "
               "its connection stack is a copper post under a solder cap, else guessed from\n"
               "its height. Refused: another major version, an intermediate file\n"
               "(_metadata.finalize_required), units other than um, turns other than quarter "
               "turns, an\ninterface of an unknown type or naming no component.\n"
               "\n"
               "--cdxml: a chiplet part described in OCP's CDXML (mpn, mech width / length / "
               "thickness,\nmech/io pitch, diameter, thickness and count, the pins) as a library "
               "file holding one\npurchased chiplet type (id cdxml-<mpn> unless --id) with the "
               "part's footprint and its\nbumps: the bond technology from the pins' mech_type, "
               "else from the pitch, so that a stack\nof it starts on them. CDXML has no power, "
               "kind or price: --power-w (0 W unless given),\n--kind (compute, memory, cache, io "
               "(the default), nmc) and --unit-usd. Put the file in a\nlibrary folder.\n"
               "An existing --out is kept unless --force.\n"
               "\n"
               "Exit: 0 written, 2 bad input (nothing written).\n";
    if (verb == "diff")
        return "Usage: strata-cli diff BEFORE AFTER [--all] [--max-worse PCT [--junit OUT]] "
               "[--json OUT]\n"
               "                        [--only IDS] [--option KEY=VALUE] [--resolution R]\n"
               "\n"
               "BEFORE and AFTER are design files (evaluated here, with the same options) or "
               "evaluations\n"
               "saved by 'eval --json' (a baseline kept from an earlier run). Prints what changed "
               "in the\n"
               "design (property paths; objects added or removed; when both are designs), then "
               "each\n"
               "metric that changed: before, after, the change and whether it is better or worse "
               "(cooler,\n"
               "faster, cheaper, longer-lived, more yield or link headroom is better; metrics "
               "without an\n"
               "obvious direction are shown without a verdict). Per-block, die, link and stack "
               "rows only\n"
               "with --all.\n"
               "\n"
               "  --max-worse PCT   exit 1 when a shown metric got worse by more than PCT percent, "
               "or is\n"
               "                    no longer evaluated (a regression gate for CI)\n"
               "  --junit OUT       the gate as JUnit XML, a test case per metric (with "
               "--max-worse)\n"
               "  --json OUT        also write the comparison as JSON ('-': print only that)\n"
               "\n"
               "Exit: 0 compared (and within --max-worse), 1 a metric worse than --max-worse, 2 "
               "bad input.\n";
    if (verb == "compare")
        return "Usage: strata-cli compare FILE (--hotspot DIR | --3dice DIR) [--resolution R] "
               "[--maps OUT]\n"
               "       strata-cli compare FILE (--hotspot DIR | --3dice DIR) [--resolution R]\n"
               "                          --transient TRACE [--trace-interval S]\n"
               "\n"
               "Sets the other tool's answer beside Strata's for a model written by export into "
               "DIR and\n"
               "solved there by the tool (sh run.sh writes DIR/<design>.grid.steady for HotSpot,\n"
               "DIR/<design>_L<k>.tmap for 3D-ICE): per die, the hottest cell of its junction "
               "layer in each\n"
               "tool and the largest and mean difference (Strata - other, on Strata's cells). "
               "Give the\n"
               "--resolution the export used. --maps OUT writes each die's difference map as\n"
               "hotspot.diff.<die> or 3dice.diff.<die> "
               "(.csv and .png).\n"
               "\n"
               "--transient TRACE (the trace the export was given) compares the tool's transient "
               "instead:\n"
               "Strata runs the same sampled powers from ambient (ten steps per interval) and "
               "prints, per\n"
               "block, the peak of its hottest cell in each tool and the largest difference at "
               "the end of an\n"
               "interval, with its time (HotSpot's <design>.ttrace, 3D-ICE's <design>_L<k>.tflp).\n"
               "\n"
               "Exit: 0 compared, 2 bad input (missing or malformed result files, another "
               "resolution).\n";
    if (verb == "db")
        return "Usage: strata-cli db info FILE.db\n"
               "       strata-cli db export FILE.db [--csv OUT.csv | --json OUT.json]\n"
               "       strata-cli db query FILE.db \"SELECT ...\"\n"
               "\n"
               "The results store (SQLite) that strata.sweep writes: tables runs, designs, "
               "evaluations,\n"
               "parameters and metrics (evaluation_id, name, value, unit). export writes one row "
               "per\n"
               "evaluation with its parameters and metrics as columns ('-' or no file: standard "
               "output).\n";
    if (verb == "run")
        return "Usage: strata-cli run SCRIPT.lua [ARGS...] [--max-instructions N] "
               "[--max-memory-mb M]\n"
               "\n"
               "Runs a Lua 5.4 script in a sandbox: base, string, table, math, utf8 and coroutine "
               "only\n"
               "(no io, os or native modules); require finds modules in the script's folder and "
               "the\n"
               "shipped stdlib. The strata module: strata.load(path), design:get(path), "
               "design:set(path, v),\n"
               "design:clone(), design:save(path), strata.evaluate(design, {only=, resolution=}) "
               "-> {metrics,\n"
               "units, diagnostics, errors}, design:diff(other) and strata.compare(before, "
               "after)\n"
               "(what changed, as strata-cli diff), strata.library.chiplets() (and workloads, "
               "materials, ...),\nstrata.args. "
               "Options go\n"
               "before the script; everything after it is the script's (strata.args).\n"
               "\n"
               "Exit: 0 the script finished, 1 it raised an error (file:line and traceback on "
               "stderr),\n"
               "2 bad usage.\n";
    if (verb == "size")
        return "Usage: strata-cli size --workload ID --chiplet TYPE (--target-tokens-per-s N | "
               "--target-ttft-s S)\n"
               "                       [--memory ID --stacks N] [--fabric PHY --links N] "
               "[--precision P]\n"
               "                       [--batch B] [--prompt S] [--context L] [--max-dies N]\n"
               "\n"
               "Finds the smallest number of dies of a compute chiplet type, and the mapping on "
               "them\n"
               "(tensor, pipeline, data and expert parallel degrees), that reaches a decode "
               "throughput\n"
               "or a time to first token, or says why none up to --max-dies (4096) does. Each "
               "die\n"
               "carries the memory and links the chiplet type lists (attached_memory, fabric) "
               "unless\n"
               "given. Defaults: bf16, batch 8 per replica, prompt and context 2048.\n"
               "\n"
               "Exit: 0 found, 1 no system size meets the target, 2 bad input.\n";
    if (verb == "help")
        return "Usage: strata-cli help [VERB]\n";
    if (verb == "explain")
        return "Usage: strata-cli explain [CODE]...\n"
               "\n"
               "Prints what each diagnostic code means and what to do about it; without a code,\n"
               "lists every code with its title.\n";
    return {};
}

int runValidate(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(argv, {"library"}, {"json", "help"});
    if (a.has("help")) {
        io.out << helpText("validate");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "validate", a.error);
    if (a.positional.empty())
        return usageError(io, "validate", "expected at least one design file");
    Library lib;
    if (!loadLibraryFor(a, io, lib))
        return kExitBadInput;
    int exit = kExitOk;
    std::vector<Diagnostic> all;
    for (const std::string& file : a.positional) {
        DesignLoad load = loadDesignFile(file);
        std::vector<Diagnostic> diags = load.diagnostics;
        if (load.ok()) {
            std::vector<Diagnostic> v = validate(*load.design, lib);
            for (Diagnostic& d : v)
                d.file = file;
            diags.insert(diags.end(), v.begin(), v.end());
        }
        const int code = load.ok() ? worstExit(diags) : kExitBadInput;
        exit = std::max(exit, code);
        if (a.has("json")) {
            for (Diagnostic& d : diags)
                if (d.file.empty())
                    d.file = file;
            all.insert(all.end(), diags.begin(), diags.end());
            continue;
        }
        printDiagnostics(io.out, diags, file);
        const auto errors = countSeverity(diags, Severity::Error),
                   warnings = countSeverity(diags, Severity::Warning);
        io.out << file << ": " << (errors ? "INVALID" : "valid") << " (" << errors << " error"
               << (errors == 1 ? "" : "s") << ", " << warnings << " warning"
               << (warnings == 1 ? "" : "s") << ")\n";
    }
    if (a.has("json"))
        io.out << diagnosticsToJson(all) << "\n";
    return exit;
}

int runEval(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(argv,
                             {"library", "only", "json", "option", "resolution", "maps",
                              "transient", "steps", "transient-start", "trace-interval"},
                             {"help"});
    if (a.has("help")) {
        io.out << helpText("eval");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "eval", a.error);
    Library lib;
    const std::optional<Design> design = loadDesignAndLibrary(a, io, "eval", lib);
    if (!design)
        return kExitBadInput;
    const std::string file = a.positional[0];
    EvaluatorRegistry registry;
    registerAllEvaluators(registry);
    EvalRequest req{*design, lib, {}, nullptr, nullptr};
    if (!readEvalOptions(a, io, "eval", req.options))
        return kExitBadInput;
    if (a.values.count("transient"))
        req.options.values["thermal.transient_trace"] = a.value("transient");
    if (a.values.count("steps"))
        req.options.values["thermal.transient_steps"] = a.value("steps");
    if (a.values.count("transient-start"))
        req.options.values["thermal.transient_start"] = a.value("transient-start");
    if (a.values.count("trace-interval"))
        req.options.values["thermal.trace_interval_s"] = a.value("trace-interval");
    EvalResult result = evaluateShowingProgress(registry, req, io.err);
    for (Diagnostic& d : result.diagnostics)
        if (d.file.empty() && !d.pointer.empty())
            d.file = file;

    const std::string jsonOut = a.value("json");
    if (jsonOut == "-") {
        io.out << evalResultToJson(result, file, design->name);
    } else {
        io.out << "Design " << design->name << " (" << file << ")\n\n";
        printMetrics(io.out, result);
        printTopRows(io.out, result);
        if (!result.diagnostics.empty()) {
            io.out << "\nDiagnostics:\n";
            printDiagnostics(io.out, result.diagnostics, "");
        }
        if (!jsonOut.empty()) {
            if (std::string err =
                    writeFileAtomically(jsonOut, evalResultToJson(result, file, design->name));
                !err.empty()) {
                io.err << "strata-cli eval: " << err << "\n";
                return kExitBadInput;
            }
            io.out << "\nWrote " << jsonOut << "\n";
        }
    }
    if (const int code = writeExports(a, result, io); code != kExitOk)
        return code;
    return worstExit(result.diagnostics);
}

namespace {
template <class T, class Describe>
void listEntries(std::ostream& os, const std::vector<T>& items, Describe describe) {
    std::size_t w = 4;
    for (const T& t : items)
        w = std::max(w, t.id.size());
    for (const T& t : items)
        os << std::left << std::setw(static_cast<int>(w)) << t.id << "  " << t.name << describe(t)
           << "\n"
           << std::string(w + 2, ' ') << "source: " << t.provenance.source
           << (t.provenance.assumed.empty() ? ""
                                            : " [assumed: " +
                                                  [&] {
                                                      std::string s;
                                                      for (const auto& f : t.provenance.assumed)
                                                          s += (s.empty() ? "" : ", ") + f;
                                                      return s;
                                                  }() +
                                                  "]")
           << "\n";
}
std::string num(double v, int precision = 4) {
    std::ostringstream o;
    o << std::setprecision(precision) << v;
    return o.str();
}
} // namespace

int runList(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(argv, {"library"}, {"help"});
    if (a.has("help")) {
        io.out << helpText("list");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "list", a.error);
    if (a.positional.size() != 1)
        return usageError(
            io, "list",
            "expected one of components, materials, technologies, phys, bonds, memories, "
            "packages, workloads, evaluators, plugins");
    const std::string what = a.positional[0];
    if (what == "plugins") {
        const std::vector<PluginInfo> plugins = loadedPlugins();
        if (plugins.empty())
            io.out << "No plugins loaded (--plugin FILE, $STRATA_PLUGIN_PATH, or "
                      "lib/strata/plugins next to the installed strata-cli).\n";
        for (const PluginInfo& p : plugins) {
            io.out << p.name << " " << p.version << "  " << p.path << "\n  evaluators:";
            for (const std::string& e : p.evaluators)
                io.out << " " << e;
            io.out << "\n";
            for (const PluginImporter& i : pluginImporters())
                if (i.plugin == p.name)
                    io.out << "  imports: " << i.format << " (" << i.extensions << ") — "
                           << i.description << "\n";
        }
        return kExitOk;
    }
    if (what == "evaluators") {
        EvaluatorRegistry registry;
        registerAllEvaluators(registry);
        std::size_t width = 0;
        for (const Evaluator* e : registry.all())
            width = std::max(width, e->id().size());
        for (const Evaluator* e : registry.all()) {
            io.out << std::left << std::setw(static_cast<int>(width)) << e->id() << "  "
                   << e->description();
            if (!e->needs().empty()) {
                io.out << " (needs:";
                for (const auto& n : e->needs())
                    io.out << " " << n;
                io.out << ")";
            }
            if (!e->origin().empty())
                io.out << " [" << e->origin() << "]";
            io.out << "\n";
        }
        return kExitOk;
    }
    Library lib;
    if (!loadLibraryFor(a, io, lib))
        return kExitBadInput;
    if (what == "components" || what == "chiplets")
        listEntries(io.out, lib.chiplets, [](const ChipletType& c) {
            return " — " + c.kind + ", " + num(c.width_m * 1e3) + " × " + num(c.height_m * 1e3) +
                   " mm, " + (c.node.empty() ? "" : c.node + ", ") + num(c.power_w) + " W" +
                   (c.purchased ? ", purchased" : "") +
                   (c.unit_usd ? " at " + num(*c.unit_usd) + " USD" : "") +
                   (c.bumps ? ", on " + c.bumps->bond + " at " + num(c.bumps->pitch_m * 1e6) +
                                  " µm pitch"
                            : "");
        });
    else if (what == "materials")
        listEntries(io.out, lib.materials, [](const Material& m) {
            return " — k " + num(m.k_xy_w_mk) + "/" + num(m.k_z_w_mk) + " W/mK, cv " +
                   num(m.cv_j_m3k) + " J/m³K";
        });
    else if (what == "technologies")
        listEntries(io.out, lib.technologies, [](const TechNode& t) {
            return " — D0 " + num(t.d0_per_m2 / 1e4) + "/cm², alpha " + num(t.alpha) + ", wafer $" +
                   num(t.wafer_usd, 6);
        });
    else if (what == "phys")
        listEntries(io.out, lib.phys, [](const PhyType& p) {
            return " — " + num(p.min_rate_bps / 1e9) + "–" + num(p.max_rate_bps / 1e9) +
                   " Gb/s/lane, reach " + num(p.reach_m * 1e3) + " mm" +
                   (p.energy_j_per_bit ? ", " + num(*p.energy_j_per_bit * 1e12) + " pJ/bit"
                                       : ", energy unknown");
        });
    else if (what == "bonds")
        listEntries(io.out, lib.bonds, [](const BondType& b) {
            return " — pitch " + num(b.min_pitch_m * 1e6) + "–" + num(b.max_pitch_m * 1e6) + " µm";
        });
    else if (what == "memories")
        listEntries(io.out, lib.memories, [](const MemoryType& m) {
            return " — " + num(m.bandwidth_Bps / 1e9) + " GB/s, " + num(m.capacity_bytes / 1e9) +
                   " GB";
        });
    else if (what == "workloads")
        listEntries(io.out, lib.workloads, [](const WorkloadSpec& w) {
            if (w.kind != "transformer")
                return " — " + w.kind + ", " + std::to_string(w.ops.size()) + " operators";
            const TransformerSpec& t = w.transformer;
            return " — " + num(t.totalParams() / 1e9, 3) + "B parameters, " +
                   std::to_string(t.layers) + " layers, hidden " + std::to_string(t.hidden) + ", " +
                   std::to_string(t.heads) + "/" + std::to_string(t.kv_heads) + " heads, " + t.ffn +
                   ", " + t.norm +
                   (t.experts > 1 ? ", " + std::to_string(t.experts) + " experts top-" +
                                        std::to_string(t.top_k)
                                  : "");
        });
    else if (what == "packages")
        listEntries(io.out, lib.packages, [](const PackageKind& p) {
            return " — chip bond yield " + num(p.chip_bond_yield) +
                   (p.carrier_node.empty() ? "" : ", carrier " + p.carrier_node);
        });
    else
        return usageError(io, "list", "unknown list \"" + what + "\"");
    return kExitOk;
}

} // namespace strata::cli
