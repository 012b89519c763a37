#pragma once
// The inspector's row for a die's raster power map (design.h PowerMap): what it holds, Import…
// from a CSV grid (interop/power_map_csv.h) or a HotSpot floorplan with its power trace
// (interop/hotspot_power_map.h) and Clear, each one undoable step.
#include "model/design.h"

#include <QString>
#include <QWidget>

#include <optional>
#include <string>

namespace strata::studio {

class Document;

// Sets (or with nullopt removes) the power map of tier `tier` of stack `stack`: one undo step.
void setPowerMap(Document* doc, const std::string& stack, int tier, std::optional<PowerMap> map);

// Sets the power map of tier `tier` of stack `stack` from the CSV file `path`, or from a HotSpot
// floorplan `path` with its power trace `ptrace` (one undo step); returns what went wrong, naming
// the file, line and column, or an empty string.
QString importPowerMap(Document* doc, const std::string& stack, int tier, const QString& path,
                       const QString& ptrace = {});

// Removes the tier's power map (one undo step); false when it had none.
bool clearPowerMap(Document* doc, const std::string& stack, int tier);

// For a HotSpot floorplan `path` whose outline's shape differs from the die's by more than 2 %:
// "; the floorplan (width / height 1.60) is stretched over the die (1.00)"; else empty.
QString powerMapStretchNote(const Document* doc, const std::string& stack, int tier,
                            const QString& path);

// "none (block powers)" or "64 × 48 cells, 120 W".
QString powerMapSummary(const Document* doc, const std::string& stack, int tier);

class PowerMapRow : public QWidget {
    Q_OBJECT
public:
    PowerMapRow(Document* doc, const std::string& stack, int tier, QWidget* parent = nullptr);
signals:
    void message(const QString& text);
};

} // namespace strata::studio
