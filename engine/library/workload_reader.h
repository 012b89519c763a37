#pragma once
// Reads one "workloads" entry of a library file (assets/workloads): a transformer shape or an
// operator list, every field checked with its JSON pointer.
#include "library/entry_reader.h"

namespace strata {

WorkloadSpec readWorkload(EntryReader& r, const std::string& file, const JsonContext& ctx);

} // namespace strata
