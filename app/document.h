#pragma once
// The open design (DESIGN.md § GUI): owns the Design, the undo stack, the selection and the file
// state, and tells views what changed. Views never mutate the design: they push commands
// (commands.h) onto undoStack(), and every command goes through this class's mutators.
#include "core/diagnostic.h"
#include "library/library.h"
#include "model/design.h"
#include "model/properties.h"

#include <QObject>

#include <QStringList>
#include <QUndoStack>
#include <optional>
#include <vector>

namespace strata::studio {

class Document : public QObject {
    Q_OBJECT
public:
    explicit Document(const Library& library, QObject* parent = nullptr);

    const Design& design() const { return design_; }
    const Library& library() const { return *library_; }
    // Another library (a part added to it): the design is checked and evaluated against it. The
    // old one must outlive evaluations that still read it (MainWindow keeps it).
    void setLibrary(const Library& library);
    // Validation of the current design, computed once per change and shared by the views.
    const std::vector<Diagnostic>& validation() const;
    QUndoStack* undoStack() { return &undo_; }

    // File state.
    QString path() const { return path_; }
    bool isModified() const { return !undo_.isClean(); }
    // Replaces the design (New, Open, Revert); clears the undo history. Empty error on success.
    QString load(const QString& path);
    void reset(const Design& design, const QString& path);
    QString save(const QString& path);          // atomic; marks clean
    void markModified() { undo_.resetClean(); } // restored work that was never saved

    // Selection: stack ids.
    QStringList selection() const { return selection_; }
    void setSelection(const QStringList& stacks);

    // Mutators used by the undo commands only.
    std::string setProperty(const std::string& path, const Value& value);
    void moveStack(const std::string& id, double x_m, double y_m);
    using IndexedLinks = std::vector<std::pair<int, Link>>; // links with their positions
    void insertStack(const Stack& stack, const IndexedLinks& links, int index);
    int removeStack(const std::string& id, IndexedLinks* removedLinks = nullptr,
                    Stack* removed = nullptr); // returns the index it had, -1 if absent

    void insertLink(const Link& link, int index);                   // index < 0: at the end
    int removeLink(const std::string& id, Link* removed = nullptr); // the index it had, or -1

    void replaceDesign(const Design& design); // keeps the undo history (a scripted edit)

    Stack* mutableStack(const std::string& id); // for commands only
    void notifyChanged() { emit designChanged(); }

    // A fresh stack id / die id based on `base` ("gpu" -> "gpu2").
    std::string uniqueId(const std::string& base) const;

signals:
    void designChanged();
    void designReplaced(); // another design (opened or new), before its designChanged
    void selectionChanged();
    void pathChanged();
    void libraryChanged();

private:
    const Library* library_;
    Design design_;
    QUndoStack undo_;
    QString path_;
    QStringList selection_;
    mutable std::optional<std::vector<Diagnostic>> validation_;
};

} // namespace strata::studio
