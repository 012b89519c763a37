#pragma once
// Evaluate ▸ Compare with HotSpot… / 3D-ICE… for a transient (the Thermal transient tab's trace,
// exported with the model): per block, the peak of its hottest cell in each tool over the ends of
// the trace's intervals, the largest difference (Strata - other) and when it occurred.
#include "interop/transient_comparison.h"

#include <QDialog>

class QTableWidget;

namespace strata::studio {

class TransientCompareDialog : public QDialog {
    Q_OBJECT
public:
    TransientCompareDialog(const TransientComparison& comparison, const QString& tool,
                           const QString& where, QWidget* parent = nullptr);
    QTableWidget* table() const { return table_; }

private:
    QTableWidget* table_;
};

} // namespace strata::studio
