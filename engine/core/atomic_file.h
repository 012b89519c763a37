#pragma once
// Writes a file so that readers see either the old or the complete new content, never half:
// the data goes to a temporary file next to the target, is flushed, then renamed into place.
#include <string>
#include <string_view>

namespace strata {

// Returns an empty string on success, otherwise a message naming the file and the cause.
std::string writeFileAtomically(const std::string& path, std::string_view content);

// Reads a whole file; on failure returns false and sets error to a message naming the file.
bool readWholeFile(const std::string& path, std::string& content, std::string& error);

} // namespace strata
