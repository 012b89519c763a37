#pragma once
// The resize grip of a selected die on the canvas: a small square on the die's north-east
// corner. Dragging it resizes the die symmetrically about its centre (the stack keeps its place,
// tiers above keep their offsets) with a live outline; on release the new size, snapped to
// 0.1 mm, goes to `done` (which pushes the undo command). Only dies whose type allows it get one:
// a purchased part (an HBM stack) has the vendor's footprint.
#include <QGraphicsRectItem>

#include <functional>

namespace strata::studio {

class ResizeHandle : public QGraphicsRectItem {
public:
    // `die` is the die's rectangle item (the parent); sizes in scene units (mm).
    ResizeHandle(QGraphicsRectItem* die, std::function<void(double w_mm, double h_mm)> done);

protected:
    // The grip follows the mouse itself: as a movable child of a selected movable die, Qt
    // would move the die instead.
    void mousePressEvent(QGraphicsSceneMouseEvent* e) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* e) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* e) override;

private:
    QGraphicsRectItem* die_;
    QPointF centre_;
    QRectF original_;
    std::function<void(double, double)> done_;
};

} // namespace strata::studio
