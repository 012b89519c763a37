#include "cost/cost_evaluator.h"

#include "cost/package_cost.h"
#include "cost/tco.h"

namespace strata {

namespace {
// TCO from the package cost, the power evaluator's power and perf's decode throughput.
void addTco(const EvalContext& ctx, double packageUsd, EvalResult& out) {
    const Metric* power = ctx.upstream.metric("power.total_w");
    const Metric* tokens = ctx.upstream.metric("perf.tokens_per_s");
    if (!power) {
        out.diagnostics.push_back({"COST-0008",
                                   Severity::Info,
                                   "no power (power not evaluated): TCO not evaluated",
                                   {},
                                   "/tco",
                                   ""});
        return;
    }
    const TcoResult t =
        computeTco(ctx.design.tco, packageUsd, power->value, tokens ? tokens->value : 0);
    out.add("cost.capex_usd", t.capex_usd, "USD");
    out.add("cost.energy_usd_per_year", t.energy_usd_per_year, "USD/year");
    out.add("cost.tco_usd_per_year", t.tco_usd_per_year, "USD/year");
    if (t.usd_per_mtoken > 0)
        out.add("cost.usd_per_mtoken", t.usd_per_mtoken, "USD");
    // Say where the deployment assumptions come from when the design does not.
    const Tco defaults;
    const std::map<std::string, std::string>& prov = ctx.design.provenance;
    std::string unsourced;
    auto check = [&](const char* key, bool isDefault, const char* defaultSource) {
        if (prov.count(std::string("tco.") + key))
            return;
        unsourced += std::string("\n    tco.") + key + ": " +
                     (isDefault ? defaultSource : "set in the design without a source");
    };
    const Tco& t0 = ctx.design.tco;
    check("electricity_usd_per_kwh", t0.electricity_usd_per_j == defaults.electricity_usd_per_j,
          "default 0.08 USD/kWh, about the US average industrial price (US EIA, Electric Power "
          "Monthly, 2023)");
    check("pue", t0.pue == defaults.pue,
          "default 1.58, the average PUE of the Uptime Institute Global Data Center Survey 2023");
    check("lifetime_years", t0.lifetime_s == defaults.lifetime_s,
          "default 5 years straight-line (assumed)");
    check("utilization", t0.utilization == defaults.utilization,
          "default 1 (assumed: the workload runs all the time)");
    if (!unsourced.empty())
        out.diagnostics.push_back({"COST-0102",
                                   Severity::Info,
                                   "TCO uses these deployment assumptions (cite your own in the "
                                   "design's provenance):" +
                                       unsourced,
                                   {},
                                   "/tco",
                                   ""});
}
} // namespace

void CostEvaluator::evaluate(const EvalContext& ctx, EvalResult& out) const {
    const std::string modelName = ctx.options.get("cost.yield_model", "negative_binomial");
    const auto model = parseYieldModel(modelName);
    if (!model) {
        out.diagnostics.push_back({"COST-0006",
                                   Severity::Error,
                                   "unknown yield model \"" + modelName +
                                       "\": expected negative_binomial, poisson, murphy or seeds",
                                   {"cost.yield_model"},
                                   "",
                                   ""});
        return;
    }
    const PackageCost c = computePackageCost(ctx.design, ctx.library, *model, out.diagnostics);
    for (const DieCost& d : c.dies) {
        const std::string p = "cost.die." + d.die_id + ".";
        if (!d.purchased) {
            out.add(p + "yield", d.yield, "");
            out.add(p + "dies_per_wafer", d.dies_per_wafer, "");
        }
        out.add(p + "kgd_usd", d.kgd_usd, "USD");
    }
    for (const StackCost& s : c.stacks)
        if (s.bond_yield < 1)
            out.add("cost.stack." + s.stack_id + ".bond_yield", s.bond_yield, "");
    if (!c.ok)
        return;
    if (c.has_carrier) {
        out.add("cost.interposer_usd", c.carrier_usd, "USD");
        out.add("cost.interposer_yield", c.carrier_yield, "");
    }
    out.add("cost.substrate_usd", c.substrate_usd, "USD");
    out.add("cost.silicon_usd", c.silicon_usd, "USD");
    out.add("cost.assembly_yield", c.chip_bond_yield * c.attach_yield, "");
    out.add("cost.package_yield", c.package_yield, "");
    out.add("cost.yield_loss_usd", c.stacking_waste_usd + c.defect_package_usd + c.wasted_chips_usd,
            "USD");
    out.add("cost.assembly_usd", c.assembly_usd, "USD");
    out.add("cost.package_usd", c.package_usd, "USD");
    addTco(ctx, c.package_usd, out);

    const MonolithicComparison m = compareMonolithic(c, ctx.library, *model);
    if (m.applicable && m.dies_per_wafer >= 1) {
        out.add("cost.monolithic.area_mm2", m.area_m2 * 1e6, "mm²");
        out.add("cost.monolithic.yield", m.yield, "");
        out.add("cost.monolithic.kgd_usd", m.kgd_usd, "USD");
        out.add("cost.monolithic.chiplet_kgd_usd", m.chiplet_kgd_usd, "USD");
        out.add("cost.monolithic.saving_usd", m.kgd_usd - m.chiplet_kgd_usd, "USD");
        if (m.exceeds_reticle)
            out.diagnostics.push_back(
                {"COST-0007",
                 Severity::Info,
                 "the monolithic equivalent (" + formatNumber(m.area_m2 * 1e6, 6) +
                     " mm²) exceeds one reticle field and could not be made as one die",
                 {},
                 "",
                 ""});
    } else if (m.applicable) {
        out.diagnostics.push_back(
            {"COST-0007",
             Severity::Info,
             "the monolithic equivalent does not fit on a wafer; no comparison",
             {},
             "",
             ""});
    }
    if (!c.assumptions.empty()) {
        std::string list;
        for (const auto& a : c.assumptions)
            list += "\n    " + a;
        out.diagnostics.push_back(
            {"COST-0101",
             Severity::Info,
             "cost uses library values without a published source (replace them with "
             "quotes):" +
                 list,
             {},
             "",
             ""});
    }
}

} // namespace strata
