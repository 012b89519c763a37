#pragma once
// The exploded 3-D stack view drawn with OpenGL (DESIGN.md § GUI, stack view): the scene of
// stack_scene.h as lit, depth-tested boxes whose top faces carry the temperature maps as
// textures. Drag to orbit, wheel to zoom, click a top face to pick its tier. With Dear ImGui
// (STRATA_WITH_IMGUI) a "Tune" overlay adjusts the view (spread of the tiers) and the design
// live — ambient, heat sink and the picked die's power — through undo commands, so the live
// evaluation re-runs and the maps follow the sliders. The studio uses this view when an OpenGL
// 3.3 core context can be made (openGlAvailable), else the QPainter StackView.
#include "eval/evaluator.h"
#include "stack_scene.h"

#include <QElapsedTimer>
#include <QMatrix4x4>
#include <QOpenGLExtraFunctions>
#include <QOpenGLWidget>
#include <QRectF>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QOpenGLShaderProgram;
class QOpenGLTexture;

namespace strata::studio {

class Document;
class ImGuiOverlay;

class StackGLView : public QOpenGLWidget, protected QOpenGLExtraFunctions {
    Q_OBJECT
public:
    explicit StackGLView(Document* doc, QWidget* parent = nullptr);
    ~StackGLView() override;
    // Whether this machine gives an OpenGL 3.3 core context (Mesa's software one counts).
    static bool openGlAvailable();

    void setResult(const EvalResult& result, bool stale);
    void setStale(bool stale);
    QString stackId() const { return QString::fromStdString(scene_.stack); }
    const StackScene& scene() const { return scene_; }
    std::optional<int> tierAt(const QPointF& at) const; // bottom-up index under a widget point
    QPointF topFaceCentre(int tier) const;              // widget coordinates
    void orbit(double dAzimuthDeg, double dElevationDeg);
    int pickedTier() const { return picked_; }
    double spread() const { return spread_; }
    // Where the overlay drew the control labelled `label` in the last frame (widget
    // coordinates); empty without Dear ImGui or before the first frame.
    QRectF overlayControl(const QString& label) const;
    bool hasOverlay() const;

signals:
    void tierPicked(const QString& stack, int tier);

protected:
    void initializeGL() override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;

private:
    void releaseGl();
    void rebuild();
    QMatrix4x4 viewProjection() const;
    QPointF toWidget(const QVector3D& world) const;
    void uploadGeometry();
    void drawLabels();
    void buildOverlay();
    void applyEdit(const std::string& path, double value); // after the frame, as an undo step

    Document* doc_;
    std::vector<Field> dieFields_;
    StackScene scene_;
    StackCamera camera_;
    double spread_ = 4;
    bool stale_ = true;
    int picked_ = -1;
    QPointF last_;
    bool dragged_ = false;

    // GL objects, made in initializeGL and freed with the context.
    std::unique_ptr<QOpenGLShaderProgram> program_;
    std::vector<std::unique_ptr<QOpenGLTexture>> textures_; // per box (null: no map)
    unsigned vao_ = 0, vbo_ = 0;
    bool geometryDirty_ = true;
    int boxVertices_ = 0, boxLines_ = 0; // per box: triangles then outline lines

    std::unique_ptr<ImGuiOverlay> overlay_;
    std::map<QString, QRectF> controls_;
    QElapsedTimer frameClock_;
};

} // namespace strata::studio
