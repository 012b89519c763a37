#include "main_window.h"

#include "autosave.h"
#include "canvas_view.h"
#include "charts_panel.h"
#include "docks.h"
#include "document.h"
#include "evaluation_options.h"
#include "evaluation_runner.h"
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

#include <QCloseEvent>
#include <QDockWidget>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
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
    status_->setObjectName("evaluationStatus");
    statusBar()->addPermanentWidget(status_);
    connect(inspector, &InspectorPanel::message, this,
            [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    connect(issues_, &IssuesPanel::objectActivated, canvas_, &CanvasView::centreOn);
    connect(runner_, &EvaluationRunner::started, this,
            [this] { status_->setText(tr("⏳ evaluating…")); });
    connect(runner_, &EvaluationRunner::finished, this, &MainWindow::showResult);
    connect(runner_, &EvaluationRunner::sourcesLearnt, this, &MainWindow::showSourcesLearnt);
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

// The document, the runner and the docks are children, destroyed by QWidget's destructor after
// this one: the undo stack's last cleanChanged, the runner's last signals would otherwise reach
// the slots of a window that is gone (UBSan saw updateTitle called so).
MainWindow::~MainWindow() {
    doc_->undoStack()->disconnect(this);
    doc_->disconnect(this);
    runner_->disconnect(this);
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

void MainWindow::newDesign() {
    if (maybeSave())
        doc_->reset(untitledDesign(), {});
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
    status_->setToolTip({}); // showSourcesLearnt's, of the last result
}

// After an evaluation the session's thermal solver learns each heat source's response
// (EvaluationRunner::sourcesLearnt): the user sees that the next power edit will not wait for a
// thermal solve, or why it will.
void MainWindow::showSourcesLearnt(int held, int sources, bool fits) {
    if (sources <= 0 || runner_->isRunning() || runner_->isStale())
        return;
    const QString them =
        sources == 1 ? tr("its heat source") : tr("its %1 heat sources").arg(sources);
    if (held == sources) {
        status_->setText(status_->text() + tr("  ⚡ power edits: no thermal solve"));
        status_->setToolTip(
            tr("The thermal solver holds the design's response to each of %1 on this grid: a "
               "change of block or die powers is evaluated by combining them, without a thermal "
               "solve. A change of geometry, materials or cooling is solved anew.")
                .arg(them));
        return;
    }
    status_->setToolTip({});
    const QString why = !fits ? tr("they would need more memory than is free")
                              : tr("%1 of them are; a solve did not converge").arg(held);
    statusBar()->showMessage(tr("The thermal responses to %1 were not learnt (%2): power edits "
                                "of this design are solved anew.")
                                 .arg(them, why),
                             10000);
}

} // namespace strata::studio
