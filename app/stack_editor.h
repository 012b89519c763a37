#pragma once
// Stack editor (DESIGN.md § GUI): the tiers of the selected stack from top to bottom, each with
// its chiplet type and the bond to the tier below; add a tier on top, remove one, move one with
// the buttons or by dragging its row. Every change is an undo command.
#include <QTableWidget>
#include <QWidget>

class QComboBox;
class QLabel;

namespace strata::studio {

class Document;

// The tier table: rows can be dragged to another place; the editor turns a drop into one undo
// command instead of letting the table move its cells.
class TierTable : public QTableWidget {
    Q_OBJECT
public:
    using QTableWidget::QTableWidget;
signals:
    void rowDropped(int fromRow, int toRow);

protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dragMoveEvent(QDragMoveEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    bool isRowDrag(const QDropEvent* e) const;
};

class StackEditor : public QWidget {
    Q_OBJECT
public:
    explicit StackEditor(Document* doc, QWidget* parent = nullptr);

private:
    void rebuild();
    int selectedTier() const; // index bottom-up, -1 if none
    Document* doc_;
    QLabel* title_;
    TierTable* table_;
    QComboBox* newType_;
    std::string stack_;
};

} // namespace strata::studio
