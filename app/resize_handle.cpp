#include "resize_handle.h"

#include <QBrush>
#include <QCursor>
#include <QGraphicsSceneMouseEvent>
#include <QPen>

#include <algorithm>
#include <cmath>

namespace strata::studio {

namespace {
constexpr double kGrip = 1.2;    // mm, side of the square
constexpr double kMinSide = 0.5; // mm, smallest die the grip makes
} // namespace

ResizeHandle::ResizeHandle(QGraphicsRectItem* die,
                           std::function<void(double w_mm, double h_mm)> done)
    : QGraphicsRectItem(-kGrip / 2, -kGrip / 2, kGrip, kGrip, die), die_(die),
      centre_(die->rect().center()), original_(die->rect()), done_(std::move(done)) {
    setBrush(Qt::white);
    setPen(QPen(QColor(30, 30, 30), 0));
    setCursor(Qt::SizeBDiagCursor);
    setZValue(20);
    setPos(original_.topRight()); // north-east: scene y grows southwards
    setToolTip(QObject::tr("Drag to resize the die about its centre"));
}

void ResizeHandle::mousePressEvent(QGraphicsSceneMouseEvent* e) {
    e->accept(); // this item takes the drag; the die stays where it is
}

void ResizeHandle::mouseMoveEvent(QGraphicsSceneMouseEvent* e) {
    // North-east of the centre, at least kMinSide across; the outline follows.
    const QPointF p = die_->mapFromScene(e->scenePos());
    const double hw = std::max(p.x() - centre_.x(), kMinSide / 2);
    const double hh = std::max(centre_.y() - p.y(), kMinSide / 2);
    setPos(centre_.x() + hw, centre_.y() - hh);
    die_->setRect(QRectF(centre_.x() - hw, centre_.y() - hh, 2 * hw, 2 * hh));
}

void ResizeHandle::mouseReleaseEvent(QGraphicsSceneMouseEvent* e) {
    e->accept();
    const QRectF r = die_->rect();
    if (std::fabs(r.width() - original_.width()) < 1e-9 &&
        std::fabs(r.height() - original_.height()) < 1e-9)
        return;
    auto snap = [](double mm) { return std::max(kMinSide, std::round(mm * 10) / 10); };
    // The callback rebuilds the scene (and deletes this item): nothing may follow it.
    done_(snap(r.width()), snap(r.height()));
}

} // namespace strata::studio
