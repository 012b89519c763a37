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

// Tiers of a stack: add on top (a copy of the top tier's bond, the given chiplet type), remove,
// swap a tier with the one above it, or move a tier to another position (a drag in the stack
// editor: `to` is its index afterwards, bottom-up).
class TierCommand : public QUndoCommand {
public:
    enum class Kind { Add, Remove, MoveUp, Move };
    TierCommand(Document* doc, std::string stack, Kind kind, int tier,
                const std::string& chipletType = {}, int to = -1);
    void redo() override;
    void undo() override;

private:
    Document* doc_;
    std::string stack_;
    Kind kind_;
    int tier_, to_;
    Tier saved_;
    static void moveTier(std::vector<Tier>& tiers, int from, int to);
};

// A link between two dies. The PHY follows the parts: a memory die gets its memory's PHY
// ("hbm", its bus width at its pin rate), anything else one UCIe-A module at its top rate.
class ConnectCommand : public QUndoCommand {
public:
    ConnectCommand(Document* doc, const std::string& fromDie, const std::string& toDie);
    const Link& link() const { return link_; }
    void redo() override;
    void undo() override;

private:
    Document* doc_;
    Link link_;
};

// Removes one link; undo puts it back at its place in the list.
class DisconnectCommand : public QUndoCommand {
public:
    DisconnectCommand(Document* doc, std::string link);
    void redo() override;
    void undo() override;

private:
    Document* doc_;
    std::string id_;
    Link saved_;
    int index_ = -1;
};

// Inserts copied stacks and the links among them with fresh stack, die and link ids (the
// clipboard's or a duplicate's), shifted by (dx, dy).
class PasteCommand : public QUndoCommand {
public:
    PasteCommand(Document* doc, std::vector<Stack> stacks, std::vector<Link> links, double dx_m,
                 double dy_m);
    QStringList stackIds() const;
    void redo() override;
    void undo() override;

private:
    Document* doc_;
    std::vector<Stack> stacks_;
    std::vector<Link> links_;
};

// The whole design before and after an edit made elsewhere (a Lua script run in the console):
// one undo step however many changes the script made.
class ReplaceDesignCommand : public QUndoCommand {
public:
    ReplaceDesignCommand(Document* doc, Design before, Design after, const QString& text);
    void redo() override;
    void undo() override;

private:
    Document* doc_;
    Design before_, after_;
};

} // namespace strata::studio
