#include "model/json_reader.h"

#include <algorithm>

namespace strata {

void JsonContext::report(Severity s, const std::string& code, const std::string& pointer,
                         const std::string& message, std::vector<std::string> ids) const {
    if (!diags)
        return;
    Diagnostic d;
    d.code = code;
    d.severity = s;
    d.message = message;
    d.object_ids = std::move(ids);
    d.pointer = pointer.empty() ? "/" : pointer;
    d.file = file;
    diags->push_back(std::move(d));
}

std::string childPointer(const std::string& parent, std::string_view key) {
    std::string out = parent == "/" ? "" : parent;
    out += '/';
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string childPointer(const std::string& parent, std::size_t index) {
    return (parent == "/" ? "" : parent) + "/" + std::to_string(index);
}

const char* jsonTypeName(const Json& j) {
    switch (j.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::object:
        return "an object";
    case Json::value_t::array:
        return "an array";
    case Json::value_t::string:
        return "a string";
    case Json::value_t::boolean:
        return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
        return "an integer";
    case Json::value_t::number_float:
        return "a number";
    default:
        return "an unsupported value";
    }
}

namespace {

// SAX pass that tracks the JSON pointer of the current position and the nesting depth, so a
// syntax error can say where it happened and deep nesting is refused before building a DOM.
class PathTracker : public nlohmann::json_sax<Json> {
public:
    std::string pointer() const {
        std::string p;
        for (const Frame& f : frames_) {
            if (f.is_array)
                p = childPointer(p, f.index);
            else if (f.has_key)
                p = childPointer(p, f.key);
        }
        return p.empty() ? "/" : p;
    }
    bool too_deep = false;
    std::string error;
    std::size_t error_byte = 0;

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override { return push(false); }
    bool key(string_t& k) override {
        frames_.back().key = k;
        frames_.back().has_key = true;
        return true;
    }
    bool end_object() override { return pop(); }
    bool start_array(std::size_t) override { return push(true); }
    bool end_array() override { return pop(); }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& ex) override {
        error = ex.what();
        error_byte = position;
        return false;
    }

private:
    struct Frame {
        bool is_array = false;
        std::size_t index = 0;
        bool started = false;
        std::string key;
        bool has_key = false;
    };
    std::vector<Frame> frames_;

    void advance() {
        if (!frames_.empty() && frames_.back().is_array) {
            if (frames_.back().started)
                ++frames_.back().index;
            frames_.back().started = true;
        }
    }
    bool value() {
        advance();
        return true;
    }
    bool push(bool is_array) {
        advance();
        if (frames_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) {
            too_deep = true;
            return false;
        }
        frames_.push_back(Frame{is_array, 0, false, {}, false});
        return true;
    }
    bool pop() {
        frames_.pop_back();
        return true;
    }
};

void lineColumn(const std::string& text, std::size_t byte, std::size_t& line, std::size_t& column) {
    line = 1;
    column = 1;
    const std::size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1, ...: ";
// keep the explanation and say what a design file needs there.
std::string explainParseError(const std::string& what) {
    if (what.find("number overflow") != std::string::npos)
        return "number out of range: expected a finite number (magnitude below 1.8e308)";
    const auto pos = what.find(" - ");
    std::string msg = pos == std::string::npos ? what : what.substr(pos + 3);
    if (msg.find("invalid literal") != std::string::npos)
        msg += "; expected a JSON value (NaN, Infinity, comments and bare words are not JSON)";
    else if (msg.find("missing closing quote") != std::string::npos)
        msg += "; expected the string to end (file truncated?)";
    else if (msg.find("invalid string") != std::string::npos)
        msg += "; expected UTF-8 text";
    else if (msg.find("expected") == std::string::npos)
        msg += "; expected well-formed JSON";
    return msg;
}

} // namespace

bool parseJsonText(const std::string& text, Json& out, const JsonContext& ctx) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        ctx.error("IO-0002", "/", "file is empty: expected a JSON object");
        return false;
    }
    PathTracker tracker;
    const bool ok =
        Json::sax_parse(text, &tracker, nlohmann::detail::input_format_t::json, true, false);
    if (tracker.too_deep) {
        ctx.error("IO-0003", tracker.pointer(),
                  "nesting deeper than " + std::to_string(kMaxJsonDepth) +
                      " levels: expected a design file");
        return false;
    }
    if (!ok) {
        std::size_t line = 0, column = 0;
        lineColumn(text, tracker.error_byte, line, column);
        ctx.error("IO-0002", tracker.pointer(),
                  "invalid JSON at line " + std::to_string(line) + ", column " +
                      std::to_string(column) + ": " + explainParseError(tracker.error));
        return false;
    }
    try {
        out = Json::parse(text);
    } catch (const std::exception& ex) { // the SAX pass accepted it, so this is unexpected
        ctx.error("IO-0002", "/", std::string("invalid JSON: ") + ex.what());
        return false;
    }
    return true;
}

Value jsonToValue(const Json& j) {
    switch (j.type()) {
    case Json::value_t::boolean:
        return j.get<bool>();
    case Json::value_t::number_integer:
        return static_cast<std::int64_t>(j.get<std::int64_t>());
    case Json::value_t::number_unsigned: {
        const auto u = j.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return static_cast<double>(u);
        return static_cast<std::int64_t>(u);
    }
    case Json::value_t::number_float:
        return j.get<double>();
    case Json::value_t::string:
        return j.get<std::string>();
    default: // null, objects and arrays carry no value; callers check jsonTypeMatches first
        return std::monostate{};
    }
}

bool jsonTypeMatches(const PropertyInfo& info, const Json& j) {
    if (j.is_null())
        return info.optional;
    switch (info.type) {
    case PropType::Number:
    case PropType::Integer:
        return j.is_number();
    case PropType::Boolean:
        return j.is_boolean();
    case PropType::String:
    case PropType::Enum:
        return j.is_string();
    }
    return false;
}

Json valueToJson(const Value& v) {
    struct Visitor {
        Json operator()(std::monostate) const { return nullptr; }
        Json operator()(bool b) const { return b; }
        Json operator()(std::int64_t i) const { return i; }
        Json operator()(double d) const { return d; }
        Json operator()(const std::string& s) const { return s; }
    };
    return std::visit(Visitor{}, v);
}

bool expectObject(const Json& j, const std::string& pointer, const JsonContext& ctx,
                  const char* what) {
    if (j.is_object())
        return true;
    ctx.error("IO-0007", pointer,
              std::string("expected ") + what + " (a JSON object), got " + jsonTypeName(j));
    return false;
}

bool expectArray(const Json& j, const std::string& pointer, const JsonContext& ctx,
                 const char* what) {
    if (j.is_array())
        return true;
    ctx.error("IO-0007", pointer,
              std::string("expected ") + what + " (a JSON array), got " + jsonTypeName(j));
    return false;
}

void reportUnknownKeys(const Json& obj, const std::string& pointer,
                       const std::vector<std::string>& known, const JsonContext& ctx) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string& k = it.key();
        if (k.rfind("x_", 0) == 0 || std::find(known.begin(), known.end(), k) != known.end())
            continue;
        std::string list;
        for (const auto& kk : known) {
            if (!list.empty())
                list += ", ";
            list += kk;
        }
        std::string message = "unknown key \"";
        message.append(k)
            .append("\": expected one of ")
            .append(list)
            .append(" (or an x_ extension key)");
        ctx.error("IO-0010", childPointer(pointer, k), message);
    }
}

} // namespace strata
