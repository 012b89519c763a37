#include "commands.h"

#include "model/first_bond.h"
#include "model/property_path.h"

#include <map>
#include <set>

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
    tier.bond = firstBondOf(doc_->library().chiplet(chipletType)); // a bought part's own bumps
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

TierCommand::TierCommand(Document* doc, std::string stack, Kind kind, int tier,
                         const std::string& chipletType, int to)
    : doc_(doc), stack_(std::move(stack)), kind_(kind), tier_(tier), to_(to) {
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

void TierCommand::moveTier(std::vector<Tier>& tiers, int from, int to) {
    if (from < 0 || to < 0 || from >= std::ssize(tiers) || to >= std::ssize(tiers))
        return;
    Tier t = tiers[static_cast<std::size_t>(from)];
    tiers.erase(tiers.begin() + from);
    tiers.insert(tiers.begin() + to, t);
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
    case Kind::Move:
        moveTier(tiers, tier_, to_);
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
    case Kind::Move:
        moveTier(tiers, to_, tier_);
        break;
    }
    doc_->notifyChanged();
}

ConnectCommand::ConnectCommand(Document* doc, const std::string& fromDie, const std::string& toDie)
    : doc_(doc) {
    const Library& lib = doc_->library();
    link_.id = doc_->uniqueId("link_" + fromDie + "_" + toDie);
    link_.from = fromDie;
    link_.to = toDie;
    const MemoryType* memory = nullptr;
    for (const std::string& id : {fromDie, toDie})
        if (const auto ref = findDie(doc_->design(), id))
            if (const ChipletType* type = lib.chiplet(ref->tier->die.type))
                if (!type->memory.empty() && lib.memory(type->memory))
                    memory = lib.memory(type->memory);
    const PhyType* phy = lib.phy(memory ? "hbm" : "ucie_a");
    if (memory && phy) {
        link_.phy = phy->id;
        link_.lanes = memory->bus_bits;
        link_.rate_bps = memory->pin_rate_bps;
    } else if (phy) {
        link_.phy = phy->id;
        link_.lanes = std::max(1, phy->lanes_per_module);
        link_.rate_bps = phy->max_rate_bps;
    }
    setText(QObject::tr("Connect %1 and %2")
                .arg(QString::fromStdString(fromDie), QString::fromStdString(toDie)));
}

void ConnectCommand::redo() {
    doc_->insertLink(link_, -1);
}

void ConnectCommand::undo() {
    doc_->removeLink(link_.id);
}

DisconnectCommand::DisconnectCommand(Document* doc, std::string link)
    : doc_(doc), id_(std::move(link)) {
    setText(QObject::tr("Disconnect %1").arg(QString::fromStdString(id_)));
}

void DisconnectCommand::redo() {
    index_ = doc_->removeLink(id_, &saved_);
}

void DisconnectCommand::undo() {
    if (index_ >= 0)
        doc_->insertLink(saved_, index_);
}

PasteCommand::PasteCommand(Document* doc, std::vector<Stack> stacks, std::vector<Link> links,
                           double dx_m, double dy_m)
    : doc_(doc), stacks_(std::move(stacks)) {
    // Fresh ids: checked against the document and the ids already handed out here.
    std::set<std::string> given;
    auto fresh = [&](const std::string& base) {
        std::string id = doc_->uniqueId(base);
        for (int i = 2; given.count(id); ++i)
            id = doc_->uniqueId(base + "_" + std::to_string(i));
        given.insert(id);
        return id;
    };
    std::map<std::string, std::string> dieIds;
    for (Stack& s : stacks_) {
        s.id = fresh(s.id);
        s.x_m += dx_m;
        s.y_m += dy_m;
        for (Tier& t : s.tiers) {
            const std::string old = t.die.id;
            t.die.id = fresh(old);
            dieIds[old] = t.die.id;
        }
    }
    for (Link l : links) {
        if (!dieIds.count(l.from) || !dieIds.count(l.to))
            continue; // only links among the pasted dies
        l.from = dieIds[l.from];
        l.to = dieIds[l.to];
        l.id = fresh(l.id);
        links_.push_back(l);
    }
    setText(QObject::tr("Paste %n stack(s)", nullptr, static_cast<int>(stacks_.size())));
}

QStringList PasteCommand::stackIds() const {
    QStringList ids;
    for (const Stack& s : stacks_)
        ids << QString::fromStdString(s.id);
    return ids;
}

void PasteCommand::redo() {
    for (const Stack& s : stacks_)
        doc_->insertStack(s, {}, -1);
    for (const Link& l : links_)
        doc_->insertLink(l, -1);
}

void PasteCommand::undo() {
    for (const Stack& s : stacks_)
        doc_->removeStack(s.id); // takes the pasted links with it
}

ReplaceDesignCommand::ReplaceDesignCommand(Document* doc, Design before, Design after,
                                           const QString& text)
    : doc_(doc), before_(std::move(before)), after_(std::move(after)) {
    setText(text);
}

void ReplaceDesignCommand::redo() {
    doc_->replaceDesign(after_);
}

void ReplaceDesignCommand::undo() {
    doc_->replaceDesign(before_);
}

} // namespace strata::studio
