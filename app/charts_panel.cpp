#include "charts_panel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPieSeries>
#include <QScatterSeries>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <map>

namespace strata::studio {

namespace {
const Table* table(const EvalResult& r, const std::string& name) {
    for (const Table& t : r.tables)
        if (t.name == name)
            return &t;
    return nullptr;
}
} // namespace

ChartsPanel::ChartsPanel(QWidget* parent) : QTabWidget(parent) {
    power_ = new QChartView;
    powerByDie_ = new QChartView;
    operators_ = new QChartView;
    roofline_ = new QChartView;
    cost_ = new QChartView;
    reliability_ = new QChartView;
    phase_ = new QComboBox;
    phase_->setToolTip(tr("Phase of the workload shown in the operator and roofline charts"));
    links_ = new QTableWidget(0, 3);
    links_->setHorizontalHeaderLabels({tr("Link"), tr("Utilisation"), tr("Peak")});
    links_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    links_->verticalHeader()->hide();
    links_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (QChartView* v : {power_, powerByDie_, operators_, roofline_, cost_, reliability_})
        v->setRenderHint(QPainter::Antialiasing);
    auto* perf = new QWidget;
    auto* layout = new QVBoxLayout(perf);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Phase:")));
    top->addWidget(phase_, 1);
    layout->addLayout(top);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(operators_);
    split->addWidget(roofline_);
    layout->addWidget(split, 1);
    connect(phase_, &QComboBox::currentTextChanged, this, &ChartsPanel::showPhase);
    auto* power = new QSplitter(Qt::Horizontal); // by kind beside by die
    power->addWidget(power_);
    power->addWidget(powerByDie_);
    addTab(power, tr("Power"));
    addTab(perf, tr("Operators"));
    addTab(links_, tr("Links"));
    addTab(cost_, tr("Cost"));
    addTab(reliability_, tr("Reliability"));
}

void ChartsPanel::setResult(const EvalResult& r) {
    // Power breakdown.
    auto* pie = new QPieSeries;
    auto value = [&](const char* name) {
        const Metric* m = r.metric(name);
        return m ? m->value : 0.0;
    };
    const double leakage = value("power.leakage_w");
    const double parts = value("power.compute_w") + value("power.onchip_w") +
                         value("power.idle_w") + value("power.memory_w") + value("power.link_w");
    for (const auto& [label, w] :
         {std::pair{tr("compute"), value("power.compute_w")},
          {tr("on-chip SRAM"), value("power.onchip_w")},
          {tr("idle clock"), value("power.idle_w")},
          {tr("memory"), value("power.memory_w")},
          {tr("links"), value("power.link_w")},
          {tr("leakage"), leakage},
          {tr("fixed blocks"), std::max(0.0, value("power.dynamic_w") - parts)}})
        if (w > 0)
            pie->append(QString("%1 %2 W").arg(label).arg(w, 0, 'f', 1), w);
    auto* powerChart = new QChart;
    powerChart->addSeries(pie);
    powerChart->setTitle(tr("Power: %1 W").arg(value("power.total_w"), 0, 'f', 1));
    powerChart->legend()->setAlignment(Qt::AlignRight);
    QChart* old = power_->chart();
    power_->setChart(powerChart);
    delete old;
    // By die (power.die.<id>.total_w adds up to power.total_w).
    auto* diePie = new QPieSeries;
    for (const Metric& m : r.metrics) {
        const std::string prefix = "power.die.", suffix = ".total_w";
        if (m.name.rfind(prefix, 0) != 0 || !m.name.ends_with(suffix) || m.value <= 0)
            continue;
        const std::string id =
            m.name.substr(prefix.size(), m.name.size() - prefix.size() - suffix.size());
        diePie->append(QString("%1 %2 W").arg(QString::fromStdString(id)).arg(m.value, 0, 'f', 1),
                       m.value);
    }
    auto* dieChart = new QChart;
    dieChart->addSeries(diePie);
    dieChart->setTitle(tr("By die"));
    dieChart->legend()->setAlignment(Qt::AlignRight);
    old = powerByDie_->chart();
    powerByDie_->setChart(dieChart);
    delete old;

    // Operators: keep the table and the roofs; the phase list redraws the two charts.
    const Table* operators = table(r, "perf.operators");
    ops_ = operators ? *operators : Table{};
    peakFlops_ = value("perf.peak_flops_per_s");
    peakBps_ = value("perf.peak_memory_bytes_per_s");
    QStringList phases;
    for (const auto& row : ops_.text)
        if (!phases.contains(QString::fromStdString(row[0])))
            phases << QString::fromStdString(row[0]);
    const QString keep = phase_->currentText();
    {
        const QSignalBlocker block(phase_);
        phase_->clear();
        phase_->addItems(phases);
        // The phase shown before, else the last (decode when there is one).
        phase_->setCurrentIndex(
            static_cast<int>(phases.contains(keep) ? phases.indexOf(keep) : phases.size() - 1));
    }
    showPhase(phase_->currentText());

    // Cost of one good package: the parts the cost evaluator adds up to cost.package_usd.
    auto* costPie = new QPieSeries;
    for (const auto& [label, metric] : {std::pair{tr("known-good dies"), "cost.silicon_usd"},
                                        {tr("interposer"), "cost.interposer_usd"},
                                        {tr("substrate"), "cost.substrate_usd"},
                                        {tr("assembly"), "cost.assembly_usd"},
                                        {tr("yield loss"), "cost.yield_loss_usd"}})
        if (const double usd = value(metric); usd > 0)
            costPie->append(QString("%1 %2 USD").arg(label).arg(usd, 0, 'f', 0), usd);
    auto* costChart = new QChart;
    costChart->addSeries(costPie);
    costChart->setTitle(r.metric("cost.package_usd")
                            ? tr("Cost of a good package: %1 USD (package yield %2 %)")
                                  .arg(value("cost.package_usd"), 0, 'f', 0)
                                  .arg(100 * value("cost.package_yield"), 0, 'f', 0)
                            : tr("Cost not evaluated"));
    costChart->legend()->setAlignment(Qt::AlignRight);
    old = cost_->chart();
    cost_->setChart(costChart);
    delete old;

    // Failure rate of every die, by mechanism (sums of reliability.block.<die>.<block>.<m>_fit).
    const QStringList mechanisms{"em", "sm", "tddb", "tc"};
    std::map<std::string, std::map<QString, double>> byDie;
    const std::string blockPrefix = "reliability.block.";
    for (const Metric& m : r.metrics) {
        if (m.name.rfind(blockPrefix, 0) != 0 || !m.name.ends_with("_fit"))
            continue;
        const std::string rest = m.name.substr(blockPrefix.size());
        const std::string die = rest.substr(0, rest.find('.'));
        const QString mech = QString::fromStdString(
            rest.substr(rest.rfind('.') + 1, rest.size() - rest.rfind('.') - 1 - 4));
        if (mechanisms.contains(mech))
            byDie[die][mech] += m.value;
    }
    auto* relChart = new QChart;
    if (!byDie.empty()) {
        auto* bars = new QHorizontalStackedBarSeries;
        QStringList dies;
        for (const auto& [die, fits] : byDie)
            dies << QString::fromStdString(die);
        for (const QString& mech : mechanisms) {
            auto* set = new QBarSet(mech.toUpper());
            for (const auto& [die, fits] : byDie)
                *set << (fits.count(mech) ? fits.at(mech) : 0.0);
            bars->append(set);
        }
        relChart->addSeries(bars);
        auto* axisY = new QBarCategoryAxis;
        axisY->append(dies);
        axisY->setTruncateLabels(false);
        relChart->addAxis(axisY, Qt::AlignLeft);
        bars->attachAxis(axisY);
        auto* axisX = new QValueAxis;
        axisX->setTitleText(tr("FIT (failures per 10⁹ device-hours)"));
        relChart->addAxis(axisX, Qt::AlignBottom);
        bars->attachAxis(axisX);
        relChart->setTitle(tr("System %1 FIT, MTTF %2 years")
                               .arg(value("reliability.system_fit"), 0, 'f', 0)
                               .arg(value("reliability.mttf_years"), 0, 'f', 1));
        relChart->legend()->setAlignment(Qt::AlignBottom);
    } else {
        relChart->setTitle(tr("Reliability not evaluated"));
    }
    old = reliability_->chart();
    reliability_->setChart(relChart);
    delete old;

    links_->setRowCount(0);
    if (const Table* t = table(r, "bandwidth.links"))
        for (std::size_t i = 0; i < t->text.size(); ++i) {
            const int row = links_->rowCount();
            links_->insertRow(row);
            links_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(t->text[i][0])));
            for (int c = 0; c < 2; ++c) {
                const double u = t->numbers[i][static_cast<std::size_t>(c)];
                auto* item = new QTableWidgetItem(QString("%1 %").arg(100 * u, 0, 'f', 1));
                item->setBackground(u > 0.9   ? QColor(246, 201, 201)
                                    : u > 0.7 ? QColor(250, 232, 190)
                                              : QColor(205, 235, 211));
                links_->setItem(row, c + 1, item);
            }
        }
}

void ChartsPanel::showPhase(const QString& phaseName) {
    const std::string phase = phaseName.toStdString();
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < ops_.text.size(); ++i)
        if (ops_.text[i][0] == phase)
            rows.push_back(i);
    // Columns of perf.operators (perf_evaluator.cpp): numbers = count, time s, share, GFLOP,
    // memory MB, link MB; text = phase, operator, kernel, placement, bound.
    auto* opsChart = new QChart;
    auto* roofChart = new QChart;
    if (!rows.empty()) {
        std::vector<std::size_t> slowest = rows;
        std::sort(slowest.begin(), slowest.end(), [&](std::size_t a, std::size_t b) {
            return ops_.numbers[a][1] > ops_.numbers[b][1];
        });
        slowest.resize(std::min<std::size_t>(slowest.size(), 10));
        std::reverse(slowest.begin(), slowest.end()); // slowest on top
        auto* set = new QBarSet(tr("time per step [ms]"));
        QStringList names;
        for (std::size_t i : slowest) {
            *set << ops_.numbers[i][1] * 1e3;
            names << QString::fromStdString(ops_.text[i][1] + " (" + ops_.text[i][4] + ")");
        }
        auto* series = new QHorizontalBarSeries;
        series->append(set);
        opsChart->addSeries(series);
        auto* axisY = new QBarCategoryAxis;
        axisY->append(names);
        axisY->setTruncateLabels(false); // short operator names: show them whole
        opsChart->addAxis(axisY, Qt::AlignLeft);
        series->attachAxis(axisY);
        auto* axisX = new QValueAxis;
        axisX->setTitleText(tr("ms"));
        opsChart->addAxis(axisX, Qt::AlignBottom);
        series->attachAxis(axisX);
        opsChart->setTitle(tr("Slowest operators, %1 (one pipeline stage)").arg(phaseName));
        opsChart->legend()->hide();

        // Roofline: achieved FLOP/s against FLOP per byte of memory traffic, per operator.
        auto* points = new QScatterSeries;
        points->setName(tr("operators"));
        points->setMarkerSize(9);
        double loI = 1e30, hiI = 0, loF = 1e30;
        for (std::size_t i : rows) {
            const double flops = ops_.numbers[i][3] * 1e9, bytes = ops_.numbers[i][4] * 1e6;
            const double time = ops_.numbers[i][1];
            if (flops <= 0 || bytes <= 0 || time <= 0)
                continue;
            const double intensity = flops / bytes, rate = flops / time;
            points->append(intensity, rate);
            loI = std::min(loI, intensity);
            hiI = std::max(hiI, intensity);
            loF = std::min(loF, rate);
        }
        if (points->count() > 0 && peakFlops_ > 0 && peakBps_ > 0) {
            const double ridge = peakFlops_ / peakBps_;
            loI = std::min(loI, ridge) / 4;
            hiI = std::max(hiI, ridge) * 4;
            auto* roof = new QLineSeries;
            roof->setName(tr("roof: %1 TFLOP/s, %2 TB/s")
                              .arg(peakFlops_ / 1e12, 0, 'f', 0)
                              .arg(peakBps_ / 1e12, 0, 'f', 2));
            for (double x : {loI, ridge, hiI})
                roof->append(x, std::min(peakFlops_, peakBps_ * x));
            roofChart->addSeries(roof);
            roofChart->addSeries(points);
            auto* ax = new QLogValueAxis;
            ax->setTitleText(tr("arithmetic intensity [FLOP/byte]"));
            ax->setLabelFormat("%g");
            ax->setRange(loI, hiI);
            auto* ay = new QLogValueAxis;
            ay->setTitleText(tr("achieved [FLOP/s]"));
            ay->setLabelFormat("%.0e");
            ay->setRange(std::min(loF, peakBps_ * loI) / 2, peakFlops_ * 2);
            roofChart->addAxis(ax, Qt::AlignBottom);
            roofChart->addAxis(ay, Qt::AlignLeft);
            for (QAbstractSeries* s : roofChart->series()) {
                s->attachAxis(ax);
                s->attachAxis(ay);
            }
            roofChart->setTitle(tr("Roofline, %1 (one die)").arg(phaseName));
            roofChart->legend()->setAlignment(Qt::AlignBottom);
        } else {
            delete points;
            roofChart->setTitle(tr("Roofline: no operator moves memory in %1").arg(phaseName));
        }
    } else {
        opsChart->setTitle(tr("No workload: no operators"));
        roofChart->setTitle(tr("No workload: no roofline"));
    }
    for (auto [view, chart] : {std::pair{operators_, opsChart}, {roofline_, roofChart}}) {
        QChart* old = view->chart();
        view->setChart(chart);
        delete old;
    }
}

} // namespace strata::studio
