#pragma once
// Property descriptors: each scalar field of each model type is declared once here, with its
// key (unit in the suffix), type, range, default, group and doc. JSON I/O, property paths
// (get/set from Lua, sweeps, the CLI) and the GUI inspector are all driven by these tables,
// so a field added here is readable, writable, validated and editable everywhere.
#include "model/design.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <variant>
#include <vector>

namespace strata {

// A property value as users see it: numbers in the key's unit (GHz for frequency_ghz).
// monostate = unset (an optional override that inherits from the chiplet type).
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

enum class PropType { Number, Integer, Boolean, String, Enum };

struct PropertyInfo {
    std::string name; // JSON key and path segment, e.g. "frequency_ghz"
    PropType type = PropType::Number;
    double min = -std::numeric_limits<double>::infinity(); // in the key's unit
    double max = std::numeric_limits<double>::infinity();
    bool min_exclusive = false; // (min, max] instead of [min, max]
    bool optional = false;      // may be unset
    bool required = false;      // must be present in a file
    Value default_value;
    std::string group; // inspector group ("Geometry", "Electrical", ...)
    std::string doc;
    std::vector<std::string> choices; // for Enum
    std::string range_note; // appended to an out-of-range error: what the bound means physically
    std::string unitLabel() const; // from the key suffix ("GHz")
};

template <class T> struct Property {
    PropertyInfo info;
    std::function<Value(const T&)> get;
    std::function<void(T&, const Value&)> set; // receives a checked value
};

// Per-type tables (explicitly specialised in properties.cpp).
template <class T> const std::vector<Property<T>>& propertiesOf();

template <class T> const Property<T>* findProperty(const std::string& name) {
    for (const Property<T>& p : propertiesOf<T>())
        if (p.info.name == name)
            return &p;
    return nullptr;
}

// Checks a value against a descriptor and normalises it (integral doubles to integers,
// integers to doubles for Number). Returns an empty string when valid, else what was expected.
std::string checkValue(const PropertyInfo& info, Value& v);

// "expected a number in mm, > 0" — the human description of what a property accepts.
std::string describeExpectation(const PropertyInfo& info);

std::string toString(const Value& v);

} // namespace strata
