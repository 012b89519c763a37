#include "stack_view.h"

#include "colours.h"
#include "document.h"
#include "model/geometry.h"
#include "thermal_map.h"

#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QSlider>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace strata::studio {

StackView::StackView(Document* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    setMinimumSize(260, 220);
    slider_ = new QSlider(Qt::Horizontal);
    slider_->setRange(0, 100);
    slider_->setValue(40);
    slider_->setToolTip(tr("How far the tiers are pulled apart"));
    readout_ = new QLabel(tr("Drag to orbit, wheel to zoom, click a tier"));
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(readout_);
    layout->addWidget(slider_);
    connect(slider_, &QSlider::valueChanged, this, [this] { rebuild(); });
    connect(doc_, &Document::designChanged, this, &StackView::rebuild);
    connect(doc_, &Document::selectionChanged, this, &StackView::rebuild);
    rebuild();
}

void StackView::setResult(const EvalResult& result, bool stale) {
    dieFields_ = dieTemperatureMaps(result);
    stale_ = stale;
    rebuild();
}

void StackView::rebuild() {
    scene_ = buildStackScene(doc_->design(), doc_->library(), doc_->selection(), dieFields_,
                             slider_->value() / 10.0);
    if (picked_ >= static_cast<int>(scene_.boxes.size()))
        picked_ = -1;
    update();
}

// Orthographic: turn by the azimuth about z, then tilt by the elevation (90°: straight down).
QPointF StackView::project(double x, double y, double z) const {
    const double a = camera_.azimuth * std::numbers::pi / 180;
    const double e = camera_.elevation * std::numbers::pi / 180;
    const double dx = x - scene_.cx, dy = y - scene_.cy, dz = z - scene_.cz;
    const double X = dx * std::cos(a) - dy * std::sin(a);
    const double Y = dx * std::sin(a) + dy * std::cos(a);
    const double up = Y * std::sin(e) + dz * std::cos(e);
    const double scale = camera_.zoom * 0.8 * std::min(width(), height()) / (1.6 * scene_.extent);
    return {width() / 2.0 + scale * X, height() / 2.0 - 20 - scale * up};
}

double StackView::depth(double x, double y, double z) const { // larger: nearer the viewer
    const double a = camera_.azimuth * std::numbers::pi / 180;
    const double e = camera_.elevation * std::numbers::pi / 180;
    const double Y = (x - scene_.cx) * std::sin(a) + (y - scene_.cy) * std::cos(a);
    return -Y * std::cos(e) + (z - scene_.cz) * std::sin(e);
}

QPolygonF StackView::topFace(const StackBox& b) const {
    return QPolygonF({project(b.x0, b.y0, b.z1), project(b.x1, b.y0, b.z1),
                      project(b.x1, b.y1, b.z1), project(b.x0, b.y1, b.z1)});
}

QPointF StackView::topFaceCentre(int tier) const {
    const StackBox& b = scene_.boxes.at(static_cast<std::size_t>(tier));
    return project((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, b.z1);
}

std::optional<int> StackView::tierAt(const QPointF& at) const {
    // Tiers are drawn bottom-up (viewed from above), so the last hit is the one in front.
    std::optional<int> hit;
    for (std::size_t t = 0; t < scene_.boxes.size(); ++t)
        if (topFace(scene_.boxes[t]).containsPoint(at, Qt::OddEvenFill))
            hit = static_cast<int>(t);
    return hit;
}

void StackView::orbit(double dAzimuthDeg, double dElevationDeg) {
    camera_.orbit(dAzimuthDeg, dElevationDeg);
    update();
}

void StackView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), QColor(245, 246, 248));
    if (scene_.boxes.empty()) {
        p.drawText(rect(), Qt::AlignCenter, tr("No stack"));
        return;
    }
    p.drawText(QRectF(8, 6, width() - 16, 20), Qt::AlignLeft,
               tr("Stack %1: %n tier(s)%2", nullptr, static_cast<int>(scene_.boxes.size()))
                   .arg(QString::fromStdString(scene_.stack))
                   .arg(stale_ ? tr(" (results out of date)") : QString()));
    for (std::size_t t = 0; t < scene_.boxes.size(); ++t) { // bottom-up: upper tiers cover lower
        const StackBox& b = scene_.boxes[t];
        // The side faces that look towards the viewer, nearest last.
        struct Side {
            QPolygonF poly;
            double depth;
        };
        std::vector<Side> sides;
        const double xs[2] = {b.x0, b.x1}, ys[2] = {b.y0, b.y1};
        for (int k = 0; k < 2; ++k) {
            const double x = xs[k], y = ys[k];
            sides.push_back({QPolygonF({project(x, b.y0, b.z0), project(x, b.y1, b.z0),
                                        project(x, b.y1, b.z1), project(x, b.y0, b.z1)}),
                             depth(x, (b.y0 + b.y1) / 2, b.z0)});
            sides.push_back({QPolygonF({project(b.x0, y, b.z0), project(b.x1, y, b.z0),
                                        project(b.x1, y, b.z1), project(b.x0, y, b.z1)}),
                             depth((b.x0 + b.x1) / 2, y, b.z0)});
        }
        std::sort(sides.begin(), sides.end(),
                  [](const Side& l, const Side& r) { return l.depth < r.depth; });
        p.setPen(QPen(QColor(40, 40, 40), 1));
        for (std::size_t s = 2; s < sides.size(); ++s) { // the two nearest of the four
            p.setBrush(b.colour.darker(static_cast<int>(130 + 20 * (s - 2))));
            p.drawPolygon(sides[s].poly);
        }
        const QPolygonF top = topFace(b);
        p.setBrush(b.colour);
        p.drawPolygon(top);
        if (b.hasHeat) { // the temperature map, laid on its part of the top face
            const QPolygonF where({project(b.hx0, b.hy1, b.z1), project(b.hx1, b.hy1, b.z1),
                                   project(b.hx1, b.hy0, b.z1), project(b.hx0, b.hy0, b.z1)});
            QTransform map;
            const double w = b.heat.width(), h = b.heat.height();
            if (QTransform::quadToQuad(QPolygonF({{0, 0}, {w, 0}, {w, h}, {0, h}}), where, map)) {
                p.save();
                p.setClipRegion(QRegion(top.toPolygon()));
                p.setTransform(map, true);
                p.setOpacity(stale_ ? 0.5 : 1.0);
                p.drawImage(QPointF(0, 0), b.heat);
                p.restore();
            }
        }
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(static_cast<int>(t) == picked_ ? QColor(230, 40, 40) : QColor(40, 40, 40),
                      static_cast<int>(t) == picked_ ? 3 : 1));
        p.drawPolygon(top);
        p.setPen(Qt::black);
        p.drawText(project(b.x1, b.y0, b.z1) + QPointF(6, 0), QString::fromStdString(b.die));
    }
    drawStackColourBar(p, scene_, size());
}

void StackView::mousePressEvent(QMouseEvent* e) {
    last_ = e->position().toPoint();
    dragged_ = false;
}

void StackView::mouseMoveEvent(QMouseEvent* e) {
    if (!(e->buttons() & Qt::LeftButton))
        return;
    const QPoint d = e->position().toPoint() - last_;
    if (d.manhattanLength() > 2)
        dragged_ = true;
    last_ = e->position().toPoint();
    orbit(0.5 * d.x(), 0.5 * d.y());
}

void StackView::mouseReleaseEvent(QMouseEvent* e) {
    if (dragged_)
        return;
    const auto tier = tierAt(e->position());
    picked_ = tier.value_or(-1);
    if (tier) {
        const StackBox& b = scene_.boxes[static_cast<std::size_t>(*tier)];
        readout_->setText(b.hasHeat ? tr("%1 (tier %2): max %3 °C, mean %4 °C")
                                          .arg(QString::fromStdString(b.die))
                                          .arg(*tier)
                                          .arg(b.tmax, 0, 'f', 1)
                                          .arg(b.tmean, 0, 'f', 1)
                                    : tr("%1 (tier %2): not evaluated yet")
                                          .arg(QString::fromStdString(b.die))
                                          .arg(*tier));
        emit tierPicked(QString::fromStdString(scene_.stack), *tier);
    }
    update();
}

void StackView::wheelEvent(QWheelEvent* e) {
    camera_.zoomBy(e->angleDelta().y());
    update();
}

} // namespace strata::studio
