#include "power_map_row.h"

#include "commands.h"
#include "document.h"
#include "interop/hotspot_power_map.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>
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

} // namespace

void setPowerMap(Document* doc, const std::string& stack, int tier, std::optional<PowerMap> map) {
    const Tier* t = tierOf(doc->design(), stack, tier);
    if (!t)
        return;
    const QString what =
        (map ? QObject::tr("Import power map of %1") : QObject::tr("Clear power map of %1"))
            .arg(QString::fromStdString(t->die.id));
    Design after = doc->design();
    findStack(after, stack)->tiers[static_cast<std::size_t>(tier)].die.power_map = std::move(map);
    doc->undoStack()->push(new ReplaceDesignCommand(doc, doc->design(), after, what));
}

QString importPowerMap(Document* doc, const std::string& stack, int tier, const QString& path,
                       const QString& ptrace) {
    if (!tierOf(doc->design(), stack, tier))
        return QObject::tr("no tier %1 in stack %2").arg(tier).arg(QString::fromStdString(stack));
    std::string error;
    auto map = readPowerMapFile(path.toStdString(), ptrace.toStdString(), error);
    if (!map)
        return QString::fromStdString(error);
    setPowerMap(doc, stack, tier, std::move(map));
    return {};
}

bool clearPowerMap(Document* doc, const std::string& stack, int tier) {
    const Tier* t = tierOf(doc->design(), stack, tier);
    if (!t || !t->die.power_map)
        return false;
    setPowerMap(doc, stack, tier, std::nullopt);
    return true;
}

// What a HotSpot floorplan's outline becomes on the die, when their shapes differ by more than
// 2 %: the map is stretched to the die (empty otherwise, and for CSV grids).
QString powerMapStretchNote(const Document* doc, const std::string& stack, int tier,
                            const QString& path) {
    const Tier* t = tierOf(doc->design(), stack, tier);
    const ChipletType* type = t ? doc->library().chiplet(t->die.type) : nullptr;
    if (!type)
        return {};
    const auto stretch =
        floorplanStretch(path.toStdString(), t->die.width_m.value_or(type->width_m),
                         t->die.height_m.value_or(type->height_m));
    if (!stretch)
        return {};
    return QObject::tr("; the floorplan (width / height %1) is stretched over the die (%2)")
        .arg(stretch->floorplan_aspect, 0, 'f', 2)
        .arg(stretch->die_aspect, 0, 'f', 2);
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
        tr("A CSV grid of W per cell, the die's north edge on the first line, or a HotSpot "
           "floorplan (.flp) with its power trace (.ptrace); it replaces the die's block powers"));
    clearButton->setEnabled(tierOf(doc->design(), stack, tier) &&
                            tierOf(doc->design(), stack, tier)->die.power_map);
    layout->addWidget(summary);
    buttons->addWidget(importButton);
    buttons->addWidget(clearButton);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(importButton, &QPushButton::clicked, this, [this, doc, stack, tier] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import power map"), QString(),
            tr("Power maps (*.csv *.txt *.flp);;CSV power maps (*.csv *.txt);;HotSpot floorplans "
               "(*.flp);;All files (*)"));
        if (path.isEmpty())
            return;
        QString ptrace; // a HotSpot floorplan's powers come from its trace
        if (isHotSpotFloorplan(path.toStdString())) {
            ptrace = QFileDialog::getOpenFileName(
                this, tr("HotSpot power trace for %1").arg(QFileInfo(path).fileName()),
                QFileInfo(path).absolutePath(),
                tr("HotSpot power traces (*.ptrace);;All files (*)"));
            if (ptrace.isEmpty())
                return;
        }
        std::string error;
        std::optional<PowerMap> map =
            readPowerMapFile(path.toStdString(), ptrace.toStdString(), error);
        if (!map) {
            QMessageBox::warning(this, tr("Power map not imported"), QString::fromStdString(error));
            return;
        }
        emit message(tr("Power map imported: %1 × %2 cells (it replaces the die's block powers)")
                         .arg(map->nx)
                         .arg(map->ny) +
                     powerMapStretchNote(doc, stack, tier, path));
        // Last: the edit rebuilds the inspector, and this row with it.
        setPowerMap(doc, stack, tier, std::move(map));
    });
    connect(clearButton, &QPushButton::clicked, this,
            [doc, stack, tier] { clearPowerMap(doc, stack, tier); });
}

} // namespace strata::studio
