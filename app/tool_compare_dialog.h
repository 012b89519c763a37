#pragma once
// Evaluate ▸ Compare with HotSpot… / 3D-ICE…: the other tool's answer for the model File ▸
// Export wrote (after the user ran the tool there) beside Strata's: a table per die (hottest
// junction cell in each tool, largest and mean difference) and the chosen die's difference map,
// Strata - other in K, blue where Strata is cooler, red where it is hotter.
#include "interop/reference_comparison.h"

#include <QDialog>

class QComboBox;
class QTableWidget;

namespace strata::studio {

class FieldPlot;

class ToolCompareDialog : public QDialog {
    Q_OBJECT
public:
    // `tool`: "HotSpot" or "3D-ICE"; `step_k`: the resolution of its temperatures; `where`: the
    // folder of its results.
    ToolCompareDialog(ThermalComparison comparison, const QString& tool, double step_k,
                      const QString& where, QWidget* parent = nullptr);
    QTableWidget* table() const { return table_; }
    QComboBox* dieChooser() const { return die_; }
    FieldPlot* plot() const { return plot_; }

private:
    ThermalComparison comparison_;
    QTableWidget* table_;
    QComboBox* die_;
    FieldPlot* plot_;
};

} // namespace strata::studio
