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

namespace {
int columnIndex(const Table& t, const std::string& name, bool numeric) {
    int index = 0;
    for (const Table::Column& c : t.columns) {
        if (c.numeric != numeric)
            continue;
        if (c.name == name)
            return index;
        ++index;
    }
    return -1;
}
} // namespace

void printTopRows(std::ostream& os, const EvalResult& r, std::size_t top) {
    for (const Table& t : r.tables) {
        const int phase = columnIndex(t, "phase", false), name = columnIndex(t, "operator", false),
                  bound = columnIndex(t, "bound", false), time = columnIndex(t, "time", true),
                  share = columnIndex(t, "share", true);
        if (phase < 0 || name < 0 || bound < 0 || time < 0 || share < 0)
            continue;
        std::vector<std::string> phases;
        for (const auto& row : t.text)
            if (std::find(phases.begin(), phases.end(), row[phase]) == phases.end())
                phases.push_back(row[phase]);
        for (const std::string& p : phases) {
            std::vector<std::size_t> rows;
            for (std::size_t i = 0; i < t.text.size(); ++i)
                if (t.text[i][phase] == p)
                    rows.push_back(i);
            std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
                return t.numbers[a][time] > t.numbers[b][time];
            });
            os << "\n[" << t.name << "] " << p << ": top operators of one stage (" << rows.size()
               << " in all)\n";
            for (std::size_t k = 0; k < std::min(top, rows.size()); ++k) {
                const std::size_t i = rows[k];
                os << "  " << std::left << std::setw(22) << t.text[i][name] << std::setw(10)
                   << t.text[i][bound] << std::right << std::setw(12)
                   << formatValue(t.numbers[i][time]) << " s  " << std::setw(5) << std::fixed
                   << std::setprecision(1) << 100 * t.numbers[i][share] << " %\n"
                   << std::defaultfloat;
            }
        }
    }
}

} // namespace strata::cli
