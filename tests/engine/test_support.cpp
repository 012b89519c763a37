#include "test_support.h"

#include "library/library_loader.h"
#include "model/design_io.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace strata::test {

std::string sourcePath(const std::string& relative) {
    return std::string(STRATA_SOURCE_DIR) + "/" + relative;
}

const Library& shippedLibrary() {
    static const Library lib = [] {
        LibraryLoad load = loadLibrary({sourcePath("assets")});
        if (!load.ok()) {
            std::string all;
            for (const auto& d : load.diagnostics)
                all += format(d) + "\n";
            throw std::runtime_error("shipped library has errors:\n" + all);
        }
        return load.library;
    }();
    return lib;
}

Design loadExample(const std::string& project) {
    DesignLoad load = loadDesignFile(sourcePath("projects/" + project + "/design.strata.json"));
    if (!load.ok())
        throw std::runtime_error("example " + project +
                                 " does not load: " + format(load.diagnostics.front()));
    return *load.design;
}

bool hasCode(const std::vector<Diagnostic>& diags, const std::string& code) {
    return std::any_of(diags.begin(), diags.end(),
                       [&](const Diagnostic& d) { return d.code == code; });
}

std::string tempDir() {
    namespace fs = std::filesystem;
    static const std::string dir = [] {
        fs::path p = fs::temp_directory_path() / ("strata-test-" + std::to_string(::getpid()));
        fs::remove_all(p);
        fs::create_directories(p);
        return p.string();
    }();
    return dir;
}

std::string writeFile(const std::string& folder, const std::string& name, const std::string& text) {
    const std::string path = folder + "/" + name;
    std::ofstream(path) << text;
    return path;
}

} // namespace strata::test
