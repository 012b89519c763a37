#include "bandwidth/bandwidth_evaluator.h"

#include "model/geometry.h"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>

namespace strata {

namespace {
std::string fmt(double v, int digits = 3) {
    std::ostringstream s;
    s.precision(digits);
    s << v;
    return s.str();
}

// Average traffic per link over the steady phase and the peak over all phases, from perf.
struct Traffic {
    double average = 0, peak = 0;
};
std::map<std::string, Traffic> linkTraffic(const EvalResult& up) {
    std::map<std::string, Traffic> t;
    std::string steady;
    for (const char* p : {"decode", "training", "inference", "prefill", "run"})
        if (steady.empty() && up.metric(std::string("perf.") + p + ".stage_s"))
            steady = p;
    const std::string tail = ".bytes_per_s";
    for (const Metric& m : up.metrics) {
        if (m.name.rfind("perf.", 0) != 0 || m.name.size() < tail.size() ||
            m.name.compare(m.name.size() - tail.size(), tail.size(), tail) != 0)
            continue;
        const std::size_t at = m.name.find(".link.");
        if (at == std::string::npos)
            continue;
        const std::string phase = m.name.substr(5, at - 5);
        const std::string link = m.name.substr(at + 6, m.name.size() - at - 6 - tail.size());
        Traffic& x = t[link];
        x.peak = std::max(x.peak, m.value);
        if (phase == steady)
            x.average = m.value;
    }
    return t;
}

struct Overlap {
    double area_m2 = 0, pitch_m = 0;
};
// The bonded overlap of two vertically adjacent tiers of one stack, and the upper tier's bond.
std::optional<Overlap> verticalOverlap(const Design& d, const Library& lib, const std::string& a,
                                       const std::string& b) {
    for (const Stack& s : d.stacks)
        for (std::size_t t = 1; t < s.tiers.size(); ++t) {
            const std::string& lo = s.tiers[t - 1].die.id;
            const std::string& hi = s.tiers[t].die.id;
            if (!((lo == a && hi == b) || (lo == b && hi == a)))
                continue;
            const Rect r0 =
                tierFootprint(s, s.tiers[t - 1], resolveDie(s.tiers[t - 1].die, d, lib));
            const Rect r1 = tierFootprint(s, s.tiers[t], resolveDie(s.tiers[t].die, d, lib));
            const double w = std::min(r0.x1, r1.x1) - std::max(r0.x0, r1.x0);
            const double h = std::min(r0.y1, r1.y1) - std::max(r0.y0, r1.y0);
            return Overlap{std::max(0.0, w) * std::max(0.0, h), s.tiers[t].bond.pitch_m};
        }
    return std::nullopt;
}
} // namespace

void BandwidthEvaluator::evaluate(const EvalContext& ctx, EvalResult& out) const {
    const Design& d = ctx.design;
    const Library& lib = ctx.library;
    const std::map<std::string, Traffic> traffic = linkTraffic(ctx.upstream);
    if (traffic.empty())
        out.diagnostics.push_back({"BW-0001",
                                   Severity::Info,
                                   "no workload traffic (perf not evaluated or no workload): "
                                   "utilisation not evaluated; shoreline and vertical limits are "
                                   "checked against the links' full rates",
                                   {},
                                   "",
                                   ""});
    struct Row {
        std::string link;
        double utilization, peak;
    };
    std::vector<Row> rows;
    double maxUtil = 0;
    // Shoreline demand per die and PHY type.
    std::map<std::pair<std::string, std::string>, double> shorelineNeed;
    for (const Link& link : d.links) {
        const double capacity = link.lanes * link.rate_bps / 8.0;
        const PhyType* phy = lib.phy(link.phy);
        const double latency = link.latency_s ? *link.latency_s : phy ? phy->latency_s : 0.0;
        const std::string p = "bandwidth.link." + link.id + ".";
        out.add(p + "capacity_gb_per_s", capacity / 1e9, "GB/s");
        if (latency > 0)
            out.add(p + "latency_ns", latency * 1e9, "ns");
        const auto t = traffic.find(link.id);
        if (t != traffic.end() && capacity > 0) {
            const double u = t->second.average / capacity, peak = t->second.peak / capacity;
            out.add(p + "demand_gb_per_s", t->second.average / 1e9, "GB/s");
            out.add(p + "utilization", u, "");
            out.add(p + "peak_utilization", peak, "");
            rows.push_back({link.id, u, peak});
            maxUtil = std::max(maxUtil, peak);
        }
        if (!phy)
            continue;
        if (phy->shoreline_bps_per_m > 0) {
            const double need = link.lanes * link.rate_bps / phy->shoreline_bps_per_m;
            shorelineNeed[{link.from, link.phy}] += need;
            shorelineNeed[{link.to, link.phy}] += need;
        } else if (const auto overlap = verticalOverlap(d, lib, link.from, link.to)) {
            const double pads =
                overlap->pitch_m > 0 ? overlap->area_m2 / (overlap->pitch_m * overlap->pitch_m) : 0;
            out.add(p + "bond_pads", pads, "");
            out.add(p + "bond_pad_fraction", pads > 0 ? link.lanes / pads : 0, "");
            if (link.lanes > pads)
                out.diagnostics.push_back(
                    {"BW-0003",
                     Severity::Error,
                     "link \"" + link.id + "\" needs " + std::to_string(link.lanes) +
                         " signal bonds but the overlap of its tiers (" +
                         fmt(overlap->area_m2 * 1e6) + " mm² at " + fmt(overlap->pitch_m * 1e6) +
                         " µm pitch) holds " + fmt(pads, 6) + " pads",
                     {link.id},
                     "",
                     ""});
        }
    }
    if (!rows.empty())
        out.add("bandwidth.max_utilization", maxUtil, "");
    // Shoreline: the PHY sites the floorplan gives each PHY type (else the whole perimeter).
    std::map<std::string, double> usedFraction;
    for (const auto& [key, need] : shorelineNeed) {
        const auto& [dieId, phyId] = key;
        const auto ref = findDie(d, dieId);
        if (!ref)
            continue;
        const ResolvedDie die = resolveDie(ref->tier->die, d, lib);
        if (!die.type)
            continue;
        double available = 0;
        for (const PhySite& s : die.type->phys)
            if (s.phy == phyId)
                available += s.length_m;
        if (available <= 0)
            available = 2 * (die.width_m + die.height_m);
        const double f = need / available;
        usedFraction[dieId] = std::max(usedFraction[dieId], f);
        if (f > 1)
            out.diagnostics.push_back(
                {"BW-0002",
                 Severity::Error,
                 "die \"" + dieId + "\": its " + phyId + " links need " + fmt(need * 1e3) +
                     " mm of shoreline at the PHY's bandwidth density but the die gives " +
                     fmt(available * 1e3) + " mm",
                 {dieId},
                 "",
                 ""});
    }
    for (const auto& [die, f] : usedFraction)
        out.add("bandwidth.shoreline." + die + ".used_fraction", f, "");
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.peak > b.peak; });
    if (!rows.empty()) {
        std::string text = "bottlenecks (peak utilisation):";
        for (std::size_t i = 0; i < std::min<std::size_t>(3, rows.size()); ++i)
            text += (i ? ", " : " ") + rows[i].link + " " + fmt(100 * rows[i].peak) + " %";
        out.diagnostics.push_back({"BW-0100", Severity::Info, text, {rows[0].link}, "", ""});
    }
    Table t;
    t.name = "bandwidth.links";
    t.columns = {{"link", "", false}, {"utilization", "", true}, {"peak utilization", "", true}};
    for (const Row& r : rows) {
        t.text.push_back({r.link});
        t.numbers.push_back({r.utilization, r.peak});
    }
    out.tables.push_back(std::move(t));
}

} // namespace strata
