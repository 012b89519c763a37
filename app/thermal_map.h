#pragma once
// Thermal map view (DESIGN.md § GUI results): one temperature field of the last evaluation (all
// dies' junctions in one map, first; a die's active layer; any layer of the stack) drawn on its
// rectilinear grid to scale, with a °C colour bar, the hotspot marked, a hover read-out of
// position and temperature, and export to PNG. On the map of all dies each die is outlined and
// named, and cells where no die is are grey. Cross-sections of the assembly (board to sink
// through the hotspot, or through any point clicked on a plan map) show every layer as a row,
// thin ones widened (displayRows), and the hover names the layer. A baseline set once shows later
// plan maps as their change from it (K, blue cooler, red hotter).
#include "eval/evaluator.h"
#include "interop/heatmap.h"

#include <QPointF>
#include <QRectF>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;

namespace strata::studio {

class FieldPlot : public QWidget {
    Q_OBJECT
public:
    explicit FieldPlot(QWidget* parent = nullptr);
    void setField(const Field* field, bool stale);
    const Field* field() const { return field_; }
    // Rectangles (metres, package plane) outlined and labelled over the field: the dies on a
    // map of all of them.
    struct Outline {
        QString label;
        QRectF rect;
    };
    void setOutlines(std::vector<Outline> outlines);
    // One colour scale for a series of fields (a transient's snapshots), instead of each
    // field's own range; lo >= hi goes back to each field's own.
    void setScale(double lo, double hi);
    // Names of a cross-section's rows (its layers, bottom first) for the hover read-out.
    void setRowNames(QStringList names);
    // Dashed lines through a point of a plan map (metres): where cross-sections are cut.
    void setCut(std::optional<QPointF> at);
    // The colours and range drawn now, for an SVG export that looks as the panel does.
    HeatmapColours colours() const;
    // The cell marked as the hottest (row-major index; the field's size when there is none):
    // the engine's choice (THM-0100), a tie going to the first cell in grid order.
    std::size_t hottestCell() const;
signals:
    void hovered(const QString& text);
    // A left click on a plan map, at the package point (metres) under the mouse.
    void pointClicked(double x, double y);

protected:
    void paintEvent(QPaintEvent*) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;

private:
    QRectF plotRect() const;
    // A difference map (unit K: a change of temperature) is drawn on a scale symmetric about
    // zero, blue cooler, white unchanged, red hotter.
    bool isChange() const;
    QColor colourOf(double v) const;
    QString valueText(double v, int decimals) const;
    const Field* field_ = nullptr;
    std::vector<Outline> outlines_;
    QStringList rowNames_;
    std::optional<QPointF> cut_;
    bool stale_ = false;
    double fixedLo_ = 0, fixedHi_ = 0; // setScale
    double lo_ = 0, hi_ = 1;
};

class ThermalMapPanel : public QWidget {
    Q_OBJECT
public:
    explicit ThermalMapPanel(QWidget* parent = nullptr);
    void setResult(const EvalResult& result, bool stale);
    void setStale(bool stale);

    // Cuts both cross-sections through the package point (x, y) (metres) instead of the
    // hotspot, from the result's layer maps, and shows the one along x. Later results are cut
    // there too, until another design is opened.
    void cutAt(double x, double y);
    // Keeps the plan maps shown now: "Change since baseline" then shows each later map as its
    // change from the baseline's (same name and grid), in K.
    void setBaseline();
    void designReplaced(); // another design was opened: no baseline, sections at the hotspot
    // Export Image…: the map shown as PNG (as drawn here) or, for a PATH ending in .svg, as an
    // SVG drawing (interop/heatmap.h); "" or what went wrong.
    QString exportImage(const QString& path);

private:
    void showSelected();
    QString sectionLabel(const QString& name) const; // fieldLabel, with the cut's position
    bool recut(double x, double y); // the sections through (x, y); false if it is off the grid
    EvalResult result_;
    std::optional<QPointF> cut_; // unset: the sections go through the hotspot
    std::vector<Field> baseline_;
    Field change_; // the map shown as its change from the baseline
    QCheckBox* difference_;
    bool stale_ = true;
    QComboBox* chooser_;
    FieldPlot* plot_;
    QLabel* readout_;
};

// The dies of a result as outlines for a map of all of them (each die's own map gives its
// extent).
std::vector<FieldPlot::Outline> dieOutlines(const EvalResult& result);

// What the map chooser shows for a field name ("thermal.die.gpu0" -> "Die gpu0: active layer");
// the name itself is the item's data and tooltip.
QString fieldLabel(const QString& name);

// Colour of temperature t on a scale from lo to hi: interop's heatRamp, dark blue to dark red.
QColor heatColour(double t, double lo, double hi);

// Colour of a change d of temperature on a scale from -m (blue) through 0 (white) to m (red).
QColor changeColour(double d, double m);

} // namespace strata::studio
