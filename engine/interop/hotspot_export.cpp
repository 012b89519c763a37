#include "interop/hotspot_export.h"

#include "interop/hotspot_floorplan.h"
#include "interop/trace_sampling.h"
#include "thermal/builder.h"
#include "thermal/power_trace.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace strata {

using thermal::CellMaterial;
using thermal::Model;

namespace {

std::string num(double v) {
    return hotspotNumber(v);
}

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0 &&
           (s.size() == prefix.size() || s[prefix.size()] == '.');
}

struct Extent {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    const CellMaterial* material = nullptr;
};

// The bounding box of a layer's material and the material of its first cell.
Extent extentOf(const Model& m, const thermal::Layer& l) {
    Extent e{1e300, 1e300, -1e300, -1e300, nullptr};
    for (int j = 0; j < m.ny(); ++j)
        for (int i = 0; i < m.nx(); ++i) {
            const CellMaterial& c = l.cells[static_cast<std::size_t>(j) * m.nx() + i];
            if (c.isVoid())
                continue;
            e.material = e.material ? e.material : &c;
            e.x0 = std::min(e.x0, m.xs[i]), e.x1 = std::max(e.x1, m.xs[i + 1]);
            e.y0 = std::min(e.y0, m.ys[j]), e.y1 = std::max(e.y1, m.ys[j + 1]);
        }
    return e;
}

int gridCells(double n) {
    return std::clamp(static_cast<int>(std::ceil(n - 1e-9)), 16, 512);
}

std::string material(const std::string& name, double k, double cv) {
    return name + "\nsolid\n" + num(k) + "\n" + num(cv) + "\n\n";
}

// HotSpot's power trace: the units' names, then one row per sampling interval (`interval`, set
// here): the design's powers, or a trace's rows resampled at its shortest row (each interval
// takes the powers at its middle; said when rows are not whole multiples of it).
std::optional<std::string> ptraceText(const Model& m, const std::vector<PowerUnit>& units,
                                      const thermal::PowerTrace* trace, double& interval,
                                      std::vector<Diagnostic>& notes) {
    std::string text;
    for (const PowerUnit& u : units)
        text += (&u == &units.front() ? "" : "\t") + u.name;
    text += "\n";
    auto row = [&](const std::vector<double>& powers) {
        for (const PowerUnit& u : units) {
            const double p =
                u.source < 0 ? 0 : u.share * powers[static_cast<std::size_t>(u.source)];
            text += (&u == &units.front() ? "" : "\t") + num(std::abs(p) > 1e-9 ? p : 0.0);
        }
        text += "\n";
    };
    if (!trace) {
        std::vector<double> powers(m.sources.size());
        for (std::size_t s = 0; s < powers.size(); ++s)
            powers[s] = m.sources[s].power_w;
        row(powers);
        return text;
    }
    const std::optional<SampledTrace> sampled = sampleTrace(m, *trace, "HotSpot", notes);
    if (!sampled)
        return std::nullopt;
    interval = sampled->interval_s;
    for (const std::vector<double>& powers : sampled->powers)
        row(powers);
    return text;
}

} // namespace

HotSpotChip hotspotChip(const Model& m) {
    HotSpotChip chip{0, 1e300, 1e300, -1e300, -1e300};
    while (chip.layers < m.nz() &&
           !startsWith(m.layers[static_cast<std::size_t>(chip.layers)].name, "spreader"))
        ++chip.layers;
    // Every layer's floorplan must cover all of the outline: HotSpot needs that.
    for (int k = 0; k < chip.layers; ++k) {
        const Extent e = extentOf(m, m.layers[static_cast<std::size_t>(k)]);
        chip.x0 = std::min(chip.x0, e.x0), chip.x1 = std::max(chip.x1, e.x1);
        chip.y0 = std::min(chip.y0, e.y0), chip.y1 = std::max(chip.y1, e.y1);
    }
    return chip;
}

HotSpotExport exportHotSpot(const Model& m, const std::string& name,
                            const thermal::PowerTrace* trace) {
    const std::string base = exportFileBase(name);
    HotSpotExport out;
    auto note = [&](Severity s, const char* code, const std::string& msg) {
        out.notes.push_back({code, s, msg, {}, "", ""});
    };
    const HotSpotChip chip = hotspotChip(m);
    const int nChip = chip.layers;
    double tSpreader = 0, tSink = 0;
    Extent spreader, sink;
    for (int k = nChip; k < m.nz(); ++k) {
        const thermal::Layer& l = m.layers[static_cast<std::size_t>(k)];
        const bool isSpreader = startsWith(l.name, "spreader");
        (isSpreader ? tSpreader : tSink) += l.thickness;
        if (!(isSpreader ? spreader : sink).material)
            (isSpreader ? spreader : sink) = extentOf(m, l);
    }
    if (nChip == 0 || !spreader.material || !sink.material || !(m.h_top > 0)) {
        note(Severity::Error, "IO-0020",
             "HotSpot export needs layers under a spreader and a sink cooled to ambient; this "
             "model has " +
                 std::to_string(nChip) + " layers under the spreader" +
                 (m.h_top > 0 ? "" : " and no convection at the sink"));
        return out;
    }

    // HotSpot grids the spreader and sink over the chip and lumps what lies beyond it into
    // peripheral nodes (its populate_package_R uses s_spreader - width): both must be wider.
    const double spreaderSide = spreader.x1 - spreader.x0, sinkSide = sink.x1 - sink.x0;
    if (!(spreaderSide > std::max(chip.x1 - chip.x0, chip.y1 - chip.y0)) ||
        !(sinkSide > spreaderSide)) {
        note(Severity::Error, "IO-0020",
             "HotSpot's package needs a square spreader wider than the chip outline (" +
                 num((chip.x1 - chip.x0) * 1e3) + " x " + num((chip.y1 - chip.y0) * 1e3) +
                 " mm) and a sink wider than the spreader; this design has a " +
                 num(spreaderSide * 1e3) + " mm spreader and a " + num(sinkSide * 1e3) +
                 " mm sink (cooling.spreader_width_mm, cooling.sink_width_mm)");
        return out;
    }
    const CellRange chipCells{
        thermal::cellIndex(m.xs, chip.x0 + 1e-12), thermal::cellIndex(m.xs, chip.x1 - 1e-12) + 1,
        thermal::cellIndex(m.ys, chip.y0 + 1e-12), thermal::cellIndex(m.ys, chip.y1 - 1e-12) + 1};
    const std::vector<double> q = thermal::rasterisePower(m);
    const std::vector<double> share =
        thermal::rasterisePower(m, std::vector<double>(m.sources.size(), 1.0)); // per 1 W
    std::string lcf = "# HotSpot layer configuration written by Strata: bottom layer first, the "
                      "last one under the spreader.\n# Per layer: number, lateral heat flow, "
                      "power dissipation, J/(m^3 K), resistivity m K/W, thickness m, floorplan\n";
    std::string anisotropic;
    std::vector<PowerUnit> powerUnits; // the units of power-dissipating layers, in file order
    for (int k = 0; k < nChip; ++k) {
        const thermal::Layer& l = m.layers[static_cast<std::size_t>(k)];
        LayerFloorplan f = layerFloorplan(m, k, chipCells, q, share);
        if (!f.void_at.empty()) {
            note(Severity::Error, "IO-0020",
                 "layer \"" + l.name + "\" has no material at " + f.void_at +
                     ": HotSpot needs every layer to cover the whole chip outline");
            out.files.clear(); // nothing half made
            return out;
        }
        if (!f.isotropic)
            anisotropic += (anisotropic.empty() ? "" : ", ") + l.name;
        powerUnits.insert(powerUnits.end(), f.units.begin(), f.units.end());
        const std::string flpName = base + "_L" + std::to_string(k) + ".flp";
        out.files.push_back({flpName, std::move(f.flp)});
        lcf += "\n# " + l.name + "\n" + std::to_string(k) + "\nY\n" + (f.dissipates ? "Y" : "N") +
               "\n" + num(f.cv) + "\n" + num(f.resistivity) + "\n" + num(l.thickness) + "\n" +
               flpName + "\n";
    }
    if (!anisotropic.empty())
        note(Severity::Info, "IO-0021",
             "HotSpot is isotropic: these layers conduct differently through and across (vias, "
             "bumps or bonds inside) and are exported with their through-plane conductivity: " +
                 anisotropic);
    if (m.h_bottom > 0)
        note(Severity::Info, "IO-0021",
             "the board path (secondary resistance) is not exported: HotSpot's bottom is "
             "adiabatic unless its own secondary-path model is configured (-model_secondary 1)");

    // HotSpot's grid is uniform: cells as fine as Strata's finest die cells, 16..512 across.
    double h = chip.x1 - chip.x0;
    for (const thermal::DieRegion& d : m.dies) {
        const int cells =
            thermal::cellIndex(m.xs, d.x1 - 1e-12) - thermal::cellIndex(m.xs, d.x0 + 1e-12) + 1;
        h = std::min(h, (d.x1 - d.x0) / cells);
    }
    out.grid_cols = gridCells((chip.x1 - chip.x0) / h);
    out.grid_rows = gridCells((chip.y1 - chip.y0) / h);

    double interval = 0.01;
    // The steady state always runs on the design's powers (compare reads it); a trace goes to its
    // own .ptrace for the transient.
    for (const PowerUnit& u : powerUnits)
        out.unit_sources.emplace_back(u.name, u.source);
    const std::string ptrace = *ptraceText(m, powerUnits, nullptr, interval, out.notes);
    std::optional<std::string> traced;
    if (trace && !(traced = ptraceText(m, powerUnits, trace, interval, out.notes))) {
        out.files.clear(); // nothing half made
        return out;
    }

    const double sinkArea = (sink.x1 - sink.x0) * (sink.y1 - sink.y0);
    const CellMaterial& top = *extentOf(m, m.layers[static_cast<std::size_t>(nChip - 1)]).material;
    std::string config =
        "# HotSpot grid-model configuration written by Strata (the package of the design).\n"
        "-model_type grid\n-grid_rows " +
        std::to_string(out.grid_rows) + "\n-grid_cols " + std::to_string(out.grid_cols) +
        "\n-grid_map_mode max\n-ambient " + num(m.ambient_k) + "\n-init_temp " + num(m.ambient_k) +
        "\n# sink to ambient: Strata's h over the sink's top, as a resistance\n-r_convec " +
        num(1 / (m.h_top * sinkArea)) +
        "\n# HotSpot's lumped fin capacity: Strata's sink is its base alone, so 1 % of the "
        "base's (HotSpot needs one)\n-c_convec " +
        num(0.01 * sink.material->cv * sinkArea * tSink) + "\n-s_sink " + num(sinkSide) +
        "\n-t_sink " + num(tSink) + "\n-material_sink strata_sink\n" + "-s_spreader " +
        num(spreaderSide) + "\n-t_spreader " + num(tSpreader) +
        "\n-material_spreader strata_spreader\n-material_interface strata_top_layer\n"
        "-material_chip strata_top_layer\n-model_secondary 0\n-sampling_intvl " +
        num(interval) + "\n";
    const std::string materials =
        "# Materials of the Strata model: name, solid, W/(m K), J/(m^3 K)\n\n" +
        material("strata_sink", sink.material->kz, sink.material->cv) +
        material("strata_spreader", spreader.material->kz, spreader.material->cv) +
        material("strata_top_layer", top.kz, top.cv);
    // HotSpot with a power trace file.
    auto hotspot = [&](const std::string& ptraceFile) {
        return "hotspot -c " + base + ".config -p " + ptraceFile + " -grid_layer_file " + base +
               ".lcf -materials_file " + base + ".materials -model_type grid -detailed_3D on";
    };
    std::string run = "#!/bin/sh\n# HotSpot 7 on the Strata model of this design.\n"
                      "# Steady temperatures for the design's powers per unit (maxima over their "
                      "cells, -grid_map_mode max: compare them with Strata's "
                      "thermal.block.*.max_c) and per grid cell of every layer (strata-cli "
                      "compare reads these).\n" +
                      hotspot(base + ".ptrace") + " -steady_file " + base +
                      ".steady -grid_steady_file " + base + ".grid.steady\n";
    if (traced)
        run += "# The transient from ambient through the trace (" + base +
               "_transient.ptrace), one row per " + num(interval) +
               " s: temperatures per unit at each step (" + base + ".ttrace) and per grid cell (" +
               base + ".grid.ttrace).\n" + hotspot(base + "_transient.ptrace") + " -o " + base +
               ".ttrace -grid_transient_file " + base + ".grid.ttrace\n";
    out.files.push_back({base + ".lcf", lcf});
    out.files.push_back({base + ".ptrace", ptrace});
    if (traced)
        out.files.push_back({base + "_transient.ptrace", *traced});
    out.files.push_back({base + ".config", config});
    out.files.push_back({base + ".materials", materials});
    out.files.push_back({"run.sh", run});
    out.ok = true;
    return out;
}

HotSpotExport exportHotSpot(const Design& design, const Library& library,
                            const std::string& resolution, const std::string& base,
                            const std::string& trace_path, double trace_interval_s) {
    const std::optional<thermal::BuildOptions> options = thermal::buildOptionsFor(resolution);
    if (!options) {
        HotSpotExport out;
        out.notes.push_back(thermal::unknownResolution(resolution));
        return out;
    }
    const thermal::BuildResult built = thermal::buildModel(design, library, *options);
    if (!built.ok) {
        HotSpotExport out;
        out.notes = built.diagnostics;
        return out;
    }
    std::optional<thermal::PowerTrace> trace;
    if (!trace_path.empty()) {
        HotSpotExport out;
        trace = thermal::readPowerTraceFile(trace_path, built.model, out.notes, trace_interval_s);
        if (!trace)
            return out;
    }
    HotSpotExport out = exportHotSpot(built.model, base, trace ? &*trace : nullptr);
    out.notes.insert(out.notes.begin(), built.diagnostics.begin(), built.diagnostics.end());
    return out;
}

} // namespace strata
