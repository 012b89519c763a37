#pragma once
// The studio's main window: menus with the standard shortcuts, the canvas in the centre, the
// library, inspector, issues and results docks, live evaluation with a status-bar indicator,
// title with the file name and modified state, window state kept between sessions, and a
// prompt before unsaved work is lost.
#include <QMainWindow>
#include <QStringList>

#include <functional>
#include <string>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;

namespace strata {
struct ThermalComparison;
struct ThreeDBloxImport;
struct TransientComparison;
struct Diagnostic;
struct Library;
struct CdxmlOptions;
} // namespace strata

namespace strata::studio {

// An importer's or exporter's notes as lines "CODE: pointer: message" for a message box.
QStringList noteLines(const std::vector<Diagnostic>& notes);

class Autosave;
class CanvasView;
class ChartsPanel;
class Document;
class EvaluationRunner;
class IssuesPanel;
class LibraryPanel;
class ResultsPanel;
class StackView;
class StackGLView;
class ThermalMapPanel;
class TransientPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(const Library& library, QWidget* parent = nullptr);
    ~MainWindow() override;
    // A design file; an assembly (IHP .chiplet, 3Dblox .3dbx) is imported as a new design.
    bool openFile(const QString& path);
    // Offers to restore work left by a session that did not close normally; true if restored.
    bool offerRecovery();
    Document* document() { return doc_; }
    EvaluationRunner* runner() { return runner_; }
    CanvasView* canvas() { return canvas_; }
    // Plugins that could not be loaded at start-up: listed in the Issues dock and Help ▸ Plugins.
    void setPluginProblems(const std::vector<Diagnostic>& problems);
    // Help ▸ Plugins: the loaded plugins (name, version, file, evaluators) and the problems.
    QString pluginsText() const;
    // File ▸ Export ▸ HotSpot Model… into PARENT/<design>-hotspot: that folder, or "" when nothing
    // was written; `message` says what was written and what HotSpot models differently, or why not.
    // `trace` (the Thermal transient tab's, when the user includes it; `interval_s` for a HotSpot
    // trace) adds the power trace HotSpot's transient runs.
    QString writeHotSpotModel(const QString& parent, QString& message, const QString& trace = {},
                              double interval_s = 0) const;
    // File ▸ Export ▸ 3D-ICE Model… into PARENT/<design>-3dice, as writeHotSpotModel.
    QString writeThreeDiceModel(const QString& parent, QString& message, const QString& trace = {},
                                double interval_s = 0) const;
    // File ▸ Export ▸ 3Dblox Assembly… into PARENT/<design>-3dblox, as writeHotSpotModel.
    QString writeThreeDBloxAssembly(const QString& parent, QString& message) const;
    // File ▸ Export ▸ Floorplan Image…: the canvas as PNG, or (PATH ending in .svg) the floorplan
    // as an SVG drawing to scale (interop/floorplan_svg.h); "" or what went wrong.
    QString writeFloorplanImage(const QString& path);
    // File ▸ Import ▸ 3Dblox Assembly…: the assembly at `path` replaces the document as a new,
    // unsaved design; `message` says what was guessed, or why nothing was imported.
    bool importThreeDBloxFile(const QString& path, QString& message);
    // Evaluate ▸ Compare with Design File…: the design at `path` is evaluated as the results
    // shown were (on a worker thread, behind a progress dialog with Cancel) and becomes the
    // Results dock's baseline; false and why in `message` when it cannot be read, false and an
    // empty `message` when the user cancelled.
    bool compareWithDesignFile(const QString& path, QString& message);
    // File ▸ Import ▸ IHP .chiplet Assembly…, as importThreeDBloxFile.
    bool importChipletFile(const QString& path, QString& message);
    // File ▸ Import ▸ CDXML Part into Library…: the part becomes a chiplet type in the user's
    // library folder (userLibraryWriteDir) and in the Library dock at once; `message` says what
    // was set or assumed, or why nothing was added.
    bool importCdxmlPartFile(const QString& path, const CdxmlOptions& options, QString& message);
    // File ▸ Export ▸ IHP .chiplet Assembly… to `path`: the path, or "" and why in `message`.
    QString writeChipletAssembly(const QString& path, QString& message) const;
    // File ▸ Import ▸ <a plugin's format>: the plugin's importer reads `path` into a new, unsaved
    // design; `message` says what was read, or why nothing was imported.
    bool importWithPluginFile(const QString& formatName, const QString& path, QString& message);
    // The tool's results in `dir` (for the design as it is, at Evaluate Now's resolution).
    enum class Tool { HotSpot, ThreeDice };
    ThermalComparison compareWithTool(Tool tool, const QString& dir) const;
    // Its transient of `trace` (exported with the model), block by block.
    TransientComparison compareTransientWithTool(Tool tool, const QString& dir,
                                                 const QString& trace, double interval_s) const;

protected:
    void closeEvent(QCloseEvent* e) override;

private:
    std::vector<Diagnostic> pluginProblems_;
    void buildMenus(); // main_window_menus.cpp
    void buildFileMenu();
    void buildEditMenu();
    void buildViewMenu();
    void buildEvaluateMenu();
    void buildHelpMenu();
    void newDesign();  // File ▸ New: an empty package, after asking to save
    bool hasResults(); // says so when there is nothing to export yet
    QString baseName() const;
    void exportText(const QString& title, const QString& suffix,
                    const std::function<std::string()>& text);
    QString traceToExport(const QString& tool, double& interval); // asks; "" for none
    // main_window_exchange.cpp: File ▸ Export ▸ HotSpot / 3D-ICE Model… and Evaluate ▸ Compare
    // with HotSpot / 3D-ICE…, each asking for a folder.
    void exportModel(Tool tool);
    void exportThreeDBlox();
    void importThreeDBlox(); // asks for the file (and to save the current design first)
    void importChiplet();
    void importCdxmlPart(); // asks for the file, the part's kind and power
    void exportChiplet();
    void showOutcome(bool ok, const QString& title, const QString& message);
    // Asks to save the current design, then for a file, imports it with `importFile` and says
    // how it went.
    void importDialog(const QString& title, const QString& filter,
                      const std::function<bool(const QString&, QString&)>& importFile);
    // An importer's design becomes the document (new, unsaved), or `message` says why not.
    bool adoptImported(const ThreeDBloxImport& imported, const QString& path, const QString& format,
                       QString& message);
    void compareWith(Tool tool);
    void showCompareProblems(const QString& tool, const std::vector<Diagnostic>& notes);
    void deleteSelection(const QString& what); // "%1" is replaced by the count
    void connectSelection();                   // the base dies of the two selected stacks
    void disconnectSelection();                // every link among the selected stacks
    bool maybeSave();
    bool save();
    bool saveAs();
    void updateTitle();
    void updateRecent();
    void showResult(double seconds);
    void showSourcesLearnt(int held, int sources, bool fits);

    Document* doc_;
    EvaluationRunner* runner_;
    CanvasView* canvas_;
    IssuesPanel* issues_;
    ResultsPanel* results_;
    ThermalMapPanel* thermal_;
    ChartsPanel* charts_;
    TransientPanel* transient_;
    QDockWidget* transientDock_;
    StackView* stackView_ = nullptr;     // the software 3-D view, or
    StackGLView* stackGlView_ = nullptr; // the OpenGL one
    QLabel* status_;
    QMenu* recent_ = nullptr;
    Autosave* autosave_;
    LibraryPanel* libraryPanel_;
};

} // namespace strata::studio
