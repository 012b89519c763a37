#pragma once
// Text for XML content and attribute values (JUnit reports, SVG drawings): the five special
// characters as entities, control characters XML 1.0 does not allow as blanks.
#include <string>

namespace strata {

std::string xmlEscape(const std::string& s);

} // namespace strata
