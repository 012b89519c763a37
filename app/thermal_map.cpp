#include "thermal_map.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace strata::studio {

QColor heatColour(double t, double lo, double hi) {
    const double f = hi > lo ? std::clamp((t - lo) / (hi - lo), 0.0, 1.0) : 0.0;
    return QColor::fromHsvF(static_cast<float>(0.68 * (1 - f)), 0.9f, 0.95f);
}

FieldPlot::FieldPlot(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(260, 200);
}

void FieldPlot::setField(const Field* field, bool stale) {
    field_ = field;
    stale_ = stale;
    if (field_ && !field_->values.empty()) {
        const auto [mn, mx] = std::minmax_element(field_->values.begin(), field_->values.end());
        lo_ = *mn;
        hi_ = std::max(*mx, *mn + 0.1);
    }
    update();
}

QRectF FieldPlot::plotRect() const {
    if (!field_ || field_->x_lines.size() < 2 || field_->y_lines.size() < 2)
        return {};
    const double w = field_->x_lines.back() - field_->x_lines.front();
    const double h = field_->y_lines.back() - field_->y_lines.front();
    const QRectF area(10, 10, width() - 90, height() - 20); // room for the colour bar
    const double s = std::min(area.width() / w, area.height() / h);
    return {area.x(), area.y(), w * s, h * s};
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
    std::size_t hot = 0;
    for (int j = 0; j < f.ny; ++j)
        for (int i = 0; i < f.nx; ++i) {
            const std::size_t k = static_cast<std::size_t>(j) * f.nx + i;
            if (f.values[k] > f.values[hot])
                hot = k;
            // y grows upwards on the package, downwards on screen.
            const QRectF cell(r.left() + (f.x_lines[i] - x0) * s,
                              r.bottom() - (f.y_lines[j + 1] - y0) * s,
                              (f.x_lines[i + 1] - f.x_lines[i]) * s + 0.5,
                              (f.y_lines[j + 1] - f.y_lines[j]) * s + 0.5);
            QColor c = heatColour(f.values[k], lo_, hi_);
            if (stale_)
                c = c.lighter(140);
            p.fillRect(cell, c);
        }
    p.setPen(QPen(Qt::black, 1));
    p.drawRect(r);
    // Hotspot marker.
    const int hi = static_cast<int>(hot % f.nx), hj = static_cast<int>(hot / f.nx);
    const QPointF hp(r.left() + ((f.x_lines[hi] + f.x_lines[hi + 1]) / 2 - x0) * s,
                     r.bottom() - ((f.y_lines[hj] + f.y_lines[hj + 1]) / 2 - y0) * s);
    p.setPen(QPen(Qt::white, 2));
    p.drawEllipse(hp, 6, 6);
    p.setPen(QPen(Qt::black, 1));
    p.drawEllipse(hp, 7, 7);
    // Colour bar with a °C scale.
    const QRectF bar(width() - 70, 10, 16, height() - 20);
    for (int y = 0; y < bar.height(); ++y)
        p.fillRect(QRectF(bar.left(), bar.bottom() - y - 1, bar.width(), 1),
                   heatColour(lo_ + (hi_ - lo_) * y / bar.height(), lo_, hi_));
    p.drawRect(bar);
    for (int k = 0; k <= 4; ++k) {
        const double t = lo_ + (hi_ - lo_) * k / 4;
        const double y = bar.bottom() - bar.height() * k / 4;
        p.drawText(QPointF(bar.right() + 4, y + 4), QString("%1 °C").arg(t, 0, 'f', 1));
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
    const double y = f.y_lines.front() + (r.bottom() - e->position().y()) / s;
    const auto i = std::upper_bound(f.x_lines.begin(), f.x_lines.end(), x) - f.x_lines.begin() - 1;
    const auto j = std::upper_bound(f.y_lines.begin(), f.y_lines.end(), y) - f.y_lines.begin() - 1;
    if (i < 0 || j < 0 || i >= f.nx || j >= f.ny)
        return;
    emit hovered(tr("x %1 mm, y %2 mm: %3 °C")
                     .arg(x * 1e3, 0, 'f', 2)
                     .arg(y * 1e3, 0, 'f', 2)
                     .arg(f.values[static_cast<std::size_t>(j) * f.nx + i], 0, 'f', 2));
}

ThermalMapPanel::ThermalMapPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    chooser_ = new QComboBox;
    auto* exportButton = new QPushButton(tr("Export PNG…"));
    top->addWidget(chooser_, 1);
    top->addWidget(exportButton);
    plot_ = new FieldPlot;
    readout_ = new QLabel(tr("Hover the map for temperatures"));
    layout->addLayout(top);
    layout->addWidget(plot_, 1);
    layout->addWidget(readout_);
    connect(chooser_, &QComboBox::currentIndexChanged, this, [this] { showSelected(); });
    connect(plot_, &FieldPlot::hovered, readout_, &QLabel::setText);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export thermal map"),
                                                          chooser_->currentText() + ".png",
                                                          tr("PNG images (*.png)"));
        if (!path.isEmpty())
            plot_->grab().save(path);
    });
}

void ThermalMapPanel::setResult(const EvalResult& result, bool stale) {
    const QString current = chooser_->currentText();
    result_ = result;
    stale_ = stale;
    chooser_->blockSignals(true);
    chooser_->clear();
    for (const Field& f : result_.fields)
        if (f.name.rfind("thermal.", 0) == 0)
            chooser_->addItem(QString::fromStdString(f.name));
    const int keep = chooser_->findText(current);
    chooser_->setCurrentIndex(keep >= 0 ? keep : 0);
    chooser_->blockSignals(false);
    showSelected();
}

void ThermalMapPanel::setStale(bool stale) {
    stale_ = stale;
    showSelected();
}

void ThermalMapPanel::showSelected() {
    const std::string name = chooser_->currentText().toStdString();
    const Field* chosen = nullptr;
    for (const Field& f : result_.fields)
        if (f.name == name)
            chosen = &f;
    plot_->setField(chosen, stale_);
}

} // namespace strata::studio
