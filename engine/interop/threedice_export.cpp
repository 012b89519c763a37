#include "interop/threedice_export.h"

#include "core/diagnostic.h"
#include "interop/cell_rectangles.h"
#include "interop/trace_sampling.h"
#include "thermal/builder.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

namespace strata {

using thermal::CellMaterial;
using thermal::Model;

namespace {

// 3D-ICE reads numbers as digits, an optional fraction and exponent: "%.12g" writes no ".5".
std::string num(double v) {
    return formatNumber(v, 12);
}

// Appends the parts to `out` (one allocation at most per part, none for temporaries).
void append(std::string& out, std::initializer_list<std::string_view> parts) {
    for (const std::string_view p : parts)
        out += p;
}

std::string joined(std::initializer_list<std::string_view> parts) {
    std::string out;
    append(out, parts);
    return out;
}

// 3D-ICE's units: µm, W/(µm K), J/(µm³ K), W/(µm² K).
constexpr double kUm = 1e6;

struct MaterialKey {
    double kxy, kz, cv;
    auto operator<=>(const MaterialKey&) const = default;
};

// A 3D-ICE identifier: a letter, then letters, digits and '_'.
std::string identifier(const std::string& s) {
    std::string out;
    for (const char c : s)
        out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (out.empty() || !std::isalpha(static_cast<unsigned char>(out.front())))
        out = "b_" + out;
    return out;
}

std::string rectangle(const ThreeDiceGrid& g, const CellRect& r) {
    const double h = g.cell_m * kUm;
    return "  rectangle (" + num(r.i0 * h) + ", " + num(r.j0 * h) + ", " + num((r.i1 - r.i0) * h) +
           ", " + num((r.j1 - r.j0) * h) + ") ;\n";
}

// The model layer's cell under each 3D-ICE cell's centre (-1 beyond the model's outline).
std::vector<std::size_t> modelCells(const Model& m, const ThreeDiceGrid& g) {
    std::vector<std::size_t> at(static_cast<std::size_t>(g.cols) * g.rows, SIZE_MAX);
    for (int r = 0; r < g.rows; ++r) {
        const double y = g.y0 + (r + 0.5) * g.cell_m;
        if (y >= m.ys.back())
            continue;
        const int j = thermal::cellIndex(m.ys, y);
        for (int c = 0; c < g.cols; ++c) {
            const double x = g.x0 + (c + 0.5) * g.cell_m;
            if (x < m.xs.back())
                at[static_cast<std::size_t>(r) * g.cols + c] =
                    static_cast<std::size_t>(j) * m.nx() + thermal::cellIndex(m.xs, x);
        }
    }
    return at;
}

// Layer k's power on 3D-ICE's cells: each model cell's watts shared by overlap area.
std::vector<double> remapPower(const Model& m, const ThreeDiceGrid& g, const std::vector<double>& q,
                               int k) {
    std::vector<double> out(static_cast<std::size_t>(g.cols) * g.rows, 0.0);
    const std::size_t plane = m.cellsPerLayer() * static_cast<std::size_t>(k);
    for (int j = 0; j < m.ny(); ++j)
        for (int i = 0; i < m.nx(); ++i) {
            const double p = q[plane + static_cast<std::size_t>(j) * m.nx() + i];
            if (p == 0)
                continue;
            const double area = (m.xs[i + 1] - m.xs[i]) * (m.ys[j + 1] - m.ys[j]);
            const int c0 = std::max(0, static_cast<int>((m.xs[i] - g.x0) / g.cell_m));
            const int r0 = std::max(0, static_cast<int>((m.ys[j] - g.y0) / g.cell_m));
            for (int r = r0; r < g.rows && g.y0 + r * g.cell_m < m.ys[j + 1]; ++r)
                for (int c = c0; c < g.cols && g.x0 + c * g.cell_m < m.xs[i + 1]; ++c) {
                    const double ox = std::min(m.xs[i + 1], g.x0 + (c + 1) * g.cell_m) -
                                      std::max(m.xs[i], g.x0 + c * g.cell_m);
                    const double oy = std::min(m.ys[j + 1], g.y0 + (r + 1) * g.cell_m) -
                                      std::max(m.ys[j], g.y0 + r * g.cell_m);
                    if (ox > 0 && oy > 0)
                        out[static_cast<std::size_t>(r) * g.cols + c] += p * ox * oy / area;
                }
        }
    return out;
}

// Per 3D-ICE cell of a layer, the sources whose power lands there and each one's share of its
// source's power (empty: none); per model layer (empty: no source there).
using Composition = std::vector<std::pair<int, double>>;
std::vector<std::vector<Composition>> compositions(const Model& m, const ThreeDiceGrid& g) {
    std::vector<std::vector<Composition>> out(static_cast<std::size_t>(m.nz()));
    std::vector<double> unit(m.sources.size(), 0.0), q;
    for (std::size_t s = 0; s < m.sources.size(); ++s) {
        const thermal::HeatSource& src = m.sources[s];
        std::fill(unit.begin(), unit.end(), 0.0);
        unit[s] = 1.0;
        thermal::rasterisePower(m, unit, q); // the source's 1 W where it is
        for (int k = src.layer; k < src.layer + src.layers; ++k) {
            std::vector<Composition>& layer = out[static_cast<std::size_t>(k)];
            layer.resize(static_cast<std::size_t>(g.cols) * g.rows);
            const std::vector<double> share = remapPower(m, g, q, k);
            for (std::size_t n = 0; n < share.size(); ++n)
                if (share[n] > 1e-12) // not round-off where a block edge meets a grid line
                    layer[n].emplace_back(static_cast<int>(s), share[n]);
        }
    }
    return out;
}

// A dissipating layer's floorplan: one element per mix of sources (a block, or a cell a block
// edge crosses), its rectangles and its watts, one value per row of `powers` (per source, W).
std::string floorplanText(const Model& m, const ThreeDiceGrid& g,
                          const std::vector<Composition>& cells, int k,
                          const std::vector<std::vector<double>>& powers,
                          std::vector<ThreeDiceExport::Element>* elements = nullptr) {
    std::map<Composition, int> ids;
    std::vector<Composition> keyOf;
    std::vector<int> keys(cells.size(), -1);
    for (std::size_t n = 0; n < cells.size(); ++n) {
        if (cells[n].empty())
            continue;
        Composition key = cells[n];
        for (auto& [source, share] : key)
            share = nineDigits(share);
        keys[n] = ids.try_emplace(key, static_cast<int>(keyOf.size())).first->second;
        if (keys[n] == static_cast<int>(keyOf.size()))
            keyOf.push_back(std::move(key));
    }
    const std::vector<CellRect> rects = mergeCells(keys, g.cols, {0, g.cols, 0, g.rows});
    auto owner = [](const Composition& c) { // the source with the largest share
        return std::max_element(c.begin(), c.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; })
            ->first;
    };
    std::map<int, int> elementsOfOwner;
    for (const Composition& key : keyOf)
        ++elementsOfOwner[owner(key)];
    std::string text;
    constexpr std::string_view what = ") of the Strata thermal model: every block's power (W) "
                                      "where it is, one element per block (and per mix of "
                                      "blocks where an edge crosses a cell), ";
    append(text, {"// Layer ", std::to_string(k), " (", m.layers[static_cast<std::size_t>(k)].name,
                  what, std::to_string(powers.size()), " value(s) each.\n"});
    std::map<int, int> seen;
    std::set<std::string> used;
    for (std::size_t e = 0; e < keyOf.size(); ++e) {
        const int o = owner(keyOf[e]);
        std::string name = identifier(m.sources[static_cast<std::size_t>(o)].id);
        if (elementsOfOwner[o] > 1)
            name += "_" + std::to_string(++seen[o]);
        while (!used.insert(name).second) // two ids alike but for characters 3D-ICE does not take
            name += "_";
        append(text, {"\n", name, " :\n"});
        if (elements)
            elements->push_back({k, name, o});
        std::map<int, double> share; // the element's share of each source's power
        for (const CellRect& r : rects)
            if (r.key == static_cast<int>(e)) {
                text += rectangle(g, r);
                for (int j = r.j0; j < r.j1; ++j)
                    for (int i = r.i0; i < r.i1; ++i)
                        for (const auto& [source, part] :
                             cells[static_cast<std::size_t>(j) * g.cols + i])
                            share[source] += part;
            }
        text += "  power values ";
        for (std::size_t row = 0; row < powers.size(); ++row) {
            double watts = 0;
            for (const auto& [source, part] : share)
                watts += part * powers[row][static_cast<std::size_t>(source)];
            append(text, {row ? ", " : "", num(watts)});
        }
        text += " ;\n";
    }
    return text;
}

std::string materialText(const std::string& name, const MaterialKey& k, const std::string& what) {
    return "// " + what + "\nmaterial " + name + " :\n   thermal conductivity " + num(k.kxy / kUm) +
           ", " + num(k.kxy / kUm) + ", " + num(k.kz / kUm) + " ;\n   volumetric heat capacity " +
           num(k.cv / (kUm * kUm * kUm)) + " ;\n\n";
}

Diagnostic note(Severity s, const std::string& message) {
    return {s == Severity::Error ? "IO-0020" : "IO-0021", s, message, {}, "", ""};
}

} // namespace

double threeDiceCellFor(const Model& m, int cells_across_die) {
    double largest = 0;
    for (const thermal::DieRegion& d : m.dies)
        largest = std::max({largest, d.x1 - d.x0, d.y1 - d.y0});
    return largest / cells_across_die;
}

ThreeDiceGrid threeDiceGrid(const Model& m, double cell_m) {
    ThreeDiceGrid g;
    g.cell_m = std::max(1.0, std::round(cell_m * kUm)) / kUm;
    g.x0 = m.xs.front(), g.y0 = m.ys.front();
    g.cols = static_cast<int>(std::ceil((m.xs.back() - g.x0) / g.cell_m - 1e-9));
    g.rows = static_cast<int>(std::ceil((m.ys.back() - g.y0) / g.cell_m - 1e-9));
    return g;
}

ThreeDiceExport exportThreeDice(const Model& m, const std::string& name, double cell_m,
                                const thermal::PowerTrace* trace) {
    ThreeDiceExport out;
    const std::string base = exportFileBase(name);
    const ThreeDiceGrid g = out.grid = threeDiceGrid(m, cell_m);
    if (g.cols > kMaxThreeDiceCells || g.rows > kMaxThreeDiceCells) {
        out.notes.push_back(note(
            Severity::Error,
            "3D-ICE's grid would be " + std::to_string(g.cols) + " x " + std::to_string(g.rows) +
                " cells of " + num(g.cell_m * kUm) + " µm (at most " +
                std::to_string(kMaxThreeDiceCells) +
                " a side: 3D-ICE factorises its whole matrix); export at a coarser resolution"));
        return out;
    }
    if (!(m.h_top > 0) && !(m.h_bottom > 0)) {
        out.notes.push_back(note(Severity::Error, "the model has no path to ambient"));
        return out;
    }
    std::optional<SampledTrace> sampled;
    if (trace && !(sampled = sampleTrace(m, *trace, "3D-ICE", out.notes)))
        return out;
    std::vector<std::vector<double>> steady(1, std::vector<double>(m.sources.size()));
    for (std::size_t s = 0; s < m.sources.size(); ++s)
        steady[0][s] = m.sources[s].power_w;
    const std::vector<std::size_t> at = modelCells(m, g);
    const std::vector<std::vector<Composition>> mixes = compositions(m, g);
    std::map<MaterialKey, int> materials;
    std::vector<MaterialKey> materialOf;
    const MaterialKey nearInsulator{kNearInsulatorK, kNearInsulatorK, kNearInsulatorCv};
    bool anyVoid = false;
    std::string layersText, diesText;
    struct StackLine {
        std::string element, layer, floorplan; // floorplan: a die's (without its extension)
    };
    std::vector<StackLine> stackLines; // bottom first; 3D-ICE lists the stack from the top
    std::set<int> junctions;
    for (const thermal::DieRegion& d : m.dies)
        junctions.insert(d.layer);
    std::string outputs, transientOutputs;
    for (int k = 0; k < m.nz(); ++k) {
        const thermal::Layer& l = m.layers[static_cast<std::size_t>(k)];
        std::vector<int> keys(at.size());
        std::map<int, std::size_t> count;
        for (std::size_t n = 0; n < at.size(); ++n) {
            const CellMaterial* c = at[n] == SIZE_MAX ? nullptr : &l.cells[at[n]];
            MaterialKey key = nearInsulator;
            if (c && !c->isVoid())
                key = {nineDigits(c->kxy), nineDigits(c->kz), nineDigits(c->cv)};
            else
                anyVoid = true;
            keys[n] = materials.try_emplace(key, static_cast<int>(materialOf.size())).first->second;
            if (keys[n] == static_cast<int>(materialOf.size()))
                materialOf.push_back(key);
            ++count[keys[n]];
        }
        const int own =
            std::max_element(count.begin(), count.end(), [](const auto& a, const auto& b) {
                return a.second < b.second;
            })->first;
        const std::string id = "L" + std::to_string(k);
        append(layersText, {"// ", l.name, "\nlayer ", id, " :\n   height ", num(l.thickness * kUm),
                            " ;\n   material M", std::to_string(own), " ;\n"});
        if (count.size() > 1) {
            const std::string file = joined({base, "_", id, ".mlt"});
            append(layersText, {"   layout \"", file, "\" ;\n"});
            std::string layout;
            constexpr std::string_view what =
                ") of the Strata thermal model: rectangles of other materials over its own (M";
            append(layout, {"// Layer ", std::to_string(k), " (", l.name, what, std::to_string(own),
                            ").\n"});
            const std::vector<CellRect> rects = mergeCells(keys, g.cols, {0, g.cols, 0, g.rows});
            for (const auto& [mat, cells] : count) {
                if (mat == own)
                    continue;
                append(layout, {"\nM", std::to_string(mat), " :\n"});
                for (const CellRect& r : rects)
                    if (r.key == mat)
                        layout += rectangle(g, r);
            }
            out.files.push_back({file, layout});
        }
        layersText += "\n";
        std::string element = "E" + std::to_string(k);
        const std::vector<Composition>& mix = mixes[static_cast<std::size_t>(k)];
        if (std::any_of(mix.begin(), mix.end(), [](const Composition& c) { return !c.empty(); })) {
            const std::string file = joined({base, "_", id});
            element = "S" + std::to_string(k);
            append(diesText, {"die D", std::to_string(k), " :\n   source ", id, " ;\n\n"});
            stackLines.push_back({element, "D" + std::to_string(k), file});
            out.files.push_back(
                {file + ".flp", floorplanText(m, g, mix, k, steady, &out.elements)});
            if (sampled) {
                out.files.push_back(
                    {file + "_t.flp", floorplanText(m, g, mix, k, sampled->powers)});
                append(transientOutputs,
                       {"   Tflp (", element, ", \"", file, ".tflp\", maximum, slot) ;\n"});
            }
        } else {
            stackLines.push_back({element, id, ""});
        }
        if (junctions.count(k)) {
            append(outputs, {"   Tmap (", element, ", \"", base, "_", id, ".tmap\", final) ;\n"});
            if (sampled)
                append(transientOutputs,
                       {"   Tmap (", element, ", \"", base, "_", id, "_t.tmap\", final) ;\n"});
        }
    }
    if (diesText.empty()) {
        out.notes.push_back(
            note(Severity::Error, "no layer dissipates power: 3D-ICE needs at least one die"));
        out.files.clear();
        return out;
    }
    std::string head = "// 3D-ICE 4.0 stack description of the thermal model Strata solves for " +
                       name +
                       " (strata-cli export --3dice). Units: µm, W/(µm K), J/(µm³ K), "
                       "W/(µm² K), K, s.\n\n";
    for (std::size_t i = 0; i < materialOf.size(); ++i)
        head += materialText("M" + std::to_string(i), materialOf[i],
                             materialOf[i] == nearInsulator
                                 ? "where Strata has no material (void): a near-insulator"
                                 : "kxy " + num(materialOf[i].kxy) + " W/mK, kz " +
                                       num(materialOf[i].kz) + " W/mK, " + num(materialOf[i].cv) +
                                       " J/m3K");
    if (m.h_top > 0)
        append(head, {"top heat sink :\n   heat transfer coefficient ", num(m.h_top / (kUm * kUm)),
                      " ;\n   temperature ", num(m.ambient_k), " ;\n\n"});
    if (m.h_bottom > 0)
        append(head,
               {"bottom heat sink :\n   heat transfer coefficient ", num(m.h_bottom / (kUm * kUm)),
                " ;\n   temperature ", num(m.ambient_k), " ;\n\n"});
    const double h = g.cell_m * kUm;
    append(head, {"dimensions :\n   chip length ", num(g.cols * h), ", width ", num(g.rows * h),
                  " ;\n   cell length ", num(h), ", width ", num(h),
                  " ;\n   non-uniform false ;\n\n", layersText, diesText, "stack:\n"});
    // The stack from the top, its dies with floorplans of `suffix` (steady "", transient "_t").
    auto stackOf = [&](const char* suffix) {
        std::string text;
        for (auto l = stackLines.rbegin(); l != stackLines.rend(); ++l)
            append(text, l->floorplan.empty()
                             ? std::initializer_list<std::string_view>{"   layer ", l->element, " ",
                                                                       l->layer, " ;\n"}
                             : std::initializer_list<std::string_view>{
                                   "   die   ", l->element, " ", l->layer, " floorplan \"",
                                   l->floorplan, suffix, ".flp\" ;\n"});
        return text;
    };
    out.files.insert(out.files.begin(),
                     {base + ".stk", head + stackOf("") +
                                         "\nsolver:\n   steady ;\n   initial temperature " +
                                         num(m.ambient_k) + " ;\n\noutput:\n" + outputs});
    std::string run = "#!/bin/sh\n# 3D-ICE 4.0 (github.com/esl-epfl/3d-ice) on the thermal model "
                      "Strata solves. The steady state (thermal maps of the junction layers, "
                      "which strata-cli compare DESIGN --3dice THIS_FOLDER reads):\ncd "
                      "\"$(dirname \"$0\")\" || exit 1\n3D-ICE-Emulator " +
                      base + ".stk\n";
    if (sampled) {
        // 3D-ICE steps each slot (the trace's interval) in ten implicit steps, from ambient.
        const double slot = sampled->interval_s;
        out.files.insert(out.files.begin() + 1,
                         {base + "_transient.stk",
                          head + stackOf("_t") + "\nsolver:\n   transient step " + num(slot / 10) +
                              ", slot " + num(slot) + " ;\n   initial temperature " +
                              num(m.ambient_k) + " ;\n\noutput:\n" + transientOutputs});
        append(run, {"# The transient from ambient through the trace, one slot per ", num(slot),
                     " s: each block's hottest cell per slot (", base,
                     "_L<k>.tflp) and the junction maps at the end:\n3D-ICE-Emulator ", base,
                     "_transient.stk\n"});
        out.time_slots = static_cast<int>(sampled->powers.size());
    }
    out.files.push_back({"run.sh", run});
    out.notes.push_back(
        note(Severity::Info,
             "3D-ICE grids the whole outline uniformly: " + std::to_string(g.cols) + " x " +
                 std::to_string(g.rows) + " cells of " + num(h) +
                 " µm (Strata grades its cells outside the dies, and a block edge between 3D-ICE's "
                 "grid lines shares its power between two cells)"));
    if (anyVoid)
        out.notes.push_back(
            note(Severity::Info, "3D-ICE's domain is one rectangle: cells Strata leaves void "
                                 "(outside the package, beside the spreader) are a near-insulator "
                                 "there (" +
                                     num(kNearInsulatorK) + " W/mK)"));
    out.ok = true;
    return out;
}

ThreeDiceExport exportThreeDice(const Design& design, const Library& library,
                                const std::string& resolution, const std::string& base,
                                const std::string& trace_path, double trace_interval_s) {
    ThreeDiceExport out;
    const std::optional<thermal::BuildOptions> options = thermal::buildOptionsFor(resolution);
    if (!options) {
        out.notes.push_back(thermal::unknownResolution(resolution));
        return out;
    }
    const thermal::BuildResult built = thermal::buildModel(design, library, *options);
    if (!built.ok) {
        out.notes = built.diagnostics;
        return out;
    }
    std::optional<thermal::PowerTrace> trace;
    if (!trace_path.empty() && !(trace = thermal::readPowerTraceFile(trace_path, built.model,
                                                                     out.notes, trace_interval_s)))
        return out;
    out =
        exportThreeDice(built.model, base, threeDiceCellFor(built.model, options->cells_across_die),
                        trace ? &*trace : nullptr);
    out.notes.insert(out.notes.begin(), built.diagnostics.begin(), built.diagnostics.end());
    return out;
}

} // namespace strata
