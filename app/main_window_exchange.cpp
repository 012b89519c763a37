// The main window's exchange with HotSpot and 3D-ICE: File ▸ Export ▸ HotSpot / 3D-ICE Model
// (the thermal model at the resolution of "Evaluate Now", in a folder named after the design, as
// the files are) and Evaluate ▸ Compare with HotSpot / 3D-ICE (the tool's results there beside
// Strata's); and File ▸ Export ▸ 3Dblox Assembly and File ▸ Import ▸ 3Dblox Assembly
// (interop/threedblox_export.h, threedblox_import.h).
#include "core/atomic_file.h"
#include "document.h"
#include "evaluation_runner.h"
#include "interop/chiplet_export.h"
#include "interop/chiplet_import.h"
#include "interop/hotspot_export.h"
#include "interop/hotspot_results.h"
#include "interop/threedblox_export.h"
#include "interop/threedblox_import.h"
#include "interop/threedice_export.h"
#include "interop/threedice_results.h"
#include "interop/transient_comparison.h"
#include "main_window.h"

#include "plugin/plugin_loader.h"
#include "tool_compare_dialog.h"
#include "transient_compare_dialog.h"
#include "transient_panel.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace strata::studio {

QStringList noteLines(const std::vector<Diagnostic>& notes) {
    QStringList lines;
    for (const Diagnostic& d : notes)
        lines << QString::fromStdString(d.code + ": " +
                                        (d.pointer.empty() ? "" : d.pointer + ": ") + d.message);
    return lines;
}

namespace {

// Writes an export into `dir`, or says why not: `message` is `summary`, `next` (what to run) and
// what the tool models differently, or why nothing was written. Returns the folder or "".
QString writeExport(const QString& dir, bool ok, const std::vector<ExportedFile>& files,
                    const std::vector<Diagnostic>& notes, const QString& summary, QString& message,
                    const QString& next = QObject::tr(" Run them there with: "
                                                      "sh run.sh")) {
    const QStringList said = noteLines(notes);
    if (!ok) {
        message = QObject::tr("Nothing was written: this design cannot be exported.\n\n%1")
                      .arg(said.join("\n"));
        return {};
    }
    if (const std::string err = writeExportedFiles(files, dir.toStdString()); !err.empty()) {
        message = QString::fromStdString(err);
        return {};
    }
    message = summary + next + "\n\n" + said.join("\n\n");
    return dir;
}

QString transientSaid(const QString& trace) {
    return trace.isEmpty() ? QObject::tr("steady state")
                           : QObject::tr("steady state and the transient of %1")
                                 .arg(QFileInfo(trace).fileName());
}

} // namespace

// The multi-argument arg() fills every %n at once: a folder name with '%' in it stays intact.
QString MainWindow::writeHotSpotModel(const QString& parent, QString& message, const QString& trace,
                                      double interval_s) const {
    const std::string base = exportBaseOf(doc_->path().toStdString());
    const QString dir = parent + "/" + QString::fromStdString(base) + "-hotspot";
    const HotSpotExport e =
        exportHotSpot(doc_->design(), doc_->library(), runner_->fullResolution(), base,
                      trace.toStdString(), interval_s);
    return writeExport(dir, e.ok, e.files, e.notes,
                       tr("Wrote %1 files to %2 (HotSpot grid %3 × %4; %5).")
                           .arg(QString::number(e.files.size()), dir, QString::number(e.grid_rows),
                                QString::number(e.grid_cols), transientSaid(trace)),
                       message);
}

QString MainWindow::writeThreeDiceModel(const QString& parent, QString& message,
                                        const QString& trace, double interval_s) const {
    const std::string base = exportBaseOf(doc_->path().toStdString());
    const QString dir = parent + "/" + QString::fromStdString(base) + "-3dice";
    const ThreeDiceExport e =
        exportThreeDice(doc_->design(), doc_->library(), runner_->fullResolution(), base,
                        trace.toStdString(), interval_s);
    return writeExport(dir, e.ok, e.files, e.notes,
                       tr("Wrote %1 files to %2 (3D-ICE 4.0 grid %3 × %4; %5%6).")
                           .arg(QString::number(e.files.size()), dir, QString::number(e.grid.cols),
                                QString::number(e.grid.rows), transientSaid(trace),
                                trace.isEmpty() ? QString() : tr(" in %1 slots").arg(e.time_slots)),
                       message);
}

QString MainWindow::writeThreeDBloxAssembly(const QString& parent, QString& message) const {
    const std::string base = exportBaseOf(doc_->path().toStdString());
    const QString dir = parent + "/" + QString::fromStdString(base) + "-3dblox";
    const ThreeDBloxExport e = strata::exportThreeDBlox(doc_->design(), doc_->library(), base);
    return writeExport(dir, e.ok, e.files, e.notes,
                       tr("Wrote %1 files to %2 (%3 chiplets, %4 connections).")
                           .arg(QString::number(e.files.size()), dir, QString::number(e.chiplets),
                                QString::number(e.connections)),
                       message, tr(" Check them with OpenROAD there: openroad -exit check.tcl"));
}

// What an import or export did: information when it worked, a warning with why when not.
void MainWindow::showOutcome(bool ok, const QString& title, const QString& message) {
    if (ok)
        QMessageBox::information(this, title, message);
    else
        QMessageBox::warning(this, title, message);
}

void MainWindow::exportThreeDBlox() {
    const QString parent =
        QFileDialog::getExistingDirectory(this, tr("3Dblox assembly into folder"));
    if (parent.isEmpty())
        return;
    QString message;
    showOutcome(!writeThreeDBloxAssembly(parent, message).isEmpty(), tr("3Dblox assembly"),
                message);
}

bool MainWindow::importThreeDBloxFile(const QString& path, QString& message) {
    return adoptImported(strata::importThreeDBlox(path.toStdString(), doc_->library()), path,
                         "3Dblox", message);
}

bool MainWindow::importChipletFile(const QString& path, QString& message) {
    return adoptImported(strata::importIhpChiplet(path.toStdString(), doc_->library()), path,
                         ".chiplet", message);
}

bool MainWindow::adoptImported(const ThreeDBloxImport& r, const QString& path,
                               const QString& format, QString& message) {
    const QStringList said = noteLines(r.notes);
    if (!r.ok) {
        message = tr("%1 cannot be imported:\n\n%2").arg(path, said.join("\n"));
        return false;
    }
    const int stacks = static_cast<int>(r.design.stacks.size());
    doc_->reset(r.design, {}); // a new, unsaved design: Save asks where
    doc_->markModified();
    message =
        tr("Imported %1 as a new design of %2 stack(s). Check what %3 does not "
           "carry:\n\n%4")
            .arg(QFileInfo(path).fileName(), QString::number(stacks), format, said.join("\n\n"));
    return true;
}

QString MainWindow::writeChipletAssembly(const QString& path, QString& message) const {
    const ChipletExport e = strata::exportIhpChiplet(doc_->design(), doc_->library());
    const QStringList said = noteLines(e.notes);
    if (!e.ok) {
        message = tr("Nothing written:\n\n%1").arg(said.join("\n"));
        return {};
    }
    if (const std::string error = writeFileAtomically(path.toStdString(), e.text); !error.empty()) {
        message = QString::fromStdString(error);
        return {};
    }
    message = tr("Wrote %1 (%2 components).\n\n%3")
                  .arg(path, QString::number(e.components), said.join("\n"));
    return path;
}

void MainWindow::importChiplet() {
    importDialog(
        tr(".chiplet assembly"), tr("IHP .chiplet assemblies (*.chiplet)"),
        [this](const QString& path, QString& message) { return importChipletFile(path, message); });
}

void MainWindow::importDialog(const QString& title, const QString& filter,
                              const std::function<bool(const QString&, QString&)>& importFile) {
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Import %1").arg(title), {}, filter);
    if (path.isEmpty())
        return;
    QString message;
    showOutcome(importFile(path, message), title, message);
}

void MainWindow::exportChiplet() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("IHP .chiplet assembly"), baseName() + ".chiplet",
                                     tr("IHP .chiplet assemblies (*.chiplet)"));
    if (path.isEmpty())
        return;
    QString message;
    showOutcome(!writeChipletAssembly(path, message).isEmpty(), tr(".chiplet assembly"), message);
}

void MainWindow::importThreeDBlox() {
    importDialog(tr("3Dblox assembly"), tr("3Dblox assemblies (*.3dbx)"),
                 [this](const QString& path, QString& message) {
                     return importThreeDBloxFile(path, message);
                 });
}

bool MainWindow::importWithPluginFile(const QString& formatName, const QString& path,
                                      QString& message) {
    DesignLoad r = importWithPlugin(formatName.toStdString(), path.toStdString());
    QStringList said;
    for (const Diagnostic& d : r.diagnostics)
        said << QString::fromStdString(format(d));
    if (!r.ok()) {
        message = tr("%1 cannot be imported:\n\n%2").arg(path, said.join("\n"));
        return false;
    }
    const int stacks = static_cast<int>(r.design->stacks.size());
    doc_->reset(*r.design, {}); // a new, unsaved design: Save asks where
    doc_->markModified();
    message = tr("Imported %1 as a new design of %2 stack(s).")
                  .arg(QFileInfo(path).fileName())
                  .arg(stacks);
    if (!said.isEmpty())
        message += "\n\n" + said.join("\n");
    return true;
}

// The Thermal transient tab's trace, if there is one and the user wants `tool` to run it too.
QString MainWindow::traceToExport(const QString& tool, double& interval) {
    QString t = transient_->trace();
    if (t.isEmpty() || !QFileInfo::exists(t) ||
        QMessageBox::question(this, tr("%1 model").arg(tool),
                              tr("Include the power trace %1 (Thermal transient tab) for a %2 "
                                 "transient?")
                                  .arg(QFileInfo(t).fileName(), tool)) != QMessageBox::Yes)
        return {};
    interval = transient_->interval();
    return t;
}

void MainWindow::exportModel(Tool tool) {
    const QString name = tool == Tool::HotSpot ? tr("HotSpot") : tr("3D-ICE");
    const QString parent =
        QFileDialog::getExistingDirectory(this, tr("%1 model into folder").arg(name));
    if (parent.isEmpty())
        return;
    double interval = 0;
    const QString trace = traceToExport(name, interval);
    QString message;
    const QString dir = tool == Tool::HotSpot
                            ? writeHotSpotModel(parent, message, trace, interval)
                            : writeThreeDiceModel(parent, message, trace, interval);
    showOutcome(!dir.isEmpty(), tr("%1 model").arg(name), message);
}

void MainWindow::showCompareProblems(const QString& tool, const std::vector<Diagnostic>& notes) {
    QStringList said;
    for (const Diagnostic& d : notes)
        said << QString::fromStdString(d.code + ": " + (d.file.empty() ? "" : d.file + ": ") +
                                       d.message);
    QMessageBox::warning(this, tr("Compare with %1").arg(tool), said.join("\n"));
}

ThermalComparison MainWindow::compareWithTool(Tool tool, const QString& dir) const {
    const std::string base = exportBaseOf(doc_->path().toStdString());
    return tool == Tool::HotSpot
               ? strata::compareWithHotSpot(doc_->design(), doc_->library(),
                                            runner_->fullResolution(), dir.toStdString(), base)
               : strata::compareWithThreeDice(doc_->design(), doc_->library(),
                                              runner_->fullResolution(), dir.toStdString(), base);
}

TransientComparison MainWindow::compareTransientWithTool(Tool tool, const QString& dir,
                                                         const QString& trace,
                                                         double interval_s) const {
    const std::string base = exportBaseOf(doc_->path().toStdString());
    return tool == Tool::HotSpot
               ? compareTransientWithHotSpot(doc_->design(), doc_->library(),
                                             runner_->fullResolution(), dir.toStdString(), base,
                                             trace.toStdString(), interval_s)
               : compareTransientWithThreeDice(doc_->design(), doc_->library(),
                                               runner_->fullResolution(), dir.toStdString(), base,
                                               trace.toStdString(), interval_s);
}

void MainWindow::compareWith(Tool tool) {
    const QString name = tool == Tool::HotSpot ? tr("HotSpot") : tr("3D-ICE");
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Folder of the exported %1 model, with %1's results").arg(name));
    if (dir.isEmpty())
        return;
    // With a trace in the Thermal transient tab the user may want its transient compared.
    const QString trace = transient_->trace();
    if (!trace.isEmpty() && QFileInfo::exists(trace) &&
        QMessageBox::question(this, tr("Compare with %1").arg(name),
                              tr("Compare %1's transient of %2 (exported with it) instead of the "
                                 "steady state?")
                                  .arg(name, QFileInfo(trace).fileName())) == QMessageBox::Yes) {
        const TransientComparison t =
            compareTransientWithTool(tool, dir, trace, transient_->interval());
        if (!t.ok) {
            showCompareProblems(name, t.notes);
            return;
        }
        auto* dialog = new TransientCompareDialog(t, name, dir, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        return;
    }
    ThermalComparison c = compareWithTool(tool, dir);
    if (!c.ok) {
        showCompareProblems(name, c.notes);
        return;
    }
    auto* dialog =
        new ToolCompareDialog(std::move(c), name, tool == Tool::HotSpot ? 0.01 : 0.001, dir, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace strata::studio
