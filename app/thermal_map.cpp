#include "thermal_map.h"

#include "interop/heatmap.h"
#include "thermal/result_fields.h"
#include "thermal/results.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QTime>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace strata::studio {

QColor heatColour(double t, double lo, double hi) {
    const auto c = heatRamp(hi > lo ? (t - lo) / (hi - lo) : 0.0); // the files' ramp too
    return {c[0], c[1], c[2]};
}

QColor changeColour(double d, double m) {
    const double f = m > 0 ? std::clamp(d / m, -1.0, 1.0) : 0.0;
    const QColor end = f < 0 ? QColor(40, 90, 220) : QColor(215, 40, 40);
    const double a = std::fabs(f);
    auto mix = [a](int white, int to) { return static_cast<int>(white + (to - white) * a); };
    return {mix(255, end.red()), mix(255, end.green()), mix(255, end.blue())};
}

FieldPlot::FieldPlot(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(260, 200);
}

void FieldPlot::setField(const Field* field, bool stale) {
    field_ = field;
    stale_ = stale;
    if (fixedLo_ < fixedHi_) {
        lo_ = fixedLo_;
        hi_ = fixedHi_;
    } else if (field_) {
        const auto [lo, hi] = valueRange(*field_); // NaN: no value there (no die)
        if (lo <= hi && isChange()) {              // symmetric about no change
            hi_ = std::max({std::fabs(lo), std::fabs(hi), 0.01});
            lo_ = -hi_;
        } else if (lo <= hi) {
            lo_ = lo;
            hi_ = std::max(hi, lo + 0.1);
        }
    }
    update();
}

bool FieldPlot::isChange() const {
    return field_ && field_->unit == "K";
}

QColor FieldPlot::colourOf(double v) const {
    return isChange() ? changeColour(v, hi_) : heatColour(v, lo_, hi_);
}

HeatmapColours FieldPlot::colours() const {
    return {[this](double v) {
                const QColor c = colourOf(v);
                return std::array<std::uint8_t, 3>{static_cast<std::uint8_t>(c.red()),
                                                   static_cast<std::uint8_t>(c.green()),
                                                   static_cast<std::uint8_t>(c.blue())};
            },
            lo_, hi_};
}

QString FieldPlot::valueText(double v, int decimals) const {
    return isChange() ? QString("%1%2 K").arg(v >= 0 ? "+" : "").arg(v, 0, 'f', decimals)
                      : QString("%1 °C").arg(v, 0, 'f', decimals);
}

void FieldPlot::setScale(double lo, double hi) {
    fixedLo_ = lo;
    fixedHi_ = hi;
    setField(field_, stale_);
}

void FieldPlot::setOutlines(std::vector<Outline> outlines) {
    outlines_ = std::move(outlines);
    update();
}

QRectF FieldPlot::plotRect() const {
    if (!field_ || field_->x_lines.size() < 2 || field_->y_lines.size() < 2)
        return {};
    const double w = field_->x_lines.back() - field_->x_lines.front();
    const double h = field_->y_lines.back() - field_->y_lines.front();
    const QRectF area(10, 10, width() - 90, height() - 20); // room for the colour bar
    if (field_->y_axis == "z") // a cross-section fills the area (its rows: displayRows)
        return area;
    const double s = std::min(area.width() / w, area.height() / h);
    return {area.x(), area.y(), w * s, h * s};
}

void FieldPlot::setRowNames(QStringList names) {
    rowNames_ = std::move(names);
}

std::size_t FieldPlot::hottestCell() const {
    if (!field_)
        return 0;
    const std::vector<double>& v = field_->values;
    std::size_t hot = v.size();
    for (std::size_t k = 0; k < v.size(); ++k) // a tie goes to the first (thermal/results.h)
        if (!std::isnan(v[k]) && (hot == v.size() || v[k] > v[hot] + thermal::kTemperatureTieK))
            hot = k;
    return hot;
}

void FieldPlot::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    if (!field_ || field_->values.empty()) {
        p.drawText(rect(), Qt::AlignCenter, tr("No temperature map yet"));
        return;
    }
    const Field& f = *field_;
    const QRectF r = plotRect();
    const double x0 = f.x_lines.front(), y0 = f.y_lines.front();
    const double s = r.width() / (f.x_lines.back() - x0);
    const std::vector<double> rows = displayRows(f); // 0 (bottom) to 1 (top)
    // Screen rectangle of cell (i, j); y grows upwards on the package, downwards on screen.
    auto cellRect = [&](int i, int j) {
        const auto J = static_cast<std::size_t>(j);
        return QRectF(r.left() + (f.x_lines[i] - x0) * s, r.bottom() - rows[J + 1] * r.height(),
                      (f.x_lines[i + 1] - f.x_lines[i]) * s + 0.5,
                      (rows[J + 1] - rows[J]) * r.height() + 0.5);
    };
    const std::size_t hot = hottestCell();
    for (int j = 0; j < f.ny; ++j)
        for (int i = 0; i < f.nx; ++i) {
            const std::size_t k = static_cast<std::size_t>(j) * f.nx + i;
            if (std::isnan(f.values[k])) { // no die (or, in a cross-section, no material)
                p.fillRect(cellRect(i, j), QColor(225, 225, 225));
                continue;
            }
            QColor c = colourOf(f.values[k]);
            if (stale_)
                c = c.lighter(140);
            p.fillRect(cellRect(i, j), c);
        }
    p.setPen(QPen(Qt::black, 1));
    p.drawRect(r);
    // A name on a pale tag at the top left of a box, legible over any colour of the scale, if
    // it fits (the hover names what is there anyway).
    const QFontMetricsF metrics(p.font());
    auto tag = [&](const QString& label, const QRectF& box) {
        if (metrics.horizontalAdvance(label) + 8 > box.width() ||
            metrics.height() + 4 > box.height())
            return;
        const QPointF base(box.left() + 4, box.top() + 2 + metrics.ascent());
        p.fillRect(QRectF(base.x() - 2, base.y() - metrics.ascent() - 1,
                          metrics.horizontalAdvance(label) + 4, metrics.height() + 2),
                   QColor(255, 255, 255, 190));
        p.drawText(base, label);
    };
    for (const Outline& o : outlines_) {
        const QRectF box(r.left() + (o.rect.left() - x0) * s,
                         r.bottom() - (o.rect.bottom() - y0) * s, o.rect.width() * s,
                         o.rect.height() * s);
        p.setPen(QPen(QColor(40, 40, 40), 1));
        p.drawRect(box);
        tag(o.label, box);
    }
    // A cross-section's bands of layers (sink, spreader, TIM, the dies' layers, each package
    // layer), separated by a line and named at the left.
    if (f.y_axis == "z" && rowNames_.size() == f.ny) {
        auto band = [](const QString& layer) {
            for (const char* part : {"sink", "spreader", "tim"})
                if (layer == part || layer.startsWith(QString(part) + "."))
                    return layer.section('.', 0, 0);
            if (layer.startsWith("package."))
                return layer.section('.', 1, 1);
            return QString("dies");
        };
        p.setPen(QPen(QColor(40, 40, 40), 1));
        for (int j = 0; j < f.ny;) {
            const QString name = band(rowNames_[j]);
            int end = j + 1;
            while (end < f.ny && band(rowNames_[end]) == name)
                ++end;
            const QRectF box(
                r.left(), r.bottom() - rows[static_cast<std::size_t>(end)] * r.height(), r.width(),
                (rows[static_cast<std::size_t>(end)] - rows[static_cast<std::size_t>(j)]) *
                    r.height());
            if (end < f.ny)
                p.drawLine(box.topLeft(), box.topRight());
            tag(name, box);
            j = end;
        }
    }
    if (cut_) { // where the cross-sections were cut
        p.setPen(QPen(QColor(20, 20, 20), 1, Qt::DashLine));
        const double cx = r.left() + (cut_->x() - x0) * s, cy = r.bottom() - (cut_->y() - y0) * s;
        if (cx >= r.left() && cx <= r.right())
            p.drawLine(QPointF(cx, r.top()), QPointF(cx, r.bottom()));
        if (cy >= r.top() && cy <= r.bottom())
            p.drawLine(QPointF(r.left(), cy), QPointF(r.right(), cy));
    }
    if (hot < f.values.size() && !isChange()) { // hotspot marker
        const QPointF hp =
            cellRect(static_cast<int>(hot % f.nx), static_cast<int>(hot / f.nx)).center();
        p.setPen(QPen(Qt::white, 2));
        p.drawEllipse(hp, 6, 6);
        p.setPen(QPen(Qt::black, 1));
        p.drawEllipse(hp, 7, 7);
    }
    // Colour bar with a °C scale (K of change on a difference map).
    const QRectF bar(width() - 70, 10, 16, height() - 20);
    for (int y = 0; y < bar.height(); ++y)
        p.fillRect(QRectF(bar.left(), bar.bottom() - y - 1, bar.width(), 1),
                   colourOf(lo_ + (hi_ - lo_) * y / bar.height()));
    p.drawRect(bar);
    for (int k = 0; k <= 4; ++k) {
        const double t = lo_ + (hi_ - lo_) * k / 4;
        const double y = bar.bottom() - bar.height() * k / 4;
        p.drawText(QPointF(bar.right() + 4, y + 4), valueText(t, hi_ - lo_ < 1 ? 2 : 1));
    }
}

void FieldPlot::mouseMoveEvent(QMouseEvent* e) {
    if (!field_ || field_->values.empty())
        return;
    const Field& f = *field_;
    const QRectF r = plotRect();
    if (!r.contains(e->position()))
        return;
    const double s = r.width() / (f.x_lines.back() - f.x_lines.front());
    const double x = f.x_lines.front() + (e->position().x() - r.left()) / s;
    const std::vector<double> rows = displayRows(f);
    const double up = (r.bottom() - e->position().y()) / r.height(); // 0 bottom .. 1 top
    const auto i = std::upper_bound(f.x_lines.begin(), f.x_lines.end(), x) - f.x_lines.begin() - 1;
    const auto j = std::upper_bound(rows.begin(), rows.end(), up) - rows.begin() - 1;
    if (i < 0 || j < 0 || i >= f.nx || j >= f.ny)
        return;
    const double v = f.values[static_cast<std::size_t>(j) * f.nx + i];
    const QString temperature = std::isnan(v) ? QString() : valueText(v, 2);
    if (f.y_axis == "z") { // a cross-section: which layer, and its heights
        const auto J = static_cast<std::size_t>(j);
        const QString layer = j < rowNames_.size() ? rowNames_[j] : QString::number(j);
        const QString at = tr("%1 %2 mm, %3 (z %4–%5 mm)")
                               .arg(QString::fromStdString(f.x_axis))
                               .arg(x * 1e3, 0, 'f', 2)
                               .arg(layer)
                               .arg(f.y_lines[J] * 1e3, 0, 'f', 3)
                               .arg(f.y_lines[J + 1] * 1e3, 0, 'f', 3);
        emit hovered(std::isnan(v) ? tr("%1: no material").arg(at)
                                   : tr("%1: %2").arg(at, temperature));
        return;
    }
    const double y = f.y_lines.front() + up * (f.y_lines.back() - f.y_lines.front());
    QString where;
    for (const Outline& o : outlines_)
        if (o.rect.contains(x, y))
            where += (where.isEmpty() ? "" : ", ") + o.label;
    const QString at = tr("x %1 mm, y %2 mm").arg(x * 1e3, 0, 'f', 2).arg(y * 1e3, 0, 'f', 2);
    if (std::isnan(v))
        emit hovered(tr("%1: no die").arg(at));
    else if (where.isEmpty())
        emit hovered(tr("%1: %2").arg(at, temperature));
    else
        emit hovered(tr("%1 (%2): %3").arg(at, where, temperature));
}

std::vector<FieldPlot::Outline> dieOutlines(const EvalResult& result) {
    std::vector<FieldPlot::Outline> dies;
    for (const Field& f : result.fields)
        if (f.name.rfind("thermal.die.", 0) == 0 && f.x_lines.size() >= 2 && f.y_lines.size() >= 2)
            dies.push_back({QString::fromStdString(f.name.substr(12)),
                            QRectF(QPointF(f.x_lines.front(), f.y_lines.front()),
                                   QPointF(f.x_lines.back(), f.y_lines.back()))});
    return dies;
}

QString fieldLabel(const QString& name) {
    static const QString die = "thermal.die.", peak = "thermal.transient.peak.",
                         layer = "thermal.layer.";
    if (name == "thermal.junction")
        return QObject::tr("All dies: junction temperature (hottest tier)");
    if (name == "thermal.transient.junction_peak")
        return QObject::tr("All dies: peak over the transient");
    if (name.startsWith(die))
        return QObject::tr("Die %1: active layer").arg(name.mid(die.size()));
    if (name.startsWith(peak))
        return QObject::tr("Die %1: peak over the transient").arg(name.mid(peak.size()));
    if (name == "thermal.section.x" || name == "thermal.section.y")
        return QObject::tr("Cross-section along %1 through the hotspot (board to sink)")
            .arg(name.back());
    if (name.startsWith(layer)) { // thermal.layer.<k>.<name>: k counts from the bottom
        const QString rest = name.mid(layer.size());
        const qsizetype dot = rest.indexOf('.');
        return QObject::tr("Layer %1 from the bottom: %2").arg(rest.left(dot), rest.mid(dot + 1));
    }
    return name;
}

void FieldPlot::setCut(std::optional<QPointF> at) {
    cut_ = at;
    update();
}

void FieldPlot::mousePressEvent(QMouseEvent* e) {
    if (!field_ || field_->values.empty() || field_->y_axis == "z" || e->button() != Qt::LeftButton)
        return;
    const QRectF r = plotRect();
    if (!r.contains(e->position()))
        return;
    const Field& f = *field_;
    const double s = r.width() / (f.x_lines.back() - f.x_lines.front());
    emit pointClicked(f.x_lines.front() + (e->position().x() - r.left()) / s,
                      f.y_lines.front() + (r.bottom() - e->position().y()) / s);
}

ThermalMapPanel::ThermalMapPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    chooser_ = new QComboBox;
    auto* exportButton = new QPushButton(tr("Export Image…"));
    exportButton->setToolTip(tr("The map shown: PNG as it is drawn here, or SVG for slides"));
    auto* baselineButton = new QPushButton(tr("Set as Baseline"));
    baselineButton->setToolTip(tr("Keep these maps, to show later results as their change from "
                                  "them"));
    difference_ = new QCheckBox(tr("Change since baseline"));
    difference_->setEnabled(false);
    difference_->setToolTip(tr("Set a baseline first"));
    top->addWidget(chooser_, 1);
    top->addWidget(baselineButton);
    top->addWidget(difference_);
    top->addWidget(exportButton);
    plot_ = new FieldPlot;
    readout_ =
        new QLabel(tr("Hover the map for temperatures; click it to cut a cross-section there"));
    layout->addLayout(top);
    layout->addWidget(plot_, 1);
    layout->addWidget(readout_);
    connect(chooser_, &QComboBox::currentIndexChanged, this, [this] { showSelected(); });
    connect(plot_, &FieldPlot::hovered, readout_, &QLabel::setText);
    connect(plot_, &FieldPlot::pointClicked, this, &ThermalMapPanel::cutAt);
    connect(baselineButton, &QPushButton::clicked, this, &ThermalMapPanel::setBaseline);
    connect(difference_, &QCheckBox::toggled, this, [this] { showSelected(); });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        QString filter;
        QString path = QFileDialog::getSaveFileName(
            this, tr("Export thermal map"), chooser_->currentData().toString() + ".png",
            tr("PNG image (*.png);;SVG drawing (*.svg)"), &filter);
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty())
            path += filter.contains("*.svg") ? QStringLiteral(".svg") : QStringLiteral(".png");
        if (const QString error = exportImage(path); !error.isEmpty())
            QMessageBox::warning(this, tr("Export thermal map"), error);
    });
}

QString ThermalMapPanel::exportImage(const QString& path) {
    if (path.endsWith(".svg", Qt::CaseInsensitive)) {
        if (!plot_->field())
            return tr("There is no map to export yet: evaluate the design first.");
        const HeatmapColours colours = plot_->colours(); // as drawn here
        return QString::fromStdString(
            writeHeatmapSvg(*plot_->field(), path.toStdString(), &colours));
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || !plot_->grab().save(&out, "PNG") || !out.commit())
        return tr("Cannot write %1").arg(path);
    return {};
}

void ThermalMapPanel::setResult(const EvalResult& result, bool stale) {
    const QString current = chooser_->currentData().toString();
    const std::optional<QPointF> cut = cut_; // a cut the user chose stays where it was
    result_ = result;
    stale_ = stale;
    cut_.reset();
    chooser_->blockSignals(true);
    chooser_->clear();
    // The overviews first (all dies, then the cross-sections), then each die and layer.
    auto overview = [](const Field& f) { return f.name == "thermal.junction" || f.y_axis == "z"; };
    for (const bool first : {true, false})
        for (const Field& f : result_.fields)
            if (f.name.rfind("thermal.", 0) == 0 && f.time_s < 0 && // snapshots: transient dock
                overview(f) == first) {
                const QString name = QString::fromStdString(f.name);
                chooser_->addItem(sectionLabel(name), name);
                chooser_->setItemData(chooser_->count() - 1, name, Qt::ToolTipRole);
            }
    const int keep = chooser_->findData(current);
    chooser_->setCurrentIndex(keep >= 0 ? keep : 0);
    if (cut)
        recut(cut->x(), cut->y());
    chooser_->blockSignals(false);
    showSelected();
}

void ThermalMapPanel::setStale(bool stale) {
    stale_ = stale;
    showSelected();
}

void ThermalMapPanel::showSelected() {
    const std::string name = chooser_->currentData().toString().toStdString();
    const Field* chosen = nullptr;
    for (const Field& f : result_.fields)
        if (f.name == name)
            chosen = &f;
    const bool allDies = name == "thermal.junction" || name == "thermal.transient.junction_peak";
    if (chosen && chosen->y_axis == "z") { // a cross-section's rows are the layers
        QStringList layers;
        for (const Field& f : result_.fields)
            if (f.name.rfind("thermal.layer.", 0) == 0) {
                const QString rest = QString::fromStdString(f.name.substr(14));
                layers << rest.mid(rest.indexOf('.') + 1);
            }
        plot_->setRowNames(layers);
    }
    plot_->setOutlines(allDies ? dieOutlines(result_) : std::vector<FieldPlot::Outline>{});
    plot_->setCut(chosen && chosen->y_axis != "z" ? cut_ : std::nullopt);
    if (chosen && difference_->isChecked()) {
        const Field* base = nullptr;
        for (const Field& f : baseline_)
            if (f.name == name)
                base = &f;
        // Cross-sections are cut where each result's hotspot (or a click) was: not compared.
        if (base && chosen->y_axis != "z" && base->x_lines == chosen->x_lines &&
            base->y_lines == chosen->y_lines && base->values.size() == chosen->values.size()) {
            change_ = *chosen;
            change_.unit = std::string(1, 'K'); // (= "K" trips GCC 12's -Wrestrict, PR 105651)
            for (std::size_t k = 0; k < change_.values.size(); ++k)
                change_.values[k] -= base->values[k]; // NaN where either has no value
            chosen = &change_;
            const auto [lo, hi] = valueRange(change_);
            readout_->setText(
                tr("Change since the baseline: %1 to %2 K").arg(lo, 0, 'f', 2).arg(hi, 0, 'f', 2));
        } else
            readout_->setText(
                tr("The baseline has no such map on this grid (the grid follows the geometry "
                   "and the resolution; cross-sections are not compared): the map itself"));
    }
    plot_->setField(chosen, stale_);
}

void ThermalMapPanel::setBaseline() {
    baseline_.clear();
    for (const Field& f : result_.fields)
        if (f.name.rfind("thermal.", 0) == 0 && f.time_s < 0 && f.y_axis != "z")
            baseline_.push_back(f);
    difference_->setEnabled(!baseline_.empty());
    difference_->setToolTip(
        tr("Baseline set at %1").arg(QTime::currentTime().toString("HH:mm:ss")));
}

void ThermalMapPanel::designReplaced() {
    cut_.reset(); // the next result's sections go through its hotspot
    baseline_.clear();
    difference_->setChecked(false);
    difference_->setEnabled(false);
    difference_->setToolTip(tr("Set a baseline first"));
}

QString ThermalMapPanel::sectionLabel(const QString& name) const {
    if (!cut_ || !name.startsWith("thermal.section."))
        return fieldLabel(name);
    return tr("Cross-section along %1 through x %2 mm, y %3 mm (board to sink)")
        .arg(name.back())
        .arg(cut_->x() * 1e3, 0, 'f', 2)
        .arg(cut_->y() * 1e3, 0, 'f', 2);
}

void ThermalMapPanel::cutAt(double x, double y) {
    if (!recut(x, y))
        return;
    const int section = chooser_->findData("thermal.section.x");
    if (chooser_->currentIndex() == section)
        showSelected();
    else
        chooser_->setCurrentIndex(section);
}

bool ThermalMapPanel::recut(double x, double y) {
    std::vector<const Field*> layers;
    const Field* hotspotCut = nullptr;
    for (const Field& f : result_.fields) {
        if (f.name.rfind("thermal.layer.", 0) == 0)
            layers.push_back(&f);
        if (f.name == "thermal.section.x")
            hotspotCut = &f;
    }
    if (layers.empty() || !hotspotCut)
        return false;
    Field alongX = thermal::sectionField(layers, hotspotCut->y_lines, true, y, "thermal.section.x");
    Field alongY =
        thermal::sectionField(layers, hotspotCut->y_lines, false, x, "thermal.section.y");
    if (alongX.values.empty() || alongY.values.empty())
        return false; // outside this result's grid
    auto named = [this](const char* name) {
        return std::find_if(result_.fields.begin(), result_.fields.end(),
                            [name](const Field& f) { return f.name == name; });
    };
    const auto cutX = named("thermal.section.x"), cutY = named("thermal.section.y");
    if (cutX == result_.fields.end() || cutY == result_.fields.end())
        return false;
    *cutX = std::move(alongX);
    *cutY = std::move(alongY);
    cut_ = QPointF(x, y);
    for (int i = 0; i < chooser_->count(); ++i)
        chooser_->setItemText(i, sectionLabel(chooser_->itemData(i).toString()));
    return true;
}

} // namespace strata::studio
