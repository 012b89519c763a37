#pragma once
// The files an export to another tool writes (HotSpot, 3D-ICE): their names, made from the
// design's, and writing them as one set.
#include <string>
#include <vector>

namespace strata {

struct ExportedFile {
    std::string name; // file name in the export directory
    std::string text;
};

// `base` as the exported files carry it: HotSpot reads names up to a blank, 3D-ICE takes paths
// in quotes and run.sh passes them unquoted, so blanks, quotes and the shell's special
// characters become '_'.
std::string exportFileBase(std::string base);
// The name a design file's exported files carry: design.strata.json -> design ("untitled" for
// an unsaved design); the CLI and the studio both name them so, and compare finds them so.
std::string exportBaseOf(const std::string& design_path);

// Writes every file into `dir` (created if missing) as one set: a failure part-way replaces none
// of them (writeFilesAtomically); "" or what went wrong.
std::string writeExportedFiles(const std::vector<ExportedFile>& files, const std::string& dir);

} // namespace strata
