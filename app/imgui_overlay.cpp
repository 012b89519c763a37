#include "imgui_overlay.h"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>

namespace strata::studio {

ImGuiOverlay::ImGuiOverlay() {
    ImGuiContext* previous = ImGui::GetCurrentContext();
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    ImGui::StyleColorsLight();
    ImGui::GetStyle().WindowRounding = 4;
    ImGui::SetCurrentContext(previous);
}

ImGuiOverlay::~ImGuiOverlay() {
    ImGui::DestroyContext(context_);
}

bool ImGuiOverlay::initialiseGl() {
    ImGui::SetCurrentContext(context_);
    gl_ = ImGui_ImplOpenGL3_Init("#version 330 core");
    return gl_;
}

void ImGuiOverlay::shutdownGl() {
    if (!gl_)
        return;
    ImGui::SetCurrentContext(context_);
    ImGui_ImplOpenGL3_Shutdown();
    gl_ = false;
}

void ImGuiOverlay::mouseMoved(const QPointF& at) {
    ImGui::SetCurrentContext(context_);
    ImGui::GetIO().MousePos = ImVec2(static_cast<float>(at.x()), static_cast<float>(at.y()));
}

void ImGuiOverlay::mouseButton(int button, bool down) {
    ImGui::SetCurrentContext(context_);
    if (button >= 0 && button < 5)
        ImGui::GetIO().MouseDown[button] = down;
}

void ImGuiOverlay::wheel(double steps) {
    ImGui::SetCurrentContext(context_);
    ImGui::GetIO().MouseWheel += static_cast<float>(steps);
}

bool ImGuiOverlay::wantsMouse() const {
    ImGui::SetCurrentContext(context_);
    return gl_ && ImGui::GetIO().WantCaptureMouse;
}

void ImGuiOverlay::beginFrame(const QSize& logical, double devicePixelRatio, double seconds) {
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize =
        ImVec2(static_cast<float>(logical.width()), static_cast<float>(logical.height()));
    const auto scale = static_cast<float>(devicePixelRatio);
    io.DisplayFramebufferScale = ImVec2(scale, scale);
    io.DeltaTime = static_cast<float>(std::max(seconds, 1e-4)); // ImGui refuses 0
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
}

void ImGuiOverlay::endFrame() {
    ImGui::SetCurrentContext(context_);
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

} // namespace strata::studio
