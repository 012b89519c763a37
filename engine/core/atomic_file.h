#pragma once
// Writes a file so that readers see either the old or the complete new content, never half:
// the data goes to a temporary file next to the target, is flushed, then renamed into place.
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// Returns an empty string on success, otherwise a message naming the file and the cause.
std::string writeFileAtomically(const std::string& path, std::string_view content);

struct FileToWrite {
    std::string path;
    std::string_view content;
};

// Writes a set of files that belong together (an exported model) so that a failure part-way
// replaces none of them: every file goes to its temporary first, and only when all are complete
// are they renamed into place. Only a rename failing part-way (the directory's permissions
// changed between the writes) leaves the set mixed, and the message then says how many files
// were replaced. Returns an empty string on success, otherwise a message naming the file.
std::string writeFilesAtomically(const std::vector<FileToWrite>& files);

// Reads a whole file; on failure returns false and sets error to a message naming the file.
bool readWholeFile(const std::string& path, std::string& content, std::string& error);

} // namespace strata
