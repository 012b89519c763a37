#include "model/properties.h"

#include "core/units.h"

#include <cmath>
#include <sstream>

namespace strata {

std::string PropertyInfo::unitLabel() const {
    return std::string(unitForKey(name).label);
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Range {
    double min = -kInf, max = kInf;
    bool min_exclusive = false;
};
constexpr Range kPositive{0, kInf, true};
constexpr Range kNonNegative{0, kInf, false};
Range upTo(double max, bool positive = true) {
    return {0, max, positive};
}

template <class T>
PropertyInfo makeInfo(std::string name, PropType type, Range r, std::string group,
                      std::string doc) {
    PropertyInfo info;
    info.name = std::move(name);
    info.type = type;
    info.min = r.min;
    info.max = r.max;
    info.min_exclusive = r.min_exclusive;
    info.group = std::move(group);
    info.doc = std::move(doc);
    return info;
}

template <class T> Property<T> finish(Property<T> p) {
    p.info.default_value = p.get(T{});
    return p;
}

template <class T> Property<T> withRangeNote(Property<T> p, const std::string& note) {
    p.info.range_note = note;
    return p;
}

// A number stored in SI in `field`, shown in the unit of the key's suffix.
template <class T>
Property<T> number(std::string name, double T::*field, Range r, std::string group,
                   std::string doc) {
    const UnitInfo u = unitForKey(name);
    Property<T> p{
        makeInfo<T>(std::move(name), PropType::Number, r, std::move(group), std::move(doc)),
        [field, u](const T& o) { return Value(u.fromSI(o.*field)); },
        [field, u](T& o, const Value& v) { o.*field = u.toSI(std::get<double>(v)); }};
    return finish(std::move(p));
}

// An optional override: unset means "inherit" (from the chiplet type) or "not given".
template <class T>
Property<T> optionalNumber(std::string name, std::optional<double> T::*field, Range r,
                           std::string group, std::string doc) {
    const UnitInfo u = unitForKey(name);
    Property<T> p{
        makeInfo<T>(std::move(name), PropType::Number, r, std::move(group), std::move(doc)),
        [field, u](const T& o) {
            return (o.*field) ? Value(u.fromSI(*(o.*field))) : Value(std::monostate{});
        },
        [field, u](T& o, const Value& v) {
            if (std::holds_alternative<std::monostate>(v))
                (o.*field).reset();
            else
                o.*field = u.toSI(std::get<double>(v));
        }};
    p.info.optional = true;
    return finish(std::move(p));
}

template <class T>
Property<T> integer(std::string name, int T::*field, Range r, std::string group, std::string doc,
                    const std::vector<std::string>& choices = {}) {
    Property<T> p{
        makeInfo<T>(std::move(name), PropType::Integer, r, std::move(group), std::move(doc)),
        [field](const T& o) { return Value(static_cast<std::int64_t>(o.*field)); },
        [field](T& o, const Value& v) { o.*field = static_cast<int>(std::get<std::int64_t>(v)); }};
    p.info.choices = choices;
    return finish(std::move(p));
}

template <class T>
Property<T> text(std::string name, std::string T::*field, std::string group, std::string doc,
                 bool required = false) {
    Property<T> p{
        makeInfo<T>(std::move(name), PropType::String, {}, std::move(group), std::move(doc)),
        [field](const T& o) { return Value(o.*field); },
        [field](T& o, const Value& v) { o.*field = std::get<std::string>(v); }};
    p.info.required = required;
    return finish(std::move(p));
}

template <class T>
Property<T> optionalText(std::string name, std::optional<std::string> T::*field, std::string group,
                         std::string doc) {
    Property<T> p{
        makeInfo<T>(std::move(name), PropType::String, {}, std::move(group), std::move(doc)),
        [field](const T& o) { return (o.*field) ? Value(*(o.*field)) : Value(std::monostate{}); },
        [field](T& o, const Value& v) {
            if (std::holds_alternative<std::monostate>(v))
                (o.*field).reset();
            else
                o.*field = std::get<std::string>(v);
        }};
    p.info.optional = true;
    return finish(std::move(p));
}

template <class T>
Property<T> choice(std::string name, std::string T::*field, const std::vector<std::string>& choices,
                   std::string group, std::string doc) {
    Property<T> p = text<T>(std::move(name), field, std::move(group), std::move(doc));
    p.info.type = PropType::Enum;
    p.info.choices = choices;
    return p;
}

template <class T>
Property<T> boolean(std::string name, bool T::*field, std::string group, std::string doc) {
    Property<T> p{
        makeInfo<T>(std::move(name), PropType::Boolean, {}, std::move(group), std::move(doc)),
        [field](const T& o) { return Value(o.*field); },
        [field](T& o, const Value& v) { o.*field = std::get<bool>(v); }};
    return finish(std::move(p));
}

template <class T> Property<T> required(Property<T> p) {
    p.info.required = true;
    return p;
}

} // namespace

template <> const std::vector<Property<Design>>& propertiesOf<Design>() {
    static const std::vector<Property<Design>> props{
        text<Design>("name", &Design::name, "General", "Name of the design", true),
        text<Design>("notes", &Design::notes, "General", "Free-form notes"),
    };
    return props;
}

template <> const std::vector<Property<Technology>>& propertiesOf<Technology>() {
    static const std::vector<Property<Technology>> props{
        text<Technology>("node", &Technology::node, "Technology",
                         "Default technology node (library id) for dies that do not name one"),
    };
    return props;
}

template <> const std::vector<Property<Package>>& propertiesOf<Package>() {
    static const std::vector<Property<Package>> props{
        choice<Package>("kind", &Package::kind,
                        {"organic", "silicon_interposer", "rdl_fanout", "bridge"}, "Package",
                        "Carrier the stacks are placed on"),
        required(number<Package>("width_mm", &Package::width_m, upTo(500), "Geometry",
                                 "Width of the carrier (interposer or substrate) the dies sit on")),
        required(number<Package>("height_mm", &Package::height_m, upTo(500), "Geometry",
                                 "Height of the carrier the dies sit on")),
        text<Package>("interposer_node", &Package::interposer_node, "Package",
                      "Technology (library id) of an interposer or RDL carrier; empty = the "
                      "package kind's default"),
        optionalNumber<Package>(
            "substrate_width_mm", &Package::substrate_width_m, upTo(1000), "Geometry",
            "Organic substrate width; derived from the carrier by the package kind's "
            "area scale when unset"),
        optionalNumber<Package>("substrate_height_mm", &Package::substrate_height_m, upTo(1000),
                                "Geometry", "Organic substrate height; derived when unset"),
        number<Package>("c4_pitch_um", &Package::c4_pitch_m, upTo(2000), "Package",
                        "Pitch of the C4 bumps joining the carrier to the substrate (thermal: "
                        "mixed into the package layer named c4)"),
        number<Package>("c4_diameter_um", &Package::c4_diameter_m, upTo(1000), "Package",
                        "Diameter of the C4 bumps (of the library's c4 bond material, in the c4 "
                        "layer's own material as fill)"),
        number<Package>("assembly_usd", &Package::assembly_usd, {0, 1e6, false}, "Cost",
                        "Assembly and final test cost per package (user input)"),
        optionalNumber<Package>(
            "substrate_usd_per_mm2", &Package::substrate_usd_per_m2, {0, 100, false}, "Cost",
            "Organic substrate price; the package kind's library value when unset"),
        text<Package>("fill_material", &Package::fill_material, "Thermal",
                      "Library material between and above the dies (mold compound, underfill)"),
    };
    return props;
}

template <> const std::vector<Property<PackageLayer>>& propertiesOf<PackageLayer>() {
    static const std::vector<Property<PackageLayer>> props{
        text<PackageLayer>("name", &PackageLayer::name, "Layer", "Layer name", true),
        text<PackageLayer>("material", &PackageLayer::material, "Layer", "Library material id",
                           true),
        required(number<PackageLayer>("thickness_um", &PackageLayer::thickness_m, upTo(1e5),
                                      "Layer", "Layer thickness")),
        optionalNumber<PackageLayer>("via_pitch_um", &PackageLayer::via_pitch_m, upTo(5000), "Vias",
                                     "Pitch of through-vias (TSVs) in this layer"),
        optionalNumber<PackageLayer>("via_diameter_um", &PackageLayer::via_diameter_m, upTo(1000),
                                     "Vias", "Diameter of the through-vias"),
        text<PackageLayer>("via_material", &PackageLayer::via_material, "Vias",
                           "Library material of the vias"),
    };
    return props;
}

template <> const std::vector<Property<Bond>>& propertiesOf<Bond>() {
    static const std::vector<Property<Bond>> props{
        text<Bond>("type", &Bond::type, "Bond",
                   "Library bond type id (hybrid_bond, micro_bump, tsv, c4)"),
        number<Bond>("pitch_um", &Bond::pitch_m, upTo(2000), "Bond", "Connection pitch"),
        number<Bond>("diameter_um", &Bond::diameter_m, upTo(1000), "Bond", "Connection diameter"),
        number<Bond>("thickness_um", &Bond::thickness_m, upTo(1000), "Bond",
                     "Height of the bond layer"),
        choice<Bond>("orientation", &Bond::orientation, {"f2f", "f2b"}, "Bond",
                     "Face-to-face or face-to-back"),
        optionalNumber<Bond>(
            "yield", &Bond::yield, {0, 1, true}, "Cost",
            "Bonding yield of this tier; computed from pad count and pad yield when unset"),
    };
    return props;
}

template <> const std::vector<Property<Die>>& propertiesOf<Die>() {
    static const std::vector<Property<Die>> props{
        text<Die>("id", &Die::id, "Die", "Stable id of the die", true),
        text<Die>("type", &Die::type, "Die", "Library chiplet type id", true),
        optionalNumber<Die>("width_mm", &Die::width_m, upTo(100), "Geometry",
                            "Die width (overrides the type)"),
        optionalNumber<Die>("height_mm", &Die::height_m, upTo(100), "Geometry",
                            "Die height (overrides the type)"),
        optionalNumber<Die>("thickness_um", &Die::thickness_m, upTo(2000), "Geometry",
                            "Die thickness (overrides the type)"),
        optionalNumber<Die>("frequency_ghz", &Die::frequency_hz, upTo(10), "Electrical",
                            "Clock frequency (overrides the type)"),
        optionalNumber<Die>("power_w", &Die::power_w, {0, 5000, false}, "Electrical",
                            "Fixed die power for early thermal studies (overrides the type)"),
        optionalText<Die>("node", &Die::node, "Technology", "Technology node (overrides the type)"),
    };
    return props;
}

template <> const std::vector<Property<Tier>>& propertiesOf<Tier>() {
    static const std::vector<Property<Tier>> props{
        number<Tier>("offset_x_mm", &Tier::offset_x_m, {-500, 500}, "Geometry",
                     "Tier centre relative to the stack centre, x"),
        number<Tier>("offset_y_mm", &Tier::offset_y_m, {-500, 500}, "Geometry",
                     "Tier centre relative to the stack centre, y"),
        choice<Tier>("support", &Tier::support, {"none", "mold", "dummy_silicon"}, "Geometry",
                     "What carries the part of this tier that overhangs the tier below"),
        choice<Tier>("gap_fill", &Tier::gap_fill, {"mold", "oxide", "dummy_silicon"}, "Thermal",
                     "What fills the room beside this tier over the tier below, up to its top: "
                     "mold (the package fill), oxide (dielectric gap fill) or dummy silicon"),
    };
    return props;
}

template <> const std::vector<Property<Stack>>& propertiesOf<Stack>() {
    static const std::vector<Property<Stack>> props{
        text<Stack>("id", &Stack::id, "Stack", "Stable id of the stack", true),
        required(number<Stack>("x_mm", &Stack::x_m, {-1000, 1000}, "Placement",
                               "Stack centre from the package's left edge")),
        required(number<Stack>("y_mm", &Stack::y_m, {-1000, 1000}, "Placement",
                               "Stack centre from the package's bottom edge")),
        integer<Stack>("rotation_deg", &Stack::rotation_deg, {0, 270}, "Placement",
                       "Counter-clockwise rotation", {"0", "90", "180", "270"}),
    };
    return props;
}

template <> const std::vector<Property<Link>>& propertiesOf<Link>() {
    static const std::vector<Property<Link>> props{
        text<Link>("id", &Link::id, "Link", "Stable id of the link", true),
        text<Link>("from", &Link::from, "Link", "Die id at one end", true),
        text<Link>("to", &Link::to, "Link", "Die id at the other end", true),
        text<Link>("phy", &Link::phy, "Link", "Library PHY id", true),
        integer<Link>("lanes", &Link::lanes, {1, 1e6}, "Link", "Data lanes per direction"),
        number<Link>("rate_gbps", &Link::rate_bps, upTo(1000), "Link", "Data rate per lane"),
        optionalNumber<Link>("energy_pj_per_bit", &Link::energy_j_per_bit, {0, 100, false}, "Link",
                             "Energy per bit (overrides the PHY)"),
        optionalNumber<Link>("latency_ns", &Link::latency_s, {0, 1e6, false}, "Link",
                             "Latency (overrides the PHY)"),
    };
    return props;
}

template <> const std::vector<Property<Cooling>>& propertiesOf<Cooling>() {
    static const std::vector<Property<Cooling>> props{
        number<Cooling>("ambient_c", &Cooling::ambient_k, {-100, 200}, "Cooling",
                        "Ambient temperature"),
        withRangeNote(
            optionalNumber<Cooling>("h_w_m2k", &Cooling::h_w_m2k, upTo(1e7), "Cooling",
                                    "Sink-to-ambient heat transfer coefficient over the sink area"),
            "h = 0 leaves the sink no path to ambient, and without one no steady "
            "state exists; to cool only through the board, unset h_w_m2k and r_k_w "
            "and give secondary_r_k_w"),
        optionalNumber<Cooling>("r_k_w", &Cooling::r_k_w, upTo(1000), "Cooling",
                                "Sink-to-ambient resistance (alternative to h)"),
        text<Cooling>("tim_material", &Cooling::tim_material, "TIM", "Library material of the TIM"),
        number<Cooling>("tim_thickness_um", &Cooling::tim_thickness_m, upTo(1e4), "TIM",
                        "TIM thickness"),
        text<Cooling>("spreader_material", &Cooling::spreader_material, "Spreader",
                      "Library material"),
        number<Cooling>("spreader_width_mm", &Cooling::spreader_width_m, upTo(1000), "Spreader",
                        "Side"),
        number<Cooling>("spreader_thickness_mm", &Cooling::spreader_thickness_m, upTo(100),
                        "Spreader", "Thickness"),
        text<Cooling>("sink_material", &Cooling::sink_material, "Sink",
                      "Library material of the sink base"),
        number<Cooling>("sink_width_mm", &Cooling::sink_width_m, upTo(1000), "Sink", "Side"),
        number<Cooling>("sink_thickness_mm", &Cooling::sink_thickness_m, upTo(500), "Sink",
                        "Base thickness"),
        optionalNumber<Cooling>("secondary_r_k_w", &Cooling::secondary_r_k_w, upTo(1e6), "Cooling",
                                "Resistance of the secondary path through the board"),
    };
    return props;
}

template <> const std::vector<Property<Tco>>& propertiesOf<Tco>() {
    static const std::vector<Property<Tco>> props{
        integer<Tco>("packages", &Tco::packages, {1, 1e9}, "TCO", "Packages deployed"),
        number<Tco>("system_overhead_usd", &Tco::system_overhead_usd, {0, 1e15, false}, "TCO",
                    "Boards, hosts, network and racks for all packages"),
        number<Tco>("lifetime_years", &Tco::lifetime_s, {0, 100, true}, "TCO",
                    "Amortisation period"),
        number<Tco>("electricity_usd_per_kwh", &Tco::electricity_usd_per_j, {0, 100, false}, "TCO",
                    "Electricity price"),
        number<Tco>("pue", &Tco::pue, {1, 10, false}, "TCO",
                    "Power usage effectiveness of the facility"),
        number<Tco>("utilization", &Tco::utilization, {0, 1, true}, "TCO",
                    "Fraction of the time the workload runs"),
    };
    return props;
}

template <> const std::vector<Property<ReliabilityInputs>>& propertiesOf<ReliabilityInputs>() {
    using R = ReliabilityInputs;
    static const std::vector<Property<R>> props{
        optionalNumber<R>("bump_exponent", &R::bump_exponent, {0.1, 20, false}, "Bump fatigue",
                          "Coffin-Manson exponent"),
        optionalNumber<R>("bump_cycles_ref", &R::bump_cycles_ref, {1, 1e15, false}, "Bump fatigue",
                          "Cycles to failure at the reference swing"),
        optionalNumber<R>("bump_delta_t_ref_k", &R::bump_delta_t_ref_k, {0.1, 500, false},
                          "Bump fatigue", "Reference temperature swing"),
        optionalNumber<R>("cycles_per_day", &R::cycles_per_day, {0, 1e6, false}, "Bump fatigue",
                          "Power cycles per day in service"),
        text<R>("bump_source", &R::bump_source, "Bump fatigue",
                "Where the fatigue parameters come from"),
    };
    return props;
}

template <> const std::vector<Property<Mapping>>& propertiesOf<Mapping>() {
    static const std::vector<Property<Mapping>> props{
        boolean<Mapping>("auto", &Mapping::auto_search, "Mapping", "Search the parallel degrees"),
        integer<Mapping>("tp", &Mapping::tp, {1, 1e5}, "Mapping", "Tensor-parallel degree"),
        integer<Mapping>("pp", &Mapping::pp, {1, 1e5}, "Mapping", "Pipeline-parallel degree"),
        integer<Mapping>("dp", &Mapping::dp, {1, 1e5}, "Mapping", "Data-parallel degree"),
        integer<Mapping>("ep", &Mapping::ep, {1, 1e5}, "Mapping", "Expert-parallel degree"),
        integer<Mapping>("micro_batches", &Mapping::micro_batches, {0, 1e5}, "Mapping",
                         "Pipeline micro-batches (0: one per stage)"),
        choice<Mapping>("objective", &Mapping::objective, {"throughput", "latency"}, "Mapping",
                        "What the mapping search optimises"),
        boolean<Mapping>("near_memory", &Mapping::near_memory, "Mapping",
                         "Run memory-bound operators on near-memory compute when faster"),
    };
    return props;
}

template <> const std::vector<Property<Workload>>& propertiesOf<Workload>() {
    static const std::vector<Property<Workload>> props{
        text<Workload>("model", &Workload::model, "Workload", "Workload id in assets/workloads",
                       true),
        choice<Workload>("phase", &Workload::phase, {"prefill", "decode", "training"}, "Workload",
                         "Phase to evaluate"),
        choice<Workload>("precision", &Workload::precision,
                         {"fp32", "bf16", "fp16", "fp8", "int8", "int4"}, "Workload",
                         "Numeric precision of weights and activations"),
        text<Workload>("weight_precision", &Workload::weight_precision, "Workload",
                       "Weight precision if different (fp32, bf16, fp16, fp8, int8, int4)"),
        text<Workload>("kv_cache_precision", &Workload::kv_cache_precision, "Workload",
                       "KV-cache precision if different (fp32, bf16, fp16, fp8, int8, int4)"),
        integer<Workload>("prefill_batch", &Workload::prefill_batch, {1, 1e6}, "Prefill",
                          "Batch size (also of training steps and CNN inference)"),
        integer<Workload>("prefill_seq", &Workload::prefill_seq, {1, 1e7}, "Prefill",
                          "Prompt length (also of training sequences)"),
        integer<Workload>("decode_batch", &Workload::decode_batch, {1, 1e6}, "Decode",
                          "Batch size"),
        integer<Workload>("decode_context", &Workload::decode_context, {1, 1e7}, "Decode",
                          "Context length"),
    };
    return props;
}

template <> const std::vector<Property<Rule>>& propertiesOf<Rule>() {
    static const std::vector<Property<Rule>> props{
        text<Rule>("metric", &Rule::metric, "Rule", "Metric name, e.g. cost.package_usd", true),
        optionalNumber<Rule>("min", &Rule::min, {}, "Rule",
                             "Lowest passing value, in the metric's unit"),
        optionalNumber<Rule>("max", &Rule::max, {}, "Rule",
                             "Highest passing value, in the metric's unit"),
        text<Rule>("note", &Rule::note, "Rule", "Why the rule exists"),
    };
    return props;
}

std::string describeExpectation(const PropertyInfo& info) {
    std::ostringstream out;
    switch (info.type) {
    case PropType::Number:
        out << "a finite number";
        break;
    case PropType::Integer:
        out << "an integer";
        break;
    case PropType::Boolean:
        return "true or false";
    case PropType::String:
        return "a string";
    case PropType::Enum: {
        out << "one of";
        for (const auto& c : info.choices)
            out << " \"" << c << "\"";
        return out.str();
    }
    }
    if (!info.choices.empty()) {
        out << " out of";
        for (const auto& c : info.choices)
            out << " " << c;
    }
    const std::string unit = info.unitLabel();
    if (!unit.empty())
        out << " in " << unit;
    const bool hasMin = std::isfinite(info.min), hasMax = std::isfinite(info.max);
    if (hasMin && hasMax)
        out << ", " << (info.min_exclusive ? "> " : ">= ") << info.min << " and <= " << info.max;
    else if (hasMin)
        out << ", " << (info.min_exclusive ? "> " : ">= ") << info.min;
    else if (hasMax)
        out << ", <= " << info.max;
    if (info.optional)
        out << " (or null to unset)";
    return out.str();
}

std::string checkValue(const PropertyInfo& info, Value& v) {
    if (std::holds_alternative<std::monostate>(v))
        return info.optional ? "" : "expected " + describeExpectation(info) + ", got null";
    switch (info.type) {
    case PropType::Number: {
        if (auto* i = std::get_if<std::int64_t>(&v))
            v = static_cast<double>(*i);
        const double* d = std::get_if<double>(&v);
        if (!d)
            return "expected " + describeExpectation(info) + ", got " + toString(v);
        const bool below = info.min_exclusive ? !(*d > info.min) : !(*d >= info.min);
        if (!std::isfinite(*d) || below || !(*d <= info.max))
            return "expected " + describeExpectation(info) + ", got " + toString(v) +
                   (info.range_note.empty() ? "" : ": " + info.range_note);
        return {};
    }
    case PropType::Integer: {
        if (auto* d = std::get_if<double>(&v)) {
            if (!std::isfinite(*d) || std::floor(*d) != *d || std::fabs(*d) > 9.0e15)
                return "expected " + describeExpectation(info) + ", got " + toString(v);
            v = static_cast<std::int64_t>(*d);
        }
        const std::int64_t* i = std::get_if<std::int64_t>(&v);
        if (!i)
            return "expected " + describeExpectation(info) + ", got " + toString(v);
        const double x = static_cast<double>(*i);
        bool ok = x >= info.min && x <= info.max && !(info.min_exclusive && x == info.min);
        if (ok && !info.choices.empty()) {
            ok = false;
            for (const auto& c : info.choices)
                ok = ok || c == std::to_string(*i);
        }
        return ok ? "" : "expected " + describeExpectation(info) + ", got " + toString(v);
    }
    case PropType::Boolean:
        return std::holds_alternative<bool>(v) ? "" : "expected true or false, got " + toString(v);
    case PropType::String:
        return std::holds_alternative<std::string>(v) ? ""
                                                      : "expected a string, got " + toString(v);
    case PropType::Enum: {
        const std::string* s = std::get_if<std::string>(&v);
        if (s)
            for (const auto& c : info.choices)
                if (c == *s)
                    return {};
        return "expected " + describeExpectation(info) + ", got " + toString(v);
    }
    }
    return "unsupported property type";
}

std::string toString(const Value& v) {
    struct Visitor {
        std::string operator()(std::monostate) const { return "null"; }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const {
            std::ostringstream o;
            o.precision(12);
            o << d;
            return o.str();
        }
        std::string operator()(const std::string& s) const { return "\"" + s + "\""; }
    };
    return std::visit(Visitor{}, v);
}

} // namespace strata
