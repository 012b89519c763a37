#include "interop/threedblox_assembly.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace strata::threedblox {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& file, const YAML::Node& at, const std::string& message) {
    throw Problem{file, at.IsDefined() ? at.Mark().line + 1 : 0, message};
}

bool wordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// The file's text with its "#!define NAME value" macros expanded (OpenROAD's 3Dblox macro lines:
// NAME stands for value wherever it appears as a whole word).
std::string readExpanded(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in || fs::is_directory(path))
        throw Problem{path, 0, "cannot be read (no such file, or not a file)"};
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    std::vector<std::pair<std::string, std::string>> defines;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("#!define", 0) == 0) {
            std::istringstream words(line.substr(8));
            std::string name, value;
            words >> name >> value;
            if (!name.empty())
                defines.emplace_back(name, value);
        }
    std::string expanded;
    std::istringstream again(text);
    for (std::string line; std::getline(again, line);) {
        if (line.rfind("#!define", 0) != 0)
            for (const auto& [name, value] : defines)
                for (std::size_t at = line.find(name); at != std::string::npos;
                     at = line.find(name, at)) {
                    const std::size_t end = at + name.size();
                    if ((at == 0 || !wordChar(line[at - 1])) &&
                        (end >= line.size() || !wordChar(line[end]))) {
                        line.replace(at, name.size(), value);
                        at += value.size();
                    } else {
                        at = end;
                    }
                }
        expanded += line;
        expanded += '\n';
    }
    return expanded;
}

class Reader {
public:
    explicit Reader(Assembly& a) : a_(a) {}

    void readAssembly(const std::string& path) {
        const YAML::Node root = load(path);
        for (const std::string& include : includes(root))
            readDefinitions(include, path);
        readDefs(root);
        if (const YAML::Node d = root["Design"]; d && d["name"])
            a_.design = text(d["name"], "Design.name");
        if (const YAML::Node insts = root["ChipletInst"]) {
            for (const auto& kv : map(insts, "ChipletInst")) {
                Instance i;
                i.name = kv.first.Scalar();
                i.line = kv.first.Mark().line + 1;
                i.order = static_cast<int>(a_.instances.size());
                const std::string ref = text(required(kv.second, "reference", i.name),
                                             "ChipletInst." + i.name + ".reference");
                const auto def = a_.defs.find(ref);
                if (def == a_.defs.end())
                    fail(file_, kv.second["reference"],
                         "ChipletInst." + i.name + ".reference: no ChipletDef \"" + ref +
                             "\" in this file or the files it includes");
                i.def = &def->second;
                a_.instances[i.name] = i;
            }
        }
        if (const YAML::Node stack = root["Stack"])
            for (const auto& kv : map(stack, "Stack"))
                place(kv.first, kv.second);
        for (const auto& [name, i] : a_.instances)
            if (!i.placed)
                throw Problem{file_, i.line,
                              "ChipletInst." + name + " has no Stack entry (loc, z and orient)"};
        if (const YAML::Node conns = root["Connection"])
            for (const auto& kv : map(conns, "Connection"))
                connect(kv.first.Scalar(), kv.second);
    }

private:
    Assembly& a_;
    std::string file_;
    std::set<std::string> read_;

    YAML::Node load(const std::string& path) {
        file_ = path;
        YAML::Node root;
        try {
            root = YAML::Load(readExpanded(path));
        } catch (const YAML::Exception& e) {
            throw Problem{path, e.mark.line >= 0 ? e.mark.line + 1 : 0, "not valid YAML: " + e.msg};
        }
        if (!root.IsMap())
            throw Problem{path, 0,
                          "expected a 3Dblox file: a YAML mapping of Header, ChipletDef, "
                          "ChipletInst, Stack and Connection"};
        if (const YAML::Node h = root["Header"]; h && h["unit"]) {
            std::string unit = text(h["unit"], "Header.unit");
            std::transform(unit.begin(), unit.end(), unit.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (unit != "micron" && unit != "um")
                fail(path, h["unit"],
                     "Header.unit: expected micron (3Dblox lengths are in µm), found \"" + unit +
                         "\"");
        }
        return root;
    }

    // Header.include: the files, relative to the including one.
    std::vector<std::string> includes(const YAML::Node& root) {
        std::vector<std::string> out;
        const YAML::Node h = root["Header"];
        if (!h || !h["include"])
            return out;
        const YAML::Node inc = h["include"];
        const fs::path dir = fs::path(file_).parent_path();
        auto add = [&](const YAML::Node& n) {
            const fs::path p = text(n, "Header.include");
            const std::string full = (p.is_absolute() ? p : dir / p).lexically_normal().string();
            if (p.extension() == ".3dbx")
                fail(file_, n,
                     "Header.include: " + p.string() +
                         " is an assembly: hierarchical 3Dblox (an assembly of assemblies) is "
                         "not supported; include .3dbv chiplet definitions only");
            out.push_back(full);
        };
        if (inc.IsSequence())
            for (const YAML::Node& n : inc)
                add(n);
        else
            add(inc);
        return out;
    }

    void readDefinitions(const std::string& path, const std::string& from) {
        if (!read_.insert(path).second)
            return;
        YAML::Node root;
        try {
            root = load(path);
        } catch (Problem& p) {
            if (p.line == 0 && p.message.rfind("cannot be read", 0) == 0)
                p.message += " (included by " + from + ")";
            throw;
        }
        for (const std::string& include : includes(root))
            readDefinitions(include, path);
        file_ = path;
        readDefs(root);
        file_ = from;
    }

    void readDefs(const YAML::Node& root) {
        const YAML::Node defs = root["ChipletDef"];
        if (!defs)
            return;
        for (const auto& kv : map(defs, "ChipletDef")) {
            ChipletDef d;
            d.name = kv.first.Scalar();
            d.file = file_;
            d.line = kv.first.Mark().line + 1;
            const std::string at = "ChipletDef." + d.name;
            d.type = text(required(kv.second, "type", at), at + ".type");
            static const std::set<std::string> types{"die", "rdl", "ip", "substrate", "hier"};
            if (!types.count(d.type))
                fail(file_, kv.second["type"],
                     at + ".type: expected die, rdl, ip, substrate or hier, found \"" + d.type +
                         "\"");
            if (d.type == "hier")
                fail(file_, kv.second["type"],
                     at + ".type: hier (an assembly of assemblies) is not supported");
            std::tie(d.w, d.h) = pair(required(kv.second, "design_area", at), at + ".design_area");
            d.t = number(required(kv.second, "thickness", at), at + ".thickness");
            if (!(d.w > 0 && d.h > 0 && d.t > 0))
                fail(file_, kv.second, at + ": design_area and thickness must be positive");
            if (const YAML::Node tsv = kv.second["tsv"])
                d.tsv = tsv.IsScalar() && tsv.as<bool>(false);
            if (const YAML::Node regions = kv.second["regions"])
                for (const auto& r : map(regions, at + ".regions")) {
                    const YAML::Node side = r.second["side"];
                    Region region{side ? text(side, at + ".regions.side") : "", ""};
                    if (const YAML::Node bmap = r.second["bmap"]) {
                        const fs::path b = text(bmap, at + ".regions.bmap");
                        region.bmap = (b.is_absolute() ? b : fs::path(file_).parent_path() / b)
                                          .lexically_normal()
                                          .string();
                    }
                    d.regions[r.first.Scalar()] = region;
                }
            a_.defs[d.name] = d;
        }
    }

    void place(const YAML::Node& key, const YAML::Node& n) {
        const std::string& name = key.Scalar();
        const auto it = a_.instances.find(name);
        if (it == a_.instances.end())
            fail(file_, key, "Stack." + name + ": no ChipletInst of that name");
        Instance& i = it->second;
        const std::string at = "Stack." + name;
        std::tie(i.x, i.y) = pair(required(n, "loc", at), at + ".loc");
        i.z = number(required(n, "z", at), at + ".z");
        const YAML::Node o = required(n, "orient", at);
        std::string orient = text(o, at + ".orient");
        if (orient.rfind("MZ", 0) == 0) {
            i.mirrorZ = true;
            orient = orient == "MZ" ? "R0" : orient.substr(3);
        }
        static const std::map<std::string, int> turns{
            {"R0", 0}, {"R90", 90}, {"R180", 180}, {"R270", 270}};
        const auto turn = turns.find(orient);
        if (turn == turns.end())
            fail(file_, o,
                 at + ".orient: expected R0, R90, R180, R270, MZ or MZ_R90 .. MZ_R270, found \"" +
                     text(o, at) +
                     "\" (Strata turns dies in 90° steps and lays them face up or down; a "
                     "mirrored placement has no equivalent)");
        i.rotation = turn->second;
        i.placed = true;
    }

    // "inst.regions.region" or "~": the instance ("" for ~) and the region.
    std::pair<std::string, std::string> end(const YAML::Node& n, const std::string& what) {
        if (n.IsNull()) // ~: the world outside the assembly (board, package)
            return {};
        const std::string p = text(n, what);
        if (p == "~" || p.empty())
            return {};
        const auto dot = p.find(".regions.");
        if (dot == std::string::npos || p.find('/') != std::string::npos)
            fail(file_, n,
                 what + ": expected instance.regions.region (or ~), found \"" + p +
                     "\"; paths into sub-assemblies are not supported");
        const std::string inst = p.substr(0, dot), region = p.substr(dot + 9);
        const auto it = a_.instances.find(inst);
        if (it == a_.instances.end())
            fail(file_, n, what + ": no ChipletInst \"" + inst + "\"");
        if (!it->second.def->regions.count(region))
            fail(file_, n,
                 what + ": ChipletDef " + it->second.def->name + " has no region \"" + region +
                     "\"");
        return {inst, region};
    }

    void connect(const std::string& name, const YAML::Node& n) {
        Connection c;
        c.name = name;
        c.line = n.Mark().line + 1;
        const std::string at = "Connection." + name;
        std::tie(c.top, c.topRegion) = end(required(n, "top", at), at + ".top");
        std::tie(c.bot, c.botRegion) = end(required(n, "bot", at), at + ".bot");
        if (const YAML::Node t = n["thickness"])
            c.thickness = number(t, at + ".thickness");
        a_.connections.push_back(c);
    }

    YAML::Node required(const YAML::Node& n, const char* key, const std::string& at) {
        if (!n.IsMap())
            fail(file_, n, at + ": expected a mapping");
        const YAML::Node v = n[key];
        if (!v)
            fail(file_, n, at + ": missing " + key);
        return v;
    }

    const YAML::Node& map(const YAML::Node& n, const std::string& what) {
        if (!n.IsMap())
            fail(file_, n, what + ": expected a mapping of names");
        return n;
    }

    std::string text(const YAML::Node& n, const std::string& what) {
        if (!n.IsScalar())
            fail(file_, n, what + ": expected a single value");
        return n.Scalar();
    }

    // A length in µm, in whole nanometres.
    Nm number(const YAML::Node& n, const std::string& what) {
        const std::string s = text(n, what);
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (end == s.c_str() || *end != '\0' || !std::isfinite(v) || std::abs(v) > 1e9)
            fail(file_, n, what + ": expected a length in µm, found \"" + s + "\"");
        return std::llround(v * 1000);
    }

    std::pair<Nm, Nm> pair(const YAML::Node& n, const std::string& what) {
        if (!n.IsSequence() || n.size() != 2)
            fail(file_, n, what + ": expected [x, y]");
        return {number(n[0], what), number(n[1], what)};
    }
};

} // namespace

void readAssembly(const std::string& path, Assembly& out) {
    Reader(out).readAssembly(path);
}

} // namespace strata::threedblox
