#pragma once
// What a thermal model of a given size needs in memory, and what this machine can give it. A grid
// fine enough to exhaust memory is refused before it is allocated: asked for 2000 cells across
// gpu-2.5d's largest die, strata-cli used to grow to 24 GB over 112 s until the kernel killed it
// (in the studio that loses the unsaved design).
#include "core/diagnostic.h"
#include "core/progress.h"

#include <cstddef>
#include <string>
#include <vector>

namespace strata::thermal {

// Bytes per unknown (cell of a layer) of a steady evaluation: the model's cells, conductances,
// the solver's multigrid levels or transforms, its kept solutions, the power and temperature
// fields and the per-layer result fields. Measured as peak resident memory over the process's
// baseline, strata-cli eval gpu-2.5d at 64 and 128 cells across the largest die: 131-132 B.
inline constexpr double kSteadyBytesPerUnknown = 140;
// A transient adds its own solver (with the heat capacity term) and its fields, among them the
// TR-BDF2 stage's; the steady solver is returned before it starts (thermal_evaluator.cpp), so
// the transient's solver reuses that memory: thermal_bench's real package at 6.0 M unknowns,
// 801 MB steady -> 1095 MB with the transient (49 B per unknown more; 1693 MB while both solvers
// were held); the uniform stack at 5.8 M unknowns, 453 -> 728 MB (48 B).
inline constexpr double kTransientBytesPerUnknown = 60;
// Share of the available memory one evaluation may plan to use (the rest is head-room for the
// studio, other workers and the estimate's error).
inline constexpr double kUsableShare = 0.8;

// Memory this process can still get: /proc/meminfo's MemAvailable, capped by the cgroup (v2)
// limit the process runs under, if any (CI runners, containers). 0 when unknown.
std::size_t availableMemoryBytes();

// True when `unknowns` at `bytesPerUnknown` fit in kUsableShare of `budgetBytes` (0: of
// availableMemoryBytes(); unknown availability: always true). Otherwise adds THM-0009 naming the
// grid (nx x ny x nz), the memory it needs and the memory there is, and returns false.
bool fitsInMemory(int nx, int ny, int nz, double bytesPerUnknown, std::size_t budgetBytes,
                  const std::string& what, std::vector<Diagnostic>& diagnostics);

// Memory held for a thermal model of this process while it is built and solved. Two sweep
// workers (or the studio and a Lua sweep) that each checked the memory available at the same
// moment would each pass and together exceed it; a claim counts as taken for every later check
// until it is released (destroyed). Once its model is allocated a claim is counted twice (the
// machine's available memory has dropped too): that can make a check wait, never pass wrongly.
class MemoryClaim {
public:
    MemoryClaim() = default;
    ~MemoryClaim() { release(); }
    MemoryClaim(const MemoryClaim&) = delete;
    MemoryClaim& operator=(const MemoryClaim&) = delete;
    void release();
    std::size_t bytes() const { return bytes_; }

private:
    friend bool claimMemory(int, int, int, double, std::size_t, const std::string&,
                            std::vector<Diagnostic>&, MemoryClaim&, const CancelToken*);
    std::size_t bytes_ = 0;
};

// Memory claimed in this process and not yet released.
std::size_t claimedMemoryBytes();

// As fitsInMemory, with what other models of this process have claimed counted as taken; on
// success `claim` holds the bytes (adding to what it held). When only those claims stand in the
// way the call waits until they are released; a set `cancel` ends the wait (false, no
// diagnostic). A model that does not fit on its own gets THM-0009 at once.
bool claimMemory(int nx, int ny, int nz, double bytesPerUnknown, std::size_t budgetBytes,
                 const std::string& what, std::vector<Diagnostic>& diagnostics, MemoryClaim& claim,
                 const CancelToken* cancel = nullptr);

} // namespace strata::thermal
