#include "model/design_diff.h"

#include "model/design_io.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace strata {

namespace {

using Json = nlohmann::ordered_json;

// Short enough for one line of a table: long arrays and objects are summarised by their size.
std::string compactText(const Json& j) {
    if (j.is_number_float()) { // 45, not 45.0; all the digits a double needs
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.15g", j.get<double>());
        return buffer;
    }
    std::string text = j.dump();
    if (text.size() <= 60)
        return text;
    if (j.is_array())
        return "[" + std::to_string(j.size()) + " values]";
    if (j.is_object())
        return "{" + std::to_string(j.size()) + " keys}";
    return text.substr(0, 57) + "...";
}

// The key that identifies an element of `a` and `b` (all objects with a string under it), or ""
// when they are matched by position.
std::string identityKey(const Json& a, const Json& b) {
    for (const char* key : {"id", "name"}) {
        bool all = !(a.empty() && b.empty());
        for (const Json* arr : {&a, &b})
            for (const Json& e : *arr)
                all = all && e.is_object() && e.contains(key) && e[key].is_string();
        if (all)
            return key;
    }
    return "";
}

class Differ {
public:
    std::vector<DesignChange> changes;

    void compare(const Json& a, const Json& b, const std::string& path) {
        if (a == b)
            return;
        if (a.is_object() && b.is_object())
            return compareObjects(a, b, path);
        if (a.is_array() && b.is_array() && containsObjects(a, b))
            return compareArrays(a, b, path);
        changes.push_back({DesignChange::Kind::Changed, path, compactText(a), compactText(b)});
    }

private:
    static bool containsObjects(const Json& a, const Json& b) {
        for (const Json* arr : {&a, &b})
            for (const Json& e : *arr)
                if (e.is_object())
                    return true;
        return false;
    }

    void added(const std::string& path, const Json& value) {
        changes.push_back({DesignChange::Kind::Added, path, "", compactText(value)});
    }
    void removed(const std::string& path, const Json& value) {
        changes.push_back({DesignChange::Kind::Removed, path, compactText(value), ""});
    }

    void compareObjects(const Json& a, const Json& b, const std::string& path) {
        const std::string prefix = path.empty() ? "" : path + ".";
        for (const auto& [key, value] : a.items()) {
            if (const auto it = b.find(key); it != b.end())
                compare(value, *it, prefix + key);
            else
                removed(prefix + key, value);
        }
        for (const auto& [key, value] : b.items())
            if (!a.contains(key))
                added(prefix + key, value);
    }

    void compareArrays(const Json& a, const Json& b, const std::string& path) {
        const std::string key = identityKey(a, b);
        if (key.empty()) { // by position
            for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
                const std::string at = path + "[" + std::to_string(i) + "]";
                if (i >= b.size())
                    removed(at, a[i]);
                else if (i >= a.size())
                    added(at, b[i]);
                else
                    compare(a[i], b[i], at);
            }
            return;
        }
        auto find = [&key](const Json& arr, const Json& id) -> const Json* {
            for (const Json& e : arr)
                if (e[key] == id)
                    return &e;
            return nullptr;
        };
        for (const Json& e : a) {
            const std::string at = path + "[" + e[key].get<std::string>() + "]";
            if (const Json* other = find(b, e[key]))
                compare(e, *other, at);
            else
                removed(at, e);
        }
        for (const Json& e : b)
            if (!find(a, e[key]))
                added(path + "[" + e[key].get<std::string>() + "]", e);
    }
};

} // namespace

std::vector<DesignChange> diffDesigns(const Design& before, const Design& after) {
    Differ differ;
    differ.compare(Json::parse(designToJsonText(before)), Json::parse(designToJsonText(after)), "");
    return std::move(differ.changes);
}

std::string describe(const DesignChange& change) {
    switch (change.kind) {
    case DesignChange::Kind::Added:
        return change.path + " added: " + change.after;
    case DesignChange::Kind::Removed:
        return change.path + " removed (was " + change.before + ")";
    case DesignChange::Kind::Changed:
        break;
    }
    return change.path + ": " + change.before + " -> " + change.after;
}

} // namespace strata
