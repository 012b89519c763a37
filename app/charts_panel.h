#pragma once
// Charts of the last evaluation (DESIGN.md § GUI results, Qt Charts): where the power goes
// (compute, on-chip SRAM, idle clock, memory, links, leakage; and which die draws it), the slowest
// operators of a phase (picked in a list), the roofline of that phase (every operator at its
// arithmetic intensity and achieved rate under the die's compute and memory roofs), the utilisation
// of every link, what a good package costs (silicon, interposer, substrate, assembly, yield loss)
// and the failure rate of every die by mechanism.
#include "eval/evaluator.h"

#include <QTabWidget>

class QChartView;
class QComboBox;
class QTableWidget;

namespace strata::studio {

class ChartsPanel : public QTabWidget {
    Q_OBJECT
public:
    explicit ChartsPanel(QWidget* parent = nullptr);
    void setResult(const EvalResult& result);

    QComboBox* phaseList() { return phase_; }
    QChartView* rooflineView() { return roofline_; }
    QChartView* powerByDieView() { return powerByDie_; }
    QChartView* costView() { return cost_; }
    QChartView* reliabilityView() { return reliability_; }

private:
    void showPhase(const QString& phase);
    QChartView* power_;
    QChartView* powerByDie_;
    QChartView* operators_;
    QChartView* roofline_;
    QComboBox* phase_;
    QChartView* cost_;
    QChartView* reliability_;
    QTableWidget* links_;
    Table ops_;                          // perf.operators of the last result (empty: none)
    double peakFlops_ = 0, peakBps_ = 0; // roofs of one die
};

} // namespace strata::studio
