// The example plugin (DESIGN.md § Plugins: the template for new ones): a `power_density`
// evaluator. Heat flux is the first thing a cooling engineer asks about a floorplan: W/cm² per
// block (hotspots), per die, and per stack over its footprint (what the heat sink sees under a 3D
// stack). It needs `power`, reads the die and block footprints Strata resolves in the request,
// and with the option power_density.limit_w_per_cm2 warns about every block above the limit.
//
// It depends on nothing of Strata but engine/plugin/strata_plugin.h (and nlohmann/json to read
// and write the JSON): copy this folder to start a plugin of your own.
#include "plugin/strata_plugin.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace {

using json = nlohmann::json;

constexpr double kSquareMetresPerSquareCentimetre = 1e-4;

double area(const json& r) {
    return (r.at("x_max_m").get<double>() - r.at("x_min_m").get<double>()) *
           (r.at("y_max_m").get<double>() - r.at("y_min_m").get<double>());
}

// The upstream metric `name` in W, or NaN when `power` did not produce it.
double watts(const json& metrics, const std::string& name) {
    const auto it = metrics.find(name);
    return it == metrics.end() ? std::nan("") : it->at("value").get<double>();
}

// "15.5" rather than std::to_string's "15.522793".
std::string shortNumber(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", v);
    return text;
}

json metric(const std::string& name, double watts, double squareMetres) {
    return {{"name", name},
            {"value", watts / (squareMetres / kSquareMetresPerSquareCentimetre)},
            {"unit", "W/cm²"}};
}

json powerDensity(const json& request) {
    const json& metrics = request.at("metrics");
    std::optional<double> limit;
    const json& options = request.at("options");
    if (const auto it = options.find("power_density.limit_w_per_cm2"); it != options.end()) {
        const std::string text = it->get<std::string>();
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !(v > 0) || !std::isfinite(v))
            throw std::invalid_argument("option power_density.limit_w_per_cm2 = \"" + text +
                                        "\": expected a positive number of W/cm²");
        limit = v;
    }
    json out{{"metrics", json::array()}, {"diagnostics", json::array()}};
    double maxBlock = 0, maxDie = 0;
    std::string hottestBlock;
    std::map<std::string, double> stackWatts, stackBase; // base: the bottom tier's footprint
    for (const json& die : request.at("dies")) {
        const std::string id = die.at("id").get<std::string>();
        const double dieArea = area(die);
        const double dieWatts = watts(metrics, "power.die." + id + ".total_w");
        if (!(dieArea > 0) || std::isnan(dieWatts))
            continue;
        out["metrics"].push_back(
            metric("power_density.die." + id + ".w_per_cm2", dieWatts, dieArea));
        maxDie = std::max(maxDie, dieWatts / dieArea * kSquareMetresPerSquareCentimetre);
        const std::string stack = die.at("stack").get<std::string>();
        stackWatts[stack] += dieWatts;
        if (die.at("tier").get<int>() == 0)
            stackBase[stack] = dieArea;
        for (const json& block : die.at("blocks")) {
            const std::string blockId = id + "." + block.at("id").get<std::string>();
            const double blockArea = area(block);
            const double blockWatts = watts(metrics, "power.block." + blockId + ".w");
            if (!(blockArea > 0) || std::isnan(blockWatts))
                continue; // a die driven by a power map has no block powers
            const json m =
                metric("power_density.block." + blockId + ".w_per_cm2", blockWatts, blockArea);
            const double density = m["value"].get<double>();
            if (density > maxBlock)
                maxBlock = density, hottestBlock = blockId;
            if (limit && density > *limit)
                out["diagnostics"].push_back(
                    {{"code", "PDN-0001"},
                     {"severity", "warning"},
                     {"message", "block " + blockId + " dissipates " + shortNumber(density) +
                                     " W/cm², above the limit of " + shortNumber(*limit) +
                                     " W/cm²"},
                     {"objects", json::array({id})}});
            out["metrics"].push_back(m);
        }
    }
    for (const auto& [stack, w] : stackWatts)
        if (stackBase.count(stack))
            out["metrics"].push_back(
                metric("power_density.stack." + stack + ".w_per_cm2", w, stackBase[stack]));
    out["metrics"].push_back(
        {{"name", "power_density.max_die_w_per_cm2"}, {"value", maxDie}, {"unit", "W/cm²"}});
    out["metrics"].push_back(
        {{"name", "power_density.max_block_w_per_cm2"}, {"value", maxBlock}, {"unit", "W/cm²"}});
    if (!hottestBlock.empty())
        out["diagnostics"].push_back(
            {{"code", "PDN-0100"},
             {"severity", "info"},
             {"message", "highest power density: block " + hottestBlock + ", " +
                             shortNumber(maxBlock) + " W/cm²"},
             {"objects", json::array({hottestBlock.substr(0, hottestBlock.find('.'))})}});
    return out;
}

// The C entry point: JSON in, JSON out, no exception crosses it.
int evaluatePowerDensity(const char* request, strata_emit_fn emit, void* sink) {
    try {
        emit(sink, powerDensity(json::parse(request)).dump().c_str());
        return 0;
    } catch (const std::exception& ex) {
        emit(sink, ex.what());
        return 1;
    }
}

const strata_evaluator_v1 kEvaluators[] = {
    {"power_density", "heat flux per block, die and stack in W/cm² (example plugin)", "power",
     &evaluatePowerDensity},
};

const strata_plugin_v1 kPlugin{"example_evaluator", "1.0.0",
                               sizeof(kEvaluators) / sizeof(kEvaluators[0]), kEvaluators};

} // namespace

extern "C" __attribute__((visibility("default"))) unsigned strata_plugin_abi(void) {
    return STRATA_PLUGIN_ABI;
}

extern "C" __attribute__((visibility("default"))) const strata_plugin_v1*
strata_plugin_describe(void) {
    return &kPlugin;
}
