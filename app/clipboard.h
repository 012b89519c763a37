#pragma once
// Copy and paste of stacks: the selected stacks and the links among their dies travel as a small
// design document (MIME type kStacksMime, and as plain JSON text for other programs), so a paste
// works between windows and sessions and goes through the same reader as a design file.
#include "model/design.h"

#include <QStringList>

#include <optional>

class QMimeData;

namespace strata::studio {

inline constexpr const char* kStacksMime = "application/x-strata-stacks+json";

// The stacks with these ids and the links among their dies.
Design fragmentOf(const Design& design, const QStringList& stackIds);
// Mime data carrying `fragment` (caller owns it).
QMimeData* mimeFor(const Design& fragment);
// The fragment in `mime`, or nothing when it holds no readable stacks.
std::optional<Design> fragmentFrom(const QMimeData* mime);

} // namespace strata::studio
