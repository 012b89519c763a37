#pragma once
// Internal helpers for reading JSON files with errors that name the file, the JSON pointer and
// what was expected. Include only from .cpp files: it pulls in nlohmann/json.
#include "core/diagnostic.h"
#include "model/properties.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

using Json = nlohmann::ordered_json;

inline constexpr int kMaxJsonDepth = 64; // deeper nesting is refused before building a DOM

struct JsonContext {
    std::string file;
    std::vector<Diagnostic>* diags = nullptr;
    void report(Severity s, const std::string& code, const std::string& pointer,
                const std::string& message, std::vector<std::string> ids = {}) const;
    void error(const std::string& code, const std::string& pointer, const std::string& message,
               std::vector<std::string> ids = {}) const {
        report(Severity::Error, code, pointer, message, std::move(ids));
    }
};

std::string childPointer(const std::string& parent, std::string_view key);
std::string childPointer(const std::string& parent, std::size_t index);
const char* jsonTypeName(const Json& j);

// Parses text; on a syntax error, excessive nesting or invalid UTF-8 reports IO-0002/IO-0003
// with the line, column and JSON pointer where parsing stopped, and returns false.
bool parseJsonText(const std::string& text, Json& out, const JsonContext& ctx);

Value jsonToValue(const Json& j);
// True when the JSON value has the kind the property needs (null only for optional ones).
bool jsonTypeMatches(const PropertyInfo& info, const Json& j);
Json valueToJson(const Value& v);

// Expects `j` (at `pointer`) to be an object; reports IO-0007 otherwise.
bool expectObject(const Json& j, const std::string& pointer, const JsonContext& ctx,
                  const char* what);
bool expectArray(const Json& j, const std::string& pointer, const JsonContext& ctx,
                 const char* what);

// Reports IO-0010 for keys that are neither properties of T nor in `children`.
// Keys starting with "x_" are user extensions and are kept silent.
void reportUnknownKeys(const Json& obj, const std::string& pointer,
                       const std::vector<std::string>& known, const JsonContext& ctx);

// Reads every property of T present in `obj` (type- and range-checked), reports missing
// required ones, and unknown keys beyond `children`.
template <class T>
void readProperties(const Json& obj, const std::string& pointer, T& target, const JsonContext& ctx,
                    const std::vector<std::string>& children = {}) {
    std::vector<std::string> known = children;
    for (const Property<T>& p : propertiesOf<T>()) {
        known.push_back(p.info.name);
        const std::string ptr = childPointer(pointer, p.info.name);
        auto it = obj.find(p.info.name);
        if (it == obj.end()) {
            if (p.info.required)
                ctx.error("IO-0009", ptr,
                          "missing required key \"" + p.info.name + "\": expected " +
                              describeExpectation(p.info));
            continue;
        }
        if (!jsonTypeMatches(p.info, *it)) {
            ctx.error("IO-0007", ptr,
                      "expected " + describeExpectation(p.info) + ", got " + jsonTypeName(*it));
            continue;
        }
        Value v = jsonToValue(*it);
        const std::string problem = checkValue(p.info, v);
        if (!problem.empty()) {
            ctx.error("IO-0008", ptr, problem);
            continue;
        }
        p.set(target, v);
    }
    reportUnknownKeys(obj, pointer, known, ctx);
}

template <class T> void writeProperties(const T& source, Json& out) {
    for (const Property<T>& p : propertiesOf<T>()) {
        Value v = p.get(source);
        if (!std::holds_alternative<std::monostate>(v))
            out[p.info.name] = valueToJson(v);
    }
}

} // namespace strata
