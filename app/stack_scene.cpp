#include "stack_scene.h"

#include "colours.h"
#include "model/geometry.h"
#include "thermal_map.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace strata::studio {

namespace {

constexpr double kMm = 1e-3;

const Field* dieField(const std::vector<Field>& fields, const std::string& die) {
    for (const Field& f : fields)
        if (f.name == "thermal.die." + die && f.nx > 0 && f.ny > 0 &&
            f.values.size() == static_cast<std::size_t>(f.nx) * f.ny)
            return &f;
    return nullptr;
}

} // namespace

std::vector<Field> dieTemperatureMaps(const EvalResult& result) {
    std::vector<Field> maps;
    for (const Field& f : result.fields)
        if (f.name.rfind("thermal.die.", 0) == 0)
            maps.push_back(f);
    return maps;
}

StackScene buildStackScene(const Design& d, const Library& library, const QStringList& selection,
                           const std::vector<Field>& dieFields, double spread) {
    StackScene scene;
    const Stack* stack = selection.size() == 1 ? findStack(d, selection[0].toStdString()) : nullptr;
    if (!stack)
        for (const Stack& s : d.stacks)
            if (!stack || s.tiers.size() > stack->tiers.size())
                stack = &s;
    if (!stack || stack->tiers.empty())
        return scene;
    scene.stack = stack->id;
    bool anyMap = false;
    for (const Tier& tier : stack->tiers) // one scale for every tier's map
        if (const Field* f = dieField(dieFields, tier.die.id)) {
            const auto [lo, hi] = valueRange(*f);
            scene.tlo = anyMap ? std::min(scene.tlo, lo) : lo;
            scene.thi = anyMap ? std::max(scene.thi, hi) : hi;
            anyMap = true;
        }
    const double hi = std::max(scene.thi, scene.tlo + 0.1);
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (std::size_t t = 0; t < stack->tiers.size(); ++t) {
        const Tier& tier = stack->tiers[t];
        const ResolvedDie die = resolveDie(tier.die, d, library);
        const Rect r = tierFootprint(*stack, tier, die);
        StackBox b;
        b.die = tier.die.id;
        b.x0 = r.x0 / kMm;
        b.x1 = r.x1 / kMm;
        b.y0 = r.y0 / kMm;
        b.y1 = r.y1 / kMm;
        b.z0 = static_cast<double>(t) * (kStackTierHeight + spread);
        b.z1 = b.z0 + kStackTierHeight;
        b.colour = kindColour(die.type ? die.type->kind : "");
        if (const Field* f = dieField(dieFields, tier.die.id)) {
            b.hasHeat = true;
            b.hx0 = f->x_lines.front() / kMm;
            b.hx1 = f->x_lines.back() / kMm;
            b.hy0 = f->y_lines.front() / kMm;
            b.hy1 = f->y_lines.back() / kMm;
            double sum = 0;
            b.tmax = -1e300;
            for (double v : f->values) {
                sum += v;
                b.tmax = std::max(b.tmax, v);
            }
            b.tmean = sum / static_cast<double>(f->values.size());
            b.heat = QImage(f->nx, f->ny, QImage::Format_RGB32);
            for (int j = 0; j < f->ny; ++j) // row 0 of the image is the north edge
                for (int i = 0; i < f->nx; ++i)
                    b.heat.setPixel(i, f->ny - 1 - j,
                                    heatColour(f->values[static_cast<std::size_t>(j) * f->nx + i],
                                               scene.tlo, hi)
                                        .rgb());
        }
        x0 = std::min(x0, b.x0);
        x1 = std::max(x1, b.x1);
        y0 = std::min(y0, b.y0);
        y1 = std::max(y1, b.y1);
        scene.boxes.push_back(std::move(b));
    }
    scene.cx = (x0 + x1) / 2;
    scene.cy = (y0 + y1) / 2;
    scene.cz = scene.boxes.back().z1 / 2;
    scene.extent = std::max({x1 - x0, y1 - y0, scene.boxes.back().z1, 1.0});
    return scene;
}

void StackCamera::orbit(double dAzimuthDeg, double dElevationDeg) {
    azimuth = std::fmod(azimuth + dAzimuthDeg + 360, 360);
    elevation = std::clamp(elevation + dElevationDeg, 5.0, 90.0);
}

void StackCamera::zoomBy(double wheelDelta) {
    zoom = std::clamp(zoom * std::pow(1.0015, wheelDelta), 0.2, 20.0);
}

// The one scale of all tiers' maps, at the right edge.
void drawStackColourBar(QPainter& p, const StackScene& scene, const QSize& size) {
    if (scene.tlo > scene.thi)
        return;
    const double hi = std::max(scene.thi, scene.tlo + 0.1);
    const QRectF bar(size.width() - 28, 34, 12, std::max(40, size.height() - 130));
    for (int y = 0; y < static_cast<int>(bar.height()); ++y)
        p.fillRect(QRectF(bar.left(), bar.bottom() - y - 1, bar.width(), 1),
                   heatColour(scene.tlo + (hi - scene.tlo) * y / bar.height(), scene.tlo, hi));
    p.setPen(QColor(40, 40, 40));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar);
    const QRectF label(bar.left() - 70, 0, 64, 16);
    p.drawText(label.translated(0, bar.top() - 8), Qt::AlignRight,
               QString("%1 °C").arg(scene.thi, 0, 'f', 1));
    p.drawText(label.translated(0, bar.bottom() - 8), Qt::AlignRight,
               QString("%1 °C").arg(scene.tlo, 0, 'f', 1));
}

} // namespace strata::studio
