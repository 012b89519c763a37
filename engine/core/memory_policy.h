#pragma once
// Process-wide allocator policy for programs that solve large fields repeatedly (the CLI, the
// studio, benchmarks). glibc serves big arrays with mmap and returns them to the kernel on free,
// so every evaluation re-faults its pages; on the 2-core VMs we measured that first-touch page
// faults cost more than the arithmetic (a laterally uniform 128^2 thermal solve: 230 ms cold,
// 35 ms once the memory is reused). Keeping big blocks in the heap lets later evaluations reuse
// them. The first evaluation still faults its pages in: the policy also reserves 256 MiB of heap
// advised for transparent huge pages (2 MiB per fault instead of 4 KiB; the kernel's default
// "madvise" mode uses them only where asked). Measured on the 2-core VM, strata-cli eval of
// gpu-2.5d: 8600 -> 300-700 page faults, 0.16 -> 0.05-0.11 s; sram-on-logic-3d thermal at fine
// resolution 0.8 -> 0.2-0.5 s; peak memory +2-3 MB. Worker threads share the one heap (one malloc
// arena), so evaluations on them are covered too. Beyond the reserve, every big C++ allocation
// (operator new of 1 MiB or more) extends the advice to the heap's new end: a real package at
// 6.0 M unknowns (thermal_bench --repeat real 128 4) faulted its first solve's 800 MB in 4 KiB
// pages past the reserve; mean of four solves 2.1-2.7 -> 1.5-1.6 s, at 23.6 M unknowns (real
// 256, mean of two) 10.0 -> 6.1 s. Call once at the start of main(), before big allocations and
// before any thread starts.
namespace strata {

void keepLargeAllocationsInHeap();

// Advises the heap up to its current end for huge pages (done by operator new for big blocks;
// call it after a big malloc that does not go through operator new). No-op without the policy.
void adviseHeapGrowth();

} // namespace strata
