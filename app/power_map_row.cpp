#include "power_map_row.h"

#include "commands.h"
#include "core/atomic_file.h"
#include "document.h"
#include "interop/power_map_csv.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include <numeric>

namespace strata::studio {

namespace {
// The tier, or null when the stack or tier is gone.
const Tier* tierOf(const Design& d, const std::string& stack, int tier) {
    const Stack* s = findStack(d, stack);
    if (!s || tier < 0 || static_cast<std::size_t>(tier) >= s->tiers.size())
        return nullptr;
    return &s->tiers[static_cast<std::size_t>(tier)];
}

void replacePowerMap(Document* doc, const std::string& stack, int tier, std::optional<PowerMap> map,
                     const QString& what) {
    Design after = doc->design(); // the caller checked that the tier exists
    findStack(after, stack)->tiers[static_cast<std::size_t>(tier)].die.power_map = std::move(map);
    doc->undoStack()->push(new ReplaceDesignCommand(doc, doc->design(), after, what));
}
} // namespace

QString importPowerMap(Document* doc, const std::string& stack, int tier, const QString& path) {
    const Tier* t = tierOf(doc->design(), stack, tier);
    if (!t)
        return QObject::tr("no tier %1 in stack %2").arg(tier).arg(QString::fromStdString(stack));
    std::string text, error;
    if (!readWholeFile(path.toStdString(), text, error))
        return QString::fromStdString(error);
    std::vector<Diagnostic> diags;
    auto map = parsePowerMapCsv(text, path.toStdString(), diags);
    if (!map)
        return QString::fromStdString(diags.empty() ? path.toStdString() : format(diags.front()));
    replacePowerMap(doc, stack, tier, std::move(map),
                    QObject::tr("Import power map of %1").arg(QString::fromStdString(t->die.id)));
    return {};
}

bool clearPowerMap(Document* doc, const std::string& stack, int tier) {
    const Tier* t = tierOf(doc->design(), stack, tier);
    if (!t || !t->die.power_map)
        return false;
    replacePowerMap(doc, stack, tier, std::nullopt,
                    QObject::tr("Clear power map of %1").arg(QString::fromStdString(t->die.id)));
    return true;
}

QString powerMapSummary(const Document* doc, const std::string& stack, int tier) {
    const Tier* t = tierOf(doc->design(), stack, tier);
    if (!t || !t->die.power_map)
        return QObject::tr("none (block powers)");
    const PowerMap& m = *t->die.power_map;
    const double total = std::accumulate(m.power_w.begin(), m.power_w.end(), 0.0);
    return QObject::tr("%1 × %2 cells, %3 W").arg(m.nx).arg(m.ny).arg(total, 0, 'g', 5);
}

PowerMapRow::PowerMapRow(Document* doc, const std::string& stack, int tier, QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this); // the summary above its buttons: a narrow inspector
    layout->setContentsMargins(0, 0, 0, 0);
    auto* buttons = new QHBoxLayout;
    auto* summary = new QLabel(powerMapSummary(doc, stack, tier));
    auto* importButton = new QPushButton(tr("Import…"));
    auto* clearButton = new QPushButton(tr("Clear"));
    importButton->setToolTip(
        tr("A CSV grid of W per cell, the die's north edge on the first line; it replaces the "
           "die's block powers"));
    clearButton->setEnabled(tierOf(doc->design(), stack, tier) &&
                            tierOf(doc->design(), stack, tier)->die.power_map);
    layout->addWidget(summary);
    buttons->addWidget(importButton);
    buttons->addWidget(clearButton);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(importButton, &QPushButton::clicked, this, [this, doc, stack, tier] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Import power map"), QString(),
                                         tr("CSV power maps (*.csv *.txt);;All files (*)"));
        if (path.isEmpty())
            return;
        const QString error = importPowerMap(doc, stack, tier, path);
        if (!error.isEmpty()) {
            QMessageBox::warning(this, tr("Power map not imported"), error);
            return;
        }
        emit message(tr("Power map imported: %1 (it replaces the die's block powers)")
                         .arg(powerMapSummary(doc, stack, tier)));
    });
    connect(clearButton, &QPushButton::clicked, this,
            [doc, stack, tier] { clearPowerMap(doc, stack, tier); });
}

} // namespace strata::studio
