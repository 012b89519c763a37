#pragma once
// The Results dock: summary cards (coloured pass / fail by the design's rules) above a filterable
// metric table, greyed while stale. "Set as Baseline" keeps the results shown (and the design
// they came from); later results are then shown beside it: a Baseline and a Change column, the
// change green where it is better and red where it is worse (eval/metric_comparison.h), each card
// with its change, and a line that says what was edited since (model/design_diff.h) and warns
// when the two were evaluated on different thermal grids.
#include "eval/evaluator.h"
#include "eval/rules.h"
#include "model/design.h"
#include "model/design_diff.h"

#include <QDateTime>
#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace strata::studio {

class ResultsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPanel(QWidget* parent = nullptr);
    // `design` is the design the result was evaluated for, `resolution` its thermal grid.
    void setResult(const EvalResult& result, bool stale, const std::vector<CheckRule>& rules,
                   const Design& design, const QString& resolution);
    void setStale(bool stale);
    void setBaseline(); // the results shown become the baseline
    // Another evaluation (of another design: `label` names it) becomes the baseline.
    void setBaseline(const EvalResult& result, const Design& design, const QString& resolution,
                     const QString& label);
    void clearBaseline();
    bool hasBaseline() const { return baseline_.has_value(); }
    QTableWidget* table() const { return table_; }
    QLabel* baselineLabel() const { return baselineLabel_; }

private:
    struct Baseline {
        EvalResult result;
        Design design;
        QString resolution;
        QDateTime taken;
        QString label; // what it is, when not the results of this session's design at `taken`
    };
    QLineEdit* filter_;
    QCheckBox* changedOnly_;
    QPushButton* setBaseline_;
    QPushButton* clearBaseline_;
    QLabel* baselineLabel_;
    QTableWidget* table_;
    std::vector<QLabel*> cards_;
    EvalResult shown_;
    Design shownDesign_;
    std::vector<DesignChange> edits_; // from the baseline's design to the shown one
    QString shownResolution_;
    std::vector<CheckRule> rules_;
    std::optional<Baseline> baseline_;
    bool stale_ = true;
    void fill();
    void fillCards();
    void fillBaselineLine();
    void updateEdits();
};

} // namespace strata::studio
