#pragma once
// Charts of the last evaluation (DESIGN.md § GUI results, Qt Charts): where the power goes
// (compute, on-chip SRAM, idle clock, memory, links, leakage), the slowest operators of each
// phase, and the utilisation of every link.
#include "eval/evaluator.h"

#include <QTabWidget>

class QChartView;
class QTableWidget;

namespace strata::studio {

class ChartsPanel : public QTabWidget {
    Q_OBJECT
public:
    explicit ChartsPanel(QWidget* parent = nullptr);
    void setResult(const EvalResult& result);

private:
    QChartView* power_;
    QChartView* operators_;
    QTableWidget* links_;
};

} // namespace strata::studio
