// The main window's menus (File, Edit, View, Evaluate, Help) and what their actions need that
// is theirs alone: exports of the results and the floorplan, and the edits of the selection.
// The exchange with other tools is in main_window_exchange.cpp.
#include "canvas_view.h"
#include "clipboard.h"
#include "commands.h"
#include "core/atomic_file.h"
#include "document.h"
#include "eval/result_json.h"
#include "evaluation_options.h"
#include "evaluation_runner.h"
#include "interop/floorplan_svg.h"
#include "interop/heatmap.h"
#include "main_window.h"
#include "plugin/plugin_loader.h"
#include "resolution_menu.h"
#include "transient_panel.h"

#include <QClipboard>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>

namespace strata::studio {

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
    buildFileMenu();
    buildEditMenu();
    buildViewMenu();
    buildEvaluateMenu();
    buildHelpMenu();
}

void MainWindow::buildFileMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New"), QKeySequence::New, this, &MainWindow::newDesign);
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
}

void MainWindow::buildEditMenu() {
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
}

void MainWindow::buildViewMenu() {
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
}

void MainWindow::buildEvaluateMenu() {
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
}

void MainWindow::buildHelpMenu() {
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

} // namespace strata::studio
