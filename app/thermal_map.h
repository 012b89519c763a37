#pragma once
// Thermal map view (DESIGN.md § GUI results): one temperature field of the last evaluation (a
// die's active layer or any layer of the stack) drawn on its rectilinear grid to scale, with a
// °C colour bar, the hotspot marked, a hover read-out of position and temperature, and export
// to PNG.
#include "eval/evaluator.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace strata::studio {

class FieldPlot : public QWidget {
    Q_OBJECT
public:
    explicit FieldPlot(QWidget* parent = nullptr);
    void setField(const Field* field, bool stale);
    const Field* field() const { return field_; }
signals:
    void hovered(const QString& text);

protected:
    void paintEvent(QPaintEvent*) override;
    void mouseMoveEvent(QMouseEvent* e) override;

private:
    QRectF plotRect() const;
    const Field* field_ = nullptr;
    bool stale_ = false;
    double lo_ = 0, hi_ = 1;
};

class ThermalMapPanel : public QWidget {
    Q_OBJECT
public:
    explicit ThermalMapPanel(QWidget* parent = nullptr);
    void setResult(const EvalResult& result, bool stale);
    void setStale(bool stale);

private:
    void showSelected();
    EvalResult result_;
    bool stale_ = true;
    QComboBox* chooser_;
    FieldPlot* plot_;
    QLabel* readout_;
};

// Colour of temperature t on a scale from lo to hi (blue - cyan - green - yellow - red).
QColor heatColour(double t, double lo, double hi);

} // namespace strata::studio
