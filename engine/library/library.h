#pragma once
// The component library: materials, technology nodes, packaging kinds, bonds, PHYs, memories and
// chiplet types, loaded from assets/ (and user folders) by library_loader. SI units inside.
// Every entry carries the source of its numbers; entries or fields with no published source are
// marked assumed, so reports can say which results rest on assumptions.
#include "library/provenance.h"
#include "library/workload.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata {

struct Material {
    std::string id, name;
    double k_xy_w_mk = 0; // in-plane conductivity
    double k_z_w_mk = 0;  // through-plane conductivity
    double cv_j_m3k = 0;  // volumetric heat capacity
    // An effective mixture that already contains its vias or bumps (TAP-2.5D's underfill with
    // C4): a via array is not mixed into it again.
    bool includes_vias = false;
    Provenance provenance;
};

struct TechNode {
    std::string id, name;
    double d0_per_m2 = 0; // defect density
    double alpha = 10;    // negative-binomial clustering parameter
    double wafer_usd = 0; // processed wafer price
    double wafer_diameter_m = 0.3;
    double edge_loss_m = 5e-3; // unusable ring at the wafer edge
    double scribe_m = 0.2e-3;  // scribe lane added to each die edge
    double nre_usd = 0;        // design + first tape-out (informational)
    Provenance provenance;
};

// Energy and leakage of logic made on a technology node (power evaluator). Energies are lumped:
// a MAC includes its operand delivery from core-local storage and its share of the clock.
struct NodeEnergy {
    std::string id, name;                // id = the TechNode id
    std::map<std::string, double> mac_j; // per multiply-accumulate, by precision
    double vector_flop_j = 0;            // per vector operation (fp32)
    double global_buffer_j_per_byte = 0; // on-chip SRAM (L2 / global buffer) access
    double idle_w_per_m2 = 0;            // clock tree and control of a powered die
    double leakage_w_per_m2 = 0;         // at leakage_ref_k
    double leakage_ref_k = 298.15;
    double leakage_beta_per_k = 0; // leakage ~ exp(beta (T - T_ref))
    Provenance provenance;
};

// How chiplets are carried: area scale of the substrate, bonding yields, carrier process.
struct PackageKind {
    std::string id, name;
    double substrate_area_scale = 1; // organic substrate area / carrier area (when derived)
    double chip_bond_yield = 1;      // per chiplet attached to the carrier
    double carrier_attach_yield = 1; // carrier (interposer) onto the organic substrate
    std::string carrier_node;        // TechNode of an interposer / RDL carrier made on a wafer
                                     // ("" = the dies sit directly on the organic substrate)
    double substrate_usd_per_m2 = 0; // organic substrate price per area
    std::vector<std::string> allowed_phys; // PHY kinds that work on this carrier
    Provenance provenance;
};

struct BondType {
    std::string id, name;
    double min_pitch_m = 0, max_pitch_m = 0; // manufacturable pitch range
    double pad_yield = 1;                    // per connection
    double alignment_yield = 1;              // per bonded die
    bool vertical = false;                   // die-on-die (true) or die-on-carrier
    std::string via_material;                // conductor of the connections (thermal model)
    std::string fill_material;               // what surrounds them (underfill, oxide, silicon)
    // A connection topped by a cap of another material (a copper pillar's solder cap): that
    // share of its height is cap_material ("" : none).
    std::string cap_material;
    double cap_fraction = 0;
    Provenance provenance;
};

// A protocol of the communication library running collectives over a PHY (e.g. NCCL's LL,
// LL128, Simple): its latency per collective step and its achievable fraction of the bandwidth.
struct CollectiveProtocol {
    std::string name;
    double step_latency_s = 0;
    double bandwidth_fraction = 1;
};

struct PhyType {
    std::string id, name;
    std::string kind;                          // ucie_s, ucie_a, ucie_3d, bow, aib, hbm
    double min_rate_bps = 0, max_rate_bps = 0; // per lane
    int lanes_per_module = 0;
    double reach_m = 0;             // maximum channel length
    double shoreline_bps_per_m = 0; // edge bandwidth density at the reference pitch (0: areal)
    std::optional<double> energy_j_per_bit; // absent where no source was found
    double latency_s = 0;
    std::vector<CollectiveProtocol> collective_protocols; // empty: ideal (no software cost)
    Provenance provenance;
};

struct MemoryType {
    std::string id, name;
    double pin_rate_bps = 0;
    int bus_bits = 0;
    double bandwidth_Bps = 0; // per stack / device
    double capacity_bytes = 0;
    std::optional<double> energy_j_per_bit;
    Provenance provenance;
};

// A rectangle of a die's floorplan, relative to the die's lower-left corner.
struct BlockSpec {
    std::string id, kind; // compute, sram, phy, io, nmc, memory, ...
    double x_m = 0, y_m = 0, w_m = 0, h_m = 0;
    double power_w = 0;
};

// A PHY placed on a die edge ("north", "east", "south", "west") or as an area array ("area").
struct PhySite {
    std::string edge;
    std::string phy;     // PhyType id
    double length_m = 0; // shoreline it occupies (0 for area arrays)
};

struct ComputeSpec {
    int cores = 0;
    int matrix_units_per_core = 0;
    int array_rows = 0, array_cols = 0; // MACs per cycle per matrix unit = rows * cols
    double vector_flops_per_cycle_per_core = 0;
    double sram_per_core_bytes = 0;
    double global_buffer_bytes = 0;
    double launch_overhead_s = 0;
    double global_buffer_bytes_per_cycle = 0; // on-chip bandwidth to the cores (0: not a limit)
    double compute_efficiency = 1;            // sustained fraction of peak (calibrated)
    double memory_efficiency = 1;        // achievable fraction of memory bandwidth (calibrated)
    double stream_memory_efficiency = 1; // the same for read+write streams (elementwise ops)
    double global_buffer_resident_fraction = 0; // kept between passes of a streaming kernel
    std::map<std::string, double> matrix_rate_by_precision; // relative to 16-bit; absent: 1
    // How the part is usually built into a system, for sizing studies (strata-cli size):
    // memory stacks it carries and the die-to-die links it has.
    std::string attached_memory; // MemoryType id
    int attached_stacks = 0;
    std::string fabric_phy; // PhyType id
    int fabric_links = 0;
    // Per operator type (its kernel): fixed costs (a floor on the latency and the part that does
    // not overlap with data movement) and passes over the data; see perf/streaming.h.
    struct OpOverhead {
        double floor_s = 0, dispatch_s = 0;
        double input_rereads = 0;
        double row_buffer_bytes = 0, row_spill_reads = 0;
        double stream_efficiency = 0; // 0: stream_memory_efficiency
    };
    std::map<std::string, OpOverhead> op_overheads; // "gelu", "softmax", "layernorm", ...
};

// The bonds inside a purchased stack of dies (an HBM stack's micro-bump and underfill layers
// between its DRAM dies), which its library entry describes as one die: the thermal model folds
// them into the stack's bulk (thermal/builder.cpp).
struct InternalBonds {
    int count = 0;                // bond layers inside the stack
    double resistance_k_m2_w = 0; // each layer's thermal resistance per unit area, K·m²/W
    double thickness_m = 0;       // each layer's height
    std::string fill_material;    // what fills it beside the bumps (heat capacity, lateral k)
};

// The connections a part is bought with (a data sheet's ball or bump array, e.g. from CDXML):
// the bond a stack of it starts with.
struct BumpArray {
    std::string bond; // BondType id
    double pitch_m = 0, diameter_m = 0, height_m = 0;
    int count = 0; // populated connections (0: not given)
};

struct ChipletType {
    std::string id, name;
    std::string kind; // compute, memory, cache, io, nmc
    double width_m = 0, height_m = 0, thickness_m = 0;
    std::string node; // TechNode id
    double frequency_hz = 0;
    double power_w = 0;             // typical power (TDP) for early thermal studies
    bool purchased = false;         // bought as a known-good part (e.g. an HBM stack)
    std::optional<double> unit_usd; // price of a purchased part
    std::string memory;             // MemoryType id for memory parts
    std::optional<ComputeSpec> compute;
    std::vector<BlockSpec> blocks;
    std::vector<PhySite> phys;
    std::optional<InternalBonds> internal_bonds;
    std::optional<BumpArray> bumps;
    Provenance provenance;
};

struct Library {
    std::vector<Material> materials;
    std::vector<TechNode> technologies;
    std::vector<PackageKind> packages;
    std::vector<BondType> bonds;
    std::vector<PhyType> phys;
    std::vector<MemoryType> memories;
    std::vector<ChipletType> chiplets;
    std::vector<WorkloadSpec> workloads;
    std::vector<NodeEnergy> energies;
    std::vector<std::string> files; // every file that contributed, in load order

    const Material* material(const std::string& id) const;
    const TechNode* technology(const std::string& id) const;
    const PackageKind* package(const std::string& id) const;
    const BondType* bond(const std::string& id) const;
    const PhyType* phy(const std::string& id) const;
    const MemoryType* memory(const std::string& id) const;
    const ChipletType* chiplet(const std::string& id) const;
    const WorkloadSpec* workload(const std::string& id) const;
    const NodeEnergy* energy(const std::string& node) const;
};

} // namespace strata
