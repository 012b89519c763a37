#include "core/diagnostic.h"

#include <algorithm>
#include <cstdio>

namespace strata {

const char* severityName(Severity s) {
    switch (s) {
    case Severity::Info:
        return "info";
    case Severity::Warning:
        return "warning";
    case Severity::Error:
        return "error";
    }
    return "error";
}

std::string format(const Diagnostic& d) {
    std::string out;
    if (!d.file.empty())
        out += d.file;
    if (!d.pointer.empty()) // a JSON pointer ("/stacks/1/id") or a text position ("line 3")
        out += (out.empty() ? "" : ":") + d.pointer;
    if (!out.empty())
        out += ": ";
    out += severityName(d.severity);
    out += " " + d.code + ": " + d.message;
    if (!d.object_ids.empty()) {
        out += " [";
        for (std::size_t i = 0; i < d.object_ids.size(); ++i)
            out += (i ? ", " : "") + d.object_ids[i];
        out += "]";
    }
    return out;
}

bool isInputProblem(const Diagnostic& d) {
    static const std::vector<std::string> kInputCodes{"EVL-0006", "THM-0006", "THM-0020",
                                                      "THM-0021", "THM-0022", "THM-0023"};
    return d.severity == Severity::Error &&
           (d.code.rfind("MDL-", 0) == 0 || d.code.rfind("IO-", 0) == 0 ||
            std::find(kInputCodes.begin(), kInputCodes.end(), d.code) != kInputCodes.end());
}

bool hasErrors(const std::vector<Diagnostic>& diags) {
    return countSeverity(diags, Severity::Error) > 0;
}

std::size_t countSeverity(const std::vector<Diagnostic>& diags, Severity s) {
    return static_cast<std::size_t>(std::count_if(
        diags.begin(), diags.end(), [s](const Diagnostic& d) { return d.severity == s; }));
}

std::string formatNumber(double v, int significant) {
    char text[40];
    std::snprintf(text, sizeof text, "%.*g", significant, v);
    return text;
}

} // namespace strata
