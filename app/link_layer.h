#pragma once
// All links of the canvas as one scene item. Links of equal pen are stroked once, when the layer
// is built, into one outline per pen that is filled in one call when painting: a separate item
// (or a drawLines call) costs one raster fill per link, and Qt hands every fill taller than ~96
// pixel rows to its thread pool; on the 2-core machines that hand-off alone made panning 500
// dies + 1,000 links take ~100 ms a frame. The tooltip names the link
// under the mouse; mouse buttons pass through to the dies below.
#include <QGraphicsItem>
#include <QPainterPath>
#include <QPen>

#include <vector>

namespace strata::studio {

class LinkLayer : public QGraphicsItem {
public:
    struct Link {
        QLineF line;
        QPen pen;
        QString tip;
    };
    explicit LinkLayer(std::vector<Link> links);

    QRectF boundingRect() const override { return bounds_; }
    void paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    std::size_t size() const { return links_.size(); }
    std::size_t penGroups() const { return groups_.size(); }
    // The tip of the link nearest to `at` (scene units) within its half width plus `slack`.
    QString tipAt(const QPointF& at, double slack) const;

protected:
    void hoverMoveEvent(QGraphicsSceneHoverEvent* e) override;

private:
    std::vector<Link> links_;
    std::vector<std::pair<QPen, QVector<QLineF>>> groups_;
    QRectF bounds_;
};

} // namespace strata::studio
