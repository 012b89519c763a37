// strata-cli size: the reverse performance query (perf/sizing.h) — how many dies of a chiplet
// type a workload needs to reach a decode throughput or a time to first token.
#include "cli/cli_support.h"
#include "cli/exit_codes.h"
#include "perf/sizing.h"

#include <cstdlib>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace strata::cli {

namespace {
bool positiveNumber(const Args& a, const std::string& key, double fallback, double& out, Io io) {
    const std::string text = a.value(key);
    if (text.empty()) {
        out = fallback;
        return true;
    }
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !(out > 0)) {
        usageError(io, "size", "--" + key + " expects a positive number, got \"" + text + "\"");
        return false;
    }
    return true;
}

std::string ids(const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& id : v)
        s += (s.empty() ? "" : ", ") + id;
    return s;
}
} // namespace

int runSize(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(argv,
                             {"library", "workload", "chiplet", "target-tokens-per-s",
                              "target-ttft-s", "memory", "stacks", "fabric", "links", "precision",
                              "batch", "prompt", "context", "max-dies"},
                             {"help"});
    if (a.has("help")) {
        io.out << helpText("size");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "size", a.error);
    Library lib;
    if (!loadLibraryFor(a, io, lib))
        return kExitBadInput;

    std::vector<std::string> known;
    const WorkloadSpec* w = lib.workload(a.value("workload"));
    if (!w) {
        for (const WorkloadSpec& s : lib.workloads)
            known.push_back(s.id);
        return usageError(io, "size",
                          (a.value("workload").empty()
                               ? std::string("--workload is required")
                               : "unknown workload \"" + a.value("workload") + "\"") +
                              "; expected one of " + ids(known));
    }
    const ChipletType* chip = lib.chiplet(a.value("chiplet"));
    if (!chip || !chip->compute) {
        known.clear();
        for (const ChipletType& c : lib.chiplets)
            if (c.compute)
                known.push_back(c.id);
        return usageError(io, "size",
                          (a.value("chiplet").empty()
                               ? std::string("--chiplet is required")
                               : "\"" + a.value("chiplet") + "\" is not a compute chiplet type") +
                              "; expected one of " + ids(known));
    }
    perf::SizingQuery q;
    q.chiplet = chip;
    if (!positiveNumber(a, "target-tokens-per-s", 0, q.target_tokens_per_s, io) ||
        !positiveNumber(a, "target-ttft-s", 0, q.target_ttft_s, io))
        return kExitBadInput;
    if ((q.target_tokens_per_s > 0) == (q.target_ttft_s > 0))
        return usageError(io, "size",
                          "give exactly one of --target-tokens-per-s and "
                          "--target-ttft-s");
    const ComputeSpec& cs = *chip->compute;
    q.memory = lib.memory(a.value("memory", cs.attached_memory));
    if (!q.memory)
        return usageError(io, "size",
                          "the chiplet type names no attached memory: give --memory ID (see "
                          "'strata-cli list memories') and --stacks N");
    double stacks = 0, links = 0, batch = 0, prompt = 0, context = 0, maxDies = 0;
    if (!positiveNumber(a, "stacks", cs.attached_stacks, stacks, io) ||
        !positiveNumber(a, "links", cs.fabric_links, links, io) ||
        !positiveNumber(a, "batch", 8, batch, io) ||
        !positiveNumber(a, "prompt", 2048, prompt, io) ||
        !positiveNumber(a, "context", 2048, context, io) ||
        !positiveNumber(a, "max-dies", 4096, maxDies, io))
        return kExitBadInput;
    if (stacks <= 0)
        return usageError(io, "size", "--stacks is required for this chiplet type");
    q.stacks = static_cast<int>(stacks);
    q.fabric_phy = lib.phy(a.value("fabric", cs.fabric_phy));
    q.fabric_links = static_cast<int>(links);
    q.max_dies = static_cast<int>(maxDies);
    const std::string precision = a.value("precision", "bf16");
    if (perf::bytesOf(precision) <= 0)
        return usageError(io, "size",
                          "--precision expects fp32, bf16, fp16, fp8, int8 or int4, "
                          "got \"" +
                              precision + "\"");
    q.request.workload = w;
    q.request.phase = q.target_tokens_per_s > 0 ? "decode" : "prefill";
    q.request.precision = perf::precisionOf(precision, "", "", *chip);
    q.request.prefill_batch = q.request.decode_batch = batch;
    q.request.prefill_seq = prompt;
    q.request.decode_context = context;

    const perf::SizingAnswer ans = perf::sizeForTarget(q);
    io.out << "Workload " << w->id << " in " << precision << " on " << chip->id
           << " dies, each with " << q.stacks << " x " << q.memory->id << " ("
           << q.stacks * q.memory->capacity_bytes / 1e9 << " GB, "
           << q.stacks * q.memory->bandwidth_Bps / 1e12 << " TB/s)";
    if (q.fabric_phy)
        io.out << " and " << q.fabric_links << " x " << q.fabric_phy->id;
    io.out << "\nBatch " << batch << " per replica, prompt " << prompt << ", context " << context
           << "\n";
    if (!ans.found) {
        io.out << "No number of dies up to " << q.max_dies << " meets the target: " << ans.why
               << "\n";
        return kExitRuleFailure;
    }
    const perf::PerfReport& r = ans.report;
    io.out << "Smallest system: " << ans.dies << " dies (tp " << r.par.tp << " x pp " << r.par.pp
           << " x dp " << r.par.dp << (r.par.ep > 1 ? " x ep " + std::to_string(r.par.ep) : "")
           << (r.par.dies() < ans.dies ? ", " + std::to_string(ans.dies - r.par.dies()) + " idle"
                                       : "")
           << ")\n";
    if (r.tokens_per_s > 0)
        io.out << "  decode: " << r.tokens_per_s << " tokens/s, TPOT " << r.tpot_s * 1e3 << " ms\n";
    if (r.ttft_s > 0)
        io.out << "  prefill: TTFT " << r.ttft_s << " s\n";
    io.out << "  memory per die: " << r.footprint.total() / 1e9 << " GB of "
           << r.capacity_bytes / 1e9 << " GB\n"
           << "(" << ans.evaluations << " system sizes evaluated)\n";
    return kExitOk;
}

} // namespace strata::cli
