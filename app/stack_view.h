#pragma once
// Exploded 3-D view of a stack (DESIGN.md § GUI, stack view): the tiers of the selected stack
// (or of the tallest one) drawn as boxes pulled apart vertically, each die's top face coloured by
// its temperature map from the last evaluation, on one scale for the stack (the bar beside it).
// Drag to orbit, wheel to zoom, the slider spreads the tiers; clicking a face picks that tier and
// reads out its die and temperatures. Drawn with QPainter in an orthographic projection
// (painter's order): the software path, used where OpenGL is not available (stack_gl_view.h).
#include "eval/evaluator.h"
#include "stack_scene.h"

#include <QImage>
#include <QPolygonF>
#include <QWidget>

#include <optional>
#include <string>
#include <vector>

class QLabel;
class QSlider;

namespace strata::studio {

class Document;

class StackView : public QWidget {
    Q_OBJECT
public:
    explicit StackView(Document* doc, QWidget* parent = nullptr);
    void setResult(const EvalResult& result, bool stale);
    void setStale(bool stale) {
        stale_ = stale;
        update();
    }

    QString stackId() const { return QString::fromStdString(scene_.stack); }
    // The tier (bottom-up index) whose top face is under the widget point, if any.
    std::optional<int> tierAt(const QPointF& at) const;
    QPointF topFaceCentre(int tier) const; // widget coordinates (tests, picking)
    void orbit(double dAzimuthDeg, double dElevationDeg);
    int pickedTier() const { return picked_; }
    const StackScene& scene() const { return scene_; }

signals:
    void tierPicked(const QString& stack, int tier);

protected:
    void paintEvent(QPaintEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;

private:
    void rebuild();
    QPointF project(double x, double y, double z) const;
    double depth(double x, double y, double z) const;
    QPolygonF topFace(const StackBox& b) const;

    Document* doc_;
    std::vector<Field> dieFields_; // the result's "thermal.die.<id>" maps, nothing else
    bool stale_ = true;
    StackScene scene_;
    StackCamera camera_;
    QPoint last_;
    bool dragged_ = false;
    int picked_ = -1;
    QSlider* slider_;
    QLabel* readout_;
};

} // namespace strata::studio
