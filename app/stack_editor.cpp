#include "stack_editor.h"

#include "commands.h"
#include "document.h"

#include <QComboBox>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace strata::studio {

// A row of this table (the item model's own mime type), whoever started the drag.
bool TierTable::isRowDrag(const QDropEvent* e) const {
    const QStringList types = model()->mimeTypes();
    return !types.isEmpty() && e->mimeData()->hasFormat(types.front());
}

void TierTable::dragEnterEvent(QDragEnterEvent* e) {
    if (isRowDrag(e)) {
        e->setDropAction(Qt::MoveAction);
        e->accept();
    }
}

void TierTable::dragMoveEvent(QDragMoveEvent* e) {
    if (isRowDrag(e)) {
        e->setDropAction(Qt::MoveAction);
        e->accept();
    }
}

void TierTable::dropEvent(QDropEvent* e) {
    if (!isRowDrag(e))
        return;
    const int from = currentRow();
    int to = rowAt(e->position().toPoint().y());
    if (to < 0)
        to = rowCount() - 1;            // below the last row: to the bottom
    e->setDropAction(Qt::IgnoreAction); // the model changes through the undo command
    e->accept();
    if (from >= 0)
        emit rowDropped(from, to);
}

StackEditor::StackEditor(Document* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel;
    table_ = new TierTable(0, 3);
    table_->setDragEnabled(true);
    table_->setAcceptDrops(true);
    table_->setDragDropMode(QAbstractItemView::InternalMove);
    table_->setDropIndicatorShown(true);
    table_->setHorizontalHeaderLabels({tr("Die (top first)"), tr("Chiplet"), tr("Bond below")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    auto* buttons = new QHBoxLayout;
    newType_ = new QComboBox;
    for (const ChipletType& c : doc_->library().chiplets)
        newType_->addItem(QString::fromStdString(c.id));
    auto* add = new QPushButton(tr("Add on top"));
    auto* remove = new QPushButton(tr("Remove"));
    auto* up = new QPushButton(tr("Up"));
    auto* down = new QPushButton(tr("Down"));
    buttons->addWidget(newType_, 1);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(up);
    buttons->addWidget(down);
    layout->addWidget(title_);
    layout->addWidget(table_);
    layout->addLayout(buttons);
    auto push = [this](TierCommand::Kind kind, int tier, const std::string& type = {}) {
        if (!stack_.empty() && tier >= 0)
            doc_->undoStack()->push(new TierCommand(doc_, stack_, kind, tier, type));
    };
    connect(add, &QPushButton::clicked, this, [this, push] {
        push(TierCommand::Kind::Add, 0, newType_->currentText().toStdString());
    });
    connect(remove, &QPushButton::clicked, this,
            [this, push] { push(TierCommand::Kind::Remove, selectedTier()); });
    connect(up, &QPushButton::clicked, this,
            [this, push] { push(TierCommand::Kind::MoveUp, selectedTier()); });
    connect(down, &QPushButton::clicked, this, [this, push] {
        if (selectedTier() > 0)
            push(TierCommand::Kind::MoveUp, selectedTier() - 1);
    });
    connect(table_, &TierTable::rowDropped, this, [this](int fromRow, int toRow) {
        const int n = table_->rowCount(); // rows are top first, tiers bottom-up
        if (!stack_.empty() && fromRow != toRow)
            doc_->undoStack()->push(new TierCommand(doc_, stack_, TierCommand::Kind::Move,
                                                    n - 1 - fromRow, {}, n - 1 - toRow));
    });
    connect(doc_, &Document::selectionChanged, this, &StackEditor::rebuild);
    connect(doc_, &Document::designChanged, this, &StackEditor::rebuild);
    rebuild();
}

int StackEditor::selectedTier() const {
    const int row = table_->currentRow();
    return row < 0 ? -1 : table_->rowCount() - 1 - row;
}

void StackEditor::rebuild() {
    const QStringList sel = doc_->selection();
    stack_ = sel.size() == 1 ? sel[0].toStdString() : std::string();
    const Stack* s = stack_.empty() ? nullptr : findStack(doc_->design(), stack_);
    table_->setRowCount(0);
    setEnabled(s != nullptr);
    if (!s) {
        title_->setText(tr("Select one stack to edit its tiers."));
        return;
    }
    title_->setText(
        tr("<b>%1</b>: %2 tier(s)").arg(QString::fromStdString(s->id)).arg(s->tiers.size()));
    const int n = static_cast<int>(s->tiers.size());
    for (int row = 0; row < n; ++row) {
        const int t = n - 1 - row; // top first
        const Tier& tier = s->tiers[static_cast<std::size_t>(t)];
        table_->insertRow(row);
        table_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(tier.die.id)));
        auto* type = new QComboBox;
        for (const ChipletType& c : doc_->library().chiplets)
            type->addItem(QString::fromStdString(c.id));
        type->setCurrentText(QString::fromStdString(tier.die.type));
        auto* bond = new QComboBox;
        for (const BondType& b : doc_->library().bonds)
            bond->addItem(QString::fromStdString(b.id));
        bond->setCurrentText(QString::fromStdString(tier.bond.type));
        table_->setCellWidget(row, 1, type);
        table_->setCellWidget(row, 2, bond);
        const std::string base = "stacks[" + stack_ + "].tiers[" + std::to_string(t) + "].";
        auto set = [this](const std::string& path, const QString& v) {
            auto* cmd = new SetPropertyCommand(doc_, path, v.toStdString());
            if (cmd->error().empty())
                doc_->undoStack()->push(cmd);
            else
                delete cmd;
        };
        connect(type, &QComboBox::currentTextChanged, this,
                [set, base](const QString& v) { set(base + "die.type", v); });
        connect(bond, &QComboBox::currentTextChanged, this,
                [set, base](const QString& v) { set(base + "bond.type", v); });
    }
}

} // namespace strata::studio
