#pragma once
// Stack editor (DESIGN.md § GUI): the tiers of the selected stack from top to bottom, each with
// its chiplet type and the bond to the tier below; add a tier on top, remove or move one. Every
// change is an undo command.
#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;

namespace strata::studio {

class Document;

class StackEditor : public QWidget {
    Q_OBJECT
public:
    explicit StackEditor(Document* doc, QWidget* parent = nullptr);

private:
    void rebuild();
    int selectedTier() const; // index bottom-up, -1 if none
    Document* doc_;
    QLabel* title_;
    QTableWidget* table_;
    QComboBox* newType_;
    std::string stack_;
};

} // namespace strata::studio
