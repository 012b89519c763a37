// The process memory policy (core/memory_policy.h), checked in the kernel's own account of this
// process's mappings: a big block, allocated by the main thread or a worker, comes from the heap
// (not a fresh mapping that free() would return) and lies in memory advised for transparent huge
// pages.
#include "core/memory_policy.h"

#include <QTest>

#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

namespace {

struct Mapping {
    std::string name;    // [heap], a file, or empty for anonymous mappings
    std::string vmFlags; // two-letter flags: "hg" = advised for huge pages
    bool found = false;
};

// The /proc/self/smaps entry that holds `address`.
Mapping mappingOf(std::uintptr_t address) {
    std::ifstream smaps("/proc/self/smaps");
    Mapping m;
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        std::istringstream in(line);
        std::string first;
        in >> first;
        const auto dash = first.find('-');
        if (dash != std::string::npos && first.find(':') == std::string::npos) { // a header
            const std::uintptr_t begin = std::stoull(first.substr(0, dash), nullptr, 16);
            const std::uintptr_t end = std::stoull(first.substr(dash + 1), nullptr, 16);
            inside = begin <= address && address < end;
            if (inside) {
                std::string perms, offset, device, inode;
                in >> perms >> offset >> device >> inode;
                std::getline(in >> std::ws, m.name);
                m.found = true;
            }
        } else if (inside && first == "VmFlags:") {
            std::getline(in, m.vmFlags);
            return m;
        }
    }
    return m;
}

} // namespace

class TestMemoryPolicy : public QObject {
    Q_OBJECT
private slots:
    void bigBlocksComeFromHeapAdvisedForHugePages() {
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer serves memory itself: glibc's heap policy does not apply");
#endif
        std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
        std::string modes;
        if (!std::getline(mode, modes) || modes.find("[never]") != std::string::npos)
            QSKIP("transparent huge pages are off on this machine: the policy does not ask");
        strata::keepLargeAllocationsInHeap();
        const std::size_t bytes = std::size_t{48} << 20; // a 1.5M-unknown field is ~12 MB
        const std::unique_ptr<char[]> block(new char[bytes]);
        const Mapping m = mappingOf(reinterpret_cast<std::uintptr_t>(block.get()) + bytes / 2);
        QVERIFY(m.found);
        QCOMPARE(QString::fromStdString(m.name), QString("[heap]"));
        QVERIFY2((m.vmFlags + " ").find(" hg ") != std::string::npos, m.vmFlags.c_str());
        // The same for a block a worker thread allocates (evaluations run on workers).
        Mapping fromWorker;
        std::thread worker([&] {
            const std::unique_ptr<char[]> own(new char[bytes]);
            fromWorker = mappingOf(reinterpret_cast<std::uintptr_t>(own.get()) + bytes / 2);
        });
        worker.join();
        QCOMPARE(QString::fromStdString(fromWorker.name), QString("[heap]"));
        QVERIFY2((fromWorker.vmFlags + " ").find(" hg ") != std::string::npos,
                 fromWorker.vmFlags.c_str());
        // And for a block beyond the 256 MiB reserved up front (a 6 M-unknown model's arrays):
        // the heap grows, and the growth is advised before anything touches it.
        const std::size_t huge = std::size_t{400} << 20;
        const std::unique_ptr<char[]> beyond(new char[huge]); // untouched: address space only
        for (const std::size_t at : {std::size_t{0}, huge / 2, huge - 1}) {
            const Mapping b = mappingOf(reinterpret_cast<std::uintptr_t>(beyond.get()) + at);
            QCOMPARE(QString::fromStdString(b.name), QString("[heap]"));
            QVERIFY2((b.vmFlags + " ").find(" hg ") != std::string::npos, b.vmFlags.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestMemoryPolicy)
#include "test_memory_policy.moc"
