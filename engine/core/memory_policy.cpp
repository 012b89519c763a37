#include "core/memory_policy.h"

#include <malloc.h>

namespace strata {

void keepLargeAllocationsInHeap() {
    constexpr int kOneGiB = 1 << 30;
    mallopt(M_MMAP_THRESHOLD, kOneGiB); // allocate big arrays from the heap, not fresh mappings
    mallopt(M_TRIM_THRESHOLD, kOneGiB); // and do not hand freed heap back to the kernel at once
}

} // namespace strata
