#include "model/property_path.h"

#include <charconv>
#include <variant>

namespace strata {

namespace {

using Node = std::variant<Design*, Technology*, Package*, PackageLayer*, Stack*, Tier*, Die*, Bond*,
                          Link*, Cooling*, Workload*, Mapping*, Rule*, Tco*, ReliabilityInputs*>;

struct Segment {
    std::string name;
    std::string key;
    bool has_key = false;
};

std::string parseSegments(const std::string& path, std::vector<Segment>& out) {
    std::size_t i = 0;
    while (i <= path.size()) {
        Segment s;
        while (i < path.size() && path[i] != '.' && path[i] != '[')
            s.name += path[i++];
        if (s.name.empty())
            return "empty name at character " + std::to_string(i + 1);
        if (i < path.size() && path[i] == '[') {
            const std::size_t close = path.find(']', i);
            if (close == std::string::npos)
                return "missing ']' after \"" + s.name + "[\"";
            s.key = path.substr(i + 1, close - i - 1);
            s.has_key = true;
            i = close + 1;
        }
        out.push_back(s);
        if (i == path.size())
            return {};
        if (path[i] != '.')
            return "expected '.' at character " + std::to_string(i + 1);
        ++i;
    }
    return {};
}

bool parseIndex(const std::string& key, std::size_t& index) {
    const char* end = key.data() + key.size();
    auto [p, ec] = std::from_chars(key.data(), end, index);
    return ec == std::errc{} && p == end && !key.empty();
}

// Finds an element by id (or name) first, then by position.
template <class T, class IdOf>
T* pick(std::vector<T>& items, const Segment& seg, IdOf idOf, std::string& error,
        const char* what) {
    if (!seg.has_key) {
        error = std::string("\"") + seg.name + "\" needs an index or id, e.g. " + seg.name + "[0]";
        return nullptr;
    }
    for (T& t : items)
        if (idOf(t) == seg.key)
            return &t;
    std::size_t index = 0;
    if (parseIndex(seg.key, index) && index < items.size())
        return &items[index];
    error = std::string("no ") + what + " \"" + seg.key + "\" (there are " +
            std::to_string(items.size()) + ")";
    return nullptr;
}

template <class T> std::string propertyNames() {
    std::string out;
    for (const auto& p : propertiesOf<T>())
        out += (out.empty() ? "" : ", ") + p.info.name;
    return out;
}

struct Step {
    Node& node;
    const Segment& seg;
    std::string& error;

    bool noKey() {
        if (seg.has_key)
            error = "\"" + seg.name + "\" is not a list";
        return !seg.has_key;
    }
    bool operator()(Design* d) {
        if (seg.name == "stacks") {
            if (Stack* s = pick(
                    d->stacks, seg, [](const Stack& x) { return x.id; }, error, "stack"))
                return node = s, true;
        } else if (seg.name == "links") {
            if (Link* l = pick(
                    d->links, seg, [](const Link& x) { return x.id; }, error, "link"))
                return node = l, true;
        } else if (seg.name == "rules") {
            if (Rule* r = pick(
                    d->rules, seg, [](const Rule& x) { return x.metric; }, error, "rule"))
                return node = r, true;
        } else if (seg.name == "package" && noKey()) {
            return node = &d->package, true;
        } else if (seg.name == "technology" && noKey()) {
            return node = &d->technology, true;
        } else if (seg.name == "cooling" && noKey()) {
            return node = &d->cooling, true;
        } else if (seg.name == "tco" && noKey()) {
            return node = &d->tco, true;
        } else if (seg.name == "reliability" && noKey()) {
            return node = &d->reliability, true;
        } else if (seg.name == "workload" && noKey()) {
            if (!d->workload) {
                error = "the design has no workload";
                return false;
            }
            return node = &*d->workload, true;
        } else if (error.empty()) {
            error = "unknown part \"" + seg.name +
                    "\" of a design: expected stacks[..], links[..], rules[..], package, "
                    "technology, cooling, tco, reliability, "
                    "workload or one of " +
                    propertyNames<Design>();
        }
        return false;
    }
    bool operator()(Package* p) {
        if (seg.name == "layers")
            if (PackageLayer* l = pick(
                    p->layers, seg, [](const PackageLayer& x) { return x.name; }, error, "layer"))
                return node = l, true;
        if (error.empty())
            error = "unknown part \"" + seg.name +
                    "\" of the package: expected layers[..] or one of " + propertyNames<Package>();
        return false;
    }
    bool operator()(Stack* s) {
        if (seg.name == "tiers") {
            if (Tier* t = pick(
                    s->tiers, seg, [](const Tier&) { return std::string("\x01"); }, error, "tier"))
                return node = t, true;
            error = "stack \"" + s->id + "\": " + error;
            return false;
        }
        error = "unknown part \"" + seg.name + "\" of a stack: expected tiers[N] or one of " +
                propertyNames<Stack>();
        return false;
    }
    bool operator()(Tier* t) {
        if (seg.name == "die" && noKey())
            return node = &t->die, true;
        if (seg.name == "bond" && noKey())
            return node = &t->bond, true;
        if (error.empty())
            error = "unknown part \"" + seg.name + "\" of a tier: expected die, bond or one of " +
                    propertyNames<Tier>();
        return false;
    }
    bool operator()(Workload* w) {
        if (seg.name == "mapping" && noKey())
            return node = &w->mapping, true;
        if (error.empty())
            error = "unknown part \"" + seg.name +
                    "\" of the workload: expected mapping or one of " + propertyNames<Workload>();
        return false;
    }
    template <class T> bool operator()(T*) {
        error = "\"" + seg.name + "\" has no parts";
        return false;
    }
};

struct Resolved {
    Node node;
    std::string property;
    std::string error;
};

Resolved resolve(Design& design, const std::string& path) {
    std::vector<Segment> segs;
    Resolved r{&design, {}, parseSegments(path, segs)};
    if (!r.error.empty())
        return r;
    if (segs.back().has_key) {
        r.error = "a path must end with a property name";
        return r;
    }
    for (std::size_t i = 0; i + 1 < segs.size(); ++i)
        if (!std::visit(Step{r.node, segs[i], r.error}, r.node))
            return r;
    r.property = segs.back().name;
    return r;
}

template <class T> const Property<T>* propertyOrError(const std::string& name, std::string& error) {
    const Property<T>* p = findProperty<T>(name);
    if (!p)
        error = "unknown property \"" + name + "\": expected one of " + propertyNames<T>();
    return p;
}

} // namespace

PathLookup getProperty(const Design& design, const std::string& path) {
    PathLookup out;
    // Navigation only reads; the const_cast lets get and set share one resolver.
    Resolved r = resolve(const_cast<Design&>(design), path);
    if (!r.error.empty()) {
        out.error = path + ": " + r.error;
        return out;
    }
    std::visit(
        [&](auto* obj) {
            using T = std::remove_pointer_t<decltype(obj)>;
            if (const Property<T>* p = propertyOrError<T>(r.property, out.error)) {
                out.value = p->get(*obj);
                out.info = p->info;
            }
        },
        r.node);
    if (!out.error.empty())
        out.error = path + ": " + out.error;
    return out;
}

std::string setProperty(Design& design, const std::string& path, Value value) {
    Resolved r = resolve(design, path);
    if (!r.error.empty())
        return path + ": " + r.error;
    std::string error;
    std::visit(
        [&](auto* obj) {
            using T = std::remove_pointer_t<decltype(obj)>;
            if (const Property<T>* p = propertyOrError<T>(r.property, error)) {
                error = checkValue(p->info, value);
                if (error.empty())
                    p->set(*obj, value);
            }
        },
        r.node);
    return error.empty() ? "" : path + ": " + error;
}

namespace {
template <class T> void addPaths(const std::string& prefix, std::vector<std::string>& out) {
    for (const auto& p : propertiesOf<T>())
        out.push_back(prefix + p.info.name);
}
} // namespace

std::vector<std::string> listPropertyPaths(const Design& d) {
    std::vector<std::string> out;
    addPaths<Design>("", out);
    addPaths<Technology>("technology.", out);
    addPaths<Package>("package.", out);
    for (const PackageLayer& l : d.package.layers)
        addPaths<PackageLayer>("package.layers[" + l.name + "].", out);
    for (const Stack& s : d.stacks) {
        const std::string sp = "stacks[" + s.id + "].";
        addPaths<Stack>(sp, out);
        for (std::size_t t = 0; t < s.tiers.size(); ++t) {
            const std::string tp = sp + "tiers[" + std::to_string(t) + "].";
            addPaths<Tier>(tp, out);
            addPaths<Die>(tp + "die.", out);
            addPaths<Bond>(tp + "bond.", out);
        }
    }
    for (const Link& l : d.links)
        addPaths<Link>("links[" + l.id + "].", out);
    addPaths<Cooling>("cooling.", out);
    addPaths<Tco>("tco.", out);
    addPaths<ReliabilityInputs>("reliability.", out);
    if (d.workload) {
        addPaths<Workload>("workload.", out);
        addPaths<Mapping>("workload.mapping.", out);
    }
    for (std::size_t i = 0; i < d.rules.size(); ++i)
        addPaths<Rule>("rules[" + std::to_string(i) + "].", out);
    return out;
}

} // namespace strata
