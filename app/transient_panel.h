#pragma once
// The thermal transient of a power trace (thermal/transient.h): pick a trace CSV, a step count
// and the start (ambient, or the steady state of the trace's first row), run it (an evaluation at
// the full thermal resolution that also steps the trace), and see every block's hottest cell over
// time as lines, with a table of peaks (when, and the value at the end) and an export of the curves
// as CSV, and beside them the map of all dies at a moment chosen with a slider (a line on the
// chart marks it; choosing a block in the table shows the moment of its peak). The last run stays
// on show after later edits and live evaluations, marked as older than the design.
#include "eval/evaluator.h"

#include <QWidget>

#include <vector>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QLineSeries;
class QSlider;
class QSpinBox;
class QTableWidget;

namespace strata::studio {

class FieldPlot;

class TransientPanel : public QWidget {
    Q_OBJECT
public:
    explicit TransientPanel(QWidget* parent = nullptr);

    void setTrace(const QString& path);
    QString trace() const;
    void setSteps(int steps);
    void setInterval(double seconds); // a HotSpot trace's sampling interval
    double interval() const;          // the one given (seconds), 0 when none or not a number
    void setStartFromSteadyState(bool steady);
    // Where the file dialog opens when no trace is chosen yet (the design's folder).
    void setStartDirectory(const QString& dir) { startDir_ = dir; }

    // A finished evaluation. `trace`: the trace it simulated (empty: a plain evaluation, which
    // leaves the last transient on show; if a run was pending, it was superseded by an edit).
    void setResult(const EvalResult& result, const QString& trace);
    // The design changed: what is shown no longer describes it.
    void designChanged();
    // Another design was opened: forget the shown run (the trace and step count stay).
    void clear();
    // The running evaluation's progress (only the transient's stage is shown).
    void showProgress(const QString& stage, double fraction);
    // The evaluation was cancelled before its end (Stop, or an edit).
    void stopped();
    QPushButton* runButton() { return run_; }

    QChartView* chartView() { return chart_; }
    QTableWidget* peakTable() { return peaks_; }
    QLabel* caption() { return caption_; }
    QSlider* timeSlider() { return time_; }
    FieldPlot* mapView() { return map_; }
    // Writes the shown curves as CSV (time_s, then °C per block); an error text or empty.
    QString exportCsv(const QString& path) const;

public slots:
    // Runs the chosen trace (asks for one first when none is chosen).
    void run();
    bool browse(); // false: the user cancelled

signals:
    // start: "ambient" or "steady" (thermal/transient.h)
    // interval_s: a HotSpot trace's sampling interval (0 for Strata's CSV, which holds times).
    void runRequested(const QString& trace, int steps, const QString& start, double interval_s);
    void stopRequested(); // Stop pressed while the run is pending
    void message(const QString& text);

private:
    void show(const std::vector<Series>& series, const EvalResult& result);
    void highlight(int row);
    void setPending(bool pending);    // Run becomes Stop while a run is pending
    void showFrame(int index);        // the snapshot on the map, its time on the chart
    void replaceChart(QChart* chart); // shows `chart`, deletes the one shown before

    QLineEdit* path_;
    QLineEdit* interval_; // shown for HotSpot traces only
    QSpinBox* steps_;
    QComboBox* start_;
    QPushButton* run_;
    QPushButton* export_;
    QLabel* caption_;
    QChartView* chart_;
    QTableWidget* peaks_;
    QString startDir_, shownTrace_, shownSummary_;
    QString runStart_; // "from ambient" or "from steady state", as the last run was asked
    std::vector<Series> shown_;
    QSlider* time_;
    QLabel* mapCaption_;
    FieldPlot* map_;
    std::vector<Field> frames_;        // the run's snapshots of all dies, in time order
    QLineSeries* marker_ = nullptr;    // the chosen moment on the chart (owned by the chart)
    double chartLo_ = 0, chartHi_ = 1; // the chart's temperature range, for the marker
    bool pending_ = false;
};

// Whether a trace file is in HotSpot's form (no times: it needs its sampling interval), read
// from its header as the engine reads it; false for a file that cannot be read.
bool traceNeedsInterval(const QString& path);

} // namespace strata::studio
