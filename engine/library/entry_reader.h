#pragma once
// Reads the fields of one library entry, converting "<name>_<unit>" keys to SI and reporting
// wrong types, out-of-range values, missing required keys and unknown keys (IO-0007..0009).
#include "core/units.h"
#include "library/library.h"
#include "model/json_reader.h"

#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace strata {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

class EntryReader {
public:
    EntryReader(const Json& obj, std::string ptr, const JsonContext& ctx)
        : obj_(obj), ptr_(std::move(ptr)), ctx_(ctx) {}

    double number(const std::string& key, double fallback, bool required, double min = 0,
                  double max = kInf, bool minExclusive = true) {
        const Json* j = find(key, required, "a number");
        if (!j)
            return fallback;
        const UnitInfo u = unitForKey(key);
        if (!j->is_number()) {
            typeError(key, "a number" + unitText(u), *j);
            return fallback;
        }
        const double v = j->get<double>();
        const bool low = minExclusive ? !(v > min) : !(v >= min);
        if (!std::isfinite(v) || low || !(v <= max)) {
            ctx_.error("IO-0008", childPointer(ptr_, key),
                       "expected a finite number" + unitText(u) + (minExclusive ? " > " : " >= ") +
                           fmt(min) + (std::isfinite(max) ? " and <= " + fmt(max) : "") + ", got " +
                           j->dump());
            return fallback;
        }
        return u.toSI(v);
    }
    std::optional<double> optionalNumber(const std::string& key, double min = 0, double max = kInf,
                                         bool minExclusive = true) {
        if (obj_.find(key) == obj_.end() || obj_.at(key).is_null()) {
            used_.insert(key);
            return std::nullopt;
        }
        return number(key, 0, true, min, max, minExclusive);
    }
    int integer(const std::string& key, int fallback, bool required, int min = 0,
                int max = 1 << 30) {
        const Json* j = find(key, required, "an integer");
        if (!j)
            return fallback;
        if (!j->is_number_integer() || j->get<std::int64_t>() < min ||
            j->get<std::int64_t>() > max) {
            ctx_.error(j->is_number_integer() ? "IO-0008" : "IO-0007", childPointer(ptr_, key),
                       "expected an integer from " + std::to_string(min) + " to " +
                           std::to_string(max) + ", got " + j->dump());
            return fallback;
        }
        return static_cast<int>(j->get<std::int64_t>());
    }
    std::string text(const std::string& key, bool required, std::string fallback = {}) {
        const Json* j = find(key, required, "a string");
        if (!j)
            return fallback;
        if (!j->is_string()) {
            typeError(key, "a string", *j);
            return fallback;
        }
        return j->get<std::string>();
    }
    bool boolean(const std::string& key, bool fallback) {
        const Json* j = find(key, false, "true or false");
        if (!j)
            return fallback;
        if (!j->is_boolean()) {
            typeError(key, "true or false", *j);
            return fallback;
        }
        return j->get<bool>();
    }
    std::vector<std::string> strings(const std::string& key) {
        std::vector<std::string> out;
        const Json* j = find(key, false, "a list of strings");
        if (!j)
            return out;
        if (!j->is_array()) {
            typeError(key, "a list of strings", *j);
            return out;
        }
        for (std::size_t i = 0; i < j->size(); ++i) {
            if ((*j)[i].is_string())
                out.push_back((*j)[i].get<std::string>());
            else
                ctx_.error("IO-0007", childPointer(childPointer(ptr_, key), i),
                           std::string("expected a string, got ") + jsonTypeName((*j)[i]));
        }
        return out;
    }
    // Child array/object; marks the key as known.
    const Json* child(const std::string& key) {
        used_.insert(key);
        auto it = obj_.find(key);
        return it == obj_.end() ? nullptr : &*it;
    }
    std::string pointerOf(const std::string& key) const { return childPointer(ptr_, key); }

    Provenance provenance(const std::string& file) {
        Provenance p;
        p.file = file;
        p.source = text("source", true);
        if (p.source.find_first_not_of(" \t") == std::string::npos && obj_.contains("source"))
            ctx_.error("LIB-0002", pointerOf("source"),
                       "empty source: every library number must cite where it comes from");
        p.assumed = strings("assumed");
        for (const std::string& f : p.assumed)
            if (!obj_.contains(f))
                ctx_.error("LIB-0005", pointerOf("assumed"),
                           "\"" + f + "\" is listed as assumed but is not a field here");
        return p;
    }

    void finish() {
        std::vector<std::string> known(used_.begin(), used_.end());
        reportUnknownKeys(obj_, ptr_, known, ctx_);
    }

private:
    const Json& obj_;
    std::string ptr_;
    const JsonContext& ctx_;
    std::set<std::string> used_;

    const Json* find(const std::string& key, bool required, const std::string& what) {
        used_.insert(key);
        auto it = obj_.find(key);
        if (it == obj_.end()) {
            if (required)
                ctx_.error("IO-0009", childPointer(ptr_, key),
                           "missing required key \"" + key + "\": expected " + what);
            return nullptr;
        }
        return &*it;
    }
    void typeError(const std::string& key, const std::string& what, const Json& got) {
        ctx_.error("IO-0007", childPointer(ptr_, key),
                   "expected " + what + ", got " + jsonTypeName(got));
    }
    static std::string unitText(const UnitInfo& u) {
        return u.label.empty() ? "" : " in " + std::string(u.label);
    }
    static std::string fmt(double v) {
        std::string s = std::to_string(v);
        s.erase(s.find_last_not_of('0') + 1);
        if (!s.empty() && s.back() == '.')
            s.pop_back();
        return s;
    }
};

} // namespace strata
