#pragma once
// Sweep explorer (DESIGN.md § GUI): opens a results store (.db written by strata.sweep or
// strata.optimize), lists every evaluation with its parameters and metrics, plots two chosen
// metrics against each other with the Pareto front of the two (each minimised or maximised),
// and opens the design of a picked point — click a point or a row, then "Open design".
#include "store/result_store.h"

#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QChartView;
class QComboBox;
class QLabel;
class QTableWidget;

namespace strata::studio {

class SweepExplorer : public QWidget {
    Q_OBJECT
public:
    explicit SweepExplorer(QWidget* parent = nullptr);
    ~SweepExplorer() override;

    QString open(const QString& path); // empty on success, else the error
    QComboBox* xMetric() { return x_; }
    QComboBox* yMetric() { return y_; }
    QCheckBox* xMaximise() { return xMax_; }
    QCheckBox* yMaximise() { return yMax_; }
    QTableWidget* table() { return table_; }
    QChartView* chart() { return chart_; }
    const std::vector<std::int64_t>& paretoIds() const { return front_; }
    std::int64_t selectedId() const;
    void pick(std::int64_t evaluation); // selects its row
    void openSelected();                // emits openDesign for the selected row

signals:
    void openDesign(const strata::Design& design, const QString& label);
    void message(const QString& text);

private:
    void fillTable();
    void replot();

    std::unique_ptr<ResultStore> store_;
    EvaluationTable data_;
    QString path_;
    QLabel* file_;
    QTableWidget* table_;
    QComboBox *x_, *y_;
    QCheckBox *xMax_, *yMax_;
    QChartView* chart_;
    std::vector<std::int64_t> front_;
    std::vector<std::pair<QPointF, std::int64_t>> plotted_;
};

} // namespace strata::studio
