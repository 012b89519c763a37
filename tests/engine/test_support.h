#pragma once
// Shared helpers for the engine tests: paths into the source tree and the shipped library.
#include "core/diagnostic.h"
#include "library/library.h"
#include "model/design.h"

#include <string>

namespace strata::test {

std::string sourcePath(const std::string& relative); // STRATA_SOURCE_DIR + "/" + relative
const Library& shippedLibrary();                     // loaded once; the test fails if it has errors
Design loadExample(const std::string& project);      // projects/<project>/design.strata.json
std::string tempDir();                               // fresh folder for this test process
bool hasCode(const std::vector<Diagnostic>& diags,
             const std::string& code); // any diagnostic with code
// Writes `text` to folder/name and returns that path.
std::string writeFile(const std::string& folder, const std::string& name, const std::string& text);

} // namespace strata::test
