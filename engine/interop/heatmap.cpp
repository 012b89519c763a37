#include "interop/heatmap.h"

#include "core/atomic_file.h"
#include "interop/kind_colours.h"

#include <png.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace strata {

namespace {

std::string num(double v, int precision = 6) {
    std::ostringstream o;
    o.precision(precision);
    o << v;
    return o.str();
}

} // namespace

std::array<std::uint8_t, 3> heatRamp(double t) {
    // The dark red end has no blue, so the hue falls all the way from blue to red (a touch of
    // blue there would wrap it round to magenta).
    static const double stops[][3] = {{0.05, 0.05, 0.35}, {0.1, 0.3, 0.9}, {0.1, 0.8, 0.9},
                                      {0.95, 0.9, 0.2},   {0.9, 0.2, 0.1}, {0.5, 0.02, 0.0}};
    t = std::clamp(t, 0.0, 1.0) * 5;
    const int i = std::min(4, static_cast<int>(t));
    const double f = t - i;
    std::array<std::uint8_t, 3> c{};
    for (int k = 0; k < 3; ++k)
        c[static_cast<std::size_t>(k)] =
            static_cast<std::uint8_t>(255 * (stops[i][k] * (1 - f) + stops[i + 1][k] * f));
    return c;
}

namespace {

// 5 x 7 bitmap glyphs for the colour-bar labels.
const std::uint8_t* glyph(char ch) {
    static const std::uint8_t digits[10][7] = {
        {14, 17, 19, 21, 25, 17, 14}, {4, 12, 4, 4, 4, 4, 14},  {14, 17, 1, 2, 4, 8, 31},
        {31, 2, 4, 2, 1, 17, 14},     {2, 6, 10, 18, 31, 2, 2}, {31, 16, 30, 1, 1, 17, 14},
        {6, 8, 16, 30, 17, 17, 14},   {31, 1, 2, 4, 8, 8, 8},   {14, 17, 17, 14, 17, 17, 14},
        {14, 17, 17, 15, 1, 2, 12}};
    static const std::uint8_t dot[7] = {0, 0, 0, 0, 0, 12, 12}, minus[7] = {0, 0, 0, 31, 0, 0, 0},
                              degree[7] = {12, 18, 12, 0, 0, 0, 0},
                              bigC[7] = {14, 17, 16, 16, 16, 17, 14},
                              space[7] = {0, 0, 0, 0, 0, 0, 0};
    if (ch >= '0' && ch <= '9')
        return digits[ch - '0'];
    switch (ch) {
    case '.':
        return dot;
    case '-':
        return minus;
    case 'o':
        return degree;
    case 'C':
        return bigC;
    default:
        return space;
    }
}

struct Image {
    int w, h;
    std::vector<std::uint8_t> rgb;
    void set(int x, int y, std::array<std::uint8_t, 3> c) {
        if (x < 0 || y < 0 || x >= w || y >= h)
            return;
        std::copy(c.begin(), c.end(), rgb.begin() + (static_cast<std::ptrdiff_t>(y) * w + x) * 3);
    }
    void text(int x, int y, const std::string& s) {
        for (char ch : s) {
            const std::uint8_t* g = glyph(ch);
            for (int r = 0; r < 7; ++r)
                for (int c = 0; c < 5; ++c)
                    if (g[r] & (16 >> c))
                        set(x + c, y + r, {0, 0, 0});
            x += 6;
        }
    }
};

std::string encodePng(const Image& img, std::string& out) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        return "cannot initialise libpng";
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return "libpng failed while encoding";
    }
    png_set_write_fn(
        png, &out,
        [](png_structp p, png_bytep data, png_size_t len) {
            static_cast<std::string*>(png_get_io_ptr(p))
                ->append(reinterpret_cast<const char*>(data), len);
        },
        nullptr);
    png_set_IHDR(png, info, static_cast<png_uint_32>(img.w), static_cast<png_uint_32>(img.h), 8,
                 PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < img.h; ++y)
        png_write_row(png, img.rgb.data() + static_cast<std::ptrdiff_t>(y) * img.w * 3);
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return {};
}

} // namespace

std::string writeFieldCsv(const Field& f, const std::string& path) {
    std::ostringstream o;
    o << f.y_axis << "_mm\\" << f.x_axis << "_mm";
    for (int i = 0; i < f.nx; ++i)
        o << "," << num((f.x_lines[i] + f.x_lines[i + 1]) / 2 * 1e3);
    o << "\n";
    for (int j = 0; j < f.ny; ++j) {
        o << num((f.y_lines[j] + f.y_lines[j + 1]) / 2 * 1e3);
        for (int i = 0; i < f.nx; ++i) {
            const double v = f.values[static_cast<std::size_t>(j) * f.nx + i];
            o << "," << (std::isnan(v) ? std::string() : num(v)); // empty: no value (no die)
        }
        o << "\n";
    }
    return writeFileAtomically(path, o.str());
}

std::string writeHeatmapPng(const Field& f, const std::string& path) {
    if (f.nx <= 0 || f.ny <= 0)
        return path + ": empty field";
    const double W = f.x_lines.back() - f.x_lines.front(), H = f.y_lines.back() - f.y_lines.front();
    // A cross-section is not drawn to scale (its layers range from µm to mm: displayRows).
    const bool section = f.y_axis == "z";
    const int mapW = section || W >= H ? 480 : std::max(48, static_cast<int>(480 * W / H));
    const int mapH = section ? 320 : W >= H ? std::max(48, static_cast<int>(480 * H / W)) : 480;
    const std::vector<double> rows = displayRows(f);
    const int bar = 90, margin = 10;
    Image img{mapW + bar + 2 * margin, std::max(mapH, 160) + 2 * margin, {}};
    img.rgb.assign(static_cast<std::size_t>(img.w) * img.h * 3, 255);
    const auto [lo, hi] = valueRange(f);
    if (lo > hi)
        return path + ": the field has no values";
    const double span = std::max(hi - lo, 1e-12);
    for (int py = 0; py < mapH; ++py) {
        const double y = 1 - (py + 0.5) / mapH; // north (or up) on top
        const int j = std::clamp(
            static_cast<int>(std::upper_bound(rows.begin(), rows.end(), y) - rows.begin()) - 1, 0,
            f.ny - 1);
        for (int px = 0; px < mapW; ++px) {
            const double x = f.x_lines.front() + (px + 0.5) / mapW * W;
            const int i = std::clamp(
                static_cast<int>(std::upper_bound(f.x_lines.begin(), f.x_lines.end(), x) -
                                 f.x_lines.begin()) -
                    1,
                0, f.nx - 1);
            const double v = f.values[static_cast<std::size_t>(j) * f.nx + i];
            if (std::isnan(v)) // no value here (no die): light grey
                img.set(margin + px, margin + py, {225, 225, 225});
            else
                img.set(margin + px, margin + py, heatRamp((v - lo) / span));
        }
    }
    const int bx = margin + mapW + 12, by = margin, bh = std::max(mapH, 160);
    for (int py = 0; py < bh; ++py)
        for (int px = 0; px < 16; ++px)
            img.set(bx + px, by + py, heatRamp(1.0 - (py + 0.5) / bh));
    const std::string unit = f.unit == "°C" ? " oC" : f.unit == "K" ? " K" : "";
    img.text(bx + 20, by, num(hi, 5) + unit);
    img.text(bx + 20, by + bh / 2 - 3, num((hi + lo) / 2, 5) + unit);
    img.text(bx + 20, by + bh - 7, num(lo, 5) + unit);
    std::string bytes;
    if (std::string err = encodePng(img, bytes); !err.empty())
        return path + ": " + err;
    return writeFileAtomically(path, bytes);
}

std::string writeHeatmapSvg(const Field& f, const std::string& path,
                            const HeatmapColours* colours) {
    if (f.nx <= 0 || f.ny <= 0)
        return path + ": empty field";
    const std::pair<double, double> range = valueRange(f);
    if (range.first > range.second)
        return path + ": the field has no values";
    const double lo = colours ? colours->lo : range.first,
                 hi = colours ? colours->hi : range.second;
    const double span = std::max(hi - lo, 1e-12);
    auto colourOf = [&](double v) {
        return colours ? colours->colour(v) : heatRamp((v - lo) / span);
    };
    const double W = f.x_lines.back() - f.x_lines.front(), H = f.y_lines.back() - f.y_lines.front();
    const bool section = f.y_axis == "z"; // as the PNG: rows as displayRows places them
    const double mapW = section || W >= H ? 480 : std::max(48.0, 480 * W / H);
    const double mapH = section ? 320 : W >= H ? std::max(48.0, 480 * H / W) : 480;
    const std::vector<double> rows = displayRows(f);
    const double margin = 10, barH = std::max(mapH, 160.0), bx = margin + mapW + 12;
    std::ostringstream o;
    o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(mapW + 2 * margin + 90)
      << "\" height=\"" << num(barH + 2 * margin) << "\" font-family=\"sans-serif\" "
      << "font-size=\"11\" shape-rendering=\"crispEdges\">\n";
    // One rectangle per run of cells of one colour along a row, north (or up) on top.
    for (int j = 0; j < f.ny; ++j) {
        const double top = margin + (1 - rows[static_cast<std::size_t>(j) + 1]) * mapH;
        const double height =
            (rows[static_cast<std::size_t>(j) + 1] - rows[static_cast<std::size_t>(j)]) * mapH;
        for (int i = 0; i < f.nx;) {
            auto colourAt = [&](int k) {
                const double v = f.values[static_cast<std::size_t>(j) * f.nx + k];
                return std::isnan(v) ? std::string("#e1e1e1") : hexColour(colourOf(v));
            };
            const std::string c = colourAt(i);
            int end = i + 1;
            while (end < f.nx && colourAt(end) == c)
                ++end;
            const double x0 = margin + (f.x_lines[i] - f.x_lines.front()) / W * mapW;
            const double x1 = margin + (f.x_lines[end] - f.x_lines.front()) / W * mapW;
            o << "  <rect x=\"" << num(x0) << "\" y=\"" << num(top) << "\" width=\"" << num(x1 - x0)
              << "\" height=\"" << num(height) << "\" fill=\"" << c << "\"/>\n";
            i = end;
        }
    }
    // The colour bar: the colours at eleven values (the ramp's six stops among them) as a
    // gradient, highest on top.
    o << "  <defs><linearGradient id=\"ramp\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">";
    for (int k = 0; k <= 10; ++k)
        o << "<stop offset=\"" << num(k / 10.0) << "\" stop-color=\""
          << hexColour(colourOf(lo + k / 10.0 * (hi - lo))) << "\"/>";
    o << "</linearGradient></defs>\n";
    o << "  <rect x=\"" << num(bx) << "\" y=\"" << num(margin) << "\" width=\"16\" height=\""
      << num(barH) << "\" fill=\"url(#ramp)\"/>\n";
    const std::string unit = f.unit.empty() ? "" : " " + f.unit;
    for (const auto& [value, y] :
         {std::pair{hi, margin + 8}, {(hi + lo) / 2, margin + barH / 2 + 4}, {lo, margin + barH}})
        o << "  <text x=\"" << num(bx + 20) << "\" y=\"" << num(y) << "\">" << num(value, 5) << unit
          << "</text>\n";
    o << "</svg>\n";
    return writeFileAtomically(path, o.str());
}

std::string writeSeriesCsv(const std::vector<Series>& series, const std::string& path) {
    if (series.empty())
        return path + ": no time series to write";
    std::ostringstream o;
    o << "time_s";
    for (const Series& s : series)
        o << ","
          << s.name.substr(s.name.rfind("block.") == std::string::npos ? 0
                                                                       : s.name.rfind("block.") + 6)
          << "_" << (s.unit == "°C" ? "c" : s.unit);
    o << "\n";
    for (std::size_t t = 0; t < series.front().time_s.size(); ++t) {
        o << num(series.front().time_s[t], 9);
        for (const Series& s : series)
            o << "," << (t < s.values.size() ? num(s.values[t]) : "");
        o << "\n";
    }
    return writeFileAtomically(path, o.str());
}

WrittenFiles writeThermalMaps(const EvalResult& result, const std::string& dir) {
    namespace fs = std::filesystem;
    WrittenFiles out;
    auto report = [&](const std::string& err, const std::string& file) {
        if (err.empty())
            out.written.push_back(file);
        else
            out.errors.emplace_back(file, err);
    };
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        out.errors.emplace_back(dir, dir + ": cannot create the folder: " + ec.message());
        return out;
    }
    // DIR/<stem>.csv, DIR/<stem>.png and DIR/<stem>.svg of a field.
    auto write = [&](const Field& f, const std::string& stem) {
        const std::string base = (fs::path(dir) / stem).string();
        report(writeFieldCsv(f, base + ".csv"), base + ".csv");
        report(writeHeatmapPng(f, base + ".png"), base + ".png");
        report(writeHeatmapSvg(f, base + ".svg"), base + ".svg");
    };
    // Steady maps as <die>.*, a transient's peak maps as <die>.transient_peak.*.
    for (const auto& [prefix, suffix] :
         {std::pair{"thermal.die.", ""}, {"thermal.transient.peak.", ".transient_peak"}})
        for (const Field& f : result.fields)
            if (f.name.rfind(prefix, 0) == 0)
                write(f, f.name.substr(std::string(prefix).size()) + suffix);
    // Maps of the whole assembly get a prefix where a die's map already has their name.
    auto dieNamed = [&](const std::string& stem) {
        return std::any_of(result.fields.begin(), result.fields.end(),
                           [&](const Field& f) { return f.name == "thermal.die." + stem; });
    };
    // All dies in one map (steady, and a transient's peaks).
    const std::string junction = dieNamed("junction") ? "all_dies.junction" : "junction";
    for (const auto& [field, suffix] : {std::pair{"thermal.junction", ""},
                                        {"thermal.transient.junction_peak", ".transient_peak"}})
        for (const Field& f : result.fields)
            if (f.name == field && !f.values.empty())
                write(f, junction + suffix);
    // The assembly cut through the hotspot along x and along y: section.x, section.y.
    for (const Field& f : result.fields)
        if (f.name.rfind("thermal.section.", 0) == 0 && !f.values.empty()) {
            const std::string stem = f.name.substr(8);
            write(f, (dieNamed(stem) ? "assembly." : "") + stem);
        }
    if (!result.series.empty()) {
        const std::string file = (fs::path(dir) / "transient.csv").string();
        report(writeSeriesCsv(result.series, file), file);
    }
    return out;
}

} // namespace strata
