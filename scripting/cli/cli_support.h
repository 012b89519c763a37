#pragma once
// Helpers every verb uses: loading the library with the user's folders, usage errors.
#include "cli/args.h"
#include "cli/commands.h"
#include "eval/evaluator.h"
#include "library/library.h"
#include "model/design.h"

#include <optional>
#include <string>

namespace strata::cli {

// Loads the library (shipped + user folders + --library); prints problems; false on errors.
bool loadLibraryFor(const Args& a, Io io, Library& out);
// --option KEY=VALUE (repeatable), --only A,B and --resolution R into evaluation options; prints
// a usage error and returns false when malformed.
bool readEvalOptions(const Args& a, Io io, const std::string& verb, EvalOptions& out);
// The one design file a verb works on (its positional argument) and the library: a usage,
// library or design problem is printed and gives nothing (exit with bad input).
std::optional<Design> loadDesignAndLibrary(const Args& a, Io io, const std::string& verb,
                                           Library& lib);
// Prints "strata-cli VERB: MESSAGE" and where to find usage; returns the bad-input exit code.
int usageError(Io io, const std::string& verb, const std::string& message);

} // namespace strata::cli
