#include "interop/threedice_results.h"

#include "core/atomic_file.h"
#include "core/csv.h"
#include "interop/export_files.h"
#include "interop/threedice_export.h"

#include <cmath>
#include <filesystem>
#include <sstream>

namespace strata {

namespace {

// The stack description's words without comments, with ',' ';' ':' as words of their own.
std::vector<std::string> words(const std::string& stk) {
    std::string text;
    std::istringstream in(stk);
    for (std::string line; std::getline(in, line);) {
        line = line.substr(0, line.find("//"));
        for (const char c : line)
            text +=
                c == ',' || c == ';' || c == ':' ? std::string(" ") + c + " " : std::string(1, c);
        text += '\n';
    }
    return splitAtBlanks(text);
}

} // namespace

std::optional<ThreeDiceDimensions> parseThreeDiceDimensions(const std::string& stk,
                                                            const std::string& file,
                                                            std::vector<Diagnostic>& diags) {
    const std::vector<std::string> w = words(stk);
    ThreeDiceDimensions d;
    for (std::size_t i = 0; i + 2 < w.size(); ++i)
        d.layers += w[i] == "layer" && w[i + 2] == ":";
    // dimensions : chip length L , width W ; cell length l , width w ;
    for (std::size_t i = 0; i + 16 < w.size(); ++i) {
        if (w[i] != "dimensions")
            continue;
        const bool shape = w[i + 1] == ":" && w[i + 2] == "chip" && w[i + 3] == "length" &&
                           w[i + 5] == "," && w[i + 6] == "width" && w[i + 8] == ";" &&
                           w[i + 9] == "cell" && w[i + 10] == "length" && w[i + 12] == "," &&
                           w[i + 13] == "width" && w[i + 15] == ";";
        if (shape && parseFiniteNumber(w[i + 4], d.chip_length_um) &&
            parseFiniteNumber(w[i + 7], d.chip_width_um) &&
            parseFiniteNumber(w[i + 11], d.cell_length_um) &&
            parseFiniteNumber(w[i + 14], d.cell_width_um) && d.cell_length_um > 0 &&
            d.cell_width_um > 0) {
            d.cols = static_cast<int>(std::lround(d.chip_length_um / d.cell_length_um));
            d.rows = static_cast<int>(std::lround(d.chip_width_um / d.cell_width_um));
            if (d.cols > 0 && d.rows > 0)
                return d;
        }
    }
    diags.push_back(
        resultFileProblem(file, 0,
                          "expected a section \"dimensions : chip length L, width W ; cell "
                          "length l, width w ;\" with positive numbers"));
    return std::nullopt;
}

std::optional<std::vector<double>> parseThreeDiceTmap(const std::string& text, int rows, int cols,
                                                      const std::string& file,
                                                      std::vector<Diagnostic>& diags) {
    std::vector<double> values; // every row of numbers; the last map is the last rows of them
    std::istringstream in{std::string(withoutByteOrderMark(text))};
    int lineNo = 0, found = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        const std::vector<std::string> fields = splitAtBlanks(line);
        if (fields.empty() || !isNumberWord(fields.front()))
            continue; // a header ("Thermal map for layer ...") or a blank line between maps
        if (static_cast<int>(fields.size()) != cols) {
            diags.push_back(resultFileProblem(
                file, lineNo,
                "expected " + std::to_string(cols) + " temperatures (K), got " +
                    std::to_string(fields.size()) + ": export and compare at the same resolution"));
            return std::nullopt;
        }
        for (const std::string& f : fields) {
            double v = 0;
            if (!parseFiniteNumber(f, v) || !(v > 0)) {
                diags.push_back(resultFileProblem(
                    file, lineNo, "expected a temperature in K, got \"" + f + "\""));
                return std::nullopt;
            }
            values.push_back(v);
        }
        ++found;
    }
    if (found < rows) {
        diags.push_back(resultFileProblem(file, 0,
                                          "expected " + std::to_string(rows) + " rows of " +
                                              std::to_string(cols) + " temperatures, found " +
                                              std::to_string(found)));
        return std::nullopt;
    }
    values.erase(values.begin(), values.end() - static_cast<std::ptrdiff_t>(rows) * cols);
    return values;
}

ThermalComparison compareWithThreeDice(const Design& design, const Library& library,
                                       const std::string& resolution, const std::string& dir,
                                       const std::string& base) {
    ThermalComparison out;
    const std::string file = exportFileBase(base);
    const std::filesystem::path folder(dir);
    const std::string stkPath = (folder / (file + ".stk")).string();
    std::string stk, error;
    if (!readWholeFile(stkPath, stk, error)) {
        out.notes.push_back(
            resultFileProblem("", 0,
                              error + " (export with strata-cli export --3dice, then run "
                                      "3D-ICE there with run.sh)"));
        return out;
    }
    const std::optional<ThreeDiceDimensions> dims =
        parseThreeDiceDimensions(stk, stkPath, out.notes);
    if (!dims)
        return out;
    const std::optional<SolvedModel> solved =
        solveForComparison(design, library, resolution, out.notes);
    if (!solved)
        return out;
    const thermal::Model& m = solved->model;
    const ThreeDiceGrid g = threeDiceGrid(m, dims->cell_length_um * 1e-6);
    if (g.cols != dims->cols || g.rows != dims->rows || dims->layers != m.nz()) {
        out.notes.push_back(resultFileProblem(
            stkPath, 0,
            "3D-ICE's grid there is " + std::to_string(dims->cols) + " x " +
                std::to_string(dims->rows) + " x " + std::to_string(dims->layers) +
                " layers, the model's here " + std::to_string(g.cols) + " x " +
                std::to_string(g.rows) + " x " + std::to_string(m.nz()) +
                ": export and compare at the same resolution, after the "
                "same edits"));
        return out;
    }
    ReferenceGrid ref{
        g.x0,  g.y0, g.x0 + g.cols * g.cell_m, g.y0 + g.rows * g.cell_m, dims->rows, dims->cols,
        false, {}};
    for (const thermal::DieRegion& d : m.dies) {
        if (ref.layers.count(d.layer))
            continue;
        const std::string path =
            (folder / (file + "_L" + std::to_string(d.layer) + ".tmap")).string();
        std::string text;
        if (!readWholeFile(path, text, error)) {
            out.notes.push_back(
                resultFileProblem("", 0, error + " (3D-ICE writes it when run.sh runs)"));
            return out;
        }
        std::optional<std::vector<double>> map =
            parseThreeDiceTmap(text, dims->rows, dims->cols, path, out.notes);
        if (!map)
            return out;
        ref.layers[d.layer] = std::move(*map);
    }
    ThermalComparison c = compareWithReference(m, solved->theta, ref, "3dice");
    c.notes.insert(c.notes.begin(), out.notes.begin(), out.notes.end());
    return c;
}

} // namespace strata
