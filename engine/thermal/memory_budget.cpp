#include "thermal/memory_budget.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unistd.h>

namespace strata::thermal {

namespace {

// "MemAvailable:   23844032 kB" -> bytes; 0 when absent.
std::size_t memAvailable() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::size_t kib = 0;
    std::string unit;
    while (in >> key >> kib >> unit)
        if (key == "MemAvailable:")
            return kib * 1024;
    const long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(size)
                                 : 0;
}

// The cgroup v2 limit minus what the group uses now; 0 when there is no limit ("max") or no
// cgroup v2 hierarchy.
std::size_t cgroupHeadroom() {
    std::ifstream self("/proc/self/cgroup");
    std::string line, path;
    while (std::getline(self, line))
        if (line.rfind("0::", 0) == 0)
            path = line.substr(3);
    if (path.empty())
        return 0;
    const std::string dir = "/sys/fs/cgroup" + path;
    std::ifstream maxFile(dir + "/memory.max"), currentFile(dir + "/memory.current");
    std::size_t limit = 0, current = 0;
    if (!(maxFile >> limit) || !(currentFile >> current)) // "max" fails to parse: no limit
        return 0;
    return limit > current ? limit - current : 1;
}

std::string gigabytes(double bytes) {
    char text[32];
    std::snprintf(text, sizeof text, bytes >= 1e9 ? "%.1f GB" : "%.0f MB",
                  bytes >= 1e9 ? bytes / 1e9 : bytes / 1e6);
    return text;
}

} // namespace

std::size_t availableMemoryBytes() {
    const std::size_t machine = memAvailable(), group = cgroupHeadroom();
    if (machine == 0 || group == 0)
        return std::max(machine, group);
    return std::min(machine, group);
}

namespace {

void refuse(int nx, int ny, int nz, double needed, std::size_t available, const std::string& what,
            std::vector<Diagnostic>& diagnostics) {
    const double unknowns = static_cast<double>(nx) * ny * nz;
    std::ostringstream msg;
    msg << what << " has " << nx << " x " << ny << " cells in " << nz << " layers ("
        << static_cast<long long>(unknowns) << " unknowns) and needs about " << gigabytes(needed)
        << "; " << gigabytes(static_cast<double>(available))
        << " of memory are available. Choose a coarser thermal resolution (\"fine\" is 64 cells "
           "across the largest die, \"default\" 32)";
    diagnostics.push_back({"THM-0009", Severity::Error, msg.str(), {"thermal.resolution"}, "", ""});
}

// The claims of this process: their total, guarded by `mutex`; `released` wakes waiters.
struct Claims {
    std::mutex mutex;
    std::condition_variable released;
    std::size_t total = 0;
};
Claims& claims() {
    static Claims c;
    return c;
}

} // namespace

bool fitsInMemory(int nx, int ny, int nz, double bytesPerUnknown, std::size_t budgetBytes,
                  const std::string& what, std::vector<Diagnostic>& diagnostics) {
    const std::size_t available = budgetBytes ? budgetBytes : availableMemoryBytes();
    if (available == 0)
        return true;
    const double needed = static_cast<double>(nx) * ny * nz * bytesPerUnknown;
    if (needed <= kUsableShare * static_cast<double>(available))
        return true;
    refuse(nx, ny, nz, needed, available, what, diagnostics);
    return false;
}

void MemoryClaim::release() {
    if (bytes_ == 0)
        return;
    Claims& c = claims();
    {
        const std::lock_guard lock(c.mutex);
        c.total -= bytes_;
        bytes_ = 0;
    }
    c.released.notify_all();
}

std::size_t claimedMemoryBytes() {
    Claims& c = claims();
    const std::lock_guard lock(c.mutex);
    return c.total;
}

bool claimMemory(int nx, int ny, int nz, double bytesPerUnknown, std::size_t budgetBytes,
                 const std::string& what, std::vector<Diagnostic>& diagnostics, MemoryClaim& claim,
                 const CancelToken* cancel) {
    const double needed = static_cast<double>(nx) * ny * nz * bytesPerUnknown;
    Claims& c = claims();
    std::unique_lock lock(c.mutex);
    for (;;) {
        const std::size_t available = budgetBytes ? budgetBytes : availableMemoryBytes();
        if (available != 0 && needed > kUsableShare * static_cast<double>(available)) {
            refuse(nx, ny, nz, needed, available, what, diagnostics); // too big on its own
            return false;
        }
        const std::size_t others = c.total - claim.bytes_;
        const double free = static_cast<double>(available) - static_cast<double>(others);
        if (available == 0 || needed <= kUsableShare * free) {
            const auto bytes = static_cast<std::size_t>(needed);
            c.total += bytes;
            claim.bytes_ += bytes;
            return true;
        }
        // Others hold what this one needs: wait for a release (re-reading the machine's memory
        // every 100 ms, which their finishing frees too).
        c.released.wait_for(lock, std::chrono::milliseconds(100));
        if (cancel && cancel->cancelled())
            return false;
    }
}

} // namespace strata::thermal
