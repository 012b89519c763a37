#include "document.h"

#include "model/design_io.h"
#include "model/property_path.h"
#include "model/validate.h"

#include <algorithm>
#include <set>

namespace strata::studio {

// Every mutator announces the change itself: a merged command (typing, dragging) changes the
// design without moving the undo index. The cached validation is dropped first, so every view
// that reacts to the change sees the new one.
Document::Document(const Library& library, QObject* parent) : QObject(parent), library_(&library) {
    connect(
        this, &Document::designChanged, this, [this] { validation_.reset(); },
        Qt::DirectConnection);
}

const std::vector<Diagnostic>& Document::validation() const {
    if (!validation_)
        validation_ = validate(design_, *library_);
    return *validation_;
}

QString Document::load(const QString& path) {
    const DesignLoad loaded = loadDesignFile(path.toStdString());
    if (!loaded.ok()) {
        QString text;
        for (const Diagnostic& d : loaded.diagnostics)
            if (d.severity == Severity::Error)
                text += QString::fromStdString(format(d)) + "\n";
        return text.isEmpty() ? tr("%1 could not be read").arg(path) : text;
    }
    reset(*loaded.design, path);
    return {};
}

void Document::setLibrary(const Library& library) {
    library_ = &library;
    emit libraryChanged();
    emit designChanged(); // checked and evaluated again: the design's types may have changed
}

void Document::reset(const Design& design, const QString& path) {
    design_ = design;
    path_ = path;
    undo_.clear();
    undo_.setClean();
    selection_.clear();
    emit pathChanged();
    emit selectionChanged();
    emit designReplaced();
    emit designChanged();
}

void Document::replaceDesign(const Design& design) {
    design_ = design;
    QStringList kept; // the selection keeps the stacks that still exist
    for (const QString& id : selection_)
        if (findStack(design_, id.toStdString()))
            kept << id;
    if (kept != selection_) {
        selection_ = kept;
        emit selectionChanged();
    }
    emit designChanged();
}

QString Document::save(const QString& path) {
    const std::string err = saveDesignFile(design_, path.toStdString());
    if (!err.empty())
        return QString::fromStdString(err);
    path_ = path;
    undo_.setClean();
    emit pathChanged();
    return {};
}

void Document::setSelection(const QStringList& stacks) {
    if (stacks == selection_)
        return;
    selection_ = stacks;
    emit selectionChanged();
}

std::string Document::setProperty(const std::string& path, const Value& value) {
    std::string err = strata::setProperty(design_, path, value);
    emit designChanged();
    return err;
}

void Document::moveStack(const std::string& id, double x_m, double y_m) {
    if (Stack* s = findStack(design_, id)) {
        s->x_m = x_m;
        s->y_m = y_m;
    }
    emit designChanged();
}

void Document::insertStack(const Stack& stack, const IndexedLinks& links, int index) {
    const auto at = index < 0 || index > static_cast<int>(design_.stacks.size())
                        ? design_.stacks.end()
                        : design_.stacks.begin() + index;
    design_.stacks.insert(at, stack);
    for (const auto& [i, link] : links) // ascending positions: each lands where it was
        design_.links.insert(
            design_.links.begin() + std::min<std::ptrdiff_t>(i, std::ssize(design_.links)), link);
    emit designChanged();
}

void Document::insertLink(const Link& link, int index) {
    const auto at = index < 0 || index > static_cast<int>(design_.links.size())
                        ? design_.links.end()
                        : design_.links.begin() + index;
    design_.links.insert(at, link);
    emit designChanged();
}

int Document::removeLink(const std::string& id, Link* removed) {
    auto it = std::find_if(design_.links.begin(), design_.links.end(),
                           [&](const Link& l) { return l.id == id; });
    if (it == design_.links.end())
        return -1;
    if (removed)
        *removed = *it;
    const int index = static_cast<int>(it - design_.links.begin());
    design_.links.erase(it);
    emit designChanged();
    return index;
}

int Document::removeStack(const std::string& id, IndexedLinks* removedLinks, Stack* removed) {
    auto it = std::find_if(design_.stacks.begin(), design_.stacks.end(),
                           [&](const Stack& s) { return s.id == id; });
    if (it == design_.stacks.end())
        return -1;
    std::set<std::string> dies;
    for (const Tier& t : it->tiers)
        dies.insert(t.die.id);
    auto touches = [&](const Link& l) { return dies.count(l.from) || dies.count(l.to); };
    for (std::size_t i = 0; i < design_.links.size(); ++i)
        if (touches(design_.links[i]) && removedLinks)
            removedLinks->emplace_back(static_cast<int>(i), design_.links[i]);
    design_.links.erase(std::remove_if(design_.links.begin(), design_.links.end(), touches),
                        design_.links.end());
    if (removed)
        *removed = *it;
    const int index = static_cast<int>(it - design_.stacks.begin());
    design_.stacks.erase(it);
    if (selection_.removeAll(QString::fromStdString(id)) > 0)
        emit selectionChanged();
    emit designChanged();
    return index;
}

Stack* Document::mutableStack(const std::string& id) {
    return findStack(design_, id);
}

std::string Document::uniqueId(const std::string& base) const {
    auto taken = [&](const std::string& id) {
        return findStack(design_, id) || findDie(design_, id).has_value() ||
               std::any_of(design_.links.begin(), design_.links.end(),
                           [&](const Link& l) { return l.id == id; });
    };
    if (!taken(base))
        return base;
    for (int i = 2;; ++i)
        if (!taken(base + std::to_string(i)))
            return base + std::to_string(i);
}

} // namespace strata::studio
