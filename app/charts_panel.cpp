#include "charts_panel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QPieSeries>
#include <QTableWidget>
#include <QValueAxis>

#include <algorithm>

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
    operators_ = new QChartView;
    links_ = new QTableWidget(0, 3);
    links_->setHorizontalHeaderLabels({tr("Link"), tr("Utilisation"), tr("Peak")});
    links_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    links_->verticalHeader()->hide();
    links_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (QChartView* v : {power_, operators_})
        v->setRenderHint(QPainter::Antialiasing);
    addTab(power_, tr("Power"));
    addTab(operators_, tr("Operators"));
    addTab(links_, tr("Links"));
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

    // The slowest operators of the last phase in the table (decode when there is one).
    auto* opsChart = new QChart;
    if (const Table* t = table(r, "perf.operators"); t && !t->text.empty()) {
        const std::string phase = t->text.back()[0];
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < t->text.size(); ++i)
            if (t->text[i][0] == phase)
                rows.push_back(i);
        std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
            return t->numbers[a][1] > t->numbers[b][1];
        });
        rows.resize(std::min<std::size_t>(rows.size(), 10));
        std::reverse(rows.begin(), rows.end()); // slowest on top
        auto* set = new QBarSet(tr("time per step [ms]"));
        QStringList names;
        for (std::size_t i : rows) {
            *set << t->numbers[i][1] * 1e3;
            names << QString::fromStdString(t->text[i][1] + " (" + t->text[i][4] + ")");
        }
        auto* series = new QHorizontalBarSeries;
        series->append(set);
        opsChart->addSeries(series);
        auto* axisY = new QBarCategoryAxis;
        axisY->append(names);
        opsChart->addAxis(axisY, Qt::AlignLeft);
        series->attachAxis(axisY);
        auto* axisX = new QValueAxis;
        axisX->setTitleText(tr("ms"));
        opsChart->addAxis(axisX, Qt::AlignBottom);
        series->attachAxis(axisX);
        opsChart->setTitle(
            tr("Slowest operators, %1 (one pipeline stage)").arg(QString::fromStdString(phase)));
        opsChart->legend()->hide();
    } else {
        opsChart->setTitle(tr("No workload: no operators"));
    }
    old = operators_->chart();
    operators_->setChart(opsChart);
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

} // namespace strata::studio
