#include "main_window.h"

#include "autosave.h"
#include "canvas_view.h"
#include "charts_panel.h"
#include "clipboard.h"
#include "commands.h"
#include "core/atomic_file.h"
#include "docks.h"
#include "document.h"
#include "eval/result_json.h"
#include "evaluation_options.h"
#include "evaluation_runner.h"
#include "interop/floorplan_svg.h"
#include "interop/heatmap.h"
#include "lua_console.h"
#include "model/default_cooling.h"
#include "plugin/plugin_loader.h"
#include "resolution_menu.h"
#include "results_panel.h"
#include "stack_editor.h"
#include "stack_gl_view.h"
#include "stack_view.h"
#include "sweep_explorer.h"
#include "thermal_map.h"
#include "transient_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

namespace strata::studio {

namespace {
// What File ▸ New and a start without a file give: a 40 x 40 mm organic package to drop dies on.
Design untitledDesign() {
    Design d;
    d.name = "untitled";
    d.package.kind = "organic";
    d.package.width_m = d.package.height_m = 40e-3;
    d.cooling = defaultCooling(d.package); // evaluates as soon as it has a die
    return d;
}
} // namespace

MainWindow::MainWindow(const Library& library, QWidget* parent) : QMainWindow(parent) {
    doc_ = new Document(library, this);
    doc_->reset(untitledDesign(), {});
    runner_ = new EvaluationRunner(doc_, this);
    runner_->setUserOptions(
        optionsFromStrings(QSettings().value("evaluate/options").toStringList()), false);
    autosave_ = new Autosave(doc_, this);
    canvas_ = new CanvasView(doc_);
    setCentralWidget(canvas_);

    auto dock = [this](QWidget* w, const QString& title, const char* name,
                       Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    libraryPanel_ = new LibraryPanel(library);
    auto* libraryDock = dock(libraryPanel_, tr("Library"), "library", Qt::LeftDockWidgetArea);
    auto* inspector = new InspectorPanel(doc_);
    auto* inspectorDock = dock(inspector, tr("Inspector"), "inspector", Qt::RightDockWidgetArea);
    auto* stackDock = dock(new StackEditor(doc_), tr("Stack"), "stack", Qt::LeftDockWidgetArea);
    splitDockWidget(libraryDock, stackDock, Qt::Vertical);
    results_ = new ResultsPanel;
    auto* resultsDock = dock(results_, tr("Results"), "results", Qt::RightDockWidgetArea);
    thermal_ = new ThermalMapPanel;
    auto* thermalDock = dock(thermal_, tr("Thermal map"), "thermal", Qt::BottomDockWidgetArea);
    // OpenGL where the machine has it (STRATA_SOFTWARE_3D=1 forces the QPainter fallback).
    QWidget* stackView = nullptr;
    if (qEnvironmentVariableIntValue("STRATA_SOFTWARE_3D") == 0 && StackGLView::openGlAvailable())
        stackView = stackGlView_ = new StackGLView(doc_);
    else
        stackView = stackView_ = new StackView(doc_);
    auto* stackViewDock = dock(stackView, tr("Stack 3-D"), "stack3d", Qt::BottomDockWidgetArea);
    charts_ = new ChartsPanel;
    auto* chartsDock = dock(charts_, tr("Charts"), "charts", Qt::BottomDockWidgetArea);
    transient_ = new TransientPanel;
    transientDock_ =
        dock(transient_, tr("Thermal transient"), "transient", Qt::BottomDockWidgetArea);
    connect(transient_, &TransientPanel::runRequested, this,
            [this](const QString& trace, int steps, const QString& start, double interval) {
                runner_->evaluateTransient(trace.toStdString(), steps, start.toStdString(),
                                           interval);
            });
    connect(transient_, &TransientPanel::stopRequested, runner_, &EvaluationRunner::stop);
    connect(runner_, &EvaluationRunner::progress, transient_, &TransientPanel::showProgress);
    connect(runner_, &EvaluationRunner::stopped, transient_, &TransientPanel::stopped);
    connect(transient_, &TransientPanel::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    issues_ = new IssuesPanel(doc_);
    auto* issuesDock = dock(issues_, tr("Issues"), "issues", Qt::BottomDockWidgetArea);
    auto* consoleDock =
        dock(new LuaConsole(doc_), tr("Lua console"), "console", Qt::BottomDockWidgetArea);
    auto* explorer = new SweepExplorer;
    auto* explorerDock = dock(explorer, tr("Sweep explorer"), "sweeps", Qt::BottomDockWidgetArea);
    connect(explorer, &SweepExplorer::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(explorer, &SweepExplorer::openDesign, this,
            [this](const Design& design, const QString& label) {
                if (!maybeSave())
                    return;
                doc_->reset(design, {}); // unsaved: Save As gives it a file
                doc_->markModified();
                statusBar()->showMessage(tr("Opened the design of %1").arg(label), 6000);
            });
    tabifyDockWidget(inspectorDock, resultsDock);
    splitDockWidget(issuesDock, thermalDock, Qt::Horizontal);
    tabifyDockWidget(thermalDock, chartsDock);
    tabifyDockWidget(chartsDock, transientDock_);
    tabifyDockWidget(transientDock_, stackViewDock);
    tabifyDockWidget(issuesDock, consoleDock);
    tabifyDockWidget(consoleDock, explorerDock);
    issuesDock->raise();
    thermalDock->raise();
    resultsDock->raise();

    status_ = new QLabel(tr("not evaluated"));
    statusBar()->addPermanentWidget(status_);
    connect(inspector, &InspectorPanel::message, this,
            [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    connect(issues_, &IssuesPanel::objectActivated, canvas_, &CanvasView::centreOn);
    connect(runner_, &EvaluationRunner::started, this,
            [this] { status_->setText(tr("⏳ evaluating…")); });
    connect(runner_, &EvaluationRunner::finished, this, &MainWindow::showResult);
    connect(runner_, &EvaluationRunner::stopped, this, [this] {
        status_->setText(runner_->isStale() ? tr("results out of date")
                                            : tr("stopped; the results shown are the last ones"));
    });
    connect(runner_, &EvaluationRunner::progress, this, [this](const QString& stage, double f) {
        if (f >= 1)
            return;
        status_->setText(f > 0 ? tr("⏳ evaluating: %1 %2 %…").arg(stage).arg(100 * f, 0, 'f', 0)
                               : tr("⏳ evaluating: %1…").arg(stage));
    });
    connect(runner_, &EvaluationRunner::staleChanged, this, [this](bool stale) {
        results_->setStale(stale);
        thermal_->setStale(stale);
        if (stackView_)
            stackView_->setStale(stale);
        if (stackGlView_)
            stackGlView_->setStale(stale);
        canvas_->setStale(stale);
        if (stale)
            status_->setText(tr("results out of date"));
    });
    connect(doc_->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(doc_, &Document::pathChanged, this, &MainWindow::updateTitle);
    connect(doc_, &Document::pathChanged, this,
            [this] { transient_->setStartDirectory(QFileInfo(doc_->path()).absolutePath()); });
    connect(doc_, &Document::designChanged, transient_, &TransientPanel::designChanged);
    connect(doc_, &Document::designReplaced, transient_, &TransientPanel::clear);
    // A new or opened design is shown whole, once the canvas has drawn it; so is the first one,
    // once the window has its size.
    connect(doc_, &Document::designReplaced, canvas_,
            [this] { QTimer::singleShot(0, canvas_, &CanvasView::zoomToFit); });
    QTimer::singleShot(0, canvas_, &CanvasView::zoomToFit);
    connect(doc_, &Document::designReplaced, thermal_, &ThermalMapPanel::designReplaced);
    // Validation is instant: show it after every edit, before the evaluation comes back.
    connect(doc_, &Document::designChanged, this,
            [this] { issues_->setDiagnostics(doc_->validation()); });
    buildMenus();
    QSettings s;
    restoreGeometry(s.value("window/geometry").toByteArray());
    restoreState(s.value("window/state").toByteArray());
    if (!s.contains("window/geometry")) { // first start: the canvas gets most of the room
        resize(1400, 900);
        resizeDocks({issuesDock, thermalDock}, {260, 260}, Qt::Vertical);
        resizeDocks({libraryDock, stackDock}, {420, 200}, Qt::Vertical);
        resizeDocks({libraryDock, resultsDock}, {300, 380}, Qt::Horizontal);
    }
    updateTitle();
}

bool MainWindow::compareWithDesignFile(const QString& path, QString& message) {
    const DesignLoad load = loadDesignFile(path.toStdString());
    if (!load.ok()) {
        QStringList problems;
        for (const Diagnostic& d : load.diagnostics)
            problems << QString::fromStdString(format(d));
        message = tr("%1 cannot be read:\n\n%2").arg(path, problems.join("\n"));
        return false;
    }
    // Evaluated on the runner's worker thread behind a progress dialog: the window keeps painting
    // and the user can cancel a fine grid's seconds.
    const QString name = QFileInfo(path).fileName();
    QProgressDialog dialog(tr("Evaluating %1…").arg(name), tr("Cancel"), 0, 100, this);
    dialog.setWindowTitle(tr("Compare with design"));
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(400);
    dialog.setValue(0);
    QEventLoop loop;
    std::optional<EvalResult> result;
    const auto cancel = runner_->evaluateOther(
        *load.design,
        [&dialog, name](const QString& stage, double fraction) {
            dialog.setLabelText(tr("Evaluating %1: %2…").arg(name, stage));
            dialog.setValue(static_cast<int>(99 * fraction));
        },
        [&loop, &result](EvalResult r) {
            result = std::move(r);
            loop.quit();
        });
    connect(&dialog, &QProgressDialog::canceled, &loop, [cancel] { cancel->cancel(); });
    loop.exec();
    if (result->cancelled) {
        message.clear(); // nothing went wrong: the user stopped it
        statusBar()->showMessage(tr("Comparison with %1 cancelled").arg(name), 6000);
        return false;
    }
    results_->setBaseline(*result, *load.design,
                          QString::fromStdString(runner_->resultResolution()), name);
    if (auto* dock = qobject_cast<QDockWidget*>(results_->parentWidget()))
        dock->raise();
    message = tr("Results compared with %1").arg(name);
    statusBar()->showMessage(message, 6000);
    return true;
}

bool MainWindow::hasResults() {
    if (!runner_->result().metrics.empty())
        return true;
    QMessageBox::information(this, tr("Export"),
                             tr("There are no results yet: evaluate the design first (F5)."));
    return false;
}

QString MainWindow::baseName() const {
    const QString name = QFileInfo(doc_->path()).fileName();
    return name.isEmpty() ? tr("untitled") : name.section('.', 0, 0);
}

void MainWindow::exportText(const QString& title, const QString& suffix,
                            const std::function<std::string()>& text) {
    if (!hasResults())
        return;
    const QString path = QFileDialog::getSaveFileName(this, title, baseName() + "." + suffix,
                                                      suffix.toUpper() + " (*." + suffix + ")");
    if (path.isEmpty())
        return;
    if (const std::string err = writeFileAtomically(path.toStdString(), text()); !err.empty())
        QMessageBox::warning(this, title, QString::fromStdString(err));
    else
        statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
}

void MainWindow::deleteSelection(const QString& what) {
    const QStringList sel = doc_->selection();
    if (sel.isEmpty())
        return;
    doc_->undoStack()->beginMacro(what.arg(sel.size()));
    for (const QString& id : sel)
        doc_->undoStack()->push(new RemoveStackCommand(doc_, id.toStdString()));
    doc_->undoStack()->endMacro();
}

void MainWindow::connectSelection() {
    const QStringList sel = doc_->selection();
    if (sel.size() != 2) {
        statusBar()->showMessage(tr("Select exactly two stacks to connect their base dies"), 4000);
        return;
    }
    const Stack* a = findStack(doc_->design(), sel[0].toStdString());
    const Stack* b = findStack(doc_->design(), sel[1].toStdString());
    if (!a || !b || a->tiers.empty() || b->tiers.empty())
        return;
    auto* cmd = new ConnectCommand(doc_, a->tiers[0].die.id, b->tiers[0].die.id);
    statusBar()->showMessage(
        tr("Added %1 (%2)")
            .arg(QString::fromStdString(cmd->link().id), QString::fromStdString(cmd->link().phy)),
        4000);
    doc_->undoStack()->push(cmd);
}

void MainWindow::disconnectSelection() {
    const Design fragment = fragmentOf(doc_->design(), doc_->selection());
    if (fragment.links.empty()) {
        statusBar()->showMessage(tr("No links among the selected stacks"), 4000);
        return;
    }
    doc_->undoStack()->beginMacro(tr("Disconnect %1 link(s)").arg(fragment.links.size()));
    for (const Link& l : fragment.links)
        doc_->undoStack()->push(new DisconnectCommand(doc_, l.id));
    doc_->undoStack()->endMacro();
}

QString MainWindow::writeFloorplanImage(const QString& path) {
    if (path.endsWith(".svg", Qt::CaseInsensitive)) {
        const std::string error =
            writeFileAtomically(path.toStdString(), floorplanSvg(doc_->design(), doc_->library()));
        return QString::fromStdString(error);
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || !canvas_->renderFloorplan().save(&out, "PNG") ||
        !out.commit())
        return tr("Cannot write %1").arg(path);
    return {};
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New"), QKeySequence::New, this, [this] {
        if (maybeSave())
            doc_->reset(untitledDesign(), {});
    });
    file->addAction(tr("&Open…"), QKeySequence::Open, this, [this] {
        if (!maybeSave())
            return;
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open design"), {},
            tr("Strata designs (*.strata.json);;Assemblies to import (*.chiplet *.3dbx)"));
        if (!path.isEmpty())
            openFile(path);
    });
    recent_ = file->addMenu(tr("Open &Recent"));
    updateRecent();
    file->addAction(tr("&Save"), QKeySequence::Save, this, [this] { save(); });
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, [this] { saveAs(); });
    file->addAction(tr("Re&vert"), this, [this] {
        if (!doc_->path().isEmpty() &&
            QMessageBox::question(this, tr("Revert"), tr("Discard all unsaved changes?")) ==
                QMessageBox::Yes)
            openFile(doc_->path());
    });
    file->addSeparator();
    QMenu* importMenu = file->addMenu(tr("&Import"));
    importMenu->addAction(tr("3D&blox Assembly…"), this, &MainWindow::importThreeDBlox);
    importMenu->addAction(tr("IHP .&chiplet Assembly…"), this, &MainWindow::importChiplet);
    importMenu->addAction(tr("CDXML &Part into Library…"), this, &MainWindow::importCdxmlPart);
    for (const PluginImporter& importer : pluginImporters()) { // formats plugins bring
        const QString format = QString::fromStdString(importer.format);
        const QString what = QString::fromStdString(
            importer.description.empty() ? importer.format : importer.description);
        importMenu->addAction(
            tr("%1 (plugin %2)…").arg(what, QString::fromStdString(importer.plugin)), this,
            [this, format, what, importer] {
                importDialog(
                    what, QString("%1 (%2)").arg(what, QString::fromStdString(importer.extensions)),
                    [this, format](const QString& path, QString& message) {
                        return importWithPluginFile(format, path, message);
                    });
            });
    }
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Results as &JSON…"), this, [this] {
        exportText(tr("Results as JSON"), "json", [this] {
            return evalResultToJson(runner_->result(), doc_->path().toStdString(),
                                    doc_->design().name);
        });
    });
    exportMenu->addAction(tr("Metrics as &CSV…"), this, [this] {
        exportText(tr("Metrics as CSV"), "csv", [this] { return metricsToCsv(runner_->result()); });
    });
    exportMenu->addAction(tr("&Thermal Maps (PNG, SVG and CSV)…"), this, [this] {
        if (!hasResults())
            return;
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Thermal maps to folder"));
        if (dir.isEmpty())
            return;
        const WrittenFiles files = writeThermalMaps(runner_->result(), dir.toStdString());
        if (!files.errors.empty())
            QMessageBox::warning(this, tr("Export"),
                                 QString::fromStdString(files.errors.front().second));
        else
            statusBar()->showMessage(
                tr("Wrote %n file(s) to %1", nullptr, static_cast<int>(files.written.size()))
                    .arg(dir),
                5000);
    });
    exportMenu->addAction(tr("&HotSpot Model…"), this, [this] { exportModel(Tool::HotSpot); });
    exportMenu->addAction(tr("&3D-ICE Model…"), this, [this] { exportModel(Tool::ThreeDice); });
    exportMenu->addAction(tr("3D&blox Assembly…"), this, &MainWindow::exportThreeDBlox);
    exportMenu->addAction(tr("IHP .&chiplet Assembly…"), this, &MainWindow::exportChiplet);
    exportMenu->addAction(tr("&Floorplan Image (PNG or SVG)…"), this, [this] {
        QString filter;
        QString path =
            QFileDialog::getSaveFileName(this, tr("Floorplan image"), baseName() + ".png",
                                         tr("PNG image, as the canvas shows it (*.png);;SVG "
                                            "drawing to scale, for slides (*.svg)"),
                                         &filter);
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty()) // the chosen kind names it
            path += filter.contains("*.svg") ? QStringLiteral(".svg") : QStringLiteral(".png");
        if (const QString error = writeFloorplanImage(path); !error.isEmpty())
            QMessageBox::warning(this, tr("Export"), error);
        else
            statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = doc_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = doc_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Delete"), QKeySequence::Delete, this,
                    [this] { deleteSelection(tr("Delete %1 stack(s)")); });
    edit->addAction(tr("Cu&t"), QKeySequence::Cut, this, [this] {
        if (doc_->selection().isEmpty())
            return;
        QGuiApplication::clipboard()->setMimeData(
            mimeFor(fragmentOf(doc_->design(), doc_->selection())));
        deleteSelection(tr("Cut %1 stack(s)"));
    });
    edit->addAction(tr("&Copy"), QKeySequence::Copy, this, [this] {
        if (!doc_->selection().isEmpty())
            QGuiApplication::clipboard()->setMimeData(
                mimeFor(fragmentOf(doc_->design(), doc_->selection())));
    });
    edit->addAction(tr("&Paste"), QKeySequence::Paste, this, [this] {
        const auto fragment = fragmentFrom(QGuiApplication::clipboard()->mimeData());
        if (!fragment) {
            statusBar()->showMessage(tr("The clipboard holds no Strata stacks"), 4000);
            return;
        }
        // Pasted next to where it was copied from, so it is visible and not on top of it.
        auto* cmd = new PasteCommand(doc_, fragment->stacks, fragment->links, 2e-3, 2e-3);
        const QStringList ids = cmd->stackIds();
        doc_->undoStack()->push(cmd);
        doc_->setSelection(ids);
    });
    edit->addAction(tr("D&uplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), this, [this] {
        if (doc_->selection().isEmpty())
            return;
        const Design f = fragmentOf(doc_->design(), doc_->selection());
        auto* cmd = new PasteCommand(doc_, f.stacks, f.links, 2e-3, 2e-3);
        const QStringList ids = cmd->stackIds();
        doc_->undoStack()->push(cmd);
        doc_->setSelection(ids);
    });
    edit->addAction(tr("R&otate 90°"), QKeySequence(Qt::CTRL | Qt::Key_R), this, [this] {
        const QStringList sel = doc_->selection();
        if (sel.isEmpty())
            return;
        doc_->undoStack()->beginMacro(tr("Rotate %1 stack(s)").arg(sel.size()));
        for (const QString& id : sel)
            doc_->undoStack()->push(new RotateStackCommand(doc_, id.toStdString()));
        doc_->undoStack()->endMacro();
    });
    edit->addSeparator();
    edit->addAction(tr("Co&nnect Selected Dies"), QKeySequence(Qt::CTRL | Qt::Key_L), this,
                    [this] { connectSelection(); });
    edit->addAction(tr("Disconnec&t Selected Dies"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
                    this, [this] { disconnectSelection(); });
    edit->addAction(tr("Select &All"), QKeySequence::SelectAll, this, [this] {
        QStringList all;
        for (const Stack& s : doc_->design().stacks)
            all << QString::fromStdString(s.id);
        doc_->setSelection(all);
    });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Zoom to &Fit"), QKeySequence(Qt::CTRL | Qt::Key_0), canvas_,
                    &CanvasView::zoomToFit);
    QAction* overlay = view->addAction(tr("&Temperature Overlay"));
    overlay->setCheckable(true);
    overlay->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    connect(overlay, &QAction::toggled, canvas_, &CanvasView::setTemperatureOverlay);
    view->addSeparator();
    for (QDockWidget* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());

    QMenu* evaluate = menuBar()->addMenu(tr("E&valuate"));
    QAction* now = evaluate->addAction(tr("Evaluate &Now"), QKeySequence(Qt::Key_F5), runner_,
                                       &EvaluationRunner::evaluateNow);
    evaluate->addMenu(thermalResolutionMenu(this, runner_, now)); // names the grid in `now`
    evaluate->addAction(tr("Thermal &Transient…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
                        this, [this] {
                            transientDock_->show();
                            transientDock_->raise();
                            transient_->run();
                        });
    evaluate->addAction(tr("Compare with &Design File…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Compare with design"), QFileInfo(doc_->path()).absolutePath(),
            tr("Strata designs (*.strata.json);;All files (*)"));
        QString message;
        if (!path.isEmpty() && !compareWithDesignFile(path, message) && !message.isEmpty())
            QMessageBox::warning(this, tr("Compare with design"), message);
    });
    evaluate->addAction(tr("&Options…"), this, [this] {
        EvaluationOptionsDialog dialog(runner_->userOptions(), this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        QSettings().setValue("evaluate/options", optionsToStrings(dialog.options()));
        runner_->setUserOptions(dialog.options());
    });
    evaluate->addAction(tr("Compare with &HotSpot…"), this, [this] { compareWith(Tool::HotSpot); });
    evaluate->addAction(tr("Compare with &3D-ICE…"), this,
                        [this] { compareWith(Tool::ThreeDice); });
    QAction* live = evaluate->addAction(tr("&Auto-evaluate after edits"));
    live->setCheckable(true);
    live->setChecked(true);
    connect(live, &QAction::toggled, runner_, &EvaluationRunner::setAutoEvaluate);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        // Read from the menus themselves, so the list cannot drift from what the keys do.
        QString text;
        for (QAction* menu : menuBar()->actions()) {
            if (!menu->menu())
                continue;
            QString rows;
            for (QAction* a : menu->menu()->actions())
                if (!a->shortcut().isEmpty())
                    rows += QString("<tr><td>%1</td><td>%2</td></tr>")
                                .arg(a->shortcut().toString(QKeySequence::NativeText),
                                     a->text().remove('&').remove(QChar(0x2026)));
            if (!rows.isEmpty())
                text += QString("<b>%1</b><table>%2</table>").arg(menu->text().remove('&'), rows);
        }
        text += tr("<p>Mouse: wheel zooms; drag a die to move it (edges snap); drag its white "
                   "corner to resize; drag a chiplet from the library onto the canvas to add a "
                   "die; drag a tier row in the stack editor to reorder.</p>");
        QMessageBox::information(this, tr("Keyboard shortcuts"), text);
    });
    help->addAction(tr("&Plugins…"), this,
                    [this] { QMessageBox::information(this, tr("Plugins"), pluginsText()); });
    help->addAction(tr("&About Strata"), this, [this] {
        QMessageBox::about(this, tr("About Strata"),
                           tr("<b>Strata</b> — design studio for chiplets, 3-D stacks and "
                              "memory systems.<br>Temperature, power, performance, bandwidth, "
                              "reliability and cost of a design, live."));
    });
}

void MainWindow::setPluginProblems(const std::vector<Diagnostic>& problems) {
    pluginProblems_ = problems;
    issues_->setStanding(problems);
}

QString MainWindow::pluginsText() const {
    QString text;
    for (const PluginInfo& p : loadedPlugins())
        text += tr("<p><b>%1</b> %2<br>%3<br>evaluators: %4</p>")
                    .arg(QString::fromStdString(p.name).toHtmlEscaped(),
                         QString::fromStdString(p.version).toHtmlEscaped(),
                         QString::fromStdString(p.path).toHtmlEscaped(),
                         QString::fromStdString([&p] {
                             std::string ids;
                             for (const std::string& e : p.evaluators)
                                 ids += (ids.empty() ? "" : ", ") + e;
                             return ids;
                         }())
                             .toHtmlEscaped());
    for (const PluginImporter& i : pluginImporters())
        text += tr("<p>%1 imports <b>%2</b> (%3): File ▸ Import</p>")
                    .arg(QString::fromStdString(i.plugin).toHtmlEscaped(),
                         QString::fromStdString(i.format).toHtmlEscaped(),
                         QString::fromStdString(i.extensions).toHtmlEscaped());
    if (text.isEmpty())
        text = tr("<p>No plugins are loaded.</p>");
    for (const Diagnostic& d : pluginProblems_)
        text += QString("<p style='color:#b01414'>%1</p>")
                    .arg(QString::fromStdString(format(d)).toHtmlEscaped());
    text += tr("<p>Strata loads every <tt>.so</tt> in the folders of <tt>$STRATA_PLUGIN_PATH</tt> "
               "and in <tt>lib/strata/plugins</tt> of its installation, and each file given as "
               "<tt>strata --plugin FILE</tt>. A plugin's evaluators run after the built-in ones "
               "they need; their metrics appear under Results. Write one from "
               "<tt>plugins/example_evaluator</tt>.</p>");
    return text;
}

bool MainWindow::offerRecovery() {
    const QStringList files = Autosave::pending();
    if (files.isEmpty())
        return false;
    const auto answer = QMessageBox::question(
        this, tr("Restore unsaved work?"),
        tr("Strata did not close normally last time. Restore the unsaved design it was "
           "editing?\n(%1)")
            .arg(files.front()),
        QMessageBox::Yes | QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        for (const QString& f : files) {
            QFile::remove(f);
            QFile::remove(f + ".origin");
        }
        return false;
    }
    const QString err = Autosave::restore(*doc_, files.front());
    if (!err.isEmpty())
        QMessageBox::warning(this, tr("Restore failed"), err);
    return err.isEmpty();
}

bool MainWindow::openFile(const QString& path) {
    // An assembly (IHP .chiplet, 3Dblox .3dbx) opens as File ▸ Import makes it: a new, unsaved
    // design, with what was guessed in a box that does not hold up the window.
    const bool chiplet = path.endsWith(".chiplet", Qt::CaseInsensitive);
    if (chiplet || path.endsWith(".3dbx", Qt::CaseInsensitive)) {
        QString message;
        const bool ok =
            chiplet ? importChipletFile(path, message) : importThreeDBloxFile(path, message);
        auto* box = new QMessageBox(ok ? QMessageBox::Information : QMessageBox::Warning,
                                    ok ? tr("Imported %1").arg(QFileInfo(path).fileName())
                                       : tr("Cannot open %1").arg(QFileInfo(path).fileName()),
                                    message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        if (ok)
            canvas_->zoomToFit();
        return ok;
    }
    const QString err = doc_->load(path);
    if (!err.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot open %1").arg(QFileInfo(path).fileName()), err);
        return false;
    }
    QSettings s;
    QStringList recent = s.value("recentFiles").toStringList();
    recent.removeAll(path);
    recent.prepend(QFileInfo(path).absoluteFilePath());
    s.setValue("recentFiles", recent.mid(0, 8));
    updateRecent();
    canvas_->zoomToFit();
    return true;
}

void MainWindow::updateRecent() {
    if (!recent_)
        return;
    recent_->clear();
    for (const QString& path : QSettings().value("recentFiles").toStringList())
        recent_->addAction(path, this, [this, path] {
            if (maybeSave())
                openFile(path);
        });
    recent_->setEnabled(!recent_->isEmpty());
}

bool MainWindow::save() {
    if (doc_->path().isEmpty())
        return saveAs();
    const QString err = doc_->save(doc_->path());
    if (!err.isEmpty())
        QMessageBox::warning(this, tr("Save failed"), err);
    return err.isEmpty();
}

bool MainWindow::saveAs() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save design"), doc_->path(),
                                                tr("Strata designs (*.strata.json)"));
    if (path.isEmpty())
        return false;
    if (!path.endsWith(".strata.json"))
        path += ".strata.json";
    const QString err = doc_->save(path);
    if (!err.isEmpty())
        QMessageBox::warning(this, tr("Save failed"), err);
    return err.isEmpty();
}

bool MainWindow::maybeSave() {
    if (!doc_->isModified())
        return true;
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved changes"), tr("The design has unsaved changes. Save them?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent* e) {
    if (!maybeSave()) {
        e->ignore();
        return;
    }
    autosave_->discard(); // a clean exit leaves nothing to recover
    QSettings s;
    s.setValue("window/geometry", saveGeometry());
    s.setValue("window/state", saveState());
    e->accept();
}

void MainWindow::updateTitle() {
    const QString name =
        doc_->path().isEmpty() ? tr("untitled") : QFileInfo(doc_->path()).fileName();
    setWindowTitle(QString("%1[*] — Strata").arg(name)); // Qt shows [*] as * when modified
    setWindowModified(doc_->isModified());
}

void MainWindow::showResult(double seconds) {
    const EvalResult& r = runner_->result();
    results_->setResult(r, false, designRules(doc_->design(), ""), doc_->design(),
                        QString::fromStdString(runner_->resultResolution()));
    thermal_->setResult(r, false);
    if (stackView_)
        stackView_->setResult(r, false);
    if (stackGlView_)
        stackGlView_->setResult(r, false);
    charts_->setResult(r);
    transient_->setResult(r, QString::fromStdString(runner_->resultTrace()));
    canvas_->setResult(&r, false);
    issues_->setDiagnostics(r.diagnostics);
    autosave_->saveNow();
    QString headline;
    for (const auto& [name, label] : {std::pair{"thermal.tj_max_c", "Tj %1 °C"},
                                      {"power.total_w", "%1 W"},
                                      {"perf.tokens_per_s", "%1 tok/s"},
                                      {"cost.package_usd", "$%1"}})
        if (const Metric* m = r.metric(name))
            headline += QString(label).arg(m->value, 0, 'f', m->value < 100 ? 1 : 0) + "   ";
    QString how = resolutionLabel(QString::fromStdString(runner_->resultResolution()));
    if (!runner_->resultTrace().empty())
        how += tr(", transient of %1")
                   .arg(QFileInfo(QString::fromStdString(runner_->resultTrace())).fileName());
    status_->setText(headline + tr("✓ %1 ms, %2").arg(seconds * 1e3, 0, 'f', 0).arg(how));
}

} // namespace strata::studio
