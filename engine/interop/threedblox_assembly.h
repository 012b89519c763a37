#pragma once
// A 3Dblox assembly as read from its files (threedblox_reader.cpp), before it becomes a design
// (threedblox_import.cpp). Lengths are kept in whole nanometres (3Dblox precisions are 1000 or
// 2000 per µm), so gaps and offsets are exact.
#include <map>
#include <string>
#include <vector>

namespace strata::threedblox {

using Nm = long long;

// A problem in a file, with its line (0: none): thrown by the readers, reported as IO-0026
// (threedblox_import.h).
struct Problem {
    std::string file;
    int line;
    std::string message;
};

struct Region {
    std::string side;
    std::string bmap; // its bump map, resolved against the file that names it ("" for none)
};

struct ChipletDef {
    std::string name, type, file;
    Nm w = 0, h = 0, t = 0;
    bool tsv = false;
    std::map<std::string, Region> regions;
    int line = 0;
};

// The bond under a die as its file states it (.chiplet: a typed interface, Strata's own metadata,
// or a connection stack of copper posts with solder caps); an empty type: not stated.
struct BondSpec {
    std::string type;           // a library bond id
    Nm pitch = 0, diameter = 0; // 0: not stated
    std::string said;           // where the file states it, for the notes
};

// A typed bond between two components (.chiplet `interfaces`), by their ids in the file.
struct Interface {
    std::string from, to;
    BondSpec bond;
};

struct Instance {
    std::string name;
    std::string component; // the file's component it was made of (a die array's id); "": name
    const ChipletDef* def = nullptr;
    Nm x = 0, y = 0, z = 0; // lower-left-bottom corner
    int rotation = 0;
    bool mirrorZ = false; // MZ: its front faces down
    bool placed = false;
    int line = 0;
    int order = 0;     // in the file: the design keeps it
    std::string stack; // the stack a base die founds, when the file names it
    BondSpec bond;     // the bond under it, when its own entry states it
    Nm w() const { return rotation % 180 ? def->h : def->w; } // on the assembly
    Nm h() const { return rotation % 180 ? def->w : def->h; }
    Nm top() const { return z + def->t; }
    Nm cx2() const { return 2 * x + w(); } // twice the centre
    Nm cy2() const { return 2 * y + h(); }
    bool carrier() const { return def->type == "substrate" || def->type == "rdl"; }
};

struct Connection {
    std::string name, top, bot; // instance names ("" for ~)
    std::string topRegion, botRegion;
    Nm thickness = 0;
    int line = 0;
};

// What an assembly was read from, for the messages of the design made of it
// (threedblox_import.cpp): 3Dblox, or IHP's .chiplet (chiplet_import.h).
struct AssemblyFormat {
    const char* name;       // "3Dblox"
    const char* definition; // what a die's definition is called there: "ChipletDef"
    const char* refusal;    // the diagnostic code when nothing can be made
    const char* guess;      // the code of what was guessed or left at a default
};

struct Assembly {
    std::string design;
    std::map<std::string, ChipletDef> defs;
    std::map<std::string, Instance> instances;
    std::vector<Connection> connections;
    std::vector<Interface> interfaces; // typed bonds between components
    std::vector<std::string> remarks;  // what the reader read but says (warnings)
};

// Reads the .3dbx at `path` and the .3dbv files it includes (relative to it) into `out`; a bad
// file throws a Problem naming it and the line.
void readAssembly(const std::string& path, Assembly& out);

} // namespace strata::threedblox
