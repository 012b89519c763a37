#include "transient_panel.h"

#include "interop/heatmap.h"
#include "thermal/power_trace.h"
#include "thermal_map.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace strata::studio {

namespace {
constexpr const char* kBlockPrefix = "thermal.transient.block.";

QString blockName(const Series& s) {
    return QString::fromStdString(s.name.substr(std::string(kBlockPrefix).size()));
}

// A table cell holding a number: shows `decimals` places, sorts by value (not by its text).
struct NumberItem : QTableWidgetItem {
    bool operator<(const QTableWidgetItem& other) const override {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};

// 1, 2 or 5 times a power of ten, at least `raw`: an axis tick interval.
double niceStep(double raw) {
    if (!(raw > 0))
        return 1;
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0})
        if (m * decade >= raw * (1 - 1e-9))
            return m * decade;
    return 10 * decade;
}

QTableWidgetItem* numberItem(double v, int decimals) {
    auto* item = new NumberItem;
    item->setData(Qt::DisplayRole, QString::number(v, 'f', decimals));
    item->setData(Qt::UserRole, v);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
} // namespace

TransientPanel::TransientPanel(QWidget* parent) : QWidget(parent) {
    path_ = new QLineEdit;
    path_->setPlaceholderText(
        tr("power trace CSV: time_s, then one column of watts per block; or a HotSpot .ptrace"));
    path_->setToolTip(tr("Header: time_s,<die>.<block>,… (block ids as in thermal.block.* "
                         "metrics); each row's powers hold until the next row's time, the last "
                         "row ends the run; blocks not listed keep their design power. The run "
                         "starts from ambient."));
    auto* browseButton = new QPushButton(tr("Browse…"));
    interval_ = new QLineEdit;
    interval_->setObjectName("trace interval");
    interval_->setPlaceholderText(tr("interval, s"));
    interval_->setToolTip(tr("A HotSpot trace (.ptrace: block names, then one row of watts per "
                             "sampling interval) does not hold its interval: give it here "
                             "(HotSpot's -sampling_intvl), in seconds"));
    interval_->setMaximumWidth(110);
    steps_ = new QSpinBox;
    steps_->setRange(1, 1000000);
    steps_->setValue(100);
    steps_->setToolTip(tr("Time steps over the whole trace, at least one per row (TR-BDF2: "
                          "second order, two solves per step)"));
    start_ = new QComboBox;
    start_->addItem(tr("from ambient"), "ambient");
    start_->addItem(tr("from steady state"), "steady");
    start_->setToolTip(tr("From ambient: power-on, every block at the ambient temperature.\n"
                          "From steady state: the temperatures the first row's powers settle "
                          "at, as after a long run (the sink's minutes-long warm-up skipped)."));
    run_ = new QPushButton;
    export_ = new QPushButton(tr("Export CSV…"));
    export_->setEnabled(false);
    caption_ = new QLabel;
    caption_->setWordWrap(true);
    caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    chart_ = new QChartView;
    chart_->setRenderHint(QPainter::Antialiasing);
    chart_->setMinimumSize(240, 160);
    peaks_ = new QTableWidget(0, 4);
    peaks_->setHorizontalHeaderLabels({tr("Block"), tr("Peak °C"), tr("At s"), tr("End °C")});
    peaks_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    peaks_->verticalHeader()->hide();
    peaks_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    peaks_->setSelectionBehavior(QAbstractItemView::SelectRows);
    peaks_->setSelectionMode(QAbstractItemView::SingleSelection);
    peaks_->setToolTip(tr("Select a block to highlight its curve and see all dies at its peak"));
    map_ = new FieldPlot;
    map_->setMinimumSize(220, 160);
    time_ = new QSlider(Qt::Horizontal);
    time_->setToolTip(tr("The moment the map shows (snapshots evenly spaced over the run)"));
    mapCaption_ = new QLabel;
    mapCaption_->setWordWrap(true);
    auto* mapBox = new QWidget;
    auto* mapLayout = new QVBoxLayout(mapBox);
    mapLayout->setContentsMargins(0, 0, 0, 0);
    mapLayout->addWidget(map_, 1);
    mapLayout->addWidget(time_);
    mapLayout->addWidget(mapCaption_);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Trace:")));
    top->addWidget(path_, 1);
    top->addWidget(browseButton);
    top->addWidget(interval_);
    top->addWidget(new QLabel(tr("Steps:")));
    top->addWidget(steps_);
    top->addWidget(start_);
    top->addWidget(run_);
    top->addWidget(export_);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(chart_);
    split->addWidget(mapBox);
    split->addWidget(peaks_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setStretchFactor(2, 0);
    split->setSizes({450, 300, 320}); // the table is the legend: as wide as its columns need
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(caption_);
    layout->addWidget(split, 1);

    const QSettings settings;
    path_->setText(settings.value("transient/trace").toString());
    steps_->setValue(settings.value("transient/steps", 100).toInt());
    interval_->setText(settings.value("transient/interval").toString());
    auto showInterval = [this] { interval_->setVisible(traceNeedsInterval(trace())); };
    connect(path_, &QLineEdit::textChanged, this, showInterval);
    showInterval();
    setStartFromSteadyState(settings.value("transient/start").toString() == "steady");
    connect(browseButton, &QPushButton::clicked, this, &TransientPanel::browse);
    connect(run_, &QPushButton::clicked, this, [this] {
        if (pending_)
            emit stopRequested();
        else
            run();
    });
    connect(path_, &QLineEdit::returnPressed, this, &TransientPanel::run);
    connect(peaks_, &QTableWidget::currentCellChanged, this, [this](int row) { highlight(row); });
    connect(map_, &FieldPlot::hovered, mapCaption_, &QLabel::setText);
    connect(time_, &QSlider::valueChanged, this, &TransientPanel::showFrame);
    clear(); // also names the Run button
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString base = QFileInfo(shownTrace_).completeBaseName();
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export transient"), base + ".temperatures.csv", tr("CSV (*.csv)"));
        if (path.isEmpty())
            return;
        const QString err = exportCsv(path);
        emit message(err.isEmpty() ? tr("Wrote %1").arg(path) : err);
    });
}

void TransientPanel::setTrace(const QString& path) {
    path_->setText(path);
}

QString TransientPanel::trace() const {
    return path_->text().trimmed();
}

bool traceNeedsInterval(const QString& path) {
    if (path.isEmpty())
        return false; // nothing chosen yet (QFile would warn on an empty name)
    QFile f(path);
    // The header is near the start: a few kB decide (thermal::isHotSpotTrace, the parser's rule).
    return f.open(QIODevice::ReadOnly) && thermal::isHotSpotTrace(f.read(4096).toStdString());
}

void TransientPanel::setInterval(double seconds) {
    interval_->setText(QString::number(seconds, 'g', 12));
}

double TransientPanel::interval() const {
    bool ok = false;
    const double seconds = interval_->text().trimmed().toDouble(&ok);
    return ok && seconds > 0 && std::isfinite(seconds) ? seconds : 0.0;
}

void TransientPanel::setSteps(int steps) {
    steps_->setValue(steps);
}

void TransientPanel::setStartFromSteadyState(bool steady) {
    start_->setCurrentIndex(steady ? 1 : 0);
}

bool TransientPanel::browse() {
    const QString start = trace().isEmpty() ? startDir_ : QFileInfo(trace()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Power trace"), start,
        tr("Power traces (*.csv *.ptrace);;CSV (*.csv);;HotSpot traces (*.ptrace);;All files (*)"));
    if (path.isEmpty())
        return false;
    setTrace(path);
    return true;
}

void TransientPanel::run() {
    if (trace().isEmpty() && !browse())
        return;
    const QFileInfo file(trace());
    if (!file.isFile()) {
        caption_->setText(tr("No such file: %1").arg(trace()));
        return;
    }
    double interval = 0;
    if (traceNeedsInterval(file.absoluteFilePath())) {
        interval = this->interval();
        if (!(interval > 0)) {
            caption_->setText(tr("%1 is a HotSpot trace: give its sampling interval in seconds "
                                 "(HotSpot's -sampling_intvl) beside the file")
                                  .arg(file.fileName()));
            interval_->setFocus();
            return;
        }
    }
    QSettings settings;
    settings.setValue("transient/trace", file.absoluteFilePath());
    settings.setValue("transient/steps", steps_->value());
    settings.setValue("transient/interval", interval_->text().trimmed());
    const QString start = start_->currentData().toString();
    settings.setValue("transient/start", start);
    setPending(true);
    caption_->setText(tr("Simulating %1 in %2 steps %3…")
                          .arg(file.fileName())
                          .arg(steps_->value())
                          .arg(start_->currentText()));
    runStart_ = start_->currentText();
    emit runRequested(file.absoluteFilePath(), steps_->value(), start, interval);
}

void TransientPanel::setResult(const EvalResult& result, const QString& trace) {
    if (trace.isEmpty()) {
        if (pending_) { // an edit cancelled the run; its evaluation was a plain one
            setPending(false);
            caption_->setText(tr("The transient was stopped: the design was edited while it ran. "
                                 "Press Run to simulate it again."));
        }
        return;
    }
    setPending(false);
    shownTrace_ = trace;
    std::vector<Series> series;
    for (const Series& s : result.series)
        if (s.name.rfind(kBlockPrefix, 0) == 0 && !s.time_s.empty())
            series.push_back(s);
    if (series.empty()) { // the trace was refused: say why (the Issues list has it too)
        QString why = tr("the evaluation was stopped");
        for (const Diagnostic& d : result.diagnostics)
            if (d.severity == Severity::Error) {
                why = QString::fromStdString(format(d));
                break;
            }
        clear();
        caption_->setText(
            tr("No transient of %1 — %2").arg(QFileInfo(trace).fileName(), why.toHtmlEscaped()));
        return;
    }
    show(series, result);
}

void TransientPanel::show(const std::vector<Series>& series, const EvalResult& result) {
    shown_ = series;
    auto* chart = new QChart;
    auto* axisX = new QValueAxis;
    auto* axisY = new QValueAxis;
    axisX->setTitleText(tr("time (s)"));
    axisY->setTitleText(tr("hottest cell of each block (°C)"));
    chart->addAxis(axisX, Qt::AlignBottom);
    chart->addAxis(axisY, Qt::AlignLeft);
    double lo = 1e300, hi = -1e300, peak = -1e300, peakAt = 0;
    QString peakBlock;
    peaks_->setSortingEnabled(false);
    peaks_->setRowCount(static_cast<int>(series.size()));
    for (std::size_t b = 0; b < series.size(); ++b) {
        const Series& s = series[b];
        auto* line = new QLineSeries;
        line->setName(blockName(s));
        // Hues a golden angle apart: a dozen blocks stay distinguishable (the chart theme has
        // five colours and repeats them).
        line->setColor(
            QColor::fromHsv(static_cast<int>((b * 137 + 210) % 360), 200, b % 2 ? 170 : 215));
        const std::size_t n = std::min(s.time_s.size(), s.values.size());
        std::size_t top = 0;
        for (std::size_t t = 0; t < n; ++t) {
            line->append(s.time_s[t], s.values[t]);
            lo = std::min(lo, s.values[t]);
            hi = std::max(hi, s.values[t]);
            if (s.values[t] > s.values[top])
                top = t;
        }
        chart->addSeries(line);
        line->attachAxis(axisX);
        line->attachAxis(axisY);
        if (n > 0 && s.values[top] > peak) {
            peak = s.values[top];
            peakAt = s.time_s[top];
            peakBlock = blockName(s);
        }
        const int row = static_cast<int>(b);
        auto* name = new QTableWidgetItem(blockName(s));
        name->setData(Qt::DecorationRole, line->color()); // the table is the chart's legend
        name->setData(Qt::UserRole, row);                 // the series' index, kept through sorting
        peaks_->setItem(row, 0, name);
        peaks_->setItem(row, 1, numberItem(n ? s.values[top] : 0, 2));
        peaks_->setItem(row, 2, numberItem(n ? s.time_s[top] : 0, 3));
        peaks_->setItem(row, 3, numberItem(n ? s.values[n - 1] : 0, 2));
    }
    peaks_->setSortingEnabled(true);
    peaks_->sortItems(1, Qt::DescendingOrder);
    peaks_->resizeColumnsToContents();
    int width = 2 * peaks_->frameWidth() + peaks_->verticalScrollBar()->sizeHint().width();
    for (int c = 0; c < peaks_->columnCount(); ++c)
        width += peaks_->columnWidth(c);
    peaks_->setMinimumWidth(width); // every column visible; the chart takes the rest
    const double begin = series.front().time_s.front(), end = series.front().time_s.back();
    axisX->setRange(begin, end); // the trace's span exactly, ticks at round times
    axisX->setTickType(QValueAxis::TicksDynamic);
    axisX->setTickAnchor(0);
    axisX->setTickInterval(niceStep((end - begin) / 8));
    const double pad = std::max(0.5, 0.05 * (hi - lo));
    axisY->setRange(lo - pad, hi + pad);
    axisY->applyNiceNumbers();
    chart->legend()->hide(); // the table names the curves, in their colours
    chart->setMargins(QMargins(4, 4, 4, 4));
    marker_ = nullptr; // goes with the chart shown before
    replaceChart(chart);
    export_->setEnabled(true);
    // The moment marker: a vertical line over the curves' range (showFrame places it).
    chartLo_ = axisY->min();
    chartHi_ = axisY->max();
    marker_ = new QLineSeries;
    marker_->setObjectName("time marker");
    marker_->setPen(QPen(QColor(90, 90, 90), 1, Qt::DashLine));
    chart->addSeries(marker_);
    marker_->attachAxis(axisX);
    marker_->attachAxis(axisY);
    frames_.clear();
    double mapLo = 1e300, mapHi = -1e300; // one scale for every snapshot
    for (const Field& f : result.fields)
        if (f.time_s >= 0 && f.name.rfind("thermal.transient.map.", 0) == 0) {
            frames_.push_back(f);
            const auto [coolest, hottest] = valueRange(f);
            mapLo = std::min(mapLo, coolest);
            mapHi = std::max(mapHi, hottest);
        }
    std::sort(frames_.begin(), frames_.end(),
              [](const Field& a, const Field& b) { return a.time_s < b.time_s; });
    map_->setOutlines(dieOutlines(result));
    map_->setScale(mapLo, std::max(mapHi, mapLo + 0.1));
    time_->setEnabled(!frames_.empty());
    time_->blockSignals(true);
    time_->setRange(0, std::max(0, static_cast<int>(frames_.size()) - 1));
    time_->setValue(time_->maximum()); // the end of the run
    time_->blockSignals(false);
    showFrame(time_->value());
    const Metric* steps = result.metric("thermal.transient.steps");
    shownSummary_ =
        tr("%1: %2 steps over %3 s %4; peak %5 °C in %6 at %7 s. Each die's peak map "
           "(every cell's hottest moment) is in the Thermal map.")
            .arg(QFileInfo(shownTrace_).fileName())
            .arg(steps ? steps->value : static_cast<double>(series.front().time_s.size() - 1))
            .arg(end - begin, 0, 'g', 4)
            .arg(runStart_)
            .arg(peak, 0, 'f', 2)
            .arg(peakBlock)
            .arg(peakAt, 0, 'g', 4);
    caption_->setText(shownSummary_);
}

void TransientPanel::setPending(bool pending) {
    pending_ = pending;
    run_->setText(pending ? tr("Stop") : tr("Run"));
    run_->setToolTip(pending ? tr("Stop the simulation (the steady results stay)")
                             : tr("Simulate the trace at the thermal resolution of Evaluate Now"));
}

void TransientPanel::showProgress(const QString& stage, double fraction) {
    if (pending_ && stage == "thermal transient")
        caption_->setText(tr("Simulating %1: %2 % of the steps done…")
                              .arg(QFileInfo(trace()).fileName())
                              .arg(100 * fraction, 0, 'f', 0));
}

void TransientPanel::stopped() {
    if (!pending_)
        return;
    setPending(false);
    caption_->setText(tr("The transient was stopped before its end: press Run to simulate it "
                         "again.") +
                      (shownSummary_.isEmpty() ? QString() : " " + tr("Shown: ") + shownSummary_));
}

void TransientPanel::designChanged() {
    if (shownSummary_.isEmpty() || pending_)
        return;
    caption_->setText(shownSummary_ + " " +
                      tr("<b>The design has changed since this run</b>: press Run to update."));
}

// QChartView::setChart releases the chart it showed without deleting it (LeakSanitizer found
// every Run and every new design leaking one with its series).
void TransientPanel::replaceChart(QChart* chart) {
    QChart* old = chart_->chart();
    chart_->setChart(chart);
    delete old;
}

void TransientPanel::clear() {
    setPending(false);
    shown_.clear();
    shownSummary_.clear();
    shownTrace_.clear();
    peaks_->setRowCount(0);
    marker_ = nullptr; // goes with the chart shown before
    replaceChart(new QChart);
    frames_.clear();
    time_->setEnabled(false);
    showFrame(-1);
    export_->setEnabled(false);
    caption_->setText(tr("No transient yet: choose a power trace and press Run."));
}

void TransientPanel::highlight(int row) {
    if (!chart_->chart() || row < 0 || !peaks_->item(row, 0))
        return;
    const int chosen = peaks_->item(row, 0)->data(Qt::UserRole).toInt();
    const QList<QAbstractSeries*> lines = chart_->chart()->series();
    for (int i = 0; i < lines.size(); ++i)
        if (auto* line = qobject_cast<QLineSeries*>(lines[i]); line && line != marker_) {
            QPen pen = line->pen();
            pen.setWidthF(i == chosen ? 3.5 : 1.5);
            line->setPen(pen);
        }
    // All dies at the snapshot nearest the block's peak.
    if (frames_.empty() || !peaks_->item(row, 2))
        return;
    const double at = peaks_->item(row, 2)->data(Qt::UserRole).toDouble();
    const auto nearest =
        std::min_element(frames_.begin(), frames_.end(), [at](const Field& a, const Field& b) {
            return std::fabs(a.time_s - at) < std::fabs(b.time_s - at);
        });
    time_->setValue(static_cast<int>(nearest - frames_.begin()));
}

void TransientPanel::showFrame(int index) {
    if (index < 0 || index >= static_cast<int>(frames_.size())) {
        map_->setField(nullptr, false);
        mapCaption_->clear();
        return;
    }
    const Field& f = frames_[static_cast<std::size_t>(index)];
    map_->setField(&f, false);
    if (marker_)
        marker_->replace(QList<QPointF>{{f.time_s, chartLo_}, {f.time_s, chartHi_}});
    const double hottest = valueRange(f).second;
    mapCaption_->setText(tr("All dies at %1 s (snapshot %2 of %3): hottest %4 °C")
                             .arg(f.time_s, 0, 'g', 4)
                             .arg(index + 1)
                             .arg(frames_.size())
                             .arg(hottest, 0, 'f', 2));
}

QString TransientPanel::exportCsv(const QString& path) const {
    if (shown_.empty())
        return tr("There is no transient to export: run one first.");
    return QString::fromStdString(writeSeriesCsv(shown_, path.toStdString()));
}

} // namespace strata::studio
