#pragma once
// Process-wide allocator policy for programs that solve large fields repeatedly (the CLI, the
// studio, benchmarks). glibc serves big arrays with mmap and returns them to the kernel on free,
// so every evaluation re-faults its pages; on the 2-core VMs we measured that first-touch page
// faults cost more than the arithmetic (a laterally uniform 128^2 thermal solve: 230 ms cold,
// 35 ms once the memory is reused). Keeping big blocks in the heap lets later evaluations reuse
// them. Call once at the start of main().
namespace strata {

void keepLargeAllocationsInHeap();

} // namespace strata
