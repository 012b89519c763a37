#pragma once
// Evaluate ▸ Thermal Resolution: the grid "Evaluate Now" (F5) solves on. Default (32 cells across
// the largest die), fine (64) or a cell count (thermal/builder.h gives the range); the choice is
// kept between sessions and choosing one evaluates at once. Live evaluations after edits stay on
// the coarse preview grid.
#include <QString>

class QAction;
class QMenu;
class QWidget;

namespace strata::studio {

class EvaluationRunner;

// The submenu, owned by `parent`; sets the runner's full resolution from the saved choice and
// names it in the text of `evaluateNow` (the F5 action; may be null).
QMenu* thermalResolutionMenu(QWidget* parent, EvaluationRunner* runner, QAction* evaluateNow);

// "coarse", "default", "fine" or a cell count -> words for the status bar ("64 cells").
QString resolutionLabel(const QString& resolution);

} // namespace strata::studio
