#include "docks.h"

#include "canvas_view.h"
#include "commands.h"
#include "core/diagnostic_codes.h"
#include "document.h"
#include "model/property_path.h"
#include "power_map_row.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QScrollArea>
#include <QVBoxLayout>

#include <set>

namespace strata::studio {

// ---- library -------------------------------------------------------------------------------

LibraryTree::LibraryTree(const Library& lib, QWidget* parent) : QTreeWidget(parent) {
    setHeaderHidden(true);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    fill(lib);
}

void LibraryTree::fill(const Library& lib) {
    clear();
    const std::vector<std::pair<std::string, QString>> groups{{"compute", tr("Compute")},
                                                              {"memory", tr("Memory")},
                                                              {"cache", tr("Cache / SRAM")},
                                                              {"nmc", tr("Near-memory compute")},
                                                              {"io", tr("IO")}};
    for (const auto& [kind, label] : groups) {
        auto* group = new QTreeWidgetItem(this, {label});
        group->setFlags(Qt::ItemIsEnabled);
        for (const ChipletType& c : lib.chiplets) {
            if (c.kind != kind)
                continue;
            auto* item = new QTreeWidgetItem(group, {QString::fromStdString(c.name)});
            item->setData(0, Qt::UserRole, QString::fromStdString(c.id));
            // A bought part's connections: what a stack of it starts on.
            const QString bumps = c.bumps ? tr("<br>bought on %1 at %2 µm pitch")
                                                .arg(QString::fromStdString(c.bumps->bond))
                                                .arg(c.bumps->pitch_m * 1e6, 0, 'g', 4)
                                          : QString();
            item->setToolTip(
                0, QString("<b>%1</b> (%2)<br>%3 × %4 mm, %5 W%6%7<br><i>source:</i> %8")
                       .arg(QString::fromStdString(c.name).toHtmlEscaped(),
                            QString::fromStdString(c.id))
                       .arg(c.width_m * 1e3, 0, 'f', 2)
                       .arg(c.height_m * 1e3, 0, 'f', 2)
                       .arg(c.power_w, 0, 'g', 3)
                       .arg(c.node.empty() ? QString() : ", " + QString::fromStdString(c.node))
                       .arg(bumps)
                       .arg(QString::fromStdString(c.provenance.source).toHtmlEscaped()));
        }
        group->setExpanded(true);
    }
    auto* other = new QTreeWidgetItem(this, {tr("Bonds, PHYs, packages (for the inspector)")});
    other->setFlags(Qt::ItemIsEnabled);
    for (const BondType& b : lib.bonds)
        (new QTreeWidgetItem(other, {tr("bond: %1").arg(QString::fromStdString(b.id))}))
            ->setToolTip(0, QString::fromStdString(b.provenance.source));
    for (const PhyType& p : lib.phys)
        (new QTreeWidgetItem(other, {tr("PHY: %1").arg(QString::fromStdString(p.id))}))
            ->setToolTip(0, QString::fromStdString(p.provenance.source));
    for (const PackageKind& p : lib.packages)
        (new QTreeWidgetItem(other, {tr("package: %1").arg(QString::fromStdString(p.id))}))
            ->setToolTip(0, QString::fromStdString(p.provenance.source));
}

void LibraryTree::filter(const QString& text) {
    for (int g = 0; g < topLevelItemCount(); ++g) {
        QTreeWidgetItem* group = topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem* it = group->child(i);
            it->setHidden(
                !text.isEmpty() && !it->text(0).contains(text, Qt::CaseInsensitive) &&
                !it->data(0, Qt::UserRole).toString().contains(text, Qt::CaseInsensitive));
        }
    }
}

QStringList LibraryTree::mimeTypes() const {
    return {kChipletMime};
}

QMimeData* LibraryTree::mimeData(const QList<QTreeWidgetItem*>& items) const {
    if (items.isEmpty() || items[0]->data(0, Qt::UserRole).toString().isEmpty())
        return nullptr;
    auto* mime = new QMimeData;
    mime->setData(kChipletMime, items[0]->data(0, Qt::UserRole).toString().toUtf8());
    return mime;
}

LibraryPanel::LibraryPanel(const Library& lib, QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    search_ = new QLineEdit;
    search_->setPlaceholderText(tr("Search the library…"));
    search_->setClearButtonEnabled(true);
    tree_ = new LibraryTree(lib);
    layout->addWidget(search_);
    layout->addWidget(tree_);
    connect(search_, &QLineEdit::textChanged, tree_, &LibraryTree::filter);
}

void LibraryPanel::setLibrary(const Library& lib) {
    tree_->fill(lib);
    tree_->filter(search_->text());
}

// ---- inspector -----------------------------------------------------------------------------

InspectorPanel::InspectorPanel(Document* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel;
    title_->setWordWrap(true);
    layout->addWidget(title_);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    body_ = new QWidget;
    scroll->setWidget(body_);
    layout->addWidget(scroll);
    connect(doc_, &Document::selectionChanged, this, &InspectorPanel::rebuild);
    connect(doc_, &Document::designChanged, this, &InspectorPanel::rebuild);
    rebuild();
}

void InspectorPanel::rebuild() {
    auto* scroll = qobject_cast<QScrollArea*>(body_->parentWidget()->parentWidget());
    // The edit that triggers a rebuild comes from a field of the old form, still inside its own
    // signal (a combo box goes on to update itself after emitting): the old form is deleted once
    // that has returned, not here (QScrollArea::setWidget would delete it at once).
    if (QWidget* old = scroll->takeWidget()) {
        old->hide();
        old->deleteLater();
    }
    body_ = new QWidget;
    auto* form = new QFormLayout(body_);
    const QStringList sel = doc_->selection();
    if (sel.size() == 1)
        title_->setText(tr("<b>Stack %1</b>").arg(sel[0]));
    else
        title_->setText(sel.isEmpty() ? tr("<b>Design</b> (select a die to edit it)")
                                      : tr("<b>%1 stacks</b>: properties they share; an edit "
                                           "applies to all of them")
                                            .arg(sel.size()));
    // Rows: a label (the path below the selected stack, or the design-level path) and the full
    // paths it edits, one per selected stack. With several stacks, only the properties every one
    // of them has, and no ids (they must stay unique).
    std::vector<std::pair<std::string, std::vector<std::string>>> rows;
    const std::vector<std::string> all = listPropertyPaths(doc_->design());
    const std::set<std::string> present(all.begin(), all.end());
    if (sel.isEmpty()) {
        for (const std::string& path : all)
            if (path.rfind("stacks[", 0) != 0 && path.rfind("links[", 0) != 0 &&
                path.rfind("rules[", 0) != 0)
                rows.push_back({path, {path}});
    } else {
        const std::string first = "stacks[" + sel[0].toStdString() + "].";
        for (const std::string& path : all) {
            if (path.rfind(first, 0) != 0)
                continue;
            const std::string rel = path.substr(first.size());
            const bool isId = rel == "id" || rel.ends_with(".id");
            if (sel.size() > 1 && isId)
                continue;
            std::vector<std::string> paths;
            for (const QString& id : sel)
                if (const std::string full = "stacks[" + id.toStdString() + "]." + rel;
                    present.count(full))
                    paths.push_back(full);
            if (paths.size() == static_cast<std::size_t>(sel.size()))
                rows.push_back({rel, std::move(paths)});
        }
    }
    for (const auto& row : rows) {
        // Named, not a structured binding: the editors' lambdas capture `paths` (clang-tidy's
        // clang cannot capture bindings yet).
        const std::string& rel = row.first;
        const std::vector<std::string>& paths = row.second;
        const PathLookup p = getProperty(doc_->design(), paths.front());
        if (!p.ok())
            continue;
        bool mixed = false;
        for (std::size_t k = 1; k < paths.size() && !mixed; ++k)
            mixed = getProperty(doc_->design(), paths[k]).value != p.value;
        const QString label = QString::fromStdString(rel);
        QWidget* editor = nullptr;
        const std::string unit = p.info.unitLabel();
        if (p.info.type == PropType::Boolean) {
            auto* box = new QCheckBox;
            box->setTristate(mixed);
            box->setCheckState(mixed ? Qt::PartiallyChecked
                               : std::holds_alternative<bool>(p.value) && std::get<bool>(p.value)
                                   ? Qt::Checked
                                   : Qt::Unchecked);
            connect(box, &QCheckBox::clicked, this, [this, paths, box](bool on) {
                box->setTristate(false);
                commit(paths, on ? "true" : "false", box);
            });
            editor = box;
        } else if (p.info.type == PropType::Enum) {
            auto* combo = new QComboBox;
            if (mixed)
                combo->addItem(tr("(mixed)"));
            for (const std::string& c : p.info.choices)
                combo->addItem(QString::fromStdString(c));
            if (!mixed && std::holds_alternative<std::string>(p.value))
                combo->setCurrentText(QString::fromStdString(std::get<std::string>(p.value)));
            connect(combo, &QComboBox::currentTextChanged, this,
                    [this, paths, combo](const QString& t) {
                        if (t != tr("(mixed)"))
                            commit(paths, t, combo);
                    });
            editor = combo;
        } else {
            auto* edit = new QLineEdit;
            QString text;
            if (mixed)
                text.clear();
            else if (std::holds_alternative<double>(p.value))
                text = QString::number(std::get<double>(p.value), 'g', 8);
            else if (std::holds_alternative<std::int64_t>(p.value))
                text = QString::number(std::get<std::int64_t>(p.value));
            else if (std::holds_alternative<std::string>(p.value))
                text = QString::fromStdString(std::get<std::string>(p.value));
            edit->setText(text);
            edit->setPlaceholderText(mixed             ? tr("(mixed)")
                                     : p.info.optional ? tr("(not set)")
                                                       : QString());
            edit->setToolTip(QString::fromStdString(p.info.doc));
            connect(edit, &QLineEdit::editingFinished, this, [this, paths, edit, mixed] {
                if (!(mixed && edit->text().isEmpty())) // leaving a mixed field empty: no edit
                    commit(paths, edit->text(), edit);
            });
            editor = edit;
        }
        editor->setObjectName(label); // tests and accessibility find a field by its path
        form->addRow(label + (unit.empty() ? "" : " [" + QString::fromStdString(unit) + "]"),
                     editor);
    }
    // Each tier's raster power map: imported from a CSV grid rather than typed.
    if (sel.size() == 1)
        if (const Stack* s = findStack(doc_->design(), sel[0].toStdString()))
            for (std::size_t t = 0; t < s->tiers.size(); ++t) {
                auto* row = new PowerMapRow(doc_, s->id, static_cast<int>(t));
                row->setObjectName(QString("tiers[%1].die.power_map").arg(t));
                connect(row, &PowerMapRow::message, this, &InspectorPanel::message);
                form->addRow(QString("tiers[%1].die.power_map").arg(t), row);
            }
    scroll->setWidget(body_);
}

void InspectorPanel::commit(const std::vector<std::string>& paths, const QString& text,
                            QWidget* editor) {
    const PathLookup now = getProperty(doc_->design(), paths.front());
    if (!now.ok())
        return;
    Value v;
    bool ok = true;
    switch (now.info.type) {
    case PropType::Boolean:
        v = text == "true";
        break;
    case PropType::Integer:
        v = static_cast<std::int64_t>(text.toLongLong(&ok));
        break;
    case PropType::Number:
        if (text.trimmed().isEmpty() && now.info.optional)
            v = std::monostate{};
        else
            v = text.toDouble(&ok);
        break;
    default:
        v = text.toStdString();
    }
    std::vector<SetPropertyCommand*> commands; // only for the objects whose value changes
    std::string error = ok ? std::string() : "expected a number";
    for (const std::string& path : paths) {
        if (!ok || getProperty(doc_->design(), path).value == v)
            continue;
        auto* cmd = new SetPropertyCommand(doc_, path, v);
        if (error.empty())
            error = cmd->error();
        commands.push_back(cmd);
    }
    if (!error.empty() || commands.empty()) {
        qDeleteAll(commands);
    } else if (commands.size() == 1) {
        doc_->undoStack()->push(commands.front());
    } else { // one undo step for the whole selection
        doc_->undoStack()->beginMacro(
            tr("Set %1 on %2 stacks")
                .arg(QString::fromStdString(paths.front().substr(paths.front().find("].") + 2)))
                .arg(commands.size()));
        for (SetPropertyCommand* cmd : commands)
            doc_->undoStack()->push(cmd);
        doc_->undoStack()->endMacro();
    }
    if (!error.empty()) {
        editor->setStyleSheet("background: #fde2e2");
        editor->setToolTip(QString::fromStdString(error));
        emit message(QString::fromStdString(error));
    }
}

// ---- issues --------------------------------------------------------------------------------

IssuesPanel::IssuesPanel(Document* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    auto* layout = new QVBoxLayout(this);
    list_ = new QListWidget;
    list_->setWordWrap(true);
    layout->addWidget(list_);
    connect(list_, &QListWidget::itemActivated, this, [this](QListWidgetItem* it) {
        const QStringList ids = it->data(Qt::UserRole).toStringList();
        for (const QString& id : ids) {
            // The stack that holds this die (or is it).
            for (const Stack& s : doc_->design().stacks)
                for (const Tier& t : s.tiers)
                    if (QString::fromStdString(t.die.id) == id ||
                        QString::fromStdString(s.id) == id) {
                        doc_->setSelection({QString::fromStdString(s.id)});
                        emit objectActivated(QString::fromStdString(s.id));
                        return;
                    }
        }
    });
    connect(list_, &QListWidget::itemClicked, list_, &QListWidget::itemActivated);
}

void IssuesPanel::setStanding(const std::vector<Diagnostic>& diags) {
    standing_ = diags;
    setDiagnostics(std::vector<Diagnostic>(shown_));
}

void IssuesPanel::setDiagnostics(const std::vector<Diagnostic>& diags) {
    shown_ = diags;
    list_->clear();
    std::vector<Diagnostic> all = standing_;
    all.insert(all.end(), diags.begin(), diags.end());
    for (const Diagnostic& d : all) {
        auto* it = new QListWidgetItem(QString::fromStdString(format(d)));
        QStringList ids;
        for (const std::string& id : d.object_ids)
            ids << QString::fromStdString(id);
        it->setData(Qt::UserRole, ids);
        if (const DiagnosticCode* c = findDiagnosticCode(d.code)) // what it means, what to do
            it->setToolTip(QString("<b>%1 — %2</b><br>%3")
                               .arg(QString::fromStdString(d.code),
                                    QString::fromUtf8(c->title).toHtmlEscaped(),
                                    QString::fromUtf8(c->help).toHtmlEscaped()));
        it->setForeground(d.severity == Severity::Error     ? QColor(190, 20, 20)
                          : d.severity == Severity::Warning ? QColor(170, 110, 0)
                                                            : QColor(80, 80, 80));
        list_->addItem(it);
    }
}

} // namespace strata::studio
