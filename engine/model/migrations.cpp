#include "model/migrations.h"

#include "model/design.h"

#include <nlohmann/json.hpp>

namespace strata {

namespace {

using Json = nlohmann::ordered_json;

// Schema 0 (the pre-release format) stored sizes and positions as pairs ("size_mm": [w, h],
// "pos_mm": [x, y]) and the sink as "r_sink_k_w". Schema 1 names every scalar on its own.
std::string migrate0to1(Json& doc) {
    auto splitPair = [](Json& obj, const char* from, const char* kx,
                        const char* ky) -> std::string {
        auto it = obj.find(from);
        if (it == obj.end())
            return {};
        if (!it->is_array() || it->size() != 2 || !(*it)[0].is_number() || !(*it)[1].is_number())
            return std::string("\"") + from + "\" must be a pair of numbers";
        const Json x = (*it)[0], y = (*it)[1]; // copy first: inserting invalidates `it`
        obj.erase(from);
        obj[kx] = x;
        obj[ky] = y;
        return {};
    };
    if (auto pkg = doc.find("package"); pkg != doc.end() && pkg->is_object())
        if (auto err = splitPair(*pkg, "size_mm", "width_mm", "height_mm"); !err.empty())
            return "package: " + err;
    if (auto stacks = doc.find("stacks"); stacks != doc.end() && stacks->is_array()) {
        for (Json& s : *stacks) {
            if (!s.is_object())
                continue;
            if (auto err = splitPair(s, "pos_mm", "x_mm", "y_mm"); !err.empty())
                return "stack: " + err;
            if (auto tiers = s.find("tiers"); tiers != s.end() && tiers->is_array())
                for (Json& t : *tiers)
                    if (t.is_object())
                        if (auto die = t.find("die"); die != t.end() && die->is_object())
                            if (auto err = splitPair(*die, "size_mm", "width_mm", "height_mm");
                                !err.empty())
                                return "die: " + err;
        }
    }
    if (auto cool = doc.find("cooling"); cool != doc.end() && cool->is_object()) {
        if (auto r = cool->find("r_sink_k_w"); r != cool->end()) {
            const Json value = *r;
            cool->erase("r_sink_k_w");
            (*cool)["r_k_w"] = value;
        }
    }
    return {};
}

} // namespace

const std::vector<Migration>& designMigrations() {
    static const std::vector<Migration> steps{
        {0, "split size/position pairs into named keys; r_sink_k_w -> r_k_w", migrate0to1},
    };
    return steps;
}

std::string migrateDesignJson(Json& doc, int schema) {
    for (int s = schema; s < kDesignSchema; ++s) {
        const Migration* step = nullptr;
        for (const Migration& m : designMigrations())
            if (m.from_schema == s)
                step = &m;
        if (!step)
            return "no migration from schema " + std::to_string(s) + " to " + std::to_string(s + 1);
        if (std::string err = step->apply(doc); !err.empty())
            return "migrating schema " + std::to_string(s) + " to " + std::to_string(s + 1) + ": " +
                   err;
        doc["schema"] = s + 1;
    }
    return {};
}

} // namespace strata
