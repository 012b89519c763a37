#pragma once
// Collectives among compute dies (DESIGN.md § Performance). A collective over n devices runs as a
// ring (2(n-1) steps for all-reduce, each moving bytes/n) or a binary tree (2 log2 n steps, each
// moving the whole buffer, pipelined), with the faster chosen:
//   t = steps * (step latency + link latency) + moved bytes / (bandwidth fraction * bandwidth)
// The communication library picks among protocols (e.g. NCCL's LL, LL128 and Simple) that trade
// per-step latency for achievable bandwidth; each protocol's latency and bandwidth fraction is a
// property of the interconnect (its PHY type), calibrated once; the fastest applies per size.
#include "library/library.h"

#include <string>
#include <vector>

namespace strata::perf {

struct Fabric {
    int devices = 1;
    double device_Bps = 0; // per device and direction, summed over its links
    double link_latency_s = 0;
    std::vector<CollectiveProtocol> protocols; // empty: one ideal protocol
};

enum class Collective { AllReduce, AllGather, ReduceScatter, AllToAll, SendRecv };

struct CollectiveEstimate {
    double time_s = 0;
    double moved_bytes = 0; // per device
    std::string algorithm, protocol;
};

// `bytes` is the buffer per device (the full result for all-gather, the input for the others).
CollectiveEstimate estimateCollective(Collective kind, double bytes, const Fabric& fabric);

const char* collectiveName(Collective kind);

} // namespace strata::perf
