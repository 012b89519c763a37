#include "interop/cdxml_import.h"

#include "core/build_info.h"
#include "library/library_loader.h"

#include <nlohmann/json.hpp>
#include <tinyxml2.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace strata {

namespace {

using tinyxml2::XMLElement;

// A refusal, with the line of the element it is about (0: none).
struct Refusal {
    int line;
    std::string message;
};

std::string lowered(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trimmed(const char* text) {
    std::string s = text ? text : "";
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string childText(const XMLElement* parent, const char* name) {
    const XMLElement* e = parent ? parent->FirstChildElement(name) : nullptr;
    return e ? trimmed(e->GetText()) : "";
}

// Metres per unit of a CDXML length; nullopt for a unit Strata does not know. The schema leaves
// the unit optional and its example gives none with µm values (a 1.58 mm part is 1580).
std::optional<double> metresPer(const std::string& unit) {
    const std::string u = lowered(unit);
    if (u.empty() || u == "um" || u == "µm" || u == "micron" || u == "microns")
        return 1e-6;
    if (u == "mm")
        return 1e-3;
    if (u == "nm")
        return 1e-9;
    if (u == "mil")
        return 25.4e-6;
    return std::nullopt;
}

class CdxmlReader {
public:
    CdxmlReader(std::string file, std::vector<Diagnostic>& notes)
        : file_(std::move(file)), notes_(notes) {}

    // The number in an element's text; a refusal when it is not one.
    double number(const XMLElement* e, const std::string& what) const {
        const std::string t = trimmed(e->GetText());
        char* end = nullptr;
        const double v = t.empty() ? NAN : std::strtod(t.c_str(), &end);
        if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v))
            throw Refusal{e->GetLineNum(), what + ": expected a number, found \"" + t + "\""};
        return v;
    }

    // Metres per unit of the element's <unit>; a refusal for a unit Strata does not know.
    double metresPerUnitOf(const XMLElement* e, const std::string& what) const {
        const std::string unit = childText(e, "unit");
        if (const std::optional<double> scale = metresPer(unit))
            return *scale;
        throw Refusal{e->GetLineNum(),
                      what + "/unit: \"" +
                          (unit + "\" is none of um (the default), mm, nm and mil")};
    }

    // A length {min, max, typ, tol, unit} in metres: typ, else the middle of min and max (said),
    // else the one given (said); nullopt when the element or all three are absent.
    std::optional<double> length(const XMLElement* parent, const char* name,
                                 const std::string& at) {
        const XMLElement* e = parent ? parent->FirstChildElement(name) : nullptr;
        if (!e)
            return std::nullopt;
        const std::string what = at + "/" + name;
        const double scale = metresPerUnitOf(e, what);
        auto value = [&](const char* key) -> std::optional<double> {
            const XMLElement* v = e->FirstChildElement(key);
            return v ? std::optional<double>(number(v, what + "/" + key)) : std::nullopt;
        };
        const auto typ = value("typ"), lo = value("min"), hi = value("max");
        if (typ)
            return *typ * scale;
        if (lo && hi) {
            said(what + " gives no typ: the middle of min " + formatNumber(*lo) + " and max " +
                 formatNumber(*hi) + " is taken");
            return (*lo + *hi) / 2 * scale;
        }
        if (lo || hi) {
            said(what + " gives only its " + (lo ? "min" : "max") + ": taken as the value");
            return (lo ? *lo : *hi) * scale;
        }
        return std::nullopt;
    }

    // A positive length that must be there.
    double required(const XMLElement* parent, const char* name, const std::string& at, double max_m,
                    const std::string& maxText) {
        const std::optional<double> v = length(parent, name, at);
        const int line = parent ? parent->GetLineNum() : 0;
        if (!v)
            throw Refusal{line, at + "/" + name + ": missing (give typ, or min and max)"};
        if (!(*v > 0) || *v > max_m)
            throw Refusal{line, at + "/" + name + ": " + formatNumber(*v * 1e6) +
                                    " µm, expected > 0 and at most " + maxText};
        return *v;
    }

    void said(const std::string& message) const {
        notes_.push_back({"IO-0032", Severity::Info, message, {}, "", file_});
    }

    std::string file_;
    std::vector<Diagnostic>& notes_;
};

// The bond technology a pin's mech_type names ("Solder Ball", "Cu pillar", ...); "" for none.
std::string bondOfMechType(const std::string& mechType) {
    const std::string m = lowered(mechType);
    if (m.find("pillar") != std::string::npos)
        return "copper_pillar";
    if (m.find("micro") != std::string::npos)
        return "micro_bump";
    if (m.find("hybrid") != std::string::npos)
        return "hybrid_bond";
    if (m.find("ball") != std::string::npos || m.find("bump") != std::string::npos ||
        m.find("solder") != std::string::npos || m.find("c4") != std::string::npos)
        return "c4";
    return "";
}

// The library's die-on-carrier bond whose pitch range holds `pitch`, the narrowest; nullptr for
// none.
const BondType* bondOfPitch(const Library& lib, double pitch) {
    const BondType* best = nullptr;
    for (const BondType& b : lib.bonds)
        if (!b.vertical && pitch >= b.min_pitch_m * (1 - 1e-9) &&
            pitch <= b.max_pitch_m * (1 + 1e-9) &&
            (!best || b.max_pitch_m - b.min_pitch_m < best->max_pitch_m - best->min_pitch_m))
            best = &b;
    return best;
}

// A value for the library file, without the binary tail of a unit conversion (1.62, not
// 1.6199999999999999).
double tidy(double v) {
    return std::stod(formatNumber(v, 12));
}

std::string libraryId(const std::string& mpn) {
    std::string id = "cdxml-";
    for (const char c : lowered(mpn))
        id += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
    return id;
}

// What the part's pin list says: its distinct pins, their kinds and connection types, the
// first pin diameter given, and how many are listed twice or lie outside the outline.
struct Pins {
    std::set<std::string> numbers;
    std::map<std::string, int> mechTypes; // library bond id -> pins of that connection type
    int power = 0, ground = 0, outside = 0, listedTwice = 0;
    std::optional<double> diameter;
};

// The pins of cdxml/io, their positions checked against a w x h outline about the part's centre
// (the schema's example runs from -500 to 500 µm on a 1.58 mm part).
Pins readPins(CdxmlReader& r, const XMLElement* root, double w, double h) {
    Pins pins;
    const XMLElement* io = root->FirstChildElement("io");
    for (const XMLElement* pin = io ? io->FirstChildElement("pin") : nullptr; pin;
         pin = pin->NextSiblingElement("pin")) {
        const std::string pnum = childText(pin, "pnum");
        const std::string at = "cdxml/io/pin " + pnum;
        if (!pins.numbers.insert(pnum).second) {
            ++pins.listedTwice;
            continue;
        }
        const std::string kind = lowered(childText(pin, "sig_type"));
        pins.power += kind == "power";
        pins.ground += kind == "ground";
        if (const std::string m = bondOfMechType(childText(pin, "mech_type")); !m.empty())
            ++pins.mechTypes[m];
        if (!pins.diameter)
            pins.diameter = r.length(pin, "diameter", at);
        if (const XMLElement* pos = pin->FirstChildElement("position")) {
            const double scale = r.metresPerUnitOf(pos, at + "/position");
            auto coordinate = [&](const char* axis) {
                const XMLElement* c = pos->FirstChildElement(axis);
                return c ? r.number(c, at + "/position/" + axis) * scale : 0.0;
            };
            pins.outside += std::fabs(coordinate("x")) > w / 2 * (1 + 1e-9) ||
                            std::fabs(coordinate("y")) > h / 2 * (1 + 1e-9);
        }
    }
    return pins;
}

} // namespace

CdxmlImport importCdxmlPart(const std::string& path, const Library& library,
                            const CdxmlOptions& options) {
    namespace fs = std::filesystem;
    CdxmlImport out;
    CdxmlReader r(path, out.notes);
    try {
        static const std::set<std::string> kinds{"compute", "memory", "cache", "io", "nmc"};
        if (!kinds.count(options.kind))
            throw Refusal{0, "kind \"" + options.kind +
                                 "\": expected one of compute, memory, cache, io, nmc"};
        if (!(options.unit_usd >= 0 && options.unit_usd <= 1e7))
            throw Refusal{0, "price " + formatNumber(options.unit_usd) +
                                 " USD: expected 0 to 1e7 USD"};
        if (!(options.power_w >= 0 && options.power_w <= 5000))
            throw Refusal{0, "power " + formatNumber(options.power_w) + " W: expected 0 to 5000 W"};
        std::error_code ec;
        if (fs::is_directory(path, ec))
            throw Refusal{0, "cannot be read (a folder, not a file)"};
        tinyxml2::XMLDocument doc;
        if (doc.LoadFile(path.c_str()) != tinyxml2::XML_SUCCESS)
            throw Refusal{doc.ErrorLineNum(),
                          doc.ErrorID() == tinyxml2::XML_ERROR_FILE_NOT_FOUND ||
                                  doc.ErrorID() == tinyxml2::XML_ERROR_FILE_COULD_NOT_BE_OPENED
                              ? std::string("cannot be read (no such file, or not readable)")
                              : std::string("not valid XML: ") + doc.ErrorStr()};
        const XMLElement* root = doc.RootElement();
        if (!root || std::string(root->Name()) != "cdxml")
            throw Refusal{root ? root->GetLineNum() : 0,
                          "expected a CDXML part: a <cdxml> root element (found <" +
                              std::string(root ? root->Name() : "") + ">)"};
        const std::string mpn = childText(root, "mpn");
        if (mpn.empty())
            throw Refusal{root->GetLineNum(), "cdxml/mpn: missing (the manufacturer part number "
                                              "names the library entry)"};
        const std::string opn = childText(root, "opn");
        const XMLElement* mech = root->FirstChildElement("mech");
        if (!mech)
            throw Refusal{root->GetLineNum(), "cdxml/mech: missing (the part's width, length and "
                                              "thickness)"};
        const double w = r.required(mech, "width", "cdxml/mech", 0.1, "100 mm");
        const double h = r.required(mech, "length", "cdxml/mech", 0.1, "100 mm");
        const double t = r.required(mech, "thickness", "cdxml/mech", 5e-3, "5000 µm");

        const Pins pins = readPins(r, root, w, h);
        if (pins.listedTwice)
            r.said(std::to_string(pins.listedTwice) +
                   " pin(s) listed again under a number already listed: counted once");
        if (pins.outside)
            r.said(std::to_string(pins.outside) +
                   " pin(s) lie outside the part's outline about its centre: check the "
                   "positions' origin");

        // The bumps: mech/io, the bond technology from the pins' mech_type, else from the pitch.
        nlohmann::ordered_json entry;
        out.id = options.id.empty() ? libraryId(mpn) : options.id;
        entry["id"] = out.id;
        entry["name"] = mpn + (opn.empty() || opn == mpn ? "" : " (" + opn + ")") + " — CDXML part";
        entry["kind"] = options.kind;
        entry["width_mm"] = tidy(w * 1e3);
        entry["height_mm"] = tidy(h * 1e3);
        entry["thickness_um"] = tidy(t * 1e6);
        entry["purchased"] = true;
        entry["power_w"] = options.power_w;
        if (options.unit_usd > 0)
            entry["unit_usd"] = options.unit_usd;
        std::vector<std::string> assumed;
        if (const XMLElement* io = mech->FirstChildElement("io")) {
            const std::optional<double> pitch = r.length(io, "pitch", "cdxml/mech/io");
            std::optional<double> diameter = r.length(io, "diameter", "cdxml/mech/io");
            std::optional<double> height = r.length(io, "thickness", "cdxml/mech/io");
            int count = static_cast<int>(pins.numbers.size());
            if (const XMLElement* c = io->FirstChildElement("count"))
                if (const XMLElement* pop = c->FirstChildElement("pop")) {
                    const double n = r.number(pop, "cdxml/mech/io/count/pop");
                    if (!(n >= 0 && n <= 1e9) || n != std::floor(n))
                        throw Refusal{pop->GetLineNum(),
                                      "cdxml/mech/io/count/pop: expected a whole number of "
                                      "connections, 0 to 1e9 (found " +
                                          formatNumber(n) + ")"};
                    count = static_cast<int>(n);
                }
            std::string bond;
            for (const auto& [m, n] : pins.mechTypes)
                if (bond.empty() || n > pins.mechTypes.at(bond))
                    bond = m;
            if (pitch && *pitch > 0) {
                if (bond.empty() || !library.bond(bond)) {
                    const BondType* b = bondOfPitch(library, *pitch);
                    if (b) {
                        bond = b->id;
                        assumed.push_back("bumps");
                        r.said("the pins name no connection type: their " +
                               formatNumber(*pitch * 1e6) + " µm pitch makes them " + b->name);
                    }
                }
                if (!diameter)
                    diameter = pins.diameter;
                if (!diameter) {
                    diameter = *pitch / 2;
                    r.said("no bump diameter: half the pitch");
                }
                if (!height) {
                    height = *diameter;
                    r.said("no bump height (mech/io/thickness): the diameter");
                }
                if (bond.empty())
                    r.said("no die-on-carrier bond of the library is made at " +
                           formatNumber(*pitch * 1e6) +
                           " µm pitch: the part's bumps are left "
                           "out (its stacks start on micro-bumps)");
                else if (!(*diameter < *pitch))
                    throw Refusal{io->GetLineNum(), "cdxml/mech/io: bump diameter " +
                                                        formatNumber(*diameter * 1e6) +
                                                        " µm not smaller than the pitch " +
                                                        formatNumber(*pitch * 1e6) + " µm"};
                else
                    entry["bumps"] = {{"bond", bond},
                                      {"pitch_um", tidy(*pitch * 1e6)},
                                      {"diameter_um", tidy(*diameter * 1e6)},
                                      {"height_um", tidy(*height * 1e6)},
                                      {"count", std::max(count, 0)}};
            }
        }
        if (!entry.contains("bumps"))
            r.said("no bump pitch (mech/io/pitch): stacks of the part start on the default "
                   "micro-bumps");
        if (options.kind == "io")
            assumed.push_back("kind");
        assumed.push_back("power_w");
        if (options.unit_usd > 0)
            assumed.push_back("unit_usd");
        else
            r.said("CDXML carries no price: cost evaluation asks for unit_usd (COST-0002) until "
                   "it is set (--unit-usd)");
        r.said(options.power_w > 0
                   ? "CDXML carries no power: power_w is the " + formatNumber(options.power_w) +
                         " W given"
                   : std::string("CDXML carries no power: 0 W until you set it (power_w in the "
                                 "library entry, or --power-w)"));
        std::string source = "CDXML part " + fs::path(path).filename().string() + ": mpn " + mpn;
        for (const char* key : {"opn", "id", "version", "date"})
            if (const std::string v = childText(root, key); !v.empty())
                source += std::string(", ") + key + " " + v;
        if (const std::string a = childText(root->FirstChildElement("authors"), "name"); !a.empty())
            source += ", by " + a;
        source += "; " + std::to_string(pins.numbers.size()) + " pins (" +
                  std::to_string(pins.power) + " power, " + std::to_string(pins.ground) +
                  " ground)";
        entry["source"] = source;
        entry["assumed"] = assumed;
        nlohmann::ordered_json file;
        file["format"] = "strata-library";
        file["schema"] = 1;
        file["notes"] = "Imported from " + fs::path(path).filename().string() + " by Strata " +
                        std::string(kVersion) + "; the CDXML file is the part's source of truth.";
        file["chiplets"] = nlohmann::ordered_json::array({entry});
        out.text = file.dump(2) + "\n";
        // What the library will make of it (a kind it does not know, a size out of its ranges):
        // nothing is handed out that the library would refuse.
        Library check = library;
        std::vector<Diagnostic> problems;
        loadLibraryText(out.text, path, check, problems);
        for (const Diagnostic& p : problems)
            if (p.severity == Severity::Error)
                throw Refusal{0, "the library entry made of it is refused: " + p.pointer + ": " +
                                     p.message};
        out.ok = true;
    } catch (const Refusal& f) {
        out.notes.clear();
        out.notes.push_back({"IO-0031",
                             Severity::Error,
                             f.message,
                             {},
                             f.line > 0 ? "line " + std::to_string(f.line) : "",
                             path});
    }
    return out;
}

} // namespace strata
