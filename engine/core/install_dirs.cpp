#include "core/install_dirs.h"

#include <filesystem>
#include <system_error>

namespace strata {

std::string installedDir(const std::string& relative) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec); // Linux: the program itself
    if (ec)
        return {};
    const fs::path dir = exe.parent_path().parent_path() / relative;
    return fs::is_directory(dir, ec) ? dir.string() : std::string();
}

} // namespace strata
