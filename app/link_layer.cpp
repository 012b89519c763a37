#include "link_layer.h"

#include <QGraphicsSceneHoverEvent>
#include <QGraphicsView>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace strata::studio {

LinkLayer::LinkLayer(std::vector<Link> links) : links_(std::move(links)) {
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(true);
    for (const Link& l : links_) {
        const double w = l.pen.widthF();
        bounds_ |= QRectF(l.line.p1(), l.line.p2()).normalized().adjusted(-w, -w, w, w);
        auto it = std::find_if(groups_.begin(), groups_.end(),
                               [&](const auto& g) { return g.first == l.pen; });
        if (it == groups_.end())
            it = groups_.insert(groups_.end(), {l.pen, {}});
        it->second.append(l.line);
    }
}

void LinkLayer::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
    for (const auto& [pen, lines] : groups_) {
        p->setPen(pen);
        p->drawLines(lines);
    }
}

QString LinkLayer::tipAt(const QPointF& at, double slack) const {
    QString best;
    double bestDistance = 1e300;
    for (const Link& l : links_) {
        const QPointF d = l.line.p2() - l.line.p1();
        const double len2 = QPointF::dotProduct(d, d);
        const double t =
            len2 > 0 ? std::clamp(QPointF::dotProduct(at - l.line.p1(), d) / len2, 0.0, 1.0) : 0;
        const QPointF off = at - (l.line.p1() + t * d);
        const double distance = std::hypot(off.x(), off.y());
        if (distance <= l.pen.widthF() / 2 + slack && distance < bestDistance) {
            bestDistance = distance;
            best = l.tip;
        }
    }
    return best;
}

void LinkLayer::hoverMoveEvent(QGraphicsSceneHoverEvent* e) {
    // Four pixels of slack at any zoom: the view's scale turns pixels into millimetres.
    const auto* view =
        e->widget() ? qobject_cast<QGraphicsView*>(e->widget()->parentWidget()) : nullptr;
    const double pxPerUnit = view ? std::max(1e-9, view->transform().m11()) : 1.0;
    setToolTip(tipAt(e->scenePos(), 4 / pxPerUnit));
}

} // namespace strata::studio
