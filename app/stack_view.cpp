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

namespace {
constexpr double kMm = 1e-3;
constexpr double kTierHeight = 1.2; // mm drawn per tier: real tiers are µm thin
} // namespace

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
    dieFields_.clear();
    for (const Field& f : result.fields)
        if (f.name.rfind("thermal.die.", 0) == 0)
            dieFields_.push_back(f);
    stale_ = stale;
    rebuild();
}

void StackView::rebuild() {
    const Design& d = doc_->design();
    const QStringList sel = doc_->selection();
    const Stack* stack = sel.size() == 1 ? findStack(d, sel[0].toStdString()) : nullptr;
    if (!stack) // the tallest stack: the one a 3-D view is for
        for (const Stack& s : d.stacks)
            if (!stack || s.tiers.size() > stack->tiers.size())
                stack = &s;
    boxes_.clear();
    stack_ = stack ? stack->id : std::string();
    if (picked_ >= 0 && (!stack || picked_ >= static_cast<int>(stack->tiers.size())))
        picked_ = -1;
    if (!stack) {
        update();
        return;
    }
    spread_ = slider_->value() / 10.0; // mm of gap between tiers
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (std::size_t t = 0; t < stack->tiers.size(); ++t) {
        const Tier& tier = stack->tiers[t];
        const ResolvedDie die = resolveDie(tier.die, d, doc_->library());
        const Rect r = tierFootprint(*stack, tier, die);
        Box b{};
        b.die = tier.die.id;
        b.x0 = r.x0 / kMm;
        b.x1 = r.x1 / kMm;
        b.y0 = r.y0 / kMm;
        b.y1 = r.y1 / kMm;
        b.z0 = static_cast<double>(t) * (kTierHeight + spread_);
        b.z1 = b.z0 + kTierHeight;
        b.colour = kindColour(die.type ? die.type->kind : "");
        for (const Field& f : dieFields_)
            if (f.name == "thermal.die." + tier.die.id && f.nx > 0 && f.ny > 0 &&
                f.values.size() == static_cast<std::size_t>(f.nx) * f.ny) {
                b.hasHeat = true;
                b.hx0 = f.x_lines.front() / kMm;
                b.hx1 = f.x_lines.back() / kMm;
                b.hy0 = f.y_lines.front() / kMm;
                b.hy1 = f.y_lines.back() / kMm;
                const auto [mn, mx] = std::minmax_element(f.values.begin(), f.values.end());
                b.tmax = *mx;
                double sum = 0;
                for (double v : f.values)
                    sum += v;
                b.tmean = sum / static_cast<double>(f.values.size());
                b.heat = QImage(f.nx, f.ny, QImage::Format_RGB32);
                for (int j = 0; j < f.ny; ++j) // row 0 of the image is the north edge
                    for (int i = 0; i < f.nx; ++i)
                        b.heat.setPixel(i, f.ny - 1 - j,
                                        heatColour(f.values[static_cast<std::size_t>(j) * f.nx + i],
                                                   *mn, std::max(*mx, *mn + 0.1))
                                            .rgb());
            }
        x0 = std::min(x0, b.x0);
        x1 = std::max(x1, b.x1);
        y0 = std::min(y0, b.y0);
        y1 = std::max(y1, b.y1);
        boxes_.push_back(std::move(b));
    }
    cx_ = (x0 + x1) / 2;
    cy_ = (y0 + y1) / 2;
    cz_ = boxes_.back().z1 / 2;
    extent_ = std::max({x1 - x0, y1 - y0, boxes_.back().z1, 1.0});
    update();
}

// Orthographic: turn by the azimuth about z, then tilt by the elevation (90°: straight down).
QPointF StackView::project(double x, double y, double z) const {
    const double a = azimuth_ * std::numbers::pi / 180, e = elevation_ * std::numbers::pi / 180;
    const double dx = x - cx_, dy = y - cy_, dz = z - cz_;
    const double X = dx * std::cos(a) - dy * std::sin(a);
    const double Y = dx * std::sin(a) + dy * std::cos(a);
    const double up = Y * std::sin(e) + dz * std::cos(e);
    const double scale = zoom_ * 0.8 * std::min(width(), height()) / (1.6 * extent_);
    return {width() / 2.0 + scale * X, height() / 2.0 - 20 - scale * up};
}

double StackView::depth(double x, double y, double z) const { // larger: nearer the viewer
    const double a = azimuth_ * std::numbers::pi / 180, e = elevation_ * std::numbers::pi / 180;
    const double Y = (x - cx_) * std::sin(a) + (y - cy_) * std::cos(a);
    return -Y * std::cos(e) + (z - cz_) * std::sin(e);
}

QPolygonF StackView::topFace(const Box& b) const {
    return QPolygonF({project(b.x0, b.y0, b.z1), project(b.x1, b.y0, b.z1),
                      project(b.x1, b.y1, b.z1), project(b.x0, b.y1, b.z1)});
}

QPointF StackView::topFaceCentre(int tier) const {
    const Box& b = boxes_.at(static_cast<std::size_t>(tier));
    return project((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, b.z1);
}

std::optional<int> StackView::tierAt(const QPointF& at) const {
    // Tiers are drawn bottom-up (viewed from above), so the last hit is the one in front.
    std::optional<int> hit;
    for (std::size_t t = 0; t < boxes_.size(); ++t)
        if (topFace(boxes_[t]).containsPoint(at, Qt::OddEvenFill))
            hit = static_cast<int>(t);
    return hit;
}

void StackView::orbit(double dAzimuthDeg, double dElevationDeg) {
    azimuth_ = std::fmod(azimuth_ + dAzimuthDeg + 360, 360);
    elevation_ = std::clamp(elevation_ + dElevationDeg, 5.0, 90.0);
    update();
}

void StackView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), QColor(245, 246, 248));
    if (boxes_.empty()) {
        p.drawText(rect(), Qt::AlignCenter, tr("No stack"));
        return;
    }
    p.drawText(QRectF(8, 6, width() - 16, 20), Qt::AlignLeft,
               tr("Stack %1: %n tier(s)%2", nullptr, static_cast<int>(boxes_.size()))
                   .arg(QString::fromStdString(stack_))
                   .arg(stale_ ? tr(" (results out of date)") : QString()));
    for (std::size_t t = 0; t < boxes_.size(); ++t) { // bottom-up: upper tiers cover lower ones
        const Box& b = boxes_[t];
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
        const Box& b = boxes_[static_cast<std::size_t>(*tier)];
        readout_->setText(b.hasHeat ? tr("%1 (tier %2): max %3 °C, mean %4 °C")
                                          .arg(QString::fromStdString(b.die))
                                          .arg(*tier)
                                          .arg(b.tmax, 0, 'f', 1)
                                          .arg(b.tmean, 0, 'f', 1)
                                    : tr("%1 (tier %2): not evaluated yet")
                                          .arg(QString::fromStdString(b.die))
                                          .arg(*tier));
        emit tierPicked(QString::fromStdString(stack_), *tier);
    }
    update();
}

void StackView::wheelEvent(QWheelEvent* e) {
    zoom_ = std::clamp(zoom_ * std::pow(1.0015, e->angleDelta().y()), 0.2, 20.0);
    update();
}

} // namespace strata::studio
