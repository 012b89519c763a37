#pragma once
// Undo commands (DESIGN.md § GUI): every edit of the design is one of these, stores ids (never
// pointers into the design), and goes through the Document. Repeated edits of the same property
// or drags of the same stack merge into one undo step while the gesture lasts.
#include "document.h"

#include <QUndoCommand>

namespace strata::studio {

enum CommandId { kSetProperty = 1, kMoveStack = 2 };

class SetPropertyCommand : public QUndoCommand {
public:
    // Fails (error() non-empty) when the value is invalid; then it must not be pushed.
    SetPropertyCommand(Document* doc, std::string path, Value value);
    const std::string& error() const { return error_; }
    void redo() override;
    void undo() override;
    int id() const override { return kSetProperty; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    Document* doc_;
    std::string path_;
    Value old_, new_;
    std::string error_;
};

class MoveStackCommand : public QUndoCommand {
public:
    MoveStackCommand(Document* doc, std::string stack, double x_m, double y_m);
    void redo() override;
    void undo() override;
    int id() const override { return kMoveStack; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    Document* doc_;
    std::string stack_;
    double oldX_ = 0, oldY_ = 0, newX_, newY_;
};

// Adds a one-tier stack with a die of a library chiplet type (a drop from the library).
class AddDieCommand : public QUndoCommand {
public:
    AddDieCommand(Document* doc, const std::string& chipletType, double x_m, double y_m);
    const std::string& stackId() const { return stack_.id; }
    void redo() override;
    void undo() override;

private:
    Document* doc_;
    Stack stack_;
};

// Removes a stack and the links touching its dies; undo puts both back where they were.
class RemoveStackCommand : public QUndoCommand {
public:
    RemoveStackCommand(Document* doc, std::string stack);
    void redo() override;
    void undo() override;

private:
    Document* doc_;
    std::string id_;
    Stack stack_;
    Document::IndexedLinks links_;
    int index_ = -1;
};

// Turns a stack by 90° counter-clockwise about its centre.
class RotateStackCommand : public QUndoCommand {
public:
    RotateStackCommand(Document* doc, std::string stack);
    void redo() override;
    void undo() override;

private:
    Document* doc_;
    std::string stack_;
};

// A copy of a stack (fresh stack and die ids), 2 mm up and to the right.
class DuplicateStackCommand : public QUndoCommand {
public:
    DuplicateStackCommand(Document* doc, const std::string& stack);
    const std::string& newId() const { return copy_.id; }
    void redo() override;
    void undo() override;

private:
    Document* doc_;
    Stack copy_;
};

// Tiers of a stack: add on top (a copy of the top tier's bond, the given chiplet type), remove,
// or swap a tier with the one above it.
class TierCommand : public QUndoCommand {
public:
    enum class Kind { Add, Remove, MoveUp };
    TierCommand(Document* doc, std::string stack, Kind kind, int tier,
                const std::string& chipletType = {});
    void redo() override;
    void undo() override;

private:
    Document* doc_;
    std::string stack_;
    Kind kind_;
    int tier_;
    Tier saved_;
};

} // namespace strata::studio
