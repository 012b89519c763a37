#include "model/design_io.h"

#include "core/atomic_file.h"
#include "model/json_reader.h"
#include "model/migrations.h"

#include <cmath>

namespace strata {

namespace {

// Reads an optional array member: calls each(element, pointer) for every element.
template <class F>
void forEachInArray(const Json& parent, const std::string& pointer, const char* key, bool required,
                    const JsonContext& ctx, const char* what, F each) {
    auto it = parent.find(key);
    const std::string ptr = childPointer(pointer, key);
    if (it == parent.end()) {
        if (required)
            ctx.error("IO-0009", ptr,
                      std::string("missing required key \"") + key + "\": expected " + what);
        return;
    }
    if (!expectArray(*it, ptr, ctx, what))
        return;
    for (std::size_t i = 0; i < it->size(); ++i)
        each((*it)[i], childPointer(ptr, i));
}

// Calls f(object, pointer) when `key` holds an object; reports a type error otherwise.
template <class F>
void withObject(const Json& parent, const std::string& pointer, const char* key, bool required,
                const JsonContext& ctx, const char* what, F f) {
    auto it = parent.find(key);
    const std::string ptr = childPointer(pointer, key);
    if (it == parent.end()) {
        if (required)
            ctx.error("IO-0009", ptr,
                      std::string("missing required key \"") + key + "\": expected " + what);
        return;
    }
    if (expectObject(*it, ptr, ctx, what))
        f(*it, ptr);
}

PowerMap readPowerMap(const Json& j, const std::string& ptr, const JsonContext& ctx) {
    PowerMap m;
    reportUnknownKeys(j, ptr, {"nx", "ny", "power_w"}, ctx);
    for (const auto& [key, target] : {std::pair{"nx", &m.nx}, std::pair{"ny", &m.ny}}) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_number_integer() || it->get<std::int64_t>() < 1 ||
            it->get<std::int64_t>() > kMaxPowerMapCells) {
            ctx.error("IO-0008", childPointer(ptr, key),
                      "expected an integer from 1 to " + std::to_string(kMaxPowerMapCells) +
                          " (raster cells)");
            continue;
        }
        *target = static_cast<int>(it->get<std::int64_t>());
    }
    auto values = j.find("power_w");
    const std::string vp = childPointer(ptr, "power_w");
    if (values == j.end() || !values->is_array()) {
        ctx.error("IO-0009", vp, "expected power_w: an array of nx * ny powers in W");
        return m;
    }
    for (std::size_t i = 0; i < values->size(); ++i) {
        const Json& v = (*values)[i];
        if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0) {
            ctx.error("IO-0008", childPointer(vp, i), "expected a finite power >= 0 W");
            return m;
        }
        m.power_w.push_back(v.get<double>());
    }
    if (m.nx > 0 && m.ny > 0 && m.power_w.size() != static_cast<std::size_t>(m.nx) * m.ny)
        ctx.error("IO-0008", vp,
                  "expected nx * ny = " + std::to_string(m.nx * m.ny) + " values, got " +
                      std::to_string(m.power_w.size()));
    return m;
}

Tier readTier(const Json& j, const std::string& ptr, const JsonContext& ctx) {
    Tier t;
    if (!expectObject(j, ptr, ctx, "a tier"))
        return t;
    readProperties(j, ptr, t, ctx, {"die", "bond"});
    withObject(j, ptr, "die", true, ctx, "a die", [&](const Json& o, const std::string& p) {
        readProperties(o, p, t.die, ctx, {"power_map"});
        withObject(o, p, "power_map", false, ctx, "a power map {nx, ny, power_w: [...]}",
                   [&](const Json& m, const std::string& mp) {
                       t.die.power_map = readPowerMap(m, mp, ctx);
                   });
    });
    withObject(j, ptr, "bond", false, ctx, "a bond",
               [&](const Json& o, const std::string& p) { readProperties(o, p, t.bond, ctx); });
    return t;
}

Stack readStack(const Json& j, const std::string& ptr, const JsonContext& ctx) {
    Stack s;
    if (!expectObject(j, ptr, ctx, "a stack"))
        return s;
    readProperties(j, ptr, s, ctx, {"tiers"});
    forEachInArray(
        j, ptr, "tiers", true, ctx, "a list of tiers, bottom to top",
        [&](const Json& t, const std::string& p) { s.tiers.push_back(readTier(t, p, ctx)); });
    return s;
}

void readDesignBody(const Json& doc, Design& d, const JsonContext& ctx) {
    readProperties(doc, "", d, ctx,
                   {"format", "schema", "technology", "package", "stacks", "links", "cooling",
                    "workload", "tco", "reliability", "rules", "provenance"});
    withObject(
        doc, "", "technology", false, ctx, "technology defaults",
        [&](const Json& o, const std::string& p) { readProperties(o, p, d.technology, ctx); });
    withObject(doc, "", "package", true, ctx, "the package",
               [&](const Json& o, const std::string& p) {
                   readProperties(o, p, d.package, ctx, {"layers"});
                   forEachInArray(o, p, "layers", false, ctx, "a list of package layers",
                                  [&](const Json& l, const std::string& lp) {
                                      PackageLayer layer;
                                      if (expectObject(l, lp, ctx, "a package layer"))
                                          readProperties(l, lp, layer, ctx);
                                      d.package.layers.push_back(layer);
                                  });
               });
    forEachInArray(
        doc, "", "stacks", true, ctx, "a list of stacks",
        [&](const Json& s, const std::string& p) { d.stacks.push_back(readStack(s, p, ctx)); });
    forEachInArray(doc, "", "links", false, ctx, "a list of links",
                   [&](const Json& l, const std::string& p) {
                       Link link;
                       if (expectObject(l, p, ctx, "a link"))
                           readProperties(l, p, link, ctx);
                       d.links.push_back(link);
                   });
    withObject(doc, "", "cooling", false, ctx, "the cooling",
               [&](const Json& o, const std::string& p) { readProperties(o, p, d.cooling, ctx); });
    withObject(doc, "", "tco", false, ctx, "the total-cost-of-ownership assumptions",
               [&](const Json& o, const std::string& p) { readProperties(o, p, d.tco, ctx); });
    withObject(
        doc, "", "reliability", false, ctx, "the reliability inputs",
        [&](const Json& o, const std::string& p) { readProperties(o, p, d.reliability, ctx); });
    withObject(doc, "", "workload", false, ctx, "the workload",
               [&](const Json& o, const std::string& p) {
                   Workload w;
                   readProperties(o, p, w, ctx, {"mapping"});
                   withObject(o, p, "mapping", false, ctx, "the mapping",
                              [&](const Json& m, const std::string& mp) {
                                  readProperties(m, mp, w.mapping, ctx);
                              });
                   d.workload = w;
               });
    forEachInArray(doc, "", "rules", false, ctx, "a list of rules",
                   [&](const Json& r, const std::string& p) {
                       Rule rule;
                       if (expectObject(r, p, ctx, "a rule"))
                           readProperties(r, p, rule, ctx);
                       d.rules.push_back(rule);
                   });
    withObject(doc, "", "provenance", false, ctx, "a map from property path to source",
               [&](const Json& o, const std::string& p) {
                   for (auto it = o.begin(); it != o.end(); ++it) {
                       if (!it->is_string()) {
                           ctx.error("IO-0007", childPointer(p, it.key()),
                                     std::string("expected a source (a string), got ") +
                                         jsonTypeName(*it));
                           continue;
                       }
                       d.provenance[it.key()] = it->get<std::string>();
                   }
               });
}

} // namespace

DesignLoad parseDesign(const std::string& text, const std::string& label) {
    DesignLoad out;
    JsonContext ctx{label, &out.diagnostics};
    Json doc;
    if (!parseJsonText(text, doc, ctx))
        return out;
    if (!expectObject(doc, "/", ctx, "a Strata design"))
        return out;
    auto fmt = doc.find("format");
    if (fmt == doc.end() || !fmt->is_string() || fmt->get<std::string>() != kDesignFormat) {
        ctx.error("IO-0004", "/format",
                  std::string("expected \"format\": \"") + kDesignFormat +
                      "\" (is this a Strata design file?)");
        return out;
    }
    auto schema = doc.find("schema");
    if (schema == doc.end() || !schema->is_number_integer() || schema->get<std::int64_t>() < 0) {
        ctx.error("IO-0005", "/schema",
                  "expected \"schema\": a non-negative integer (this build writes " +
                      std::to_string(kDesignSchema) + ")");
        return out;
    }
    const std::int64_t version = schema->get<std::int64_t>();
    if (version > kDesignSchema) {
        ctx.error("IO-0006", "/schema",
                  "file uses design schema " + std::to_string(version) +
                      ", newer than this Strata reads (up to " + std::to_string(kDesignSchema) +
                      "): open it with a newer Strata");
        return out;
    }
    out.file_schema = static_cast<int>(version);
    if (version < kDesignSchema) {
        if (std::string err = migrateDesignJson(doc, static_cast<int>(version)); !err.empty()) {
            ctx.error("IO-0011", "/", err);
            return out;
        }
    }
    Design d;
    readDesignBody(doc, d, ctx);
    if (!hasErrors(out.diagnostics))
        out.design = std::move(d);
    return out;
}

DesignLoad loadDesignFile(const std::string& path) {
    std::string text, error;
    if (!readWholeFile(path, text, error)) {
        DesignLoad out;
        out.diagnostics.push_back(Diagnostic{"IO-0001", Severity::Error, error, {}, "/", path});
        return out;
    }
    return parseDesign(text, path);
}

std::string designToJsonText(const Design& d) {
    Json doc;
    doc["format"] = kDesignFormat;
    doc["schema"] = kDesignSchema;
    writeProperties(d, doc);
    writeProperties(d.technology, doc["technology"]);
    Json& pkg = doc["package"];
    writeProperties(d.package, pkg);
    if (!d.package.layers.empty()) {
        pkg["layers"] = Json::array();
        for (const PackageLayer& l : d.package.layers)
            writeProperties(l, pkg["layers"].emplace_back());
    }
    doc["stacks"] = Json::array();
    for (const Stack& s : d.stacks) {
        Json& js = doc["stacks"].emplace_back();
        writeProperties(s, js);
        js["tiers"] = Json::array();
        for (const Tier& t : s.tiers) {
            Json& jt = js["tiers"].emplace_back();
            writeProperties(t.die, jt["die"]);
            if (t.die.power_map)
                jt["die"]["power_map"] = {{"nx", t.die.power_map->nx},
                                          {"ny", t.die.power_map->ny},
                                          {"power_w", t.die.power_map->power_w}};
            writeProperties(t.bond, jt["bond"]);
            writeProperties(t, jt);
        }
    }
    doc["links"] = Json::array();
    for (const Link& l : d.links)
        writeProperties(l, doc["links"].emplace_back());
    writeProperties(d.cooling, doc["cooling"]);
    if (d.workload) {
        Json& w = doc["workload"];
        writeProperties(*d.workload, w);
        writeProperties(d.workload->mapping, w["mapping"]);
    }
    if (!(d.tco == Tco{}))
        writeProperties(d.tco, doc["tco"]);
    if (!(d.reliability == ReliabilityInputs{}))
        writeProperties(d.reliability, doc["reliability"]);
    if (!d.rules.empty()) {
        doc["rules"] = Json::array();
        for (const Rule& r : d.rules)
            writeProperties(r, doc["rules"].emplace_back());
    }
    if (!d.provenance.empty()) {
        Json& p = doc["provenance"];
        for (const auto& [path, source] : d.provenance)
            p[path] = source;
    }
    return doc.dump(2) + "\n";
}

std::string saveDesignFile(const Design& design, const std::string& path) {
    return writeFileAtomically(path, designToJsonText(design));
}

} // namespace strata
