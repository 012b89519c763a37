#pragma once
// CSV text (RFC 4180): a field in double quotes with inner quotes doubled; and what readers of
// the grids and traces users bring from spreadsheets and other tools have in common.
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// `text` without the UTF-8 byte-order mark spreadsheets write before the first line.
inline std::string_view withoutByteOrderMark(std::string_view text) {
    return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

// Whether a line holds nothing to read: blank, or a comment starting with '#'.
inline bool isBlankOrComment(std::string_view line) {
    const std::size_t first = line.find_first_not_of(" \t\r");
    return first == std::string_view::npos || line[first] == '#';
}

// The fields of a line separated by blanks (spaces, tabs), as HotSpot's files are.
inline std::vector<std::string> splitAtBlanks(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream in(line);
    for (std::string field; in >> field;)
        out.push_back(field);
    return out;
}

inline std::string csvQuoted(const std::string& s) {
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

} // namespace strata
