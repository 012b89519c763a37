#include "reliability/reliability_evaluator.h"

#include "model/geometry.h"
#include "reliability/ramp.h"

#include <map>

namespace strata {

namespace {
using namespace reliability;
constexpr double kC = 273.15;

// Share of its die's budget a heat source ("<die>.<block>" or "<die>.die") holds: its block's
// area over the die's floorplan area.
double shareOf(const std::string& block, const ChipletType* type) {
    if (!type || type->blocks.empty())
        return 1;
    double total = 0, mine = 0;
    for (const BlockSpec& b : type->blocks) {
        total += b.w_m * b.h_m;
        if (b.id == block)
            mine = b.w_m * b.h_m;
    }
    return total > 0 ? mine / total : 1;
}

void bumpFatigue(const EvalContext& ctx, const std::map<std::string, double>& dieMeanK,
                 EvalResult& out) {
    const ReliabilityInputs& in = ctx.design.reliability;
    if (!in.bump_exponent) {
        out.diagnostics.push_back(
            {"REL-0002",
             Severity::Info,
             "bump / micro-bump / TSV fatigue not evaluated: no sourced Coffin-Manson parameters "
             "exist to default (constants.md §7); give reliability.bump_exponent, "
             "bump_cycles_ref, bump_delta_t_ref_k, cycles_per_day and bump_source",
             {},
             "/reliability",
             ""});
        return;
    }
    if (!in.bump_cycles_ref || !in.bump_delta_t_ref_k || !in.cycles_per_day ||
        in.bump_source.empty()) {
        out.diagnostics.push_back({"REL-0003",
                                   Severity::Error,
                                   "bump fatigue needs reliability.bump_exponent, bump_cycles_ref, "
                                   "bump_delta_t_ref_k, cycles_per_day and bump_source (where "
                                   "the numbers come from)",
                                   {},
                                   "/reliability",
                                   ""});
        return;
    }
    const double q = *in.bump_exponent, nRef = *in.bump_cycles_ref;
    const double dtRef = *in.bump_delta_t_ref_k, perDay = *in.cycles_per_day;
    const double ambient = ctx.design.cooling.ambient_k;
    for (const auto& [die, meanK] : dieMeanK) {
        const double swing = meanK - ambient;
        if (swing <= 0)
            continue;
        const double cycles = nRef * std::pow(dtRef / swing, q);
        out.add("reliability.bump." + die + ".cycles_to_failure", cycles, "");
        out.add("reliability.bump." + die + ".life_years", cycles / perDay / 365.25, "years");
    }
}
} // namespace

void ReliabilityEvaluator::evaluate(const EvalContext& ctx, EvalResult& out) const {
    const EvalResult& up = ctx.upstream;
    if (!up.wasEvaluated("thermal") || !up.metric("thermal.tj_max_c")) {
        out.diagnostics.push_back({"REL-0001",
                                   Severity::Info,
                                   "no temperatures (thermal not evaluated or failed): lifetime "
                                   "not evaluated",
                                   {},
                                   "",
                                   ""});
        return;
    }
    std::map<std::string, const ChipletType*> typeOf;
    std::map<std::string, std::string> stackOf;
    for (const DieRef& ref : allDies(ctx.design)) {
        typeOf[ref.tier->die.id] = ctx.library.chiplet(ref.tier->die.type);
        stackOf[ref.tier->die.id] = ref.stack->id;
    }
    const double ambient = ctx.design.cooling.ambient_k;
    std::map<std::string, double> dieFit, stackFit, mechanismFit, dieMeanK;
    double worst = -1;
    std::string worstText;
    // Blocks past the stress-migration model's range (ramp.h), and the hottest of them.
    int pastSm = 0;
    double hottestPastSm = 0;
    std::string hottestPastSmBlock;
    const double smPeak = stressMigrationPeakK();
    const std::string prefix = "thermal.block.", suffix = ".mean_c";
    // The blocks' mean temperatures, gathered first: `up` is the result this evaluator adds to
    // (the pipeline's one EvalResult), so its metrics move while the loop below adds to it
    // (AddressSanitizer found the loop reading freed metrics when it iterated over them).
    std::vector<std::pair<std::string, double>> blockMeans;
    for (const Metric& m : up.metrics)
        if (m.name.rfind(prefix, 0) == 0 && m.name.size() > prefix.size() + suffix.size() &&
            m.name.compare(m.name.size() - suffix.size(), suffix.size(), suffix) == 0)
            blockMeans.emplace_back(
                m.name.substr(prefix.size(), m.name.size() - prefix.size() - suffix.size()),
                m.value);
    for (const auto& [source, meanC] : blockMeans) {
        // Die ids may contain dots: the longest die id that prefixes the source wins.
        std::string die;
        for (const auto& [id, type] : typeOf)
            if (source.rfind(id + ".", 0) == 0 && id.size() > die.size())
                die = id;
        if (die.empty())
            continue;
        const double tk = meanC + kC;
        if (tk > smPeak) {
            ++pastSm;
            if (tk > hottestPastSm)
                hottestPastSm = tk, hottestPastSmBlock = source;
        }
        const double share = shareOf(source.substr(die.size() + 1), typeOf[die]);
        double blockFit = 0;
        for (Mechanism mech : kMechanisms) {
            const double fit = structureFit(mech, tk, ambient, share);
            blockFit += fit;
            mechanismFit[mechanismName(mech)] += fit;
            out.add("reliability.block." + source + "." + mechanismName(mech) + "_fit", fit, "FIT");
            if (fit > worst) {
                worst = fit;
                worstText = std::string(mechanismName(mech)) + " in " + source + " at " +
                            formatNumber(meanC) + " °C";
            }
        }
        out.add("reliability.block." + source + ".fit", blockFit, "FIT");
        dieFit[die] += blockFit;
        stackFit[stackOf[die]] += blockFit;
        if (const Metric* mean = up.metric("thermal.die." + die + ".mean_c"))
            dieMeanK[die] = mean->value + kC;
    }
    double system = 0;
    for (const auto& [die, fit] : dieFit) {
        out.add("reliability.die." + die + ".fit", fit, "FIT");
        system += fit;
    }
    for (const auto& [stack, fit] : stackFit)
        out.add("reliability.stack." + stack + ".fit", fit, "FIT");
    for (const auto& [mech, fit] : mechanismFit)
        out.add("reliability.mechanism." + mech + "_fit", fit, "FIT");
    out.add("reliability.system_fit", system, "FIT");
    out.add("reliability.mttf_years", mttfYears(system), "years");
    if (worst >= 0)
        out.diagnostics.push_back(
            {"REL-0100",
             Severity::Info,
             "limiting mechanism: " + worstText + " (" + formatNumber(worst, 6) + " FIT)",
             {},
             "",
             ""});
    if (pastSm > 0)
        out.diagnostics.push_back(
            {"REL-0004",
             Severity::Warning,
             std::to_string(pastSm) + " block(s) run above " + formatNumber(smPeak - kC, 3) +
                 " °C (hottest: " + hottestPastSmBlock + " at " + formatNumber(hottestPastSm - kC) +
                 " °C), where RAMP's stress-migration model (MTTF ~ |500 K - T|^-2.5 "
                 "exp(0.9 eV/kT)) wears fastest and then predicts less wear the hotter they run "
                 "(none at 227 °C): their sm_fit, and the totals that include it, understate the "
                 "wear; bring the temperatures down before trusting the lifetime",
             {},
             "",
             ""});
    bumpFatigue(ctx, dieMeanK, out);
}

} // namespace strata
