#include "core/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace strata {

namespace {

// Writes content to a temporary file next to path and flushes it; sets tmp to its name.
std::string writeTemporary(const std::string& path, std::string_view content, std::string& tmp) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return path + ": is a directory, expected a file path";
    tmp = path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return tmp + ": cannot create temporary file: " + std::strerror(errno);
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string err = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            return tmp + ": write failed: " + std::string(err);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string err = std::strerror(errno);
        ::unlink(tmp.c_str());
        return tmp + ": flush failed: " + err;
    }
    return {};
}

std::string moveIntoPlace(const std::string& tmp, const std::string& path) {
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string err = std::strerror(errno);
        ::unlink(tmp.c_str());
        return path + ": cannot replace file: " + err;
    }
    return {};
}

} // namespace

std::string writeFileAtomically(const std::string& path, std::string_view content) {
    std::string tmp;
    if (std::string error = writeTemporary(path, content, tmp); !error.empty())
        return error;
    return moveIntoPlace(tmp, path);
}

std::string writeFilesAtomically(const std::vector<FileToWrite>& files) {
    std::vector<std::string> temporaries;
    temporaries.reserve(files.size());
    for (const FileToWrite& f : files) {
        std::string tmp;
        if (std::string error = writeTemporary(f.path, f.content, tmp); !error.empty()) {
            for (const std::string& t : temporaries)
                ::unlink(t.c_str());
            return error + " (no file of the set was replaced)";
        }
        temporaries.push_back(tmp);
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (std::string error = moveIntoPlace(temporaries[i], files[i].path); !error.empty()) {
            for (std::size_t j = i + 1; j < files.size(); ++j)
                ::unlink(temporaries[j].c_str());
            return error + " (" + std::to_string(i) + " of " + std::to_string(files.size()) +
                   " files were replaced before it)";
        }
    }
    return {};
}

bool readWholeFile(const std::string& path, std::string& content, std::string& error) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        error = path + ": no such file";
        return false;
    }
    if (fs::is_directory(path, ec)) {
        error = path + ": is a directory, expected a file";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot open for reading: " + std::strerror(errno);
        return false;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) {
        error = path + ": read failed";
        return false;
    }
    content = std::move(buf).str();
    return true;
}

} // namespace strata
