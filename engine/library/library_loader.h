#pragma once
// Loads the component library from folders of JSON files ("format": "strata-library").
// The shipped assets/ come first; user folders (STRATA_LIBRARY_PATH, ~/.local/share/strata/
// library, --library DIR) follow, and an entry there replaces a shipped entry with the same id;
// plugins may add entries between the two.
#include "core/diagnostic.h"
#include "library/library.h"

#include <string>
#include <vector>

namespace strata {

struct LibraryLoad {
    Library library;
    std::vector<Diagnostic> diagnostics; // errors name the file, JSON pointer and expectation
    bool ok() const { return !hasErrors(diagnostics); }
};

// Loads every *.json under each folder (recursively, sorted by path), in the order given.
LibraryLoad loadLibrary(const std::vector<std::string>& folders);

// Parses one library file's text into `lib`, reporting to `diags`.
void loadLibraryText(const std::string& text, const std::string& label, Library& lib,
                     std::vector<Diagnostic>& diags);

// The shipped assets folder: $STRATA_ASSETS_DIR, else <exe>/../share/strata/assets, else the
// source tree's assets/ this build came from.
std::string shippedAssetsDir();
// User folders: $STRATA_LIBRARY_PATH (':'-separated) and ~/.local/share/strata/library if present.
std::vector<std::string> userLibraryDirs();
// Where a new user entry is written (an imported part): the first STRATA_LIBRARY_PATH folder,
// else ~/.local/share/strata/library (the caller creates it); "" when neither can be named.
std::string userLibraryWriteDir();
// Library entries that come as text (a plugin's, plugin/plugin_loader.h); `label` names the
// source in messages.
struct LibraryText {
    std::string label, text;
};

// Shipped, then `plugins`' entries, then user folders + `extra` (later entries with the same id
// replace earlier ones: the user's own have the last word).
LibraryLoad loadDefaultLibrary(const std::vector<std::string>& extra = {},
                               const std::vector<LibraryText>& plugins = {});

} // namespace strata
