#include "transient_compare_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace strata::studio {

TransientCompareDialog::TransientCompareDialog(const TransientComparison& c, const QString& tool,
                                               const QString& where, QWidget* parent)
    : QDialog(parent), table_(new QTableWidget(this)) {
    setWindowTitle(tr("%1 and Strata: transient").arg(tool));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("%1's transient in %2 (%3 intervals of %4 s, from ambient) beside "
           "Strata's for the same powers: each block's hottest cell at the "
           "end of every interval. Difference = Strata − %1.")
            .arg(tool, where, QString::number(c.intervals), QString::number(c.interval_s)),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    table_->setColumnCount(5);
    table_->setHorizontalHeaderLabels({tr("Block"), tr("Strata peak °C"),
                                       tr("%1 peak °C").arg(tool), tr("Max |difference| K"),
                                       tr("At s")});
    table_->setRowCount(static_cast<int>(c.blocks.size()));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    for (int r = 0; r < table_->rowCount(); ++r) {
        const BlockTraceComparison& b = c.blocks[static_cast<std::size_t>(r)];
        table_->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(b.block)));
        const double values[4] = {b.strata_peak_c, b.reference_peak_c, b.max_abs_diff_k, b.at_s};
        for (int col = 0; col < 4; ++col) {
            auto* item = new QTableWidgetItem(QString::number(values[col], 'f', 2));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(r, col + 1, item);
        }
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table_, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(640, 420);
}

} // namespace strata::studio
