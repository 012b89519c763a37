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

RotateStackCommand::RotateStackCommand(Document* doc, std::string stack)
    : doc_(doc), stack_(std::move(stack)) {
    setText(QObject::tr("Rotate %1").arg(QString::fromStdString(stack_)));
}

void RotateStackCommand::redo() {
    if (Stack* s = doc_->mutableStack(stack_))
        s->rotation_deg = (s->rotation_deg + 90) % 360;
    doc_->notifyChanged();
}

void RotateStackCommand::undo() {
    if (Stack* s = doc_->mutableStack(stack_))
        s->rotation_deg = (s->rotation_deg + 270) % 360;
    doc_->notifyChanged();
}

DuplicateStackCommand::DuplicateStackCommand(Document* doc, const std::string& stack) : doc_(doc) {
    if (const Stack* s = findStack(doc_->design(), stack))
        copy_ = *s;
    copy_.id = doc_->uniqueId(copy_.id);
    for (std::size_t t = 0; t < copy_.tiers.size(); ++t)
        copy_.tiers[t].die.id =
            t == 0 ? copy_.id : doc_->uniqueId(copy_.tiers[t].die.id + "_" + copy_.id);
    copy_.x_m += 2e-3;
    copy_.y_m += 2e-3;
    setText(QObject::tr("Duplicate %1").arg(QString::fromStdString(stack)));
}

void DuplicateStackCommand::redo() {
    doc_->insertStack(copy_, {}, -1);
}

void DuplicateStackCommand::undo() {
    doc_->removeStack(copy_.id);
}

TierCommand::TierCommand(Document* doc, std::string stack, Kind kind, int tier,
                         const std::string& chipletType)
    : doc_(doc), stack_(std::move(stack)), kind_(kind), tier_(tier) {
    const Stack* s = findStack(doc_->design(), stack_);
    if (kind_ == Kind::Add && s) {
        saved_ = s->tiers.empty() ? Tier{} : s->tiers.back();
        saved_.die = Die{};
        saved_.die.type = chipletType;
        saved_.die.id = doc_->uniqueId(stack_ + "_t" + std::to_string(s->tiers.size()));
        saved_.offset_x_m = saved_.offset_y_m = 0;
        tier_ = static_cast<int>(s->tiers.size());
    }
    setText(kind_ == Kind::Add      ? QObject::tr("Add tier")
            : kind_ == Kind::Remove ? QObject::tr("Remove tier")
                                    : QObject::tr("Reorder tiers"));
}

void TierCommand::redo() {
    Stack* s = doc_->mutableStack(stack_);
    if (!s)
        return;
    auto& tiers = s->tiers;
    switch (kind_) {
    case Kind::Add:
        tiers.insert(tiers.begin() + std::min<std::ptrdiff_t>(tier_, std::ssize(tiers)), saved_);
        break;
    case Kind::Remove:
        if (tier_ < std::ssize(tiers)) {
            saved_ = tiers[static_cast<std::size_t>(tier_)];
            tiers.erase(tiers.begin() + tier_);
        }
        break;
    case Kind::MoveUp:
        if (tier_ + 1 < std::ssize(tiers))
            std::swap(tiers[static_cast<std::size_t>(tier_)],
                      tiers[static_cast<std::size_t>(tier_ + 1)]);
        break;
    }
    doc_->notifyChanged();
}

void TierCommand::undo() {
    Stack* s = doc_->mutableStack(stack_);
    if (!s)
        return;
    auto& tiers = s->tiers;
    switch (kind_) {
    case Kind::Add:
        if (tier_ < std::ssize(tiers))
            tiers.erase(tiers.begin() + tier_);
        break;
    case Kind::Remove:
        tiers.insert(tiers.begin() + std::min<std::ptrdiff_t>(tier_, std::ssize(tiers)), saved_);
        break;
    case Kind::MoveUp:
        if (tier_ + 1 < std::ssize(tiers))
            std::swap(tiers[static_cast<std::size_t>(tier_)],
                      tiers[static_cast<std::size_t>(tier_ + 1)]);
        break;
    }
    doc_->notifyChanged();
}

} // namespace strata::studio
