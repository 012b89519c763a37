// strata: the desktop studio. Opens the design given on the command line (or an empty one).
#include "core/memory_policy.h"
#include "evaluation_runner.h"
#include "library/library_loader.h"
#include "main_window.h"

#include <QApplication>
#include <QDockWidget>
#include <QMessageBox>
#include <QTimer>

#include <iostream>

int main(int argc, char** argv) {
    strata::keepLargeAllocationsInHeap(); // evaluations reuse their memory (see memory_policy.h)
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Strata");
    QApplication::setApplicationName("Strata");
    const strata::LibraryLoad lib = strata::loadDefaultLibrary();
    if (!lib.ok()) {
        QString text;
        for (const strata::Diagnostic& d : lib.diagnostics)
            text += QString::fromStdString(strata::format(d)) + "\n";
        std::cerr << text.toStdString();
        QMessageBox::critical(nullptr, "Strata", "The component library has errors:\n" + text);
        return 2;
    }
    strata::studio::MainWindow window(lib.library);
    window.show();
    QStringList args = QApplication::arguments();
    // --screenshot FILE: save the window once the first evaluation is shown, then quit (for
    // documentation and GUI checks on a virtual display).
    QString shot;
    if (const auto i = args.indexOf("--screenshot"); i > 0 && i + 1 < args.size()) {
        shot = args[i + 1];
        args.remove(i, 2);
    }
    // --raise DOCK: bring a dock to the front (library, stack, inspector, results, thermal,
    // charts, issues), e.g. for screenshots of a given panel.
    if (const auto i = args.indexOf("--raise"); i > 0 && i + 1 < args.size()) {
        if (auto* dock = window.findChild<QDockWidget*>(args[i + 1]))
            dock->raise();
        args.remove(i, 2);
    }
    if (!window.offerRecovery() && args.size() > 1)
        window.openFile(args[1]);
    if (!shot.isEmpty()) {
        auto save = [&window, shot] {
            QTimer::singleShot(300, &window, [&window, shot] {
                window.grab().save(shot);
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
