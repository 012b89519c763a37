#include "perf/sizing.h"

#include <sstream>

namespace strata::perf {

DieResources sizingDie(const SizingQuery& q) {
    DieResources d;
    d.type = q.chiplet;
    const double bandwidth = q.memory ? q.stacks * q.memory->bandwidth_Bps : 0.0;
    d.matrix = matrixDieOf(*q.chiplet, bandwidth);
    d.streaming = streamingDieOf(*q.chiplet, bandwidth);
    Fabric f;
    if (q.fabric_phy) {
        f.device_Bps =
            q.fabric_links * q.fabric_phy->lanes_per_module * q.fabric_phy->max_rate_bps / 8.0;
        f.link_latency_s = q.fabric_phy->latency_s;
        f.protocols = q.fabric_phy->collective_protocols;
    }
    d.fabrics["link"] = f;
    return d;
}

namespace {
bool meets(const SizingQuery& q, const PerfReport& r) {
    if (!r.ok)
        return false;
    if (q.target_tokens_per_s > 0)
        return r.tokens_per_s >= q.target_tokens_per_s;
    return r.ttft_s > 0 && r.ttft_s <= q.target_ttft_s;
}

std::string fmt(double v) {
    std::ostringstream s;
    s.precision(4);
    s << v;
    return s.str();
}
} // namespace

SizingAnswer sizeForTarget(const SizingQuery& q) {
    SizingAnswer a;
    const DieResources die = sizingDie(q);
    const double capacity = q.memory ? q.stacks * q.memory->capacity_bytes : 0.0;
    PerfRequest req = q.request;
    req.auto_search = true;
    req.objective = q.target_tokens_per_s > 0 ? "throughput" : "latency";
    if (q.target_tokens_per_s > 0 && req.phase != "decode")
        req.phase = "decode";
    GemmCache cache;
    auto run = [&](int n) {
        ++a.evaluations;
        return runPerf(req, die, capacity, n, cache);
    };
    int low = 0, high = 1; // `low` fails (0: none tried), `high` is the next count to try
    PerfReport atHigh;
    while (true) {
        atHigh = run(high);
        if (meets(q, atHigh))
            break;
        low = high;
        if (high >= q.max_dies) {
            a.report = atHigh;
            const bool fits = atHigh.ok;
            a.why = !fits ? "the workload does not fit on " + std::to_string(high) + " dies: " +
                                (atHigh.diagnostics.empty() ? std::string("no mapping")
                                                            : atHigh.diagnostics.back().message)
                    : q.target_tokens_per_s > 0
                        ? "with " + std::to_string(high) + " dies the best is " +
                              fmt(atHigh.tokens_per_s) + " tokens/s (TPOT " + fmt(atHigh.tpot_s) +
                              " s), short of " + fmt(q.target_tokens_per_s)
                        : "with " + std::to_string(high) + " dies the best TTFT is " +
                              fmt(atHigh.ttft_s) + " s, above the target " + fmt(q.target_ttft_s) +
                              " s (per-operator overheads and the "
                              "collectives do not shrink with more dies)";
            return a;
        }
        high = std::min(2 * high, q.max_dies);
    }
    // Bisect between the last failing and the first passing count.
    while (high - low > 1) {
        const int mid = (low + high) / 2;
        PerfReport r = run(mid);
        if (meets(q, r)) {
            high = mid;
            atHigh = std::move(r);
        } else {
            low = mid;
        }
    }
    a.found = true;
    a.dies = high;
    a.report = std::move(atHigh);
    return a;
}

} // namespace strata::perf
