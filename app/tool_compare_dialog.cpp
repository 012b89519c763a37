#include "tool_compare_dialog.h"

#include "thermal_map.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace strata::studio {

ToolCompareDialog::ToolCompareDialog(ThermalComparison comparison, const QString& tool,
                                     double step_k, const QString& where, QWidget* parent)
    : QDialog(parent), comparison_(std::move(comparison)), table_(new QTableWidget(this)),
      die_(new QComboBox(this)), plot_(new FieldPlot(this)) {
    setWindowTitle(tr("%1 and Strata").arg(tool));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("%1's results in %2 (grid %3 × %4) beside Strata's for "
                                    "the same model. Difference = Strata − %1 on Strata's "
                                    "cells of each die's junction layer; %1 writes %5 K "
                                    "steps.")
                                     .arg(tool, where)
                                     .arg(comparison_.cols)
                                     .arg(comparison_.rows)
                                     .arg(step_k),
                                 this));
    layout->itemAt(0)->widget()->setProperty("wordWrap", true);
    table_->setColumnCount(5);
    table_->setHorizontalHeaderLabels({tr("Die"), tr("Strata max °C"), tr("%1 max °C").arg(tool),
                                       tr("Max |difference| K"), tr("Mean difference K")});
    table_->setRowCount(static_cast<int>(comparison_.dies.size()));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    for (int r = 0; r < table_->rowCount(); ++r) {
        const DieComparison& d = comparison_.dies[static_cast<std::size_t>(r)];
        const double values[4] = {d.strata_max_c, d.reference_max_c, d.max_abs_diff_k,
                                  d.mean_diff_k};
        table_->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(d.die)));
        for (int c = 0; c < 4; ++c) {
            auto* item = new QTableWidgetItem(QString::number(values[c], 'f', 2));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(r, c + 1, item);
        }
        die_->addItem(QString::fromStdString(d.die));
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table_);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Difference map of"), this));
    row->addWidget(die_, 1);
    layout->addLayout(row);
    plot_->setMinimumSize(480, 320);
    layout->addWidget(plot_, 1);
    auto* hover = new QLabel(this);
    layout->addWidget(hover);
    connect(plot_, &FieldPlot::hovered, hover, &QLabel::setText);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(die_, &QComboBox::currentIndexChanged, this, [this](int i) {
        plot_->setField(i >= 0 && i < static_cast<int>(comparison_.differences.size())
                            ? &comparison_.differences[static_cast<std::size_t>(i)]
                            : nullptr,
                        false);
    });
    connect(table_, &QTableWidget::currentCellChanged, die_, [this](int r) {
        if (r >= 0)
            die_->setCurrentIndex(r);
    });
    if (!comparison_.differences.empty())
        plot_->setField(&comparison_.differences.front(), false);
}

} // namespace strata::studio
