#pragma once
// Evaluate ▸ Compare with HotSpot…: HotSpot's answer for the model File ▸ Export ▸ HotSpot Model
// wrote (after the user ran HotSpot there) beside Strata's: a table per die (hottest junction
// cell in each tool, largest and mean difference) and the chosen die's difference map,
// Strata - HotSpot in K, blue where Strata is cooler, red where it is hotter.
#include "interop/hotspot_results.h"

#include <QDialog>

class QComboBox;
class QTableWidget;

namespace strata::studio {

class FieldPlot;

class HotSpotCompareDialog : public QDialog {
    Q_OBJECT
public:
    HotSpotCompareDialog(ThermalComparison comparison, const QString& where,
                         QWidget* parent = nullptr);
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
