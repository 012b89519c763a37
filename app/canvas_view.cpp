#include "canvas_view.h"

#include "colours.h"
#include "commands.h"
#include "document.h"
#include "link_layer.h"
#include "model/geometry.h"
#include "resize_handle.h"
#include "thermal_map.h"

#include <QDragEnterEvent>
#include <QGraphicsPixmapItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QMimeData>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace strata::studio {

namespace {

// A link from the facing edge of one die to the other's (midpoint of their overlap along that
// edge), so it does not cross the dies; dies stacked over each other get a centre-to-centre line.
// The shift (metres) along one axis that lines one of the moving edges [lo, hi] up with one of
// the fixed edges, if any is within `tolerance`; the closest wins.
std::optional<double> edgeSnap(double lo, double hi, const std::vector<double>& fixed,
                               double tolerance) {
    std::optional<double> best;
    for (double e : fixed)
        for (double m : {lo, hi})
            if (const double d = e - m;
                std::fabs(d) <= tolerance && (!best || std::fabs(d) < std::fabs(*best)))
                best = d;
    return best;
}

QLineF edgeToEdge(const QRectF& a, const QRectF& b) {
    auto mid = [](double lo1, double hi1, double lo2, double hi2, double fallback) {
        const double lo = std::max(lo1, lo2), hi = std::min(hi1, hi2);
        return lo <= hi ? (lo + hi) / 2 : fallback;
    };
    if (a.right() <= b.left() || b.right() <= a.left()) {
        const bool aLeft = a.right() <= b.left();
        const double y = mid(a.top(), a.bottom(), b.top(), b.bottom(), 0);
        const bool overlap = a.top() <= b.bottom() && b.top() <= a.bottom();
        return {QPointF(aLeft ? a.right() : a.left(), overlap ? y : a.center().y()),
                QPointF(aLeft ? b.left() : b.right(), overlap ? y : b.center().y())};
    }
    if (a.bottom() <= b.top() || b.bottom() <= a.top()) {
        const bool aAbove = a.bottom() <= b.top();
        const double x = mid(a.left(), a.right(), b.left(), b.right(), 0);
        return {QPointF(x, aAbove ? a.bottom() : a.top()),
                QPointF(x, aAbove ? b.top() : b.bottom())};
    }
    return {a.center(), b.center()};
}
constexpr double kMm = 1e-3;
constexpr int kStackIdRole = 0;
constexpr int kGripRole = 1; // the stack id on a resize grip

double metricOf(const EvalResult* r, const std::string& name, double fallback) {
    const Metric* m = r ? r->metric(name) : nullptr;
    return m ? m->value : fallback;
}

// A temperature field drawn north up, about 160 pixels on its long side (its cells are not all of
// one size, so each pixel row and column looks its cell up), coloured on the scale lo..hi.
QPixmap fieldPicture(const Field& f, double lo, double hi) {
    const double w = f.x_lines.back() - f.x_lines.front(), h = f.y_lines.back() - f.y_lines.front();
    const int longSide = 160;
    const int pw = w >= h ? longSide : std::max(8, static_cast<int>(longSide * w / h));
    const int ph = w >= h ? std::max(8, static_cast<int>(longSide * h / w)) : longSide;
    auto cell = [](const std::vector<double>& lines, double v, int n) {
        const auto i = std::upper_bound(lines.begin(), lines.end(), v) - lines.begin() - 1;
        return std::clamp(static_cast<int>(i), 0, n - 1);
    };
    std::vector<int> column(static_cast<std::size_t>(pw));
    for (int px = 0; px < pw; ++px)
        column[static_cast<std::size_t>(px)] =
            cell(f.x_lines, f.x_lines.front() + (px + 0.5) / pw * w, f.nx);
    QImage img(pw, ph, QImage::Format_ARGB32);
    for (int py = 0; py < ph; ++py) {
        const std::size_t row = static_cast<std::size_t>(
                                    cell(f.y_lines, f.y_lines.back() - (py + 0.5) / ph * h, f.ny)) *
                                static_cast<std::size_t>(f.nx);
        for (int px = 0; px < pw; ++px)
            img.setPixelColor(
                px, py,
                heatColour(
                    f.values[row + static_cast<std::size_t>(column[static_cast<std::size_t>(px)])],
                    lo, hi));
    }
    return QPixmap::fromImage(img);
}
} // namespace

CanvasView::CanvasView(Document* doc, QWidget* parent) : QGraphicsView(parent), doc_(doc) {
    setScene(&scene_);
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::RubberBandDrag);
    setAcceptDrops(true);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setBackgroundBrush(QColor(245, 246, 248));
    setCacheMode(QGraphicsView::CacheBackground);
    setOptimizationFlags(QGraphicsView::DontSavePainterState |
                         QGraphicsView::DontAdjustForAntialiasing);
    connect(doc_, &Document::designChanged, this, &CanvasView::rebuild);
    connect(doc_, &Document::selectionChanged, this, [this] {
        rebuilding_ = true;
        for (QGraphicsItem* it : scene_.items())
            if (!it->data(kStackIdRole).toString().isEmpty())
                it->setSelected(doc_->selection().contains(it->data(kStackIdRole).toString()));
            else if (!it->data(kGripRole).toString().isEmpty())
                it->setVisible(doc_->selection().contains(it->data(kGripRole).toString()));
        rebuilding_ = false;
    });
    connect(&scene_, &QGraphicsScene::selectionChanged, this, &CanvasView::syncSelectionFromScene);
    rebuild();
}

void CanvasView::setResult(const EvalResult* result, bool stale) {
    result_ = result;
    stale_ = stale;
    dieMaps_.clear(); // drawn again when the overlay shows them (rebuild)
    rebuild();
}

void CanvasView::setStale(bool stale) {
    if (stale == stale_)
        return;
    stale_ = stale;
    rebuild();
}

void CanvasView::setTemperatureOverlay(bool on) {
    overlay_ = on;
    rebuild();
}

void CanvasView::rebuild() {
    rebuilding_ = true;
    scene_.clear();
    const Design& d = doc_->design();
    const Library& lib = doc_->library();
    const double W = d.package.width_m / kMm, H = d.package.height_m / kMm;
    packageW_ = W;
    packageH_ = H;
    QFont ruler;
    ruler.setPointSizeF(0.9); // scene units are millimetres
    for (int x = 0; x <= W; x += 5)
        scene_.addSimpleText(QString::number(x), ruler)->setPos(x - 0.5, 0.4);
    for (int y = 0; y <= H; y += 5)
        scene_.addSimpleText(QString::number(y), ruler)->setPos(-3.2, -y - 1);
    scene_.addSimpleText(tr("mm"), ruler)->setPos(W + 1, 0.4);

    // Live design-rule check: validation runs on every rebuild (it is instant), evaluation
    // errors come with the last result.
    QSet<QString> faulty;
    for (const Diagnostic& diag : doc_->validation())
        if (diag.severity == Severity::Error)
            for (const std::string& id : diag.object_ids)
                faulty.insert(QString::fromStdString(id));
    double lo = d.cooling.ambient_k - 273.15, hi = lo + 1;
    if (result_) {
        for (const Diagnostic& diag : result_->diagnostics)
            if (diag.severity == Severity::Error)
                for (const std::string& id : diag.object_ids)
                    faulty.insert(QString::fromStdString(id));
        hi = std::max(hi, metricOf(result_, "thermal.tj_max_c", hi));
    }
    if (overlay_ && result_ && dieMaps_.empty()) // one scale for all dies: ambient to Tj max
        for (const Field& f : result_->fields)
            if (f.name.rfind("thermal.die.", 0) == 0 && f.nx > 0 && f.ny > 0)
                dieMaps_[f.name.substr(12)] = fieldPicture(f, lo, hi);
    std::map<std::string, QRectF> outlines; // die -> scene rectangle
    for (const Stack& s : d.stacks) {
        const QString sid = QString::fromStdString(s.id);
        for (std::size_t t = 0; t < s.tiers.size(); ++t) {
            const Tier& tier = s.tiers[t];
            const ResolvedDie die = resolveDie(tier.die, d, lib);
            const Rect r = tierFootprint(s, tier, die);
            QColor fill = kindColour(die.type ? die.type->kind : "");
            const double tmax =
                metricOf(result_, "thermal.die." + tier.die.id + ".max_c", std::nan(""));
            if (overlay_ && std::isfinite(tmax))
                fill = heatColour(tmax, lo, hi);
            if (stale_ && result_ && overlay_)
                fill = fill.lighter(130);
            fill.setAlphaF(t == 0 ? 0.95f : 0.6f); // upper tiers drawn see-through
            auto* item = scene_.addRect(r.x0 / kMm, -r.y1 / kMm, r.width() / kMm, r.height() / kMm);
            const bool bad =
                faulty.contains(QString::fromStdString(tier.die.id)) || faulty.contains(sid);
            item->setPen(QPen(bad ? QColor(220, 30, 30) : QColor(30, 30, 30), bad ? 0.5 : 0.12));
            item->setBrush(fill);
            if (const auto map = dieMaps_.find(tier.die.id); overlay_ && map != dieMaps_.end()) {
                // The die's map stretched over its footprint (where it is now, if it has moved
                // since the evaluation: then it is faded, like the rest of a stale result).
                auto* picture = new QGraphicsPixmapItem(map->second, item);
                picture->setTransformationMode(Qt::SmoothTransformation);
                picture->setTransform(
                    QTransform::fromScale(r.width() / kMm / map->second.width(),
                                          r.height() / kMm / map->second.height()));
                picture->setPos(r.x0 / kMm, -r.y1 / kMm);
                picture->setOpacity(stale_ ? 0.5 : 1.0);
                picture->setFlag(QGraphicsItem::ItemStacksBehindParent); // under the outline
                picture->setData(kStackIdRole, QVariant());
                picture->setAcceptedMouseButtons(Qt::NoButton); // clicks select the die
                item->setBrush(Qt::NoBrush);
            }
            item->setData(kStackIdRole, sid);
            item->setFlag(QGraphicsItem::ItemIsSelectable, t == 0);
            item->setFlag(QGraphicsItem::ItemIsMovable, t == 0);
            item->setSelected(t == 0 && doc_->selection().contains(sid));
            if (t == 0 && die.type && !die.type->purchased) {
                const bool quarter = s.rotation_deg % 180 != 0; // footprint w/h swapped
                const std::string base = "stacks[" + s.id + "].tiers[0].die.";
                auto* grip = new ResizeHandle(item, [this, base, quarter, sid](double w, double h) {
                    resizeDie(sid, base, quarter ? h : w, quarter ? w : h);
                });
                grip->setData(kGripRole, sid);
                grip->setVisible(item->isSelected());
            }
            QString label = QString::fromStdString(tier.die.id);
            if (overlay_ && std::isfinite(tmax))
                label += QString("\n%1 °C").arg(tmax, 0, 'f', 1);
            auto* text = new QGraphicsSimpleTextItem(label, item);
            text->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
            text->setBrush(Qt::white);
            const double size = std::clamp(std::min(r.width(), r.height()) / kMm / 10, 0.6, 2.5);
            QFont f = text->font();
            f.setPointSizeF(size);
            text->setFont(f);
            text->setPos(r.x0 / kMm + 0.4, -r.y1 / kMm + 0.3 + static_cast<double>(t) * size * 1.6);
            outlines[tier.die.id] =
                QRectF(r.x0 / kMm, -r.y1 / kMm, r.width() / kMm, r.height() / kMm);
        }
    }
    // Links: width for bandwidth, colour for peak utilisation, both in steps so that links of
    // about the same class share a pen and are drawn together (link_layer.h).
    std::map<std::string, double> utilisation;
    if (result_)
        for (const Metric& m : result_->metrics)
            if (m.name.rfind("bandwidth.link.", 0) == 0 && m.name.ends_with(".peak_utilization"))
                utilisation[m.name.substr(15, m.name.size() - 15 - 17)] = m.value;
    std::vector<LinkLayer::Link> links;
    for (const Link& l : d.links) {
        if (!outlines.count(l.from) || !outlines.count(l.to))
            continue;
        const auto found = utilisation.find(l.id);
        const double u = found == utilisation.end() ? -1 : found->second;
        const double gbps = l.lanes * l.rate_bps / 8e9;
        const double hue = std::round(20 * 0.33 * (1 - std::clamp(u, 0.0, 1.0))) / 20;
        QPen pen(u < 0 ? QColor(90, 90, 90, 160)
                       : QColor::fromHsvF(static_cast<float>(hue), 0.9f, 0.8f, 0.8f),
                 std::round(20 * std::clamp(0.15 * std::log10(1 + gbps), 0.1, 1.2)) / 20);
        pen.setCapStyle(Qt::RoundCap);
        links.push_back(
            {edgeToEdge(outlines[l.from], outlines[l.to]), pen,
             QString("%1: %2 GB/s%3")
                 .arg(QString::fromStdString(l.id))
                 .arg(gbps, 0, 'f', 0)
                 .arg(u >= 0 ? QString(", peak %1 % used").arg(100 * u, 0, 'f', 0) : QString())});
    }
    auto* layer = new LinkLayer(std::move(links));
    layer->setZValue(5);
    layer->setCacheMode(QGraphicsItem::DeviceCoordinateCache); // panning blits, zoom redraws
    scene_.addItem(layer);
    scene_.setSceneRect(-5, -H - 5, W + 10, H + 10);
    rebuilding_ = false;
}

// The package and its 1 mm grid (5 mm lines darker) are background, drawn only where visible:
// hundreds of line items would cost every frame while panning.
void CanvasView::drawBackground(QPainter* p, const QRectF& rect) {
    QGraphicsView::drawBackground(p, rect);
    const QRectF package(0, -packageH_, packageW_, packageH_);
    p->fillRect(package, QColor(232, 226, 210));
    const QRectF area = rect.intersected(package);
    if (!area.isEmpty()) {
        for (int x = static_cast<int>(std::ceil(area.left())); x <= area.right(); ++x) {
            p->setPen(QPen(QColor(0, 0, 0, x % 5 ? 18 : 45), 0));
            p->drawLine(QLineF(x, area.top(), x, area.bottom()));
        }
        for (int y = static_cast<int>(std::ceil(-area.bottom())); y <= -area.top(); ++y) {
            p->setPen(QPen(QColor(0, 0, 0, y % 5 ? 18 : 45), 0));
            p->drawLine(QLineF(area.left(), -y, area.right(), -y));
        }
    }
    p->setPen(QPen(QColor(60, 60, 60), 0.15));
    p->drawRect(package);
}

void CanvasView::syncSelectionFromScene() {
    if (rebuilding_)
        return;
    QStringList ids;
    for (QGraphicsItem* it : scene_.selectedItems())
        if (!it->data(kStackIdRole).toString().isEmpty())
            ids << it->data(kStackIdRole).toString();
    doc_->setSelection(ids);
}

void CanvasView::zoomToFit() {
    fitInView(scene_.sceneRect(), Qt::KeepAspectRatio);
}

void CanvasView::centreOn(const QString& stackId) {
    if (const Stack* s = findStack(doc_->design(), stackId.toStdString()))
        centerOn(s->x_m / kMm, -s->y_m / kMm);
}

void CanvasView::wheelEvent(QWheelEvent* e) {
    const double f = std::pow(1.0015, e->angleDelta().y());
    scale(f, f);
}

void CanvasView::mouseReleaseEvent(QMouseEvent* e) {
    QGraphicsView::mouseReleaseEvent(e);
    // Items that were dragged: one command per stack, merged into one undo step per gesture.
    QList<QPair<std::string, QPointF>> moved;
    for (QGraphicsItem* it : scene_.selectedItems())
        if (!it->data(kStackIdRole).toString().isEmpty() && !it->pos().isNull())
            moved.append({it->data(kStackIdRole).toString().toStdString(), it->pos()});
    if (moved.isEmpty())
        return;
    // Snapping: an edge of a moved base die within 8 screen pixels of an edge of a die that
    // stays, or of the package, lines up with it (the first moved stack decides, the group moves
    // together); otherwise centres snap to the 0.1 mm grid.
    const Design& d = doc_->design();
    std::set<std::string> movedIds;
    for (const auto& m : moved)
        movedIds.insert(m.first);
    std::vector<double> xs{0, d.package.width_m}, ys{0, d.package.height_m};
    auto baseRect = [&](const Stack& s) {
        return tierFootprint(s, s.tiers[0], resolveDie(s.tiers[0].die, d, doc_->library()));
    };
    for (const Stack& s : d.stacks)
        if (!movedIds.count(s.id) && !s.tiers.empty()) {
            const Rect r = baseRect(s);
            xs.insert(xs.end(), {r.x0, r.x1});
            ys.insert(ys.end(), {r.y0, r.y1});
        }
    const double tolerance = 8 / transform().m11() * kMm;
    std::optional<double> snapX, snapY;
    if (const Stack* s = findStack(d, moved.front().first); s && !s->tiers.empty()) {
        const Rect r = baseRect(*s);
        const double dx = moved.front().second.x() * kMm, dy = -moved.front().second.y() * kMm;
        snapX = edgeSnap(r.x0 + dx, r.x1 + dx, xs, tolerance);
        snapY = edgeSnap(r.y0 + dy, r.y1 + dy, ys, tolerance);
    }
    QUndoStack* undo = doc_->undoStack();
    if (moved.size() > 1)
        undo->beginMacro(tr("Move %1 stacks").arg(moved.size()));
    auto grid = [](double v_m) { return std::round(v_m / kMm * 10) / 10 * kMm; };
    for (const auto& [id, delta] : moved)
        if (const Stack* s = findStack(d, id)) {
            const double x = s->x_m + delta.x() * kMm, y = s->y_m - delta.y() * kMm;
            undo->push(new MoveStackCommand(doc_, id, snapX ? x + *snapX : grid(x),
                                            snapY ? y + *snapY : grid(y)));
        }
    if (moved.size() > 1)
        undo->endMacro();
}

void CanvasView::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasFormat(kChipletMime))
        e->acceptProposedAction();
}

void CanvasView::dragMoveEvent(QDragMoveEvent* e) {
    if (e->mimeData()->hasFormat(kChipletMime))
        e->acceptProposedAction();
}

void CanvasView::dropEvent(QDropEvent* e) {
    if (!e->mimeData()->hasFormat(kChipletMime))
        return;
    const std::string type = QString::fromUtf8(e->mimeData()->data(kChipletMime)).toStdString();
    const QPointF at = mapToScene(e->position().toPoint());
    const double x = std::round(at.x() * 10) / 10 * kMm, y = std::round(-at.y() * 10) / 10 * kMm;
    auto* cmd = new AddDieCommand(doc_, type, x, y);
    const QString id = QString::fromStdString(cmd->stackId());
    doc_->undoStack()->push(cmd);
    doc_->setSelection({id});
    e->acceptProposedAction();
}

QImage CanvasView::renderFloorplan(double pixelsPerMm) {
    const QRectF area = scene_.itemsBoundingRect().adjusted(-1, -1, 1, 1); // scene units: mm
    QImage image((area.size() * pixelsPerMm).toSize(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.save(); // the package outline is view background, not a scene item
    painter.scale(pixelsPerMm, pixelsPerMm);
    painter.translate(-area.topLeft());
    painter.fillRect(QRectF(0, -packageH_, packageW_, packageH_), QColor(232, 226, 210));
    painter.setPen(QPen(QColor(60, 60, 60), 0.15));
    painter.drawRect(QRectF(0, -packageH_, packageW_, packageH_));
    painter.restore();
    scene_.render(&painter, QRectF(), area);
    return image;
}

void CanvasView::resizeDie(const QString& stack, const std::string& diePath, double width_mm,
                           double height_mm) {
    // Deferred: the grip that asked is deleted by the rebuild the commands cause.
    QMetaObject::invokeMethod(
        this,
        [this, stack, diePath, width_mm, height_mm] {
            QUndoStack* undo = doc_->undoStack();
            undo->beginMacro(tr("Resize %1").arg(stack));
            for (const auto& [key, mm] :
                 {std::pair{"width_mm", width_mm}, {"height_mm", height_mm}}) {
                auto* cmd = new SetPropertyCommand(doc_, diePath + key, Value(mm));
                if (cmd->error().empty())
                    undo->push(cmd);
                else
                    delete cmd;
            }
            undo->endMacro();
        },
        Qt::QueuedConnection);
}

} // namespace strata::studio
