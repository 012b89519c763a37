#pragma once
// What the 3-D stack views draw (the QPainter one, stack_view.h, and the OpenGL one,
// stack_gl_view.h): the tiers of a stack as boxes in mm, pulled apart vertically, each top face
// carrying its die's temperature map — coloured on one scale for the whole stack, so that the
// tiers can be compared by eye.
#include "eval/evaluator.h"

#include <QColor>
#include <QImage>
#include <QStringList>

class QPainter;

#include <string>
#include <vector>

namespace strata::studio {

struct StackBox {
    std::string die;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0, z0 = 0, z1 = 0; // mm, z exploded
    QColor colour;                                         // the die's kind
    QImage heat;                                           // row 0 = north; empty: no map
    double hx0 = 0, hy0 = 0, hx1 = 0, hy1 = 0;             // where the map lies, mm
    double tmax = 0, tmean = 0;                            // °C
    bool hasHeat = false;
};

struct StackScene {
    std::string stack; // "" when the design has none
    std::vector<StackBox> boxes;
    double cx = 0, cy = 0, cz = 0, extent = 10; // centre and size, mm
    double tlo = 1, thi = 0;                    // the maps' common scale, °C (tlo > thi: none)
};

inline constexpr double kStackTierHeight = 1.2; // mm drawn per tier: real tiers are µm thin

// The result's die temperature maps ("thermal.die.<id>"), all a stack view keeps of a result.
std::vector<Field> dieTemperatureMaps(const EvalResult& result);

// The tiers of the one selected stack, else of the tallest (what a 3-D view is for), `spread`
// mm apart; `dieFields` are the result's "thermal.die.<id>" maps.
StackScene buildStackScene(const Design& design, const Library& library,
                           const QStringList& selection, const std::vector<Field>& dieFields,
                           double spread);

// The one scale of all tiers' maps as a bar at the right edge of a view of `size`.
void drawStackColourBar(QPainter& p, const StackScene& scene, const QSize& size);

// The orbit camera both views share: orthographic, turned by the azimuth about z, then tilted by
// the elevation (90°: straight down).
struct StackCamera {
    double azimuth = 35, elevation = 35, zoom = 1;
    void orbit(double dAzimuthDeg, double dElevationDeg);
    void zoomBy(double wheelDelta);
};

} // namespace strata::studio
