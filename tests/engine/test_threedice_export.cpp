// The 3D-ICE export read back with a reader written here from 3D-ICE 4.0's grammar (its stack,
// layout and floorplan parsers; formats.md §5): every word is one 3D-ICE's scanners take, every
// cell of every layer has the model's material at its centre, every layer carries the model's
// power, and the model 3D-ICE would build from the files (rebuilt here on its uniform grid and
// solved by Strata's solver) gives Strata's temperatures within the difference of the two grids.
// 3D-ICE's thermal maps are read back in their layout (south row first) and compared.
#include "interop/threedice_export.h"
#include "interop/threedice_results.h"
#include "test_support.h"
#include "thermal/builder.h"
#include "thermal/result_fields.h"
#include "thermal/solver.h"
#include "thermal_cases.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <unistd.h>

using namespace strata;
using namespace strata::thermal;

namespace {

const std::string& fileText(const ThreeDiceExport& e, const std::string& name) {
    static const std::string none;
    for (const ExportedFile& f : e.files)
        if (f.name == name)
            return f.text;
    return none;
}

// 3D-ICE's scanners: comments from "//", punctuation ( ) , : ; . as words, "paths" in quotes.
std::vector<std::string> tokens(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        line = line.substr(0, line.find("//"));
        std::string word;
        bool quoted = false;
        for (const char c : line) {
            if (quoted) {
                word += c;
                if (c == '"') {
                    out.push_back(word);
                    word.clear();
                    quoted = false;
                }
            } else if (c == '"') {
                if (!word.empty())
                    out.push_back(word);
                word = "\"";
                quoted = true;
            } else if (std::string_view("(),:;").find(c) != std::string_view::npos ||
                       std::isspace(static_cast<unsigned char>(c))) {
                if (!word.empty())
                    out.push_back(word);
                word.clear();
                if (!std::isspace(static_cast<unsigned char>(c)))
                    out.push_back(std::string(1, c));
            } else {
                word += c;
            }
        }
        if (!word.empty())
            out.push_back(word);
    }
    return out;
}

// Every word is punctuation, a path, a number as 3D-ICE scans it or an identifier.
bool scannable(const std::vector<std::string>& words) {
    static const std::regex number(R"([+-]?[0-9]+((\.[0-9]+)?([eE][+-]?[0-9]+)?)?)");
    static const std::regex identifier(R"([A-Za-z][A-Za-z0-9_]*|non-uniform)");
    return std::all_of(words.begin(), words.end(), [](const std::string& w) {
        return w.size() == 1 && std::string_view("(),:;").find(w[0]) != std::string_view::npos
                   ? true
                   : w.front() == '"' || std::regex_match(w, number) ||
                         std::regex_match(w, identifier);
    });
}

struct Rectangle {
    double x, y, l, w; // µm
};

// name : rectangle (x, y, l, w) ; ... [power values p ;] — a layout (.mlt) or floorplan (.flp).
struct Element {
    std::string name;
    std::vector<Rectangle> rects;
    double power = 0;           // the first value
    std::vector<double> powers; // every value (one per slot)
};
std::vector<Element> readElements(const std::string& text) {
    const std::vector<std::string> t = tokens(text);
    std::vector<Element> out;
    for (std::size_t i = 0; i < t.size();) {
        if (i + 1 < t.size() && t[i + 1] == ":") {
            out.push_back({t[i], {}, 0});
            i += 2;
        } else if (t[i] == "rectangle") {
            out.back().rects.push_back({std::stod(t[i + 2]), std::stod(t[i + 4]),
                                        std::stod(t[i + 6]), std::stod(t[i + 8])});
            i += 11;                  // rectangle ( x , y , l , w ) ;
        } else if (t[i] == "power") { // power values p1 , p2 ... ;
            for (i += 2; t[i] != ";"; i += t[i + 1] == "," ? 2 : 1)
                out.back().powers.push_back(std::stod(t[i]));
            out.back().power = out.back().powers.front();
            ++i;
        } else {
            return {}; // not a word these files hold
        }
    }
    return out;
}

struct StackFile {
    std::map<std::string, CellMaterial> materials; // SI
    double hTop = 0, hBottom = 0, ambient = 0, chipL = 0, chipW = 0, cell = 0, cellWidth = 0;
    bool kxEqualsKy = true;
    struct LayerDef {
        double height;
        std::string material, layout;
    };
    std::map<std::string, LayerDef> layers;
    std::map<std::string, std::string> dieSource;  // die type -> its source layer
    std::vector<std::array<std::string, 3>> stack; // top first: layer id, floorplan, element
    std::vector<std::pair<std::string, std::string>> maps; // Tmap: element, file
};

StackFile readStack(const std::string& text) {
    const std::vector<std::string> t = tokens(text);
    StackFile s;
    auto num = [&](std::size_t i) { return std::stod(t.at(i)); };
    auto unquote = [](const std::string& p) { return p.substr(1, p.size() - 2); };
    bool inStack = false, inOutput = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == "material" &&
            t[i + 2] == ":") { // material M : thermal conductivity a , b , c ;
            s.materials[t[i + 1]] = {num(i + 5) * 1e6, num(i + 9) * 1e6, num(i + 14) * 1e18};
            s.kxEqualsKy = s.kxEqualsKy && num(i + 5) == num(i + 7);
            i += 15;
        } else if (t[i] == "heat" && t[i + 1] == "sink") { // top|bottom heat sink : heat transfer
            (t[i - 1] == "top" ? s.hTop : s.hBottom) = num(i + 6) * 1e12;
            s.ambient = num(i + 9);
            i += 10;
        } else if (t[i] == "dimensions") {
            s.chipL = num(i + 4), s.chipW = num(i + 7), s.cell = num(i + 11);
            s.cellWidth = num(i + 14);
            i += 15;
        } else if (t[i] == "layer" && !inStack && t[i + 2] == ":") {
            // layer L : height H ; material M ; [layout "f" ;]
            StackFile::LayerDef def{num(i + 4), t[i + 7], ""};
            if (t[i + 9] == "layout")
                def.layout = unquote(t[i + 10]);
            s.layers[t[i + 1]] = def;
            i += def.layout.empty() ? 8 : 11;
        } else if (t[i] == "die" && !inStack && t[i + 2] == ":") { // die D : source L ;
            s.dieSource[t[i + 1]] = t[i + 4];
            i += 5;
        } else if (t[i] == "stack") {
            inStack = true;
        } else if (t[i] == "solver") {
            inStack = false;
        } else if (inStack && t[i] == "layer") { // layer E L ;
            s.stack.push_back({t[i + 2], "", t[i + 1]});
            i += 3;
        } else if (inStack && t[i] == "die") { // die S D floorplan "f" ;
            s.stack.push_back({s.dieSource.at(t[i + 2]), unquote(t[i + 4]), t[i + 1]});
            i += 5;
        } else if (t[i] == "output") {
            inOutput = true;
        } else if (inOutput && t[i] == "Tmap") { // Tmap ( E , "f" , final ) ;
            s.maps.emplace_back(t[i + 2], unquote(t[i + 4]));
            i += 8;
        }
    }
    return s;
}

// The model 3D-ICE builds from the files, on its uniform grid from the original's south-west
// corner: every layer's material per cell, every floorplan element's power on its rectangles.
Model rebuild(const ThreeDiceExport& e, const StackFile& s, const Model& original) {
    Model m;
    const double h = s.cell * 1e-6;
    const int cols = static_cast<int>(std::lround(s.chipL / s.cell));
    const int rows = static_cast<int>(std::lround(s.chipW / s.cell));
    for (int c = 0; c <= cols; ++c)
        m.xs.push_back(original.xs.front() + c * h);
    for (int r = 0; r <= rows; ++r)
        m.ys.push_back(original.ys.front() + r * h);
    m.h_top = s.hTop, m.h_bottom = s.hBottom, m.ambient_k = s.ambient;
    for (auto it = s.stack.rbegin(); it != s.stack.rend(); ++it) { // bottom first
        const StackFile::LayerDef& def = s.layers.at((*it)[0]);
        Layer l{(*it)[0], def.height * 1e-6,
                std::vector<CellMaterial>(m.cellsPerLayer(), s.materials.at(def.material))};
        if (!def.layout.empty())
            for (const Element& el : readElements(fileText(e, def.layout)))
                for (const Rectangle& r : el.rects)
                    paint(m, l, m.xs[0] + r.x * 1e-6, m.ys[0] + r.y * 1e-6,
                          m.xs[0] + (r.x + r.l) * 1e-6, m.ys[0] + (r.y + r.w) * 1e-6,
                          s.materials.at(el.name));
        const int k = static_cast<int>(m.layers.size());
        m.layers.push_back(std::move(l));
        if ((*it)[1].empty())
            continue;
        for (const Element& el : readElements(fileText(e, (*it)[1]))) {
            double area = 0;
            for (const Rectangle& r : el.rects)
                area += r.l * r.w;
            for (const Rectangle& r : el.rects) {
                HeatSource src;
                src.id = el.name, src.layer = k;
                src.x0 = m.xs[0] + r.x * 1e-6, src.y0 = m.ys[0] + r.y * 1e-6;
                src.x1 = src.x0 + r.l * 1e-6, src.y1 = src.y0 + r.w * 1e-6;
                src.power_w = el.power * r.l * r.w / area;
                m.sources.push_back(src);
            }
        }
    }
    m.dies = original.dies;
    return m;
}

// Each die's hottest junction rise in a solved model.
std::map<std::string, double> dieMaxima(const Model& m) {
    Solver solver(m);
    std::vector<double> theta;
    const SolveStats st = solver.solve(rasterisePower(m), theta);
    std::map<std::string, double> out;
    for (const DieRegion& d : m.dies) {
        double mx = st.converged ? -1e300 : std::nan("");
        for (int j = 0; j < m.ny(); ++j)
            for (int i = 0; i < m.nx(); ++i) {
                const double x = (m.xs[i] + m.xs[i + 1]) / 2, y = (m.ys[j] + m.ys[j + 1]) / 2;
                if (x > d.x0 && x < d.x1 && y > d.y0 && y < d.y1)
                    mx = std::max(mx, theta[m.cellsPerLayer() * static_cast<std::size_t>(d.layer) +
                                            static_cast<std::size_t>(j) * m.nx() + i]);
            }
        out[d.id] = mx;
    }
    return out;
}

Model exampleModel(const QString& name) {
    const bool raster = name == "gpu-2.5d+map";
    Design d = test::loadExample(raster ? "gpu-2.5d" : name.toStdString());
    if (raster) { // densities vary inside the GPU
        PowerMap map{5, 3, {}};
        for (int i = 0; i < 15; ++i)
            map.power_w.push_back(10.0 + 3.0 * i);
        d.stacks[0].tiers[0].die.power_map = map;
    }
    return buildModel(d, test::shippedLibrary(), *buildOptionsFor("coarse")).model;
}

double largestDie(const Model& m) {
    double largest = 0;
    for (const DieRegion& d : m.dies)
        largest = std::max({largest, d.x1 - d.x0, d.y1 - d.y0});
    return largest;
}

void addCases() {
    QTest::addColumn<QString>("name");
    for (const char* n : {"gpu-2.5d", "sram-on-logic-3d", "chiplet-mcm", "gpu-2.5d+map"})
        QTest::newRow(n) << QString(n);
}

} // namespace

class TestThreeDiceExport : public QObject {
    Q_OBJECT
private slots:
    void theFilesDescribeTheModel_data() { addCases(); }
    void theFilesDescribeTheModel() {
        QFETCH(QString, name);
        const Model model = exampleModel(name);
        QVERIFY(model.nz() > 0);
        const double cell = largestDie(model) / 16; // the coarse resolution's cells in the die
        const ThreeDiceExport e = exportThreeDice(model, "x", cell);
        QVERIFY(e.ok);
        for (const ExportedFile& f : e.files)
            if (f.name != "run.sh")
                QVERIFY2(scannable(tokens(f.text)), f.name.c_str());
        const StackFile s = readStack(fileText(e, "x.stk"));
        QVERIFY(s.kxEqualsKy);
        QCOMPARE(s.cellWidth, s.cell);
        QCOMPARE(static_cast<int>(s.stack.size()), model.nz());
        QCOMPARE(s.ambient, model.ambient_k);
        QVERIFY(std::abs(s.hTop / model.h_top - 1) < 1e-9);
        QVERIFY(model.h_bottom == 0 ? s.hBottom == 0
                                    : std::abs(s.hBottom / model.h_bottom - 1) < 1e-9);
        QCOMPARE(s.cell, std::round(cell * 1e6));
        // The grid covers the model's outline and at most one cell more.
        const double w = model.xs.back() - model.xs.front(), h = model.ys.back() - model.ys.front();
        QVERIFY(s.chipL * 1e-6 >= w - 1e-9 && s.chipL * 1e-6 < w + s.cell * 1e-6);
        QVERIFY(s.chipW * 1e-6 >= h - 1e-9 && s.chipW * 1e-6 < h + s.cell * 1e-6);

        const Model rebuilt = rebuild(e, s, model);
        const std::vector<double> q = rasterisePower(model), qr = rasterisePower(rebuilt);
        for (int k = 0; k < model.nz(); ++k) {
            const Layer& ml = model.layers[static_cast<std::size_t>(k)];
            const Layer& rl = rebuilt.layers[static_cast<std::size_t>(k)];
            QCOMPARE(rl.thickness, ml.thickness);
            // Every cell has the model's material at its centre (a near-insulator where void).
            for (int j = 0; j < rebuilt.ny(); ++j)
                for (int i = 0; i < rebuilt.nx(); ++i) {
                    const double x = (rebuilt.xs[i] + rebuilt.xs[i + 1]) / 2,
                                 y = (rebuilt.ys[j] + rebuilt.ys[j + 1]) / 2;
                    const CellMaterial& got =
                        rl.cells[static_cast<std::size_t>(j) * rebuilt.nx() + i];
                    CellMaterial want{kNearInsulatorK, kNearInsulatorK, kNearInsulatorCv};
                    if (x < model.xs.back() && y < model.ys.back() &&
                        !ml.cells[static_cast<std::size_t>(cellIndex(model.ys, y)) * model.nx() +
                                  cellIndex(model.xs, x)]
                             .isVoid())
                        want =
                            ml.cells[static_cast<std::size_t>(cellIndex(model.ys, y)) * model.nx() +
                                     cellIndex(model.xs, x)];
                    QVERIFY(std::abs(got.kxy / want.kxy - 1) < 1e-8);
                    QVERIFY(std::abs(got.kz / want.kz - 1) < 1e-8);
                    QVERIFY(std::abs(got.cv / want.cv - 1) < 1e-8);
                }
            // Every layer carries the model's power.
            double pm = 0, pr = 0;
            for (std::size_t n = 0; n < model.cellsPerLayer(); ++n)
                pm += q[model.cellsPerLayer() * static_cast<std::size_t>(k) + n];
            for (std::size_t n = 0; n < rebuilt.cellsPerLayer(); ++n)
                pr += qr[rebuilt.cellsPerLayer() * static_cast<std::size_t>(k) + n];
            QVERIFY2(std::abs(pr - pm) <= 1e-6 * std::max(1.0, pm), qPrintable(name));
        }
        // Each die's junction gets a thermal map.
        for (const DieRegion& d : model.dies)
            QVERIFY(std::any_of(s.maps.begin(), s.maps.end(), [&](const auto& m) {
                return m.second == "x_L" + std::to_string(d.layer) + ".tmap";
            }));
        // Solved, the files' model gives Strata's temperatures within what separates the two
        // grids (3D-ICE's uniform cells cut die and block edges); wrong units would be off by
        // orders of magnitude. Measured, hottest cell of each die: within 0.3 % on the GPU and
        // logic dies but 5 % on gpu-2.5d's HBM and 13 % on sram-on-logic-3d's, whose peak both
        // grids resolve slowly (Strata 45.6 / 46.7 / 48.8 / 49.8 K rise at 16 / 32 / 64 / 128
        // cells across the largest die; the uniform grid 39.7 / 50.7 / 51.3 K at 16 / 32 / 64).
        const std::map<std::string, double> a = dieMaxima(model), b = dieMaxima(rebuilt);
        for (const auto& [die, rise] : a)
            QVERIFY2(std::abs(b.at(die) / rise - 1) < 0.15,
                     qPrintable(QString("%1 %2: Strata %3 K, 3D-ICE's model %4 K")
                                    .arg(name, QString::fromStdString(die))
                                    .arg(rise)
                                    .arg(b.at(die))));
    }

    // On a model whose grid is uniform already, with 3D-ICE's cell: the files' model is the
    // model (dies in mold, an anisotropic bump layer, two sources, a lid narrower than the sink,
    // a board path), so the temperatures agree but for the near-insulator where the lid is void.
    void exactOnTheModelsOwnGrid() {
        Model m = test::layeredModel(20, 10e-3, test::threeDieStack(), 2e4, 5, 6e-3, 50);
        m.h_bottom = 500;
        const CellMaterial mold{0.8, 0.8, 1.8e6}, bumps{0.4, 8, 2.3e6};
        for (Layer& l : m.layers) {
            const bool die = l.name.rfind("logic", 0) == 0 || l.name.rfind("mem", 0) == 0 ||
                             l.name.rfind("hb", 0) == 0;
            if (die) { // mold beside the 6 x 6 mm dies
                paint(m, l, 0, 0, 10e-3, 2e-3, mold);
                paint(m, l, 0, 8e-3, 10e-3, 10e-3, mold);
                paint(m, l, 0, 0, 2e-3, 10e-3, mold);
                paint(m, l, 8e-3, 0, 10e-3, 10e-3, mold);
            }
            if (l.name == "ubump")
                paint(m, l, 0, 0, 10e-3, 10e-3, bumps);
            if (l.name == "lid") // a lid 9 mm wide under a 10 mm sink
                for (int j = 0; j < 20; ++j)
                    for (int i = 0; i < 20; ++i)
                        if (i == 0 || j == 0 || i == 19 || j == 19)
                            l.cells[static_cast<std::size_t>(j) * 20 + i] = {};
        }
        m.sources.push_back({"hot", "die", 5, 1, 3e-3, 3e-3, 4e-3, 4e-3, 20});
        const ThreeDiceExport e = exportThreeDice(m, "u", 0.5e-3);
        QVERIFY(e.ok);
        QCOMPARE(e.grid.cols, 20);
        const Model rebuilt = rebuild(e, readStack(fileText(e, "u.stk")), m);
        const double a = dieMaxima(m).at("die"), b = dieMaxima(rebuilt).at("die");
        QVERIFY2(std::abs(b / a - 1) < 1e-4, qPrintable(QString("%1 K vs %2 K").arg(a).arg(b)));
    }

    // A power trace: a second stack description whose floorplans hold one value per slot (the
    // trace at its shortest row); in every slot each layer carries the sources' power then.
    void aTraceBecomesSlots() {
        const Model model = exampleModel("gpu-2.5d");
        PowerTrace trace;
        trace.sources = {0, 3};
        trace.times = {0, 0.5, 1.5};
        trace.powers = {{100, 2}, {300, 7}};
        const ThreeDiceExport e = exportThreeDice(model, "x", largestDie(model) / 16, &trace);
        QVERIFY(e.ok);
        QCOMPARE(e.time_slots, 3); // 0-0.5 s, 0.5-1 s, 1-1.5 s
        const std::string& stk = fileText(e, "x_transient.stk");
        QVERIFY(scannable(tokens(stk)));
        QVERIFY(stk.find("transient step 0.05, slot 0.5 ;") != std::string::npos);
        QVERIFY(fileText(e, "run.sh").find("3D-ICE-Emulator x_transient.stk") != std::string::npos);
        const StackFile s = readStack(stk);
        const std::vector<std::vector<double>> slotPowers = {{100, 2}, {300, 7}, {300, 7}};
        int dies = 0;
        for (std::size_t n = 0; n < s.stack.size(); ++n) {
            const std::string& flp = s.stack[n][1];
            if (flp.empty())
                continue;
            ++dies;
            QVERIFY2(flp.size() > 6 && flp.substr(flp.size() - 6) == "_t.flp", flp.c_str());
            const int k = model.nz() - 1 - static_cast<int>(n); // the stack lists the top first
            const std::vector<Element> elements = readElements(fileText(e, flp));
            for (std::size_t slot = 0; slot < slotPowers.size(); ++slot) {
                std::vector<double> powers(model.sources.size());
                for (std::size_t src = 0; src < powers.size(); ++src)
                    powers[src] = model.sources[src].power_w;
                powers[0] = slotPowers[slot][0], powers[3] = slotPowers[slot][1];
                const std::vector<double> q = rasterisePower(model, powers);
                double want = 0, got = 0;
                for (std::size_t c = 0; c < model.cellsPerLayer(); ++c)
                    want += q[model.cellsPerLayer() * static_cast<std::size_t>(k) + c];
                for (const Element& el : elements) {
                    QCOMPARE(el.powers.size(), slotPowers.size());
                    got += el.powers[slot];
                }
                QVERIFY2(std::abs(got - want) <= 1e-6 * want,
                         qPrintable(
                             QString("slot %1: %2 W, expected %3 W").arg(slot).arg(got).arg(want)));
            }
        }
        QVERIFY(dies > 0);
    }

    // A grid beyond kMaxThreeDiceCells a side, or a model without heat sources: refused, no
    // files.
    void hopelessExportsAreRefused() {
        const Model model = exampleModel("gpu-2.5d");
        const ThreeDiceExport tooFine = exportThreeDice(model, "x", 50e-6);
        QVERIFY(!tooFine.ok && tooFine.files.empty());
        QCOMPARE(tooFine.notes.at(0).code, std::string("IO-0020"));
        Model cold = model; // no heat source at all: 3D-ICE needs a die
        cold.sources.clear();
        const ThreeDiceExport none = exportThreeDice(cold, "x", 1e-3);
        QVERIFY(!none.ok && none.files.empty());
    }

    // 3D-ICE's answer read back: the dimensions give its grid, a thermal map (south row first)
    // each junction's temperatures; a map with another number of columns names its line.
    void thermalMapsAreReadAndCompared() {
        const Design d = test::loadExample("sram-on-logic-3d");
        const ThreeDiceExport e = exportThreeDice(d, test::shippedLibrary(), "coarse", "s");
        QVERIFY(e.ok);
        const std::filesystem::path dir =
            std::filesystem::temp_directory_path() / ("strata-3dice-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        QCOMPARE(writeExportedFiles(e.files, dir.string()), std::string());
        std::vector<Diagnostic> diags;
        const auto dims = parseThreeDiceDimensions(fileText(e, "s.stk"), "s.stk", diags);
        QVERIFY(dims && dims->cols == e.grid.cols && dims->rows == e.grid.rows);
        ThermalComparison early =
            compareWithThreeDice(d, test::shippedLibrary(), "coarse", dir.string(), "s");
        QVERIFY(!early.ok && early.notes.at(0).message.find("run.sh") != std::string::npos);
        // As 3D-ICE writes them: a header, then rows from the south edge; here row r is at
        // 300 + r K, so each die's hottest cell says which row 3D-ICE's north edge of it is.
        const StackFile s = readStack(fileText(e, "s.stk"));
        for (const auto& [element, file] : s.maps) {
            std::ofstream out(dir / file);
            out << "% Thermal map for layer " << element << " (please find axis information in "
                << "\"xaxis.txt\" and \"yaxis.txt\")\n";
            for (int r = 0; r < e.grid.rows; ++r) {
                for (int c = 0; c < e.grid.cols; ++c)
                    out << QString::asprintf("%7.3f  ", 300.0 + r).toStdString();
                out << "\n";
            }
            out << "\n";
        }
        const ThermalComparison c =
            compareWithThreeDice(d, test::shippedLibrary(), "coarse", dir.string(), "s");
        QVERIFY2(c.ok, c.notes.empty() ? "" : c.notes[0].message.c_str());
        const Model model = exampleModel("sram-on-logic-3d");
        for (const DieComparison& dc : c.dies) {
            const DieRegion& region =
                *std::find_if(model.dies.begin(), model.dies.end(),
                              [&](const DieRegion& r) { return r.id == dc.die; });
            const int northRow =
                static_cast<int>(std::ceil((region.y1 - e.grid.y0) / e.grid.cell_m - 0.5)) - 1;
            QCOMPARE(dc.reference_max_c, 300.0 + northRow - kZeroCelsiusK);
        }
        QCOMPARE(c.differences.at(0).name.rfind("3dice.diff.", 0), std::size_t{0});
        std::vector<Diagnostic> bad;
        QVERIFY(!parseThreeDiceTmap("% header\n300 301\n300 301 302\n", 2, 2, "m.tmap", bad));
        QCOMPARE(bad.at(0).pointer, std::string("line 3"));
        std::vector<Diagnostic> nan; // a row of nan is a bad row, not a header to skip
        QVERIFY(!parseThreeDiceTmap("% header\nnan 301\n", 1, 2, "m.tmap", nan));
        QVERIFY(nan.at(0).message.find("\"nan\"") != std::string::npos);
        QCOMPARE(nan[0].pointer, std::string("line 2"));
        std::filesystem::remove_all(dir);
    }
};

QTEST_GUILESS_MAIN(TestThreeDiceExport)
#include "test_threedice_export.moc"
