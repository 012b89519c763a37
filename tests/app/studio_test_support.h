#pragma once
// Shared by the studio's tests: the shipped library (loaded once) and the example design.
#include "library/library_loader.h"

#include <QString>

namespace strata::studio::test {

inline const Library& library() {
    static const LibraryLoad load = loadDefaultLibrary();
    return load.library;
}

inline QString example() {
    return QString(STRATA_SOURCE_DIR) + "/projects/gpu-2.5d/design.strata.json";
}

} // namespace strata::studio::test
