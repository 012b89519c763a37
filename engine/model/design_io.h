#pragma once
// Reading and writing NAME.strata.json files. Reading never throws and never crashes on bad
// input: every problem becomes a Diagnostic naming the file, the JSON pointer and what was
// expected. Older schemas are migrated on load (migrations.h); newer ones are refused.
#include "core/diagnostic.h"
#include "model/design.h"

#include <optional>
#include <string>
#include <vector>

namespace strata {

struct DesignLoad {
    std::optional<Design> design; // set only when there were no errors
    std::vector<Diagnostic> diagnostics;
    int file_schema = 0; // schema the file was written with (0 when unknown)
    bool ok() const { return design.has_value(); }
};

DesignLoad loadDesignFile(const std::string& path);
// `label` names the source in messages (a file path, "<stdin>", ...).
DesignLoad parseDesign(const std::string& text, const std::string& label);

std::string designToJsonText(const Design& design);
// Writes atomically (temporary file + rename). Returns an empty string or the error message.
std::string saveDesignFile(const Design& design, const std::string& path);

} // namespace strata
