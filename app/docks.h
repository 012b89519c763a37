#pragma once
// The studio's docks (DESIGN.md § GUI): the component library (searchable tree, drag to the
// canvas), the inspector (properties of the selection from the engine's property descriptors,
// each edit an undo command) and the issues list (click selects the object). The results dock:
// results_panel.h.
#include "core/diagnostic.h"
#include "eval/evaluator.h"

#include <QTreeWidget>
#include <QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;

namespace strata::studio {

class Document;

class LibraryTree : public QTreeWidget {
    Q_OBJECT
public:
    explicit LibraryTree(const Library& library, QWidget* parent = nullptr);
    void fill(const Library& library); // the library's entries, replacing what was shown
    void filter(const QString& text);

protected:
    QMimeData* mimeData(const QList<QTreeWidgetItem*>& items) const override;
    QStringList mimeTypes() const override;
};

class LibraryPanel : public QWidget {
    Q_OBJECT
public:
    explicit LibraryPanel(const Library& library, QWidget* parent = nullptr);
    void setLibrary(const Library& library); // shows another library, keeping the search
    LibraryTree* tree() const { return tree_; }

private:
    LibraryTree* tree_;
    QLineEdit* search_;
};

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(Document* doc, QWidget* parent = nullptr);
signals:
    void message(const QString& text);

private:
    void rebuild();
    // Sets the value `text` (in the property's display unit) at every one of `paths`.
    void commit(const std::vector<std::string>& paths, const QString& text, QWidget* editor);

    Document* doc_;
    QWidget* body_ = nullptr;
    QLabel* title_;
};

class IssuesPanel : public QWidget {
    Q_OBJECT
public:
    explicit IssuesPanel(Document* doc, QWidget* parent = nullptr);
    void setDiagnostics(const std::vector<Diagnostic>& diags);
    // Problems of the session rather than the design (a plugin that could not be loaded): listed
    // first, whatever design is open.
    void setStanding(const std::vector<Diagnostic>& diags);
signals:
    void objectActivated(const QString& stackId);

private:
    Document* doc_;
    QListWidget* list_;
    std::vector<Diagnostic> standing_, shown_;
};

} // namespace strata::studio
