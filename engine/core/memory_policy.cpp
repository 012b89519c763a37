#include "core/memory_policy.h"

#include <malloc.h>

namespace strata {

void keepLargeAllocationsInHeap() {
    constexpr int kOneGiB = 1 << 30;
    // Serve big arrays from the heap, not fresh mappings. (M_MMAP_THRESHOLD cannot do it: glibc
    // refuses thresholds above 32 MiB, so a 512^2 field's 46 MB arrays were mapped and page-faulted
    // on every solve; no mmap at all is the documented way.)
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, kOneGiB); // and do not hand freed heap back to the kernel at once
}

} // namespace strata
