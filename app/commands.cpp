#include "commands.h"

#include "model/property_path.h"

namespace strata::studio {

SetPropertyCommand::SetPropertyCommand(Document* doc, std::string path, Value value)
    : doc_(doc), path_(std::move(path)), new_(std::move(value)) {
    const PathLookup now = getProperty(doc_->design(), path_);
    if (!now.ok()) {
        error_ = now.error;
        return;
    }
    old_ = now.value;
    Design probe = doc_->design(); // validate without touching the document
    error_ = strata::setProperty(probe, path_, new_);
    setText(QObject::tr("Set %1").arg(QString::fromStdString(path_)));
}

void SetPropertyCommand::redo() {
    doc_->setProperty(path_, new_);
}

void SetPropertyCommand::undo() {
    doc_->setProperty(path_, old_);
}

bool SetPropertyCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = static_cast<const SetPropertyCommand*>(other);
    if (o->path_ != path_)
        return false;
    new_ = o->new_; // typing into one field is one undo step
    return true;
}

MoveStackCommand::MoveStackCommand(Document* doc, std::string stack, double x_m, double y_m)
    : doc_(doc), stack_(std::move(stack)), newX_(x_m), newY_(y_m) {
    if (const Stack* s = findStack(doc_->design(), stack_)) {
        oldX_ = s->x_m;
        oldY_ = s->y_m;
    }
    setText(QObject::tr("Move %1").arg(QString::fromStdString(stack_)));
}

void MoveStackCommand::redo() {
    doc_->moveStack(stack_, newX_, newY_);
}

void MoveStackCommand::undo() {
    doc_->moveStack(stack_, oldX_, oldY_);
}

bool MoveStackCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = static_cast<const MoveStackCommand*>(other);
    if (o->stack_ != stack_)
        return false;
    newX_ = o->newX_;
    newY_ = o->newY_;
    return true;
}

AddDieCommand::AddDieCommand(Document* doc, const std::string& chipletType, double x_m, double y_m)
    : doc_(doc) {
    std::string base = chipletType.substr(0, chipletType.find('-'));
    stack_.id = doc_->uniqueId(base);
    stack_.x_m = x_m;
    stack_.y_m = y_m;
    Tier tier;
    tier.die.id = stack_.id;
    tier.die.type = chipletType;
    stack_.tiers.push_back(tier);
    setText(QObject::tr("Add %1").arg(QString::fromStdString(stack_.id)));
}

void AddDieCommand::redo() {
    doc_->insertStack(stack_, {}, -1);
}

void AddDieCommand::undo() {
    doc_->removeStack(stack_.id);
}

RemoveStackCommand::RemoveStackCommand(Document* doc, std::string stack)
    : doc_(doc), id_(std::move(stack)) {
    setText(QObject::tr("Delete %1").arg(QString::fromStdString(id_)));
}

void RemoveStackCommand::redo() {
    links_.clear();
    index_ = doc_->removeStack(id_, &links_, &stack_);
}

void RemoveStackCommand::undo() {
    if (index_ >= 0)
        doc_->insertStack(stack_, links_, index_);
}

} // namespace strata::studio
