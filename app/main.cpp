// strata: the desktop studio. Opens the design given on the command line (or an empty one).
#include "core/build_info.h"
#include "core/memory_policy.h"
#include "document.h"
#include "eval/builtin.h"
#include "evaluation_runner.h"
#include "library/library_loader.h"
#include "main_window.h"
#include "plugin/plugin_loader.h"

#include <QApplication>
#include <QDockWidget>
#include <QMessageBox>
#include <QScreen>
#include <QTimer>

#include <cstring>
#include <iostream>
#include <optional>

namespace {

// Takes each "--plugin FILE" out of the command line before QApplication sees it (Qt reads
// "-plugin" as one of its own options).
std::vector<std::string> takePluginOptions(int& argc, char** argv) {
    std::vector<std::string> files;
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--plugin") == 0 && i + 1 < argc)
            files.emplace_back(argv[++i]);
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    argv[argc] = nullptr;
    return files;
}

constexpr const char* kUsage =
    "strata — the Strata design studio for chiplet, 2.5D and 3D designs\n"
    "\n"
    "Usage: strata [FILE] [options]\n"
    "\n"
    "  FILE                a design (NAME.strata.json) to open, or an assembly to import as a\n"
    "                      new design (IHP .chiplet, 3Dblox .3dbx); none: an empty design\n"
    "\n"
    "Options:\n"
    "  --plugin FILE       load an evaluator plugin (repeatable; also every .so in\n"
    "                      $STRATA_PLUGIN_PATH's folders and lib/strata/plugins)\n"
    "  --raise DOCK        bring a dock to the front: library, stack, inspector, results,\n"
    "                      thermal, stack3d, charts, transient, issues, console, sweeps\n"
    "  --screenshot PNG    save the window once the first evaluation is shown, then quit\n"
    "  --help              show this help\n"
    "  --version           print the version\n"
    "\n"
    "Qt's own options (-platform, -style, ...) are accepted too. Headless work (evaluation, CI\n"
    "gates, sweeps, import and export) is strata-cli's: see strata-cli help.\n";

// --help and --version are answered before Qt starts: they need no display. Returns the exit
// code when one of them was given.
std::optional<int> answerInfoOptions(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::cout << kUsage;
            return 0;
        }
        if (std::strcmp(argv[i], "--version") == 0) {
            std::cout << "strata " << strata::kVersion << "\n";
            return 0;
        }
    }
    return std::nullopt;
}

} // namespace

int main(int argc, char** argv) {
    if (const std::optional<int> code = answerInfoOptions(argc, argv))
        return *code;
    strata::keepLargeAllocationsInHeap(); // evaluations reuse their memory (see memory_policy.h)
    const std::vector<std::string> pluginFiles = takePluginOptions(argc, argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Strata");
    QApplication::setApplicationName("Strata");
    std::vector<strata::Diagnostic> pluginProblems = strata::loadSessionPlugins(pluginFiles);
    const strata::LibraryLoad lib = strata::loadLibraryWithPlugins({}, pluginProblems);
    for (const strata::Diagnostic& d : pluginProblems)
        std::cerr << "strata: " << strata::format(d) << "\n";
    if (!lib.ok()) {
        QString text;
        for (const strata::Diagnostic& d : lib.diagnostics)
            text += QString::fromStdString(strata::format(d)) + "\n";
        std::cerr << text.toStdString();
        QMessageBox::critical(nullptr, "Strata", "The component library has errors:\n" + text);
        return 2;
    }
    QStringList args = QApplication::arguments();
    strata::studio::MainWindow window(lib.library);
    window.setPluginProblems(pluginProblems);
    window.show();
    // --screenshot FILE: save the window once the first evaluation is shown, then quit (for
    // documentation and GUI checks on a virtual display).
    QString shot;
    if (const auto i = args.indexOf("--screenshot"); i > 0 && i + 1 < args.size()) {
        shot = args[i + 1];
        args.remove(i, 2);
    }
    // --raise DOCK: bring a dock to the front (kUsage names them), e.g. for screenshots of a
    // given panel.
    if (const auto i = args.indexOf("--raise"); i > 0 && i + 1 < args.size()) {
        if (auto* dock = window.findChild<QDockWidget*>(args[i + 1]))
            dock->raise();
        else
            std::cerr
                << "strata: --raise: no dock named \"" << args[i + 1].toStdString()
                << "\" (library, stack, inspector, results, thermal, stack3d, charts, transient, "
                   "issues, console, sweeps)\n";
        args.remove(i, 2);
    }
    if (!window.offerRecovery() && args.size() > 1)
        window.openFile(args[1]);
    if (!shot.isEmpty()) {
        auto save = [&window, shot] {
            QTimer::singleShot(300, &window, [&window, shot] {
                // What is on screen (grab() leaves out what OpenGL views paint with QPainter);
                // platforms that cannot read the screen back get the widgets' own rendering.
                QPixmap pixels = window.screen()->grabWindow(window.winId());
                if (pixels.isNull())
                    pixels = window.grab();
                pixels.save(shot);
                // Nothing was edited here: an imported design (new and unsaved) must not stop
                // the exit with "Save changes?" nor be left for recovery.
                window.document()->undoStack()->setClean();
                QApplication::quit();
            });
        };
        // An empty new design is never evaluated: its window is shown as it is.
        if (args.size() > 1 || window.runner()->isRunning())
            QObject::connect(window.runner(), &strata::studio::EvaluationRunner::finished, &window,
                             save);
        else
            save();
    }
    return QApplication::exec();
}
