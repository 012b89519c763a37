#include "interop/floorplan_svg.h"

#include "core/xml_text.h"
#include "interop/kind_colours.h"
#include "model/geometry.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace strata {

namespace {

std::string mm(double metres) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", metres * 1e3);
    std::string s = text;
    while (s.back() == '0')
        s.pop_back();
    if (s.back() == '.')
        s.pop_back();
    return s == "-0" ? "0" : s;
}

class Drawing {
public:
    Drawing(double x0, double y0, double x1, double y1) : x0_(x0), y1_(y1) {
        o_ << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << mm(x1 - x0)
           << "mm\" height=\"" << mm(y1 - y0) << "mm\" viewBox=\"0 0 " << mm(x1 - x0) << " "
           << mm(y1 - y0) << "\" font-family=\"sans-serif\">\n";
    }
    // A rectangle given on the package plane (metres, y up).
    void rect(const Rect& r, const std::string& style, const std::string& id = "") {
        o_ << "  <rect";
        if (!id.empty())
            o_ << " data-id=\"" << xmlEscape(id) << "\"";
        o_ << " x=\"" << mm(r.x0 - x0_) << "\" y=\"" << mm(y1_ - r.y1) << "\" width=\""
           << mm(r.width()) << "\" height=\"" << mm(r.height()) << "\" " << style << "/>\n";
    }
    // Text with its top-left corner at (x, y) on the package plane, `size` in metres.
    void text(double x, double y, double size, const std::string& s, const std::string& style) {
        o_ << "  <text x=\"" << mm(x - x0_) << "\" y=\"" << mm(y1_ - y + size) << "\" font-size=\""
           << mm(size) << "\" " << style << ">" << xmlEscape(s) << "</text>\n";
    }
    // Text centred on (x, y).
    void centredText(double x, double y, double size, const std::string& s,
                     const std::string& style) {
        o_ << "  <text x=\"" << mm(x - x0_) << "\" y=\"" << mm(y1_ - y) << "\" font-size=\""
           << mm(size) << "\" text-anchor=\"middle\" dominant-baseline=\"middle\" " << style << ">"
           << xmlEscape(s) << "</text>\n";
    }
    void line(double xa, double ya, double xb, double yb, const std::string& style) {
        o_ << "  <line x1=\"" << mm(xa - x0_) << "\" y1=\"" << mm(y1_ - ya) << "\" x2=\""
           << mm(xb - x0_) << "\" y2=\"" << mm(y1_ - yb) << "\" " << style << "/>\n";
    }
    std::string finish() {
        o_ << "</svg>\n";
        return o_.str();
    }

private:
    double x0_, y1_;
    std::ostringstream o_;
};

} // namespace

std::string floorplanSvg(const Design& d, const Library& lib) {
    const Package& p = d.package;
    const Rect package{0, 0, p.width_m, p.height_m};
    Rect outline = package;
    if (p.substrate_width_m && p.substrate_height_m) { // centred under the carrier
        const Rect s =
            Rect::centred(package.cx(), package.cy(), *p.substrate_width_m, *p.substrate_height_m);
        outline = {std::min(s.x0, 0.0), std::min(s.y0, 0.0), std::max(s.x1, package.x1),
                   std::max(s.y1, package.y1)};
    }
    const double side = std::max(outline.width(), outline.height());
    const double margin = 0.04 * side, label = 0.018 * side; // room for the title and scale bar
    Drawing svg(outline.x0 - margin, outline.y0 - 3 * margin, outline.x1 + margin,
                outline.y1 + 2 * margin);
    svg.text(outline.x0, outline.y1 + 1.6 * margin, 1.2 * label, d.name, "font-weight=\"bold\"");
    if (outline.width() > package.width() || outline.height() > package.height())
        svg.rect(outline,
                 "fill=\"none\" stroke=\"#3c3c3c\" stroke-width=\"0.1\" "
                 "stroke-dasharray=\"0.8 0.5\"",
                 "substrate");
    svg.rect(package, "fill=\"#e8e2d2\" stroke=\"#3c3c3c\" stroke-width=\"0.15\"", "package");
    for (const Stack& s : d.stacks)
        for (std::size_t t = 0; t < s.tiers.size(); ++t) {
            const Tier& tier = s.tiers[t];
            const ResolvedDie die = resolveDie(tier.die, d, lib);
            const Rect fp = tierFootprint(s, tier, die);
            svg.rect(fp,
                     "fill=\"" + hexColour(kindRgb(die.type ? die.type->kind : "")) +
                         "\" fill-opacity=\"" + (t == 0 ? "0.95" : "0.6") +
                         "\" stroke=\"#1e1e1e\" stroke-width=\"0.12\"",
                     tier.die.id);
            const double small = std::min(label, 0.06 * std::min(fp.width(), fp.height()));
            const bool top = t + 1 == s.tiers.size();
            if (top && die.type && !tier.die.power_map) // the top die's blocks, seen from above
                for (const BlockSpec& b : die.type->blocks) {
                    const Rect r = blockFootprint(b, *die.type, die, fp, s.rotation_deg);
                    svg.rect(r,
                             "fill=\"none\" stroke=\"#ffffff\" stroke-opacity=\"0.8\" "
                             "stroke-width=\"0.06\"",
                             tier.die.id + "." + b.id);
                    if (r.width() > 0.8 * small * static_cast<double>(b.id.size()) &&
                        r.height() > 2 * small) // the name where it fits, in the middle
                        svg.centredText(r.cx(), r.cy(), 0.8 * small, b.id,
                                        "fill=\"#ffffff\" fill-opacity=\"0.85\"");
                }
            // The id at the die's north-west corner, unless the tier above covers that corner.
            if (!top) {
                const Tier& above = s.tiers[t + 1];
                const Rect a = tierFootprint(s, above, resolveDie(above.die, d, lib));
                if (a.x0 <= fp.x0 + 4 * small && a.y1 >= fp.y1 - 2 * small)
                    continue;
            }
            svg.text(fp.x0 + 0.4 * small, fp.y1 - 0.4 * small, 1.5 * small, tier.die.id,
                     "fill=\"#ffffff\" font-weight=\"bold\"");
        }
    // A 10 mm scale bar under the drawing.
    const double y = outline.y0 - 1.5 * margin;
    svg.line(outline.x0, y, outline.x0 + 10e-3, y, "stroke=\"#1e1e1e\" stroke-width=\"0.3\"");
    svg.text(outline.x0 + 10e-3 + 0.5 * label, y + 0.5 * label, label, "10 mm", "");
    return svg.finish();
}

} // namespace strata
