#pragma once
// A Dear ImGui context drawn over a QOpenGLWidget: Qt's mouse input goes in, ImGui's OpenGL 3
// backend (Debian's libimgui) draws the frame. ImGui has no Qt backend, so this small bridge is
// it: positions in logical pixels, the framebuffer scale for high-DPI screens, no imgui.ini
// (settings stay out of the user's working folder). Each call makes its own context current, so
// several views may each have one. Call the GL functions with the widget's context current.
#include <QPointF>
#include <QSize>

struct ImGuiContext;

namespace strata::studio {

class ImGuiOverlay {
public:
    ImGuiOverlay();
    ~ImGuiOverlay();
    ImGuiOverlay(const ImGuiOverlay&) = delete;
    ImGuiOverlay& operator=(const ImGuiOverlay&) = delete;

    bool initialiseGl(); // false when the backend cannot compile its shaders
    void shutdownGl();   // before the GL context goes away
    void mouseMoved(const QPointF& at);
    void mouseButton(int button, bool down); // 0 left, 1 right, 2 middle
    void wheel(double steps);                // + away from the user
    // Whether the last frame wanted the mouse (over a window, or a widget being dragged): the
    // view should not orbit or pick then.
    bool wantsMouse() const;
    // Between these two the ImGui:: calls build the frame; endFrame draws it.
    void beginFrame(const QSize& logical, double devicePixelRatio, double seconds);
    void endFrame();

private:
    ImGuiContext* context_ = nullptr;
    bool gl_ = false;
};

} // namespace strata::studio
