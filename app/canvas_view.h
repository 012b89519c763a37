#pragma once
// The package in top view, to scale in millimetres (DESIGN.md § GUI): dies and stacks coloured
// by kind (or, with the temperature overlay, showing each die's temperature map on one scale from
// ambient to Tj max, and its hottest value), links between die centres with width for bandwidth and
// colour for utilisation, a grid, red outlines on objects with errors. Dragging moves stacks (one
// undo step per drag; edges snap to other dies' and the package's edges within 8 pixels, else
// centres to 0.1 mm); a selected designed die has a resize grip (resize_handle.h); chiplets dropped
// from the library become new dies; the wheel zooms. The view reads the Document and pushes
// commands; it never edits the design itself.
#include "eval/evaluator.h"

#include <QGraphicsView>
#include <QPixmap>
#include <QSet>

#include <map>
#include <string>

namespace strata::studio {

class Document;

inline constexpr const char* kChipletMime = "application/x-strata-chiplet";

class CanvasView : public QGraphicsView {
    Q_OBJECT
public:
    explicit CanvasView(Document* doc, QWidget* parent = nullptr);

    void setResult(const EvalResult* result, bool stale); // temperatures, utilisation, issues
    void setStale(bool stale); // the design has changed since the result: its colours fade
    void setTemperatureOverlay(bool on);
    void zoomToFit();
    void centreOn(const QString& stackId);
    // The whole package drawing (dies, links, labels, issue outlines) at `pixelsPerMm`.
    QImage renderFloorplan(double pixelsPerMm = 20);

protected:
    void drawBackground(QPainter* p, const QRectF& rect) override;
    void wheelEvent(QWheelEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dragMoveEvent(QDragMoveEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    void rebuild();
    void resizeDie(const QString& stack, const std::string& diePath, double width_mm,
                   double height_mm);
    void syncSelectionFromScene();

    Document* doc_;
    QGraphicsScene scene_;
    const EvalResult* result_ = nullptr;
    // Die id -> its temperature map, north up; drawn when the overlay first shows a result.
    std::map<std::string, QPixmap> dieMaps_;
    bool stale_ = true, overlay_ = false, rebuilding_ = false;
    double packageW_ = 0, packageH_ = 0; // mm
};

} // namespace strata::studio
