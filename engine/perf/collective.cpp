#include "perf/collective.h"

#include <cmath>
#include <limits>

namespace strata::perf {

namespace {
struct Schedule {
    const char* algorithm;
    double steps, moved_bytes;
};

std::vector<Schedule> schedules(Collective kind, double bytes, int n) {
    const double share = (n - 1.0) / n;
    switch (kind) {
    case Collective::AllReduce: {
        const double depth = std::ceil(std::log2(n));
        return {{"ring", 2.0 * (n - 1), 2 * share * bytes}, {"tree", 2 * depth, 2 * bytes}};
    }
    case Collective::AllGather:
    case Collective::ReduceScatter:
        return {{"ring", n - 1.0, share * bytes}};
    case Collective::AllToAll:
        return {{"pairwise", n - 1.0, share * bytes}};
    case Collective::SendRecv:
        return {{"point-to-point", 1.0, bytes}};
    }
    return {};
}
} // namespace

const char* collectiveName(Collective kind) {
    switch (kind) {
    case Collective::AllReduce:
        return "all-reduce";
    case Collective::AllGather:
        return "all-gather";
    case Collective::ReduceScatter:
        return "reduce-scatter";
    case Collective::AllToAll:
        return "all-to-all";
    case Collective::SendRecv:
        return "send-recv";
    }
    return "";
}

CollectiveEstimate estimateCollective(Collective kind, double bytes, const Fabric& fabric) {
    CollectiveEstimate best;
    if (fabric.devices <= 1 || bytes <= 0)
        return best; // nothing to exchange
    best.time_s = std::numeric_limits<double>::infinity();
    if (fabric.device_Bps <= 0)
        return best;
    std::vector<CollectiveProtocol> protocols = fabric.protocols;
    if (protocols.empty())
        protocols.push_back({"ideal", 0, 1});
    for (const Schedule& s : schedules(kind, bytes, fabric.devices))
        for (const CollectiveProtocol& p : protocols) {
            const double t = s.steps * (p.step_latency_s + fabric.link_latency_s) +
                             s.moved_bytes / (p.bandwidth_fraction * fabric.device_Bps);
            if (t < best.time_s)
                best = {t, s.moved_bytes, s.algorithm, p.name};
        }
    return best;
}

} // namespace strata::perf
