#include "cli/report.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace strata::cli {

void printDiagnostics(std::ostream& os, const std::vector<Diagnostic>& diags,
                      const std::string& file, bool include_info) {
    for (Diagnostic d : diags) {
        if (!include_info && d.severity == Severity::Info)
            continue;
        if (d.file.empty())
            d.file = file;
        os << format(d) << "\n";
    }
}

namespace {
std::string formatValue(double v) {
    std::ostringstream o;
    const double a = std::fabs(v);
    if (a != 0 && (a >= 1e7 || a < 1e-3))
        o << std::scientific << std::setprecision(4) << v;
    else if (a >= 1000)
        o << std::fixed << std::setprecision(1) << v;
    else
        o << std::setprecision(5) << v;
    return o.str();
}
} // namespace

void printMetrics(std::ostream& os, const EvalResult& r) {
    std::size_t width = 6;
    for (const Metric& m : r.metrics)
        width = std::max(width, m.name.size());
    std::string group;
    for (const Metric& m : r.metrics) {
        const std::string g = m.name.substr(0, m.name.find('.'));
        if (g != group) {
            os << (group.empty() ? "" : "\n") << "[" << g << "]\n";
            group = g;
        }
        os << "  " << std::left << std::setw(static_cast<int>(width)) << m.name << "  "
           << std::right << std::setw(14) << formatValue(m.value)
           << (m.unit.empty() ? "" : " " + m.unit) << "\n";
    }
    for (const std::string& id : r.not_evaluated)
        os << "[" << id << "] not evaluated\n";
}

} // namespace strata::cli
