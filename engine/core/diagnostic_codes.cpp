#include "core/diagnostic_codes.h"

#include <algorithm>
#include <iterator>

namespace strata {

namespace {

// Sorted by code. BW bandwidth, COST cost, DRC design rules, EVL the pipeline, IO files and
// exchange formats, LIB the component library, MDL the design model, PERF performance, PLG
// plugins, POW power, REL reliability, THM thermal. Numbers from 0100 are information a run
// reports on every design (its headline findings).
constexpr DiagnosticCode kCodes[] = {
    {"BW-0001", "No workload traffic",
     "perf did not run or the design has no workload, so link and memory utilisation are not "
     "evaluated; shoreline and vertical limits are still checked against the links' full rates. "
     "Add a workload to see utilisation."},
    {"BW-0002", "Not enough shoreline for a die's links",
     "The links of one PHY type on a die need more die edge, at the PHY's bandwidth density, "
     "than the die has. Use fewer lanes or a denser PHY, or a larger die."},
    {"BW-0003", "Not enough bonds for a vertical link",
     "A vertical link needs more signal bonds than the overlap of its two tiers offers at the "
     "bond pitch. Use a finer pitch, fewer lanes or a larger overlap."},
    {"BW-0100", "Bandwidth bottlenecks",
     "The most utilised links and memory channels of the evaluated workload, ranked."},
    {"COST-0001", "Unknown package kind, node or carrier technology",
     "The package kind, a die's technology node or the interposer's technology is not in the "
     "library, so it cannot be costed. See `strata-cli list packages` and `list technologies`."},
    {"COST-0002", "Purchased part without a price",
     "A purchased chiplet (an HBM stack, say) has no unit_usd in the library. Add your quote to "
     "its library entry."},
    {"COST-0003", "Carrier larger than a reticle",
     "The silicon interposer or bridge exceeds one reticle field (858 mm²) and needs stitching, "
     "whose yield and cost are not modelled: the cost shown leaves them out."},
    {"COST-0004", "Bridge packages are not costed",
     "No sourced cost of bridge dies and their embedding exists in the reference data, so the "
     "package cost of a bridge (EMIB-style) package is not computed."},
    {"COST-0005", "Die larger than a reticle",
     "A die is larger than one reticle field (858 mm²); it cannot be made in one exposure."},
    {"COST-0006", "Unknown yield model",
     "The option cost.yield_model names no model: use negative_binomial, poisson, murphy or "
     "seeds."},
    {"COST-0007", "No monolithic comparison",
     "The same silicon as one die would exceed a reticle field (or has no node to compare in), "
     "so the monolithic comparison is left out."},
    {"COST-0008", "No TCO without power",
     "power did not run, so the energy part of the total cost of ownership is unknown and TCO "
     "is not evaluated."},
    {"COST-0101", "Costs without a published source",
     "Lists library cost figures that cite no published source; replace them with your quotes."},
    {"COST-0102", "TCO assumptions",
     "Lists the deployment assumptions (lifetime, utilisation, energy price, PUE) TCO used; set "
     "your own in the design's tco section and cite them."},
    {"DRC-0001", "Die outside the package",
     "A die's footprint reaches beyond the package outline. Move it or enlarge the package."},
    {"DRC-0002", "Dies overlap", "Two dies on the package overlap. Move one of them."},
    {"DRC-0003", "Unsupported overhang",
     "A tier is larger than the tier below and nothing carries the overhang. Make it fit, or "
     "set the tier's support to mold or dummy_silicon."},
    {"DRC-0004", "Link cannot be made as placed",
     "A die has no PHY of the link's type on the edge facing the other end, a vertical link "
     "joins tiers that are not adjacent, or a vertical link's die has no area-array PHY."},
    {"DRC-0005", "Impossible via, bump or bond geometry",
     "A via, C4 or bond diameter is not smaller than its pitch, a bond pitch is outside its "
     "technology's range, or a package-attach bond is used between tiers."},
    {"DRC-0006", "Link longer than its PHY reaches",
     "The gap between the linked die edges exceeds the reach of the PHY. Move the dies closer "
     "or use a longer-reach PHY."},
    {"DRC-0007", "Link rate outside the PHY's range",
     "The link's rate per lane is outside the rates its PHY supports; the message gives them."},
    {"DRC-0008", "PHY not supported by the carrier",
     "The link's PHY needs another carrier (an advanced-package PHY on an organic substrate, "
     "say). Change the package kind or the PHY."},
    {"DRC-0009", "Purchased part resized",
     "A purchased part keeps its vendor's footprint; remove the width_mm / height_mm "
     "override."},
    {"EVL-0001", "Non-finite result withheld",
     "An evaluator produced NaN or infinity for a metric; the metric is left out rather than "
     "shown. Report it with the design."},
    {"EVL-0002", "Evaluator needs one that is not registered",
     "An evaluator (usually a plugin's) needs another that does not exist; it runs without it."},
    {"EVL-0003", "Evaluators need each other in a cycle",
     "The evaluators on the cycle are left out. Fix the plugins' needs."},
    {"EVL-0004", "Evaluator runs without one it needs",
     "An evaluator that is needed was not run (--only, or it failed); results that depend on it "
     "are left out."},
    {"EVL-0005", "Evaluation cancelled", "A newer edit or the user stopped the evaluation."},
    {"EVL-0006", "Unknown evaluator in --only", "See `strata-cli list evaluators` for the ids."},
    {"EVL-0007", "Nothing evaluated",
     "The design or the options have errors (listed before this one); fix them first."},
    {"EVL-0008", "Evaluator failed",
     "An evaluator stopped with an internal error; the others went on. Report it with the "
     "design."},
    {"IO-0001", "File cannot be read", "The file is missing or not readable."},
    {"IO-0002", "Not valid JSON",
     "The file is empty or not valid JSON; the message gives the line and column."},
    {"IO-0003", "JSON nested too deeply",
     "The file nests deeper than a design ever does; it is probably not a Strata file."},
    {"IO-0004", "Wrong file format",
     "The \"format\" key does not name the expected kind of file (strata-design, "
     "strata-library, strata-rules)."},
    {"IO-0005", "Missing or invalid schema", "\"schema\" must be a non-negative integer."},
    {"IO-0006", "File from a newer Strata",
     "The file's schema is newer than this build reads; open it with a newer Strata."},
    {"IO-0007", "Value of the wrong type",
     "A key holds the wrong JSON type (text where a number is expected, say); the pointer names "
     "it."},
    {"IO-0008", "Value out of range or invalid",
     "A value is outside its allowed range, not finite, or not one of the allowed words; the "
     "message says what was expected."},
    {"IO-0009", "Missing required key", "A required key is absent; the message names it."},
    {"IO-0010", "Unknown key",
     "A key is not one this file type has (a typo?); keys starting with x_ are kept as "
     "extensions."},
    {"IO-0011", "Migration failed",
     "The file's older schema could not be migrated to the current one."},
    {"IO-0012", "Bad power-map CSV",
     "A power-map CSV is malformed: the message gives line and column."},
    {"IO-0020", "Cannot export for HotSpot or 3D-ICE",
     "Something in the design has no counterpart in the tool's input (or a trace cannot be "
     "sampled); nothing or only part was written."},
    {"IO-0021", "Export note",
     "What the exported HotSpot or 3D-ICE model (or trace) represents differently from Strata."},
    {"IO-0022", "Tool results cannot be compared",
     "The HotSpot or 3D-ICE output is missing, malformed or lacks a layer Strata needs."},
    {"IO-0023", "Bad HotSpot floorplan or power trace",
     "A HotSpot .flp or .ptrace line is malformed; the message names the line."},
    {"IO-0024", "Cannot export as 3Dblox",
     "Something in the design cannot be written as a 3Dblox assembly."},
    {"IO-0025", "3Dblox export note",
     "What the 3Dblox files represent differently from the design."},
    {"IO-0026", "3Dblox assembly cannot be imported",
     "Bad YAML, missing fields, unsupported constructs (hierarchy, mirroring, rings, two dies on "
     "one) or a broken bump map; the message names the file and line."},
    {"IO-0027", "3Dblox import guess",
     "What the import had to assume (bond technology, pitch, materials, cooling, powers); "
     "check it in the inspector."},
    {"IO-0028", "IHP .chiplet assembly cannot be imported",
     "Bad YAML, another major format_version, an intermediate file still to be finalised, units "
     "other than um, a missing dimension, a turn that is not a quarter turn, an unknown type or "
     "orientation, or a stacking a Strata design cannot hold; the message names the file and "
     "line."},
    {"IO-0029", "IHP .chiplet import guess",
     "What the import had to assume (bond technology from the gaps, materials, cooling, powers, "
     "die types) or what it read but warns about (a newer minor version, a position beyond the "
     "format's 1e5 µm); check it in the inspector."},
    {"IO-0030", "Cannot export as IHP .chiplet",
     "Something in the design cannot be written as a .chiplet assembly (a die of no known "
     "size)."},
    {"IO-0031", "CDXML part cannot be imported",
     "Not XML, no <cdxml> root, no mpn, a missing or non-positive width, length or thickness, a "
     "unit Strata does not know, or a size beyond the library's ranges; the message names the "
     "file and line."},
    {"IO-0032", "CDXML import note",
     "What the part's data sheet does not carry and the import set (its power, kind, bond "
     "technology), a size taken between min and max for want of typ, or pins outside the "
     "outline; check the library entry written."},
    {"LIB-0001", "Library folder not found",
     "A --library or STRATA_LIBRARY_PATH folder is missing."},
    {"LIB-0002", "Library entry without a source",
     "Every library number must cite where it comes from: fill in \"source\"."},
    {"LIB-0003", "Library entry replaced",
     "A user library entry with the same id replaces a shipped one (as intended, usually)."},
    {"LIB-0004", "Duplicate library id", "Two entries in one file share an id."},
    {"LIB-0005", "Assumed field that does not exist",
     "\"assumed\" lists a field the entry does not have."},
    {"LIB-0006", "Block outside its die", "A block of a chiplet type extends beyond the die."},
    {"LIB-0007", "Unknown library reference",
     "An entry refers to a material, node, PHY or memory the library does not have."},
    {"LIB-0008", "Bonds thicker than the stack",
     "A purchased stack's internal bond layers leave no silicon."},
    {"MDL-0001", "Empty or duplicate id", "Ids must be non-empty and unique."},
    {"MDL-0002", "Unknown library reference",
     "The design names a chiplet type, material, PHY, bond, package or workload the library "
     "does not have (`strata-cli list ...`)."},
    {"MDL-0003", "Invalid property value",
     "A property is outside its range or inconsistent (a power map of the wrong size, an "
     "unknown precision); the pointer names it."},
    {"MDL-0004", "Link to a missing die", "A link ends at a die id that does not exist."},
    {"MDL-0005", "Stack without tiers", "Every stack needs at least one tier (its die)."},
    {"MDL-0006", "Link from a die to itself", "A link's two ends are the same die."},
    {"MDL-0007", "Half a via array", "Give both via_pitch_um and via_diameter_um, or neither."},
    {"MDL-0008", "gap_fill on the bottom tier",
     "The bottom tier has no tier below, so its gap_fill has no effect; set it on the tiers "
     "above."},
    {"PERF-0001", "Compute die without memory",
     "A compute die reaches no memory bandwidth (no attached memory and no memory link), so the "
     "workload cannot be timed."},
    {"PERF-0002", "No workload", "Add a workload (`strata-cli list workloads`) to evaluate perf."},
    {"PERF-0003", "Unknown workload", "The workload model is not in the library."},
    {"PERF-0004", "No compute die", "The design has no die whose type has compute resources."},
    {"PERF-0005", "Impossible mapping",
     "The TP/PP/DP/EP degrees need more dies than the design has, or are invalid."},
    {"PERF-0006", "Parallelism without links",
     "Tensor or pipeline parallelism needs links between the compute dies."},
    {"PERF-0007", "Model does not fit",
     "Weights, KV cache and activations exceed the memory per die; the message gives the "
     "parts."},
    {"PLG-0001", "Plugin file cannot be loaded",
     "The file is missing or not a shared library this system can load (dlopen's reason "
     "follows)."},
    {"PLG-0002", "Not a Strata plugin",
     "The library exports no strata_plugin_abi() and strata_plugin_describe()."},
    {"PLG-0003", "Plugin built for another ABI",
     "Rebuild the plugin against this version's engine/plugin/strata_plugin.h."},
    {"PLG-0004", "Unusable plugin description",
     "The plugin's description lacks a name, a version or an evaluator's id or function."},
    {"PLG-0005", "Plugin evaluator id taken",
     "A built-in or another plugin already has this id; the plugin's evaluator is not used."},
    {"PLG-0006", "Plugin evaluator failed",
     "The plugin returned an error (its reason follows); the other evaluators went on."},
    {"PLG-0007", "Plugin answer malformed",
     "The plugin's answer is not the JSON strata_plugin.h describes; what was well-formed is "
     "kept."},
    {"PLG-0008", "Plugin metric outside its name space",
     "A plugin may only report metrics named after its evaluator id; the others are dropped."},
    {"PLG-0009", "Plugin library entries left out",
     "A plugin's component library entries have errors (the first follows); they are left out "
     "and the rest of the library is used."},
    {"PLG-0010", "Plugin import failed",
     "No loaded plugin imports that format (the loaded ones are listed), or its importer gave "
     "up (its reason follows). `strata-cli list plugins` shows what is loaded."},
    {"POW-0001", "Power from fixed block powers",
     "No workload activity (or power.mode = fixed): the library's block powers are used."},
    {"POW-0002", "No energy data for a node",
     "The die's node has no energy table; the die keeps its fixed block powers."},
    {"POW-0003", "Thermal runaway",
     "Leakage grows with temperature faster than the cooling removes it; improve the cooling or "
     "lower the power. The last state is reported."},
    {"POW-0004", "No sourced energy per bit",
     "A link or memory has no published energy per bit; its energy is left out."},
    {"POW-0005", "User power used",
     "The die has power_w or a power map: its fixed power replaces activity-based power."},
    {"POW-0006", "Energy of another precision used",
     "The node has no MAC energy for the workload's precision; the fp16 figure is used."},
    {"POW-0007", "Unknown power mode", "power.mode must be activity or fixed."},
    {"POW-0008", "No thermal model for leakage",
     "The package cannot be modelled thermally (the cause follows), so leakage is not coupled "
     "to temperature."},
    {"POW-0009", "Assumed memory access energy",
     "A memory's access energy is an assumption, not a published figure; replace it with your "
     "vendor's."},
    {"POW-0010", "Thermal solver did not converge in the leakage loop",
     "A solve of the leakage loop stopped above its tolerance; the residual is given. Report it "
     "with the design."},
    {"REL-0001", "No temperatures for reliability",
     "thermal did not run or failed, so lifetime is not evaluated."},
    {"REL-0002", "Bump fatigue not evaluated",
     "No sourced Coffin-Manson parameters exist to default; give reliability.bump_* options to "
     "evaluate bump, micro-bump and TSV fatigue."},
    {"REL-0003", "Bump fatigue parameters incomplete",
     "Give all of bump_exponent, bump_cycles_ref, bump_delta_t_ref_k, cycles_per_day and "
     "bump_source."},
    {"REL-0004", "Blocks above the stress-migration peak",
     "Blocks run hotter than where stress migration peaks; the model extrapolates there."},
    {"REL-0100", "Limiting mechanism",
     "The failure mechanism and block that dominate the system's FIT."},
    {"THM-0001", "Unknown material or chiplet type",
     "A layer or fill names a material, or a die a chiplet type, that the library lacks."},
    {"THM-0002", "Non-physical material",
     "A material needs positive conductivities and heat capacity."},
    {"THM-0003", "Die too thin",
     "A die leaves no bulk silicon under its BEOL and active layers (or under a stack's "
     "internal bond layers); it must be thicker, about 14 µm at least for one die."},
    {"THM-0004", "Nothing to heat", "The design has no dies."},
    {"THM-0005", "No path to ambient",
     "Without cooling.h_w_m2k, cooling.r_k_w or a secondary path no steady state exists."},
    {"THM-0006", "Unknown thermal resolution",
     "Use coarse, default, fine or a number of cells across the largest die."},
    {"THM-0007", "Thermal solver did not converge",
     "The solve stopped above its tolerance; the residual is given. Report it with the design."},
    {"THM-0008", "Unknown thermal.solver_reuse", "Use evaluation (the default) or session."},
    {"THM-0009", "Grid too large for memory",
     "The requested thermal grid would not fit in memory; choose a coarser resolution."},
    {"THM-0010", "Cooling cannot carry the power",
     "Even the lowest possible temperature rise exceeds any physical limit; improve the "
     "cooling."},
    {"THM-0020", "Bad power trace",
     "The trace file is unreadable, malformed, non-finite or names a block the design lacks; "
     "the message gives file, line and column."},
    {"THM-0021", "Bad transient step count", "thermal.transient_steps must be 1 to 1000000."},
    {"THM-0022", "Bad transient start", "thermal.transient_start must be ambient or steady."},
    {"THM-0023", "Bad trace interval", "thermal.trace_interval_s must be a time > 0 s."},
    {"THM-0024", "Bad thermal.learn_sources", "Use true or false (the default)."},
    {"THM-0025", "Sources learnt only for a session",
     "thermal.learn_sources needs thermal.solver_reuse = session: a solver used for one "
     "evaluation has no later power vectors to serve."},
    {"THM-0100", "Hotspot", "Where the hottest cell is: die, position and temperature."},
    {"THM-0101", "Stack lower than the tallest",
     "A lower stack's heat crosses the package fill above it to reach the TIM; the message "
     "compares that resistance with the TIM's. Thicker dies or a spacer help."},
    {"THM-0102", "Temperature above silicon's melting point",
     "The cooling cannot carry the power; the figures are outside any physical meaning."},
    {"THM-0103", "Temperatures for fixed powers",
     "thermal ran without the power evaluator: the temperatures are for the fixed block powers, "
     "not activity and leakage."},
    {"THM-0104", "Vias in an effective material",
     "The fill already includes its vias or bumps (an effective mixture), so the array given is "
     "not added again."},
    {"THM-0105", "Heat-source responses not learnt",
     "thermal.learn_sources: the responses would take more than a quarter of the free memory, "
     "or a solve stopped; power-only evaluations are solved as without it."},
};

} // namespace

std::span<const DiagnosticCode> diagnosticCodes() {
    return kCodes;
}

const DiagnosticCode* findDiagnosticCode(std::string_view code) {
    const auto it = std::lower_bound(std::begin(kCodes), std::end(kCodes), code,
                                     [](const DiagnosticCode& c, std::string_view key) {
                                         return std::string_view(c.code) < key;
                                     });
    return it != std::end(kCodes) && it->code == code ? &*it : nullptr;
}

} // namespace strata
