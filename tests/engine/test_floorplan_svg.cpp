// The SVG floorplan read back with Qt's XML reader: well formed, to scale in mm (width and height
// in mm, 1 user unit = 1 mm), every die where tierFootprint puts it relative to the package
// (north up), the top dies' blocks inside their dies, ids and names escaped.
#include "interop/floorplan_svg.h"
#include "model/geometry.h"
#include "test_support.h"

#include <QTest>
#include <QXmlStreamReader>

#include <cmath>
#include <map>

using namespace strata;

namespace {

struct Box {
    double x, y, w, h;
};

struct Svg {
    QString width, height, viewBox;
    std::map<QString, Box> rects; // by data-id
    QStringList texts;
    bool wellFormed = false;
};

Svg read(const std::string& text) {
    Svg out;
    QXmlStreamReader xml(QString::fromStdString(text));
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto a = xml.attributes();
        if (xml.name() == QLatin1String("svg")) {
            out.width = a.value("width").toString();
            out.height = a.value("height").toString();
            out.viewBox = a.value("viewBox").toString();
        } else if (xml.name() == QLatin1String("rect") && a.hasAttribute("data-id")) {
            out.rects[a.value("data-id").toString()] = {
                a.value("x").toDouble(), a.value("y").toDouble(), a.value("width").toDouble(),
                a.value("height").toDouble()};
        } else if (xml.name() == QLatin1String("text")) {
            out.texts << xml.readElementText();
        }
    }
    out.wellFormed = !xml.hasError();
    return out;
}

bool near(double a, double b) {
    return std::abs(a - b) < 1e-3;
} // mm, as written to 4 decimals

} // namespace

class TestFloorplanSvg : public QObject {
    Q_OBJECT
private slots:
    void diesAndBlocksWhereTheDesignPutsThem() {
        for (const char* name : {"gpu-2.5d", "sram-on-logic-3d", "chiplet-mcm"}) {
            const Design d = test::loadExample(name);
            const Library& lib = test::shippedLibrary();
            const Svg svg = read(floorplanSvg(d, lib));
            QVERIFY2(svg.wellFormed, name);
            const QStringList view = svg.viewBox.split(' ');
            QCOMPARE(view.size(), 4);
            QCOMPARE(svg.width, view[2] + "mm"); // 1 user unit = 1 mm
            QCOMPARE(svg.height, view[3] + "mm");
            QVERIFY(svg.rects.count("package"));
            const Box pkg = svg.rects.at("package");
            QVERIFY(near(pkg.w, d.package.width_m * 1e3) && near(pkg.h, d.package.height_m * 1e3));
            QVERIFY(svg.texts.contains(QString::fromStdString(d.name)));
            for (const Stack& s : d.stacks)
                for (std::size_t t = 0; t < s.tiers.size(); ++t) {
                    const Tier& tier = s.tiers[t];
                    const ResolvedDie die = resolveDie(tier.die, d, lib);
                    const Rect fp = tierFootprint(s, tier, die);
                    const QString id = QString::fromStdString(tier.die.id);
                    QVERIFY2(svg.rects.count(id), qPrintable(id));
                    const Box b = svg.rects.at(id);
                    // North up: the die's top edge is the package's top minus fp.y1.
                    QVERIFY2(near(b.x - pkg.x, fp.x0 * 1e3) &&
                                 near(b.y - pkg.y, (d.package.height_m - fp.y1) * 1e3) &&
                                 near(b.w, fp.width() * 1e3) && near(b.h, fp.height() * 1e3),
                             qPrintable(id));
                    if (t + 1 < s.tiers.size() || !die.type)
                        continue;
                    for (const BlockSpec& spec : die.type->blocks) { // the top die's blocks
                        const QString key = id + "." + QString::fromStdString(spec.id);
                        QVERIFY2(svg.rects.count(key), qPrintable(key));
                        const Box k = svg.rects.at(key);
                        QVERIFY(k.x >= b.x - 1e-3 && k.y >= b.y - 1e-3 &&
                                k.x + k.w <= b.x + b.w + 1e-3 && k.y + k.h <= b.y + b.h + 1e-3);
                    }
                }
        }
    }

    // A turned stack's blocks turn with it. The GPU die turned 90° counter-clockwise: a point
    // (u, v) of the die's own frame (from its south-west corner; W x H) lands at (H - v, u) from
    // the footprint's south-west corner (by hand, not by the code under test).
    void blocksTurnWithTheStack() {
        Design d = test::loadExample("gpu-2.5d");
        d.stacks[0].rotation_deg = 90;
        const Library& lib = test::shippedLibrary();
        const Svg svg = read(floorplanSvg(d, lib));
        const Tier& tier = d.stacks[0].tiers[0];
        const ResolvedDie die = resolveDie(tier.die, d, lib);
        QVERIFY(die.width_m == die.type->width_m && die.height_m == die.type->height_m);
        const Rect fp = tierFootprint(d.stacks[0], tier, die);
        const Box pkg = svg.rects.at("package");
        const double H = die.height_m;
        QVERIFY(!die.type->blocks.empty());
        for (const BlockSpec& b : die.type->blocks) {
            const double x0 = fp.x0 + H - (b.y_m + b.h_m), x1 = fp.x0 + H - b.y_m;
            const double y0 = fp.y0 + b.x_m, y1 = fp.y0 + b.x_m + b.w_m;
            const Box k = svg.rects.at(QString::fromStdString(tier.die.id + "." + b.id));
            QVERIFY2(near(k.x - pkg.x, x0 * 1e3) && near(k.w, (x1 - x0) * 1e3) &&
                         near(k.y - pkg.y, (d.package.height_m - y1) * 1e3) &&
                         near(k.h, (y1 - y0) * 1e3),
                     b.id.c_str());
        }
    }

    void namesAreEscaped() {
        Design d = test::loadExample("gpu-2.5d");
        d.name = "R&D <v2> \"fast\"";
        d.stacks[1].tiers[0].die.id = "hbm&1";
        d.links.clear();
        const Svg svg = read(floorplanSvg(d, test::shippedLibrary()));
        QVERIFY(svg.wellFormed);
        QVERIFY(svg.texts.contains("R&D <v2> \"fast\""));
        QVERIFY(svg.rects.count("hbm&1"));
    }
};

QTEST_APPLESS_MAIN(TestFloorplanSvg)
#include "test_floorplan_svg.moc"
