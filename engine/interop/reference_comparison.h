#pragma once
// Another tool's temperatures for the very model Strata solved (HotSpot's grid steady file,
// 3D-ICE's thermal maps), set beside Strata's per die, to judge "as accurate as HotSpot and
// 3D-ICE" on the user's own design: the hottest junction cell in each tool, the largest and mean
// difference over Strata's cells of the die (the other tool sampled at their centres), and each
// die's difference map, Strata - other, in K.
#include "core/diagnostic.h"
#include "eval/evaluator.h"
#include "library/library.h"
#include "model/design.h"
#include "thermal/model.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// The other tool's answer: rows x cols uniform cells over [x0, x1] x [y0, y1] (model
// coordinates), kelvin per cell, for model layers by index.
struct ReferenceGrid {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    int rows = 0, cols = 0;
    bool north_first = false; // row 0 at y1 (HotSpot) or at y0 (3D-ICE)
    std::map<int, std::vector<double>> layers;
};

struct DieComparison {
    std::string die;
    double strata_max_c = 0, reference_max_c = 0;
    double max_abs_diff_k = 0; // over Strata's cells of the die, the other tool at their centres
    double mean_diff_k = 0;    // Strata - other
};

struct ThermalComparison {
    bool ok = false;
    std::vector<Diagnostic> notes;
    int rows = 0, cols = 0;
    std::vector<DieComparison> dies;
    std::vector<Field> differences; // "<prefix>.diff.<die>", K, Strata - other
};

// `theta`: Strata's solution of `model` (rises over its ambient); every die's junction layer must
// be among the grid's layers (said otherwise). `prefix` names the difference maps ("hotspot").
ThermalComparison compareWithReference(const thermal::Model& model,
                                       const std::vector<double>& theta, const ReferenceGrid& other,
                                       const std::string& prefix);

// The design's thermal model at `resolution` (its block powers): what an exported model
// describes; nullopt with the problems in `notes` when it cannot be built.
std::optional<thermal::Model> modelForComparison(const Design& design, const Library& library,
                                                 const std::string& resolution,
                                                 std::vector<Diagnostic>& notes);

// That model and Strata's steady solution, which a comparison sets the other tool's answer beside.
struct SolvedModel {
    thermal::Model model;
    std::vector<double> theta;
};
std::optional<SolvedModel> solveForComparison(const Design& design, const Library& library,
                                              const std::string& resolution,
                                              std::vector<Diagnostic>& notes);

// For the readers of the other tools' result files: a problem with one (IO-0022, naming the file
// and, when > 0, the line), and whether `s` is wholly a finite number (set in `v`).
Diagnostic resultFileProblem(const std::string& file, int line, const std::string& message);
bool parseFiniteNumber(std::string_view s, double& v);
// Whether `s` is written as a number at all (nan and inf included): a row of data, not a header.
bool isNumberWord(std::string_view s);

} // namespace strata
