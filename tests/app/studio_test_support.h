#pragma once
// Shared by the studio's tests: the shipped library (loaded once), the example design, and
// opening it for an evaluation.
#include "document.h"
#include "evaluation_runner.h"
#include "library/library_loader.h"
#include "model/geometry.h"

#include <QSignalSpy>
#include <QString>

namespace strata::studio::test {

inline const Library& library() {
    static const LibraryLoad load = loadDefaultLibrary();
    return load.library;
}

inline QString example() {
    return QString(STRATA_SOURCE_DIR) + "/projects/gpu-2.5d/design.strata.json";
}

// The base die's rectangle of a stack on the package (metres).
inline Rect baseFootprint(const Design& d, const std::string& stack) {
    const Stack& s = *findStack(d, stack);
    return tierFootprint(s, s.tiers[0], resolveDie(s.tiers[0].die, d, library()));
}

// Opens the example in `doc` and waits for `runner`'s evaluation of it (opening evaluates).
inline bool openedAndEvaluated(Document& doc, EvaluationRunner& runner) {
    QSignalSpy done(&runner, &EvaluationRunner::finished);
    return doc.load(example()).isEmpty() && done.wait(120000);
}

} // namespace strata::studio::test
