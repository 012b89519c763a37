#include "core/memory_policy.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <new>
#include <string>

namespace strata {

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
// Start of the heap advised for huge pages (0: no policy, or the kernel has them off), and the
// break when that advice last covered the whole heap.
std::atomic<std::uintptr_t> adviseFrom{0}, advisedBreak{0};

} // namespace

void adviseHeapGrowth() {
    const std::uintptr_t from = adviseFrom.load(std::memory_order_acquire);
    if (from == 0)
        return;
    const auto pageSize = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const std::uintptr_t brk = reinterpret_cast<std::uintptr_t>(sbrk(0)) / pageSize * pageSize;
    if (brk == advisedBreak.load(std::memory_order_acquire) || brk <= from)
        return;
    // From the start each time, not from the last break: the heap may have shrunk (a trim) and
    // grown again since, and what grew back is a fresh mapping without the advice. Advice on the
    // parts that have it is a no-op; the kernel merges the parts into one mapping.
    static std::mutex mutex;
    const std::lock_guard<std::mutex> lock(mutex);
    madvise(reinterpret_cast<void*>(from), brk - from, MADV_HUGEPAGE);
    advisedBreak.store(brk, std::memory_order_release);
}

void keepLargeAllocationsInHeap() {
    constexpr int kOneGiB = 1 << 30;
    // Serve big arrays from the heap, not fresh mappings. (M_MMAP_THRESHOLD cannot do it: glibc
    // refuses thresholds above 32 MiB, so a 512^2 field's 46 MB arrays were mapped and page-faulted
    // on every solve; no mmap at all is the documented way.)
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, kOneGiB); // and do not hand freed heap back to the kernel at once
    // One arena for every thread: the studio evaluates, and sweeps run, on worker threads, whose
    // own arenas are fresh mappings outside the reserve below (and memory one worker frees
    // serves the next). Small blocks still come from per-thread caches without a lock. Measured:
    // the studio's first evaluation of sram-on-logic-3d 88-115 -> 17-73 ms; a 12-point Lua sweep
    // at fine resolution on two workers unchanged (2.05 vs 2.04-2.39 s).
    mallopt(M_ARENA_MAX, 1);
    // Grow the heap 64 MiB beyond each request: the growth is advised (adviseHeapGrowth) before
    // the next arrays touch it, and the heap stays a few mappings instead of one per growth (8
    // instead of 30 at 800 MB; each boundary costs a 2 MiB page).
    mallopt(M_TOP_PAD, 64 << 20);

    // Grow the heap once by kReserve, advise the kernel to back it with transparent huge pages,
    // and free it again (it stays in the heap, untouched: address space, not memory). The first
    // evaluation then faults 2 MiB pages instead of 4 KiB ones.
    // Not where the kernel has transparent huge pages switched off (or none): the reserve would
    // only hold address space.
    std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string modes;
    if (!std::getline(mode, modes) || modes.find("[never]") != std::string::npos)
        return;
    constexpr std::size_t kReserve = std::size_t{256} << 20;
    if (void* block = std::malloc(kReserve)) {
        auto* bytes = static_cast<char*>(block);
        const std::size_t skip =
            (kHugePage - reinterpret_cast<std::uintptr_t>(bytes) % kHugePage) % kHugePage;
        const std::size_t length = (kReserve - skip) / kHugePage * kHugePage; // whole pages only
        if (madvise(bytes + skip, length, MADV_HUGEPAGE) == 0)
            adviseFrom.store(reinterpret_cast<std::uintptr_t>(bytes + skip),
                             std::memory_order_release);
        std::free(block);
    }
}

} // namespace strata

// Every big C++ allocation checks whether the heap grew past what is advised (containers of the
// engine's fields all come through here). Replacing the global operator new is the one hook
// glibc leaves: it has no call-back on heap growth, and its own switch for this
// (GLIBC_TUNABLES=glibc.malloc.hugetlb=1) is read only from the environment at start-up.
void* operator new(std::size_t size) {
    constexpr std::size_t kBig = std::size_t{1} << 20;
    for (;;) {
        if (void* p = std::malloc(size != 0 ? size : 1)) {
            if (size >= kBig)
                strata::adviseHeapGrowth();
            return p;
        }
        const std::new_handler handler = std::get_new_handler();
        if (!handler)
            throw std::bad_alloc();
        handler();
    }
}
