#pragma once
// Schema migrations for design files: a registry of "schema N -> N+1" steps applied in order
// on load, before the file is read into a Design. Every schema bump adds one step here and a
// test that loads a file in the old form.
#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <string>

namespace strata {

struct Migration {
    int from_schema = 0; // produces from_schema + 1
    std::string summary;
    // Rewrites the document in place; returns an empty string or what could not be migrated.
    std::function<std::string(nlohmann::ordered_json&)> apply;
};

const std::vector<Migration>& designMigrations();

// Applies every step from `schema` to kDesignSchema. Returns an empty string or the error.
std::string migrateDesignJson(nlohmann::ordered_json& doc, int schema);

} // namespace strata
