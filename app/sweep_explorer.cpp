#include "sweep_explorer.h"

#include "sweep/nsga2.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace strata::studio {

SweepExplorer::SweepExplorer(QWidget* parent) : QWidget(parent) {
    auto* openButton = new QPushButton(tr("Open results…"));
    auto* openDesignButton = new QPushButton(tr("Open design"));
    file_ = new QLabel(tr("No results store open: run a sweep (strata.sweep with store = …) "
                          "and open its .db here."));
    file_->setWordWrap(true);
    table_ = new QTableWidget;
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    x_ = new QComboBox;
    y_ = new QComboBox;
    xMax_ = new QCheckBox(tr("maximise"));
    yMax_ = new QCheckBox(tr("maximise"));
    chart_ = new QChartView;
    chart_->setRenderHint(QPainter::Antialiasing);
    chart_->setMinimumHeight(220);

    auto* top = new QHBoxLayout;
    top->addWidget(openButton);
    top->addWidget(openDesignButton);
    top->addWidget(file_, 1);
    auto* axes = new QGridLayout;
    axes->addWidget(new QLabel(tr("X")), 0, 0);
    axes->addWidget(x_, 0, 1);
    axes->addWidget(xMax_, 0, 2);
    axes->addWidget(new QLabel(tr("Y")), 1, 0);
    axes->addWidget(y_, 1, 1);
    axes->addWidget(yMax_, 1, 2);
    axes->setColumnStretch(1, 1);
    auto* plot = new QWidget;
    auto* plotLayout = new QVBoxLayout(plot);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    plotLayout->addLayout(axes);
    plotLayout->addWidget(chart_, 1);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(table_);
    split->addWidget(plot);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(openButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open results store"), {},
                                                          tr("Strata results (*.db)"));
        if (path.isEmpty())
            return;
        if (const QString err = open(path); !err.isEmpty())
            emit message(err);
    });
    connect(openDesignButton, &QPushButton::clicked, this, &SweepExplorer::openSelected);
    connect(table_, &QTableWidget::cellDoubleClicked, this, [this] { openSelected(); });
    for (QComboBox* c : {x_, y_})
        connect(c, &QComboBox::currentTextChanged, this, &SweepExplorer::replot);
    for (QCheckBox* c : {xMax_, yMax_})
        connect(c, &QCheckBox::toggled, this, &SweepExplorer::replot);
}

SweepExplorer::~SweepExplorer() = default;

QString SweepExplorer::open(const QString& path) {
    std::string error;
    auto store = ResultStore::open(path.toStdString(), error);
    if (!store)
        return QString::fromStdString(error);
    store_ = std::move(store);
    path_ = path;
    data_ = store_->table();
    file_->setText(tr("%1: %n evaluation(s)", nullptr, static_cast<int>(data_.rows.size()))
                       .arg(QFileInfo(path).fileName()));
    fillTable();
    // Default axes: the first two metrics that vary over the evaluations.
    QStringList varying;
    for (const std::string& m : data_.metrics) {
        double lo = 1e300, hi = -1e300;
        for (const auto& r : data_.rows)
            if (const auto it = r.metrics.find(m); it != r.metrics.end()) {
                lo = std::min(lo, it->second);
                hi = std::max(hi, it->second);
            }
        if (hi > lo)
            varying << QString::fromStdString(m);
    }
    {
        const QSignalBlocker bx(x_), by(y_);
        x_->clear();
        y_->clear();
        for (const std::string& m : data_.metrics) {
            x_->addItem(QString::fromStdString(m));
            y_->addItem(QString::fromStdString(m));
        }
        if (varying.size() >= 1)
            x_->setCurrentText(varying[0]);
        if (varying.size() >= 2)
            y_->setCurrentText(varying[1]);
    }
    replot();
    return {};
}

void SweepExplorer::fillTable() {
    QStringList headers{tr("id"), tr("status")};
    for (const std::string& p : data_.params)
        headers << QString::fromStdString(p);
    for (const std::string& m : data_.metrics)
        headers << QString::fromStdString(m);
    table_->clear();
    table_->setColumnCount(static_cast<int>(headers.size()));
    table_->setHorizontalHeaderLabels(headers);
    table_->setRowCount(static_cast<int>(data_.rows.size()));
    for (int r = 0; r < table_->rowCount(); ++r) {
        const auto& row = data_.rows[static_cast<std::size_t>(r)];
        int c = 0;
        table_->setItem(r, c++, new QTableWidgetItem(QString::number(row.id)));
        auto* status = new QTableWidgetItem(QString::fromStdString(row.status));
        status->setToolTip(QString::fromStdString(row.error));
        table_->setItem(r, c++, status);
        for (const std::string& p : data_.params) {
            const auto it = row.params.find(p);
            table_->setItem(r, c++,
                            new QTableWidgetItem(it == row.params.end()
                                                     ? QString()
                                                     : QString::fromStdString(it->second)));
        }
        for (const std::string& m : data_.metrics) {
            const auto it = row.metrics.find(m);
            table_->setItem(r, c++,
                            new QTableWidgetItem(it == row.metrics.end()
                                                     ? QString()
                                                     : QString::number(it->second, 'g', 6)));
        }
    }
    table_->resizeColumnsToContents();
}

void SweepExplorer::replot() {
    const std::string xm = x_->currentText().toStdString(), ym = y_->currentText().toStdString();
    plotted_.clear();
    std::vector<Fitness> fitness;
    for (const auto& row : data_.rows) {
        const auto xi = row.metrics.find(xm), yi = row.metrics.find(ym);
        if (row.status != "ok" || xi == row.metrics.end() || yi == row.metrics.end())
            continue;
        plotted_.push_back({QPointF(xi->second, yi->second), row.id});
        Fitness f; // paretoFront minimises: a maximised metric enters negated
        f.objectives = {xMax_->isChecked() ? -xi->second : xi->second,
                        yMax_->isChecked() ? -yi->second : yi->second};
        fitness.push_back(f);
    }
    front_.clear();
    for (std::size_t i : paretoFront(fitness))
        front_.push_back(plotted_[i].second);
    std::sort(front_.begin(), front_.end());

    auto* chart = new QChart;
    auto* all = new QScatterSeries;
    all->setName(tr("evaluations"));
    all->setMarkerSize(8);
    all->setColor(QColor(120, 130, 150));
    auto* pareto = new QScatterSeries;
    pareto->setName(tr("Pareto front"));
    pareto->setMarkerSize(12);
    pareto->setColor(QColor(214, 69, 65));
    for (const auto& [p, id] : plotted_)
        (std::binary_search(front_.begin(), front_.end(), id) ? pareto : all)->append(p);
    chart->addSeries(all);
    chart->addSeries(pareto);
    // Axes with a margin, so points on the extremes are not cut by the plot's edge.
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (const auto& [p, id] : plotted_) {
        x0 = std::min(x0, p.x());
        x1 = std::max(x1, p.x());
        y0 = std::min(y0, p.y());
        y1 = std::max(y1, p.y());
    }
    auto* ax = new QValueAxis;
    auto* ay = new QValueAxis;
    if (!plotted_.empty()) {
        const double mx = std::max(0.05 * (x1 - x0), 1e-9 * std::max(1.0, std::fabs(x0)));
        const double my = std::max(0.05 * (y1 - y0), 1e-9 * std::max(1.0, std::fabs(y0)));
        ax->setRange(x0 - mx, x1 + mx);
        ay->setRange(y0 - my, y1 + my);
    }
    ax->setTitleText(x_->currentText());
    ay->setTitleText(y_->currentText());
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    for (QScatterSeries* s : {all, pareto}) {
        s->attachAxis(ax);
        s->attachAxis(ay);
    }
    chart->setTitle(
        plotted_.empty()
            ? tr("Nothing to plot")
            : tr("%1 evaluations, %2 on the Pareto front").arg(plotted_.size()).arg(front_.size()));
    for (QScatterSeries* s : {all, pareto})
        connect(s, &QScatterSeries::clicked, this, [this](const QPointF& at) {
            const auto nearest = std::min_element(
                plotted_.begin(), plotted_.end(), [&](const auto& a, const auto& b) {
                    return std::hypot(a.first.x() - at.x(), a.first.y() - at.y()) <
                           std::hypot(b.first.x() - at.x(), b.first.y() - at.y());
                });
            if (nearest != plotted_.end())
                pick(nearest->second);
        });
    QChart* old = chart_->chart();
    chart_->setChart(chart);
    delete old;
}

std::int64_t SweepExplorer::selectedId() const {
    const int row = table_->currentRow();
    return row < 0 || !table_->item(row, 0) ? -1 : table_->item(row, 0)->text().toLongLong();
}

void SweepExplorer::pick(std::int64_t evaluation) {
    for (int r = 0; r < table_->rowCount(); ++r)
        if (table_->item(r, 0)->text().toLongLong() == evaluation) {
            table_->selectRow(r);
            table_->scrollToItem(table_->item(r, 0));
        }
}

void SweepExplorer::openSelected() {
    const std::int64_t id = selectedId();
    if (!store_ || id < 0) {
        emit message(tr("Pick an evaluation first (click a point or a row)"));
        return;
    }
    std::string error;
    const auto design = store_->designOf(id, error);
    if (!design) {
        emit message(QString::fromStdString(error));
        return;
    }
    emit openDesign(*design, tr("evaluation %1 of %2").arg(id).arg(QFileInfo(path_).fileName()));
}

} // namespace strata::studio
