// Studio benchmark (run on demand: xvfb-run build/tests/gui_bench). Prints
//   - the frame time of the canvas while panning a design of 500 dies and 1,000 links,
//   - the time from an edit to updated results for every example (coarse thermal grid, the
//     live-evaluation path: debounce excluded).
// Goals: panning at 60 frames per second (<= 16.7 ms per frame), edit-to-results <= 150 ms.
#include "canvas_view.h"
#include "commands.h"
#include "core/memory_policy.h"
#include "document.h"
#include "evaluation_runner.h"
#include "library/library_loader.h"
#include "model/design_io.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QSignalSpy>

#include <cstdio>
#include <filesystem>

using namespace strata;
using namespace strata::studio;

namespace {
Design manyDies(int dies, int links) {
    Design d;
    d.name = "bench";
    d.package.kind = "organic";
    d.package.width_m = d.package.height_m = 0.3;
    for (int i = 0; i < dies; ++i) {
        Stack s;
        s.id = "d" + std::to_string(i);
        s.x_m = 0.01 + 0.012 * (i % 23);
        s.y_m = 0.01 + 0.012 * (i / 23);
        s.tiers.push_back(Tier{});
        s.tiers[0].die.id = s.id;
        s.tiers[0].die.type = "compute-chiplet";
        d.stacks.push_back(s);
    }
    for (int l = 0; l < links; ++l)
        d.links.push_back({"l" + std::to_string(l),
                           "d" + std::to_string(l % dies),
                           "d" + std::to_string((l * 7 + 1) % dies),
                           "ucie_s",
                           16,
                           16e9,
                           {},
                           {}});
    return d;
}
} // namespace

int main(int argc, char** argv) {
    strata::keepLargeAllocationsInHeap(); // evaluations reuse their memory (see memory_policy.h)
    QApplication app(argc, argv);
    const LibraryLoad lib = loadDefaultLibrary();
    {
        Document doc(lib.library);
        doc.reset(manyDies(500, 1000), {});
        CanvasView view(&doc);
        view.resize(1200, 800);
        view.show();
        view.scale(4, 4);
        QApplication::processEvents();
        QElapsedTimer t;
        t.start();
        const int frames = 120;
        for (int f = 0; f < frames; ++f) {
            view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + 7);
            view.viewport()->repaint();
        }
        std::printf("canvas, 500 dies + 1000 links: %.2f ms per panned frame\n",
                    static_cast<double>(t.nsecsElapsed()) / 1e6 / frames);
        QElapsedTimer r;
        r.start();
        doc.undoStack()->push(new MoveStackCommand(&doc, "d0", 0.02, 0.02));
        QApplication::processEvents();
        std::printf("canvas rebuild after an edit: %.1f ms\n",
                    static_cast<double>(r.nsecsElapsed()) / 1e6);
    }
    for (const auto& e :
         std::filesystem::directory_iterator(std::string(STRATA_SOURCE_DIR) + "/projects")) {
        Document doc(lib.library);
        EvaluationRunner runner(&doc);
        QSignalSpy done(&runner, &EvaluationRunner::finished);
        if (!doc.load(QString::fromStdString((e.path() / "design.strata.json").string())).isEmpty())
            continue;
        done.wait(120000);
        done.clear();
        const Stack& s = doc.design().stacks.front();
        doc.undoStack()->push(new MoveStackCommand(&doc, s.id, s.x_m + 1e-4, s.y_m));
        QElapsedTimer t;
        t.start();
        runner.evaluateAt("coarse"); // the live path, without the debounce pause
        done.wait(120000);
        const double full = static_cast<double>(t.nsecsElapsed()) / 1e6;
        std::printf("%-20s edit to results (coarse grid): %.0f ms (worker %0.f ms)\n",
                    e.path().filename().c_str(), full, done.value(0).value(0).toDouble() * 1e3);
    }
    return 0;
}
