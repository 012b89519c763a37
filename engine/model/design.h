#pragma once
// The design model: plain structs with stable string ids, SI units inside.
// A Design is what a NAME.strata.json file holds; see DESIGN.md § The design model.
// Scalar fields are described once in properties.cpp (name with unit suffix, range, doc);
// JSON I/O, property paths, validation and the GUI inspector all use those descriptors.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata {

inline constexpr const char* kDesignFormat = "strata-design";
inline constexpr int kDesignSchema = 1; // bump together with a migration in migrations.cpp

struct Technology {
    std::string node = "n5"; // default technology node for dies that do not name one
    bool operator==(const Technology&) const = default;
};

struct PackageLayer {
    std::string name;     // "substrate", "c4", "pcb", ...
    std::string material; // library material id
    double thickness_m = 0;
    std::optional<double> via_pitch_m; // through-vias (e.g. TSVs in an interposer), optional
    std::optional<double> via_diameter_m;
    std::string via_material = "copper";
    bool operator==(const PackageLayer&) const = default;
};

// The carrier the stacks sit on: organic substrate, silicon interposer, RDL fan-out or bridge.
struct Package {
    std::string kind = "organic"; // organic | silicon_interposer | rdl_fanout | bridge
    double width_m = 0;           // outline of the carrier the dies are placed on
    double height_m = 0;
    std::string interposer_node; // process of an interposer / RDL carrier; "" = the package kind's
    std::optional<double> substrate_width_m; // organic substrate under an interposer
    std::optional<double> substrate_height_m;
    // The C4 bumps joining the carrier to the substrate: mixed into the package layer named
    // "c4" (isC4Layer) unless that layer gives its own vias. Defaults in µm and mm are written
    // as the design reader converts them (150 * 1e-6, not 150e-6, which differs in the last bit),
    // so that a saved design says 150, not 150.00000000000003.
    double c4_pitch_m = 150 * 1e-6;
    double c4_diameter_m = 90 * 1e-6;
    double assembly_usd = 0;                    // assembly and final test per package (user input)
    std::optional<double> substrate_usd_per_m2; // overrides the library's substrate price
    std::string fill_material = "epoxy";        // between and above dies (mold / underfill)
    std::vector<PackageLayer> layers;
    bool operator==(const Package&) const = default;
};

// The joint between a tier and what is below it (the package for tier 0).
struct Bond {
    std::string type = "micro_bump"; // library bond id: hybrid_bond, micro_bump, tsv, c4
    double pitch_m = 45 * 1e-6;
    double diameter_m = 25 * 1e-6;
    double thickness_m = 10 * 1e-6;  // bond layer height (bump + underfill, or bond oxide)
    std::string orientation = "f2b"; // f2f (face to face) | f2b (face to back)
    std::optional<double> yield;     // per-tier bonding yield; computed from pads when absent
    bool operator==(const Bond&) const = default;
};

// A raster of power over a die's outline, in the die's own (unrotated) frame: nx * ny values in
// W per raster cell, row-major from the die's south-west corner. Replaces the floorplan's blocks.
inline constexpr int kMaxPowerMapCells = 4096; // raster cells on a side, at most

struct PowerMap {
    int nx = 0, ny = 0;
    std::vector<double> power_w;
    bool operator==(const PowerMap&) const = default;
};

// A chiplet instance: refers to a library ChipletType and may override its properties.
struct Die {
    std::string id;
    std::string type; // library chiplet type id
    std::optional<double> width_m;
    std::optional<double> height_m;
    std::optional<double> thickness_m;
    std::optional<double> frequency_hz;
    std::optional<double> power_w;
    std::optional<std::string> node;
    std::optional<PowerMap> power_map;
    bool operator==(const Die&) const = default;
};

struct Tier {
    Die die;
    Bond bond;             // bond to the tier below (tier 0: attach to the package)
    double offset_x_m = 0; // tier centre relative to the stack centre
    double offset_y_m = 0;
    std::string support = "none"; // none | mold | dummy_silicon: what carries an overhang
    // What fills the room beside this tier over the tier below, up to this tier's top: mold (the
    // package fill), oxide (dielectric gap fill, as in hybrid-bonded stacks) or dummy_silicon.
    std::string gap_fill = "mold";
    bool operator==(const Tier&) const = default;
};

// A placed column of tiers, bottom to top. A 2.5D die is a one-tier stack.
struct Stack {
    std::string id;
    double x_m = 0; // centre of the stack, from the package's lower-left corner
    double y_m = 0;
    int rotation_deg = 0; // 0, 90, 180 or 270, counter-clockwise
    std::vector<Tier> tiers;
    bool operator==(const Stack&) const = default;
};

struct Link {
    std::string id;
    std::string from;       // die id
    std::string to;         // die id
    std::string phy;        // library PHY id
    int lanes = 16;         // per direction
    double rate_bps = 16e9; // per lane
    std::optional<double> energy_j_per_bit;
    std::optional<double> latency_s;
    bool operator==(const Link&) const = default;
};

struct Cooling {
    double ambient_k = 318.15;
    std::optional<double> h_w_m2k; // sink-to-ambient heat transfer coefficient over the sink
    std::optional<double> r_k_w;   // or a total sink-to-ambient resistance
    std::string tim_material = "tim";
    double tim_thickness_m = 20 * 1e-6;
    std::string spreader_material = "copper";
    double spreader_width_m = 30 * 1e-3;
    double spreader_thickness_m = 1 * 1e-3;
    std::string sink_material = "copper";
    double sink_width_m = 60 * 1e-3;
    double sink_thickness_m = 6.9 * 1e-3;
    std::optional<double> secondary_r_k_w; // board path to ambient
    bool operator==(const Cooling&) const = default;
};

// Total cost of ownership: how the packages are deployed and paid for (cost evaluator).
struct Tco {
    int packages = 1;                             // packages deployed
    double system_overhead_usd = 0;               // boards, hosts, network, racks for all of them
    double lifetime_s = 5 * 365.25 * 24 * 3600.0; // amortisation period
    double electricity_usd_per_j = 0.08 / 3.6e6;  // energy price
    double pue = 1.58;                            // facility power / IT power
    double utilization = 1;                       // fraction of the time the workload runs
    bool operator==(const Tco&) const = default;
};

// Package-level bump / micro-bump / TSV fatigue from thermal cycling (Coffin-Manson,
// N = cycles_ref (delta_t_ref / dT)^exponent). No sourced defaults exist (constants.md §7), so
// every number is the user's, with `source` saying where it comes from; unset: not evaluated.
struct ReliabilityInputs {
    std::optional<double> bump_exponent;      // Coffin-Manson exponent q
    std::optional<double> bump_cycles_ref;    // cycles to failure at the reference swing
    std::optional<double> bump_delta_t_ref_k; // reference temperature swing, K
    std::optional<double> cycles_per_day;     // power cycles per day in service
    std::string bump_source;                  // where the numbers come from
    bool operator==(const ReliabilityInputs&) const = default;
};

struct Mapping {
    bool auto_search = false; // let the engine search the degrees
    int tp = 1, pp = 1, dp = 1, ep = 1;
    int micro_batches = 0;                // pipeline micro-batches; 0: as many as stages
    std::string objective = "throughput"; // what the search optimises: throughput | latency
    bool near_memory = true; // run memory-bound operators on near-memory compute when faster
    bool operator==(const Mapping&) const = default;
};

struct Workload {
    std::string model;            // id in assets/workloads
    std::string phase = "decode"; // prefill | decode | training
    std::string precision = "bf16";
    std::string weight_precision;   // empty: `precision`
    std::string kv_cache_precision; // empty: `precision`
    int prefill_batch = 1;
    int prefill_seq = 2048;
    int decode_batch = 1;
    int decode_context = 2048;
    Mapping mapping;
    bool operator==(const Workload&) const = default;
};

// A pass/fail threshold on a metric, in the metric's unit.
struct Rule {
    std::string metric;
    std::optional<double> min;
    std::optional<double> max;
    std::string note;
    bool operator==(const Rule&) const = default;
};

struct Design {
    std::string name;
    std::string notes;
    Technology technology;
    Package package;
    std::vector<Stack> stacks;
    std::vector<Link> links;
    Cooling cooling;
    std::optional<Workload> workload;
    Tco tco;
    ReliabilityInputs reliability;
    std::vector<Rule> rules;
    std::map<std::string, std::string> provenance; // property path -> source of its value
    bool operator==(const Design&) const = default;
};

// The package layer that holds the package's C4 bumps: the one named "c4" (any case).
bool isC4Layer(const PackageLayer& layer);

// Lookup helpers by stable id; nullptr when absent.
Stack* findStack(Design& d, const std::string& id);
const Stack* findStack(const Design& d, const std::string& id);
Link* findLink(Design& d, const std::string& id);
const Link* findLink(const Design& d, const std::string& id);

struct DieRef {
    const Stack* stack = nullptr;
    const Tier* tier = nullptr;
    std::size_t stack_index = 0;
    std::size_t tier_index = 0;
};
std::optional<DieRef> findDie(const Design& d, const std::string& die_id);
std::vector<DieRef> allDies(const Design& d);

} // namespace strata
