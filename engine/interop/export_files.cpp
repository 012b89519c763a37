#include "interop/export_files.h"

#include "core/atomic_file.h"

#include <filesystem>
#include <string_view>
#include <system_error>

namespace strata {

std::string exportFileBase(std::string base) {
    for (char& c : base) // blanks end HotSpot's names; these mean something to run.sh's shell
        if (std::string_view(" \t\n\"'$`\\;&|<>()*?[]{}#~!=%").find(c) != std::string_view::npos)
            c = '_';
    return base;
}

std::string exportBaseOf(const std::string& design_path) {
    std::string base = std::filesystem::path(design_path).filename().string();
    for (const std::string suffix : {".json", ".strata"})
        if (base.size() > suffix.size() &&
            base.compare(base.size() - suffix.size(), std::string::npos, suffix) == 0)
            base.resize(base.size() - suffix.size());
    return exportFileBase(base.empty() ? "untitled" : base);
}

std::string writeExportedFiles(const std::vector<ExportedFile>& files, const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return "cannot create directory " + dir + ": " + ec.message();
    std::vector<FileToWrite> set;
    set.reserve(files.size());
    for (const ExportedFile& f : files)
        set.push_back({(std::filesystem::path(dir) / f.name).string(), f.text});
    return writeFilesAtomically(set);
}

} // namespace strata
