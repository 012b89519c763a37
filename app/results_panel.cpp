#include "results_panel.h"

#include "eval/metric_comparison.h"
#include "model/design_diff.h"
#include "resolution_menu.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace strata::studio {

namespace {

struct Card {
    const char* metric;
    const char* label;
    double scale;
    const char* unit;
};
const Card kCards[] = {{"thermal.tj_max_c", "Tj max", 1, "°C"},
                       {"power.total_w", "Power", 1, "W"},
                       {"perf.tokens_per_s", "Decode", 1, "tok/s"},
                       {"perf.ttft_s", "TTFT", 1e3, "ms"},
                       {"cost.package_usd", "Package", 1, "USD"},
                       {"cost.usd_per_mtoken", "Per Mtoken", 1, "USD"},
                       {"reliability.system_fit", "System FIT", 1, "FIT"}};

const QColor kBetter(20, 130, 50), kWorse(190, 20, 20), kNeutral(90, 90, 90);

// A change for a card: as many decimals as its size needs (-10.9, +2760, -0.0006).
QString signedChange(double v) {
    const double a = std::fabs(v);
    const QString digits = a >= 100  ? QString::number(v, 'f', 0)
                           : a >= 10 ? QString::number(v, 'f', 1)
                           : a >= 1  ? QString::number(v, 'f', 2)
                                     : QString::number(v, 'g', 2);
    return (v > 0 ? "+" : "") + digits;
}

QColor verdictColour(int verdict) {
    return verdict > 0 ? kBetter : verdict < 0 ? kWorse : kNeutral;
}

constexpr int kMaxListedEdits = 15; // in the baseline line's tooltip

} // namespace

ResultsPanel::ResultsPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* grid = new QGridLayout;
    int n = 0;
    for (const Card& c : kCards) {
        auto* card = new QLabel;
        card->setObjectName(c.metric);
        card->setAlignment(Qt::AlignCenter);
        card->setMinimumHeight(48);
        grid->addWidget(card, n / 4, n % 4);
        cards_.push_back(card);
        ++n;
    }
    layout->addLayout(grid);
    auto* baselineRow = new QHBoxLayout;
    setBaseline_ = new QPushButton(tr("Set as Baseline"));
    setBaseline_->setToolTip(tr("Keep these results: later ones are shown beside them, with the "
                                "change, green where better and red where worse"));
    clearBaseline_ = new QPushButton(tr("Clear"));
    clearBaseline_->setToolTip(tr("Forget the baseline"));
    baselineLabel_ = new QLabel;
    baselineLabel_->setWordWrap(true);
    baselineLabel_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum); // never clipped
    baselineRow->addWidget(setBaseline_);
    baselineRow->addWidget(clearBaseline_);
    baselineRow->addStretch(1);
    layout->addLayout(baselineRow);
    layout->addWidget(baselineLabel_);
    auto* filterRow = new QHBoxLayout;
    filter_ = new QLineEdit;
    filter_->setPlaceholderText(tr("Filter metrics (e.g. tj, tokens, usd)…"));
    filter_->setClearButtonEnabled(true);
    changedOnly_ = new QCheckBox(tr("Changed only"));
    changedOnly_->setChecked(true);
    filterRow->addWidget(filter_, 1);
    filterRow->addWidget(changedOnly_);
    layout->addLayout(filterRow);
    table_ = new QTableWidget(0, 3);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(table_);
    connect(filter_, &QLineEdit::textChanged, this, [this] { fill(); });
    connect(changedOnly_, &QCheckBox::toggled, this, [this] { fill(); });
    connect(setBaseline_, &QPushButton::clicked, this, [this] { setBaseline(); });
    connect(clearBaseline_, &QPushButton::clicked, this, &ResultsPanel::clearBaseline);
    fill();
}

void ResultsPanel::setResult(const EvalResult& result, bool stale,
                             const std::vector<CheckRule>& rules, const Design& design,
                             const QString& resolution) {
    shown_ = result;
    shownDesign_ = design;
    shownResolution_ = resolution;
    stale_ = stale;
    rules_ = rules;
    updateEdits();
    fill();
}

void ResultsPanel::setStale(bool stale) {
    stale_ = stale;
    fill();
}

void ResultsPanel::setBaseline() {
    if (shown_.metrics.empty() || stale_)
        return;
    baseline_ = Baseline{shown_, shownDesign_, shownResolution_, QDateTime::currentDateTime(), {}};
    updateEdits();
    fill();
}

void ResultsPanel::setBaseline(const EvalResult& result, const Design& design,
                               const QString& resolution, const QString& label) {
    baseline_ = Baseline{result, design, resolution, QDateTime::currentDateTime(), label};
    updateEdits();
    fill();
}

void ResultsPanel::clearBaseline() {
    baseline_.reset();
    updateEdits();
    fill();
}

// Once per result or baseline, not per repaint: fill() runs on every keystroke in the filter
// and on every edit (stale).
void ResultsPanel::updateEdits() {
    edits_ = baseline_ ? diffDesigns(baseline_->design, shownDesign_) : std::vector<DesignChange>{};
}

void ResultsPanel::fillCards() {
    // Green when every rule on the metric passes, red when one fails, grey without rules.
    const std::vector<RuleOutcome> outcomes = checkRules(rules_, shown_);
    for (std::size_t i = 0; i < cards_.size(); ++i) {
        const Card& c = kCards[i];
        const Metric* m = shown_.metric(c.metric);
        QString colour = "#eceff3";
        for (const RuleOutcome& o : outcomes)
            if (o.rule.metric == c.metric)
                colour = !o.passed ? "#f6c9c9" : colour == "#f6c9c9" ? colour : "#cdebd3";
        if (stale_)
            colour = "#f4f4f4";
        cards_[i]->setStyleSheet(
            QString("QLabel { background: %1; border-radius: 6px; color: %2; }")
                .arg(colour, stale_ ? "#999" : "#111"));
        QString text = QString("<small>%1</small><br><b>%2</b> %3")
                           .arg(tr(c.label))
                           .arg(m ? QString::number(m->value * c.scale, 'g', 4) : "–")
                           .arg(c.unit);
        const Metric* was = baseline_ ? baseline_->result.metric(c.metric) : nullptr;
        if (m && was && m->unit == was->unit) {
            const std::vector<MetricChange> change = compareMetrics({*was}, {*m});
            if (change[0].changed())
                text += QString("<br><small><span style='color:%1'>%2</span></small>")
                            .arg(verdictColour(change[0].verdict).name(),
                                 signedChange(change[0].delta() * c.scale));
            else
                text += tr("<br><small>unchanged</small>");
        }
        cards_[i]->setText(text);
    }
}

void ResultsPanel::fillBaselineLine() {
    setBaseline_->setEnabled(!stale_ && !shown_.metrics.empty());
    clearBaseline_->setVisible(baseline_.has_value());
    changedOnly_->setVisible(baseline_.has_value());
    baselineLabel_->setVisible(baseline_.has_value());
    if (!baseline_) {
        baselineLabel_->clear();
        baselineLabel_->setToolTip({});
        return;
    }
    const std::vector<DesignChange>& edits = edits_;
    const QString count =
        edits.size() == 1 ? tr("1 design change") : tr("%1 design changes").arg(edits.size());
    QString text =
        baseline_->label.isEmpty()
            ? tr("Baseline of %1 · %2 since").arg(baseline_->taken.toString("HH:mm:ss"), count)
            : tr("Baseline %1 · %2 from it").arg(baseline_->label.toHtmlEscaped(), count);
    if (baseline_->resolution != shownResolution_)
        text += tr("<br><b>⚠ Baseline on the %1, these on the %2</b>: temperatures differ by the "
                   "grid too")
                    .arg(resolutionLabel(baseline_->resolution), resolutionLabel(shownResolution_));
    baselineLabel_->setText(text);
    QString tip;
    for (int i = 0; i < static_cast<int>(edits.size()) && i < kMaxListedEdits; ++i)
        tip +=
            QString::fromStdString(describe(edits[static_cast<std::size_t>(i)])).toHtmlEscaped() +
            "<br>";
    if (static_cast<int>(edits.size()) > kMaxListedEdits)
        tip += tr("… and %1 more").arg(static_cast<int>(edits.size()) - kMaxListedEdits);
    baselineLabel_->setToolTip(tip.isEmpty() ? tr("The design is as it was") : tip);
}

void ResultsPanel::fill() {
    fillCards();
    fillBaselineLine();
    const bool compare = baseline_.has_value();
    std::vector<MetricChange> rows;
    if (compare) {
        rows = compareMetrics(baseline_->result.metrics, shown_.metrics);
    } else {
        for (const Metric& m : shown_.metrics) {
            MetricChange row;
            row.name = m.name;
            row.unit = m.unit;
            row.in_after = true;
            row.after = m.value;
            rows.push_back(std::move(row));
        }
    }
    table_->setRowCount(0);
    // Comparing, the unit goes with the numbers.
    table_->setColumnCount(compare ? 4 : 3);
    table_->setHorizontalHeaderLabels(
        compare ? QStringList{tr("Metric"), tr("Change"), tr("Value"), tr("Baseline")}
                : QStringList{tr("Metric"), tr("Value"), tr("Unit")});
    const QString f = filter_->text();
    const QColor ink = stale_ ? QColor(150, 150, 150) : QColor(20, 20, 20);
    for (const MetricChange& m : rows) {
        const QString name = QString::fromStdString(m.name);
        // Without a filter, the headline numbers only (no per-block or per-link rows).
        if (f.isEmpty() ? isDetailMetric(m.name) : !name.contains(f, Qt::CaseInsensitive))
            continue;
        if (compare && changedOnly_->isChecked() && !m.changed())
            continue;
        const int row = table_->rowCount();
        table_->insertRow(row);
        const QString unit = QString::fromStdString(m.unit);
        auto number = [&](bool present, double v, const std::string& u) {
            return !present  ? QString("–")
                   : compare ? QString("%1 %2")
                                   .arg(QString::number(v, 'g', 5), QString::fromStdString(u))
                                   .trimmed()
                             : QString::number(v, 'g', 5);
        };
        QStringList cells{name};
        if (compare) // the change first: in a narrow dock it is what must stay in view
            cells << (m.changed() ? QString::fromStdString(describeChange(m)) : tr("unchanged"))
                  << number(m.in_after, m.after, m.unit)
                  << number(m.in_before, m.before, m.before_unit);
        else
            cells << number(m.in_after, m.after, m.unit) << unit;
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setForeground(compare && c == 1 && !stale_ ? verdictColour(m.verdict) : ink);
            if (c >= 1 && (compare || c == 1))
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(row, c, item);
        }
    }
    // Plain: the names take the room left. Comparing: every column as wide as its text (the
    // baseline column scrolls into view where the dock is narrow; the names stay readable).
    table_->horizontalHeader()->setSectionResizeMode(0, compare ? QHeaderView::ResizeToContents
                                                                : QHeaderView::Stretch);
    for (int c = 1; c < table_->columnCount(); ++c)
        table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
}

} // namespace strata::studio
