#include "stack_gl_view.h"

#include "commands.h"
#include "document.h"
#include "model/geometry.h"
#include "model/property_path.h"

#ifdef STRATA_HAVE_IMGUI
#include "imgui_overlay.h"

#include <imgui.h>
#endif

#include <QMouseEvent>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLShaderProgram>
#include <QOpenGLTexture>
#include <QPainter>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace strata::studio {

namespace {

QSurfaceFormat viewFormat() {
    QSurfaceFormat f;
    f.setVersion(3, 3);
    f.setProfile(QSurfaceFormat::CoreProfile);
    f.setDepthBufferSize(24);
    f.setSamples(4);
    return f;
}

const char* kVertexShader = R"(#version 330 core
layout(location = 0) in vec3 position;
layout(location = 1) in vec3 normal;
layout(location = 2) in vec2 uv;
uniform mat4 viewProjection;
out vec3 vNormal;
out vec2 vUv;
void main() {
    gl_Position = viewProjection * vec4(position, 1.0);
    vNormal = normal;
    vUv = uv;
})";

// Side faces are lit from above and in front; the maps are drawn unlit so that their colours
// read against the colour bar; a stale map is washed out towards grey.
const char* kFragmentShader = R"(#version 330 core
in vec3 vNormal;
in vec2 vUv;
uniform vec4 colour;
uniform bool textured;
uniform bool lit;
uniform float fade;
uniform sampler2D heat;
out vec4 fragColour;
void main() {
    vec3 c = textured ? mix(texture(heat, vUv).rgb, vec3(0.8), fade) : colour.rgb;
    float light = lit ? 0.45 + 0.55 * max(dot(normalize(vNormal),
                                              normalize(vec3(0.35, -0.55, 1.0))), 0.0)
                      : 1.0;
    fragColour = vec4(c * light, 1.0);
})";

constexpr int kFloatsPerVertex = 8; // position, normal, uv
constexpr int kTriangleVertices = 36;
constexpr int kLineVertices = 24;

void vertex(std::vector<float>& out, const QVector3D& p, const QVector3D& n, float u, float v) {
    out.insert(out.end(), {p.x(), p.y(), p.z(), n.x(), n.y(), n.z(), u, v});
}

// Two triangles of the quad a b c d (counter-clockwise seen from outside).
void quad(std::vector<float>& out, const QVector3D (&c)[4], const QVector3D& n,
          const float (&uv)[4][2]) {
    for (int i : {0, 1, 2, 0, 2, 3})
        vertex(out, c[i], n, uv[i][0], uv[i][1]);
}

} // namespace

bool StackGLView::openGlAvailable() {
    QOpenGLContext context;
    context.setFormat(viewFormat());
    if (!context.create())
        return false;
    const QSurfaceFormat got = context.format();
    if (got.majorVersion() * 10 + got.minorVersion() < 33)
        return false;
    QOffscreenSurface surface;
    surface.setFormat(context.format());
    surface.create();
    return surface.isValid() && context.makeCurrent(&surface);
}

StackGLView::StackGLView(Document* doc, QWidget* parent) : QOpenGLWidget(parent), doc_(doc) {
    setFormat(viewFormat());
    setMinimumSize(260, 220);
    setMouseTracking(true); // the overlay highlights what the mouse is over
#ifdef STRATA_HAVE_IMGUI
    overlay_ = std::make_unique<ImGuiOverlay>();
#endif
    connect(doc_, &Document::designChanged, this, &StackGLView::rebuild);
    connect(doc_, &Document::selectionChanged, this, &StackGLView::rebuild);
    rebuild();
}

StackGLView::~StackGLView() {
    releaseGl();
    // QOpenGLWidget's destructor destroys the context after this one has run: its
    // aboutToBeDestroyed would call releaseGl on a view that is gone (UBSan saw it).
    if (QOpenGLContext* c = context())
        disconnect(c, nullptr, this, nullptr);
}

// GL objects go with the context they were made in: freed when it goes (a dock floated out gets
// a new context, and initializeGL makes them again) or with the view.
void StackGLView::releaseGl() {
    if (!isValid() || !vao_)
        return;
    makeCurrent();
    textures_.clear();
    program_.reset();
    glDeleteBuffers(1, &vbo_);
    glDeleteVertexArrays(1, &vao_);
    vbo_ = vao_ = 0;
    if (overlay_)
        overlay_->shutdownGl();
    doneCurrent();
}

bool StackGLView::hasOverlay() const {
    return overlay_ != nullptr;
}

void StackGLView::setResult(const EvalResult& result, bool stale) {
    dieFields_ = dieTemperatureMaps(result);
    stale_ = stale;
    rebuild();
}

void StackGLView::setStale(bool stale) {
    stale_ = stale;
    update();
}

void StackGLView::rebuild() {
    scene_ =
        buildStackScene(doc_->design(), doc_->library(), doc_->selection(), dieFields_, spread_);
    if (picked_ >= static_cast<int>(scene_.boxes.size()))
        picked_ = -1;
    geometryDirty_ = true;
    update();
}

QMatrix4x4 StackGLView::viewProjection() const {
    // The projection of StackView: orthographic, the same scale and centre on the widget.
    const double s = camera_.zoom * 0.8 * std::min(width(), height()) / (1.6 * scene_.extent);
    const auto hw = static_cast<float>(width() / 2.0 / s),
               hh = static_cast<float>(height() / 2.0 / s);
    const auto depth = static_cast<float>(10 * scene_.extent);
    QMatrix4x4 m;
    m.ortho(-hw, hw, -hh, hh, -depth, depth);
    m.translate(0, static_cast<float>(20 / s), 0);
    m.rotate(static_cast<float>(camera_.elevation - 90), 1, 0, 0);
    m.rotate(static_cast<float>(camera_.azimuth), 0, 0, 1);
    m.translate(static_cast<float>(-scene_.cx), static_cast<float>(-scene_.cy),
                static_cast<float>(-scene_.cz));
    return m;
}

QPointF StackGLView::toWidget(const QVector3D& world) const {
    const QVector3D ndc = viewProjection().map(world);
    return {(ndc.x() + 1.0) / 2 * width(), (1.0 - ndc.y()) / 2 * height()};
}

QPointF StackGLView::topFaceCentre(int tier) const {
    const StackBox& b = scene_.boxes.at(static_cast<std::size_t>(tier));
    return toWidget(QVector3D(static_cast<float>((b.x0 + b.x1) / 2),
                              static_cast<float>((b.y0 + b.y1) / 2), static_cast<float>(b.z1)));
}

std::optional<int> StackGLView::tierAt(const QPointF& at) const {
    // The view ray through the point meets each top face's plane; the highest tier hit is in
    // front (the view looks down on the stack).
    bool invertible = false;
    const QMatrix4x4 inverse = viewProjection().inverted(&invertible);
    if (!invertible)
        return std::nullopt;
    const auto nx = static_cast<float>(2 * at.x() / width() - 1);
    const auto ny = static_cast<float>(1 - 2 * at.y() / height());
    const QVector3D nearPoint = inverse.map(QVector3D(nx, ny, -1));
    const QVector3D farPoint = inverse.map(QVector3D(nx, ny, 1));
    std::optional<int> hit;
    for (std::size_t t = 0; t < scene_.boxes.size(); ++t) {
        const StackBox& b = scene_.boxes[t];
        const float dz = farPoint.z() - nearPoint.z();
        if (std::abs(dz) < 1e-12f)
            continue;
        const float k = (static_cast<float>(b.z1) - nearPoint.z()) / dz;
        const QVector3D p = nearPoint + k * (farPoint - nearPoint);
        if (p.x() >= b.x0 && p.x() <= b.x1 && p.y() >= b.y0 && p.y() <= b.y1)
            hit = static_cast<int>(t);
    }
    return hit;
}

void StackGLView::orbit(double dAzimuthDeg, double dElevationDeg) {
    camera_.orbit(dAzimuthDeg, dElevationDeg);
    update();
}

void StackGLView::initializeGL() {
    initializeOpenGLFunctions();
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &StackGLView::releaseGl,
            Qt::UniqueConnection);
    program_ = std::make_unique<QOpenGLShaderProgram>();
    program_->addShaderFromSourceCode(QOpenGLShader::Vertex, kVertexShader);
    program_->addShaderFromSourceCode(QOpenGLShader::Fragment, kFragmentShader);
    program_->link();
    glGenVertexArrays(1, &vao_);
    glGenBuffers(1, &vbo_);
    geometryDirty_ = true;
    if (overlay_ && !overlay_->initialiseGl())
        overlay_.reset(); // the view still works, without the overlay
    frameClock_.start();
}

// Every box's 36 triangle and 24 line vertices into the buffer, and its map into a texture.
void StackGLView::uploadGeometry() {
    std::vector<float> vertices;
    textures_.clear();
    for (const StackBox& b : scene_.boxes) {
        const auto x0 = static_cast<float>(b.x0), x1 = static_cast<float>(b.x1);
        const auto y0 = static_cast<float>(b.y0), y1 = static_cast<float>(b.y1);
        const auto z0 = static_cast<float>(b.z0), z1 = static_cast<float>(b.z1);
        // The map covers [hx0, hx1] x [hy0, hy1]: texture coordinates of the top face's corners.
        auto u = [&b](double x) {
            return b.hasHeat ? static_cast<float>((x - b.hx0) / (b.hx1 - b.hx0)) : 0.f;
        };
        auto v = [&b](double y) {
            return b.hasHeat ? static_cast<float>((y - b.hy0) / (b.hy1 - b.hy0)) : 0.f;
        };
        const float topUv[4][2] = {
            {u(b.x0), v(b.y0)}, {u(b.x1), v(b.y0)}, {u(b.x1), v(b.y1)}, {u(b.x0), v(b.y1)}};
        const float none[4][2] = {};
        const QVector3D c[8] = {{x0, y0, z0}, {x1, y0, z0}, {x1, y1, z0}, {x0, y1, z0},
                                {x0, y0, z1}, {x1, y0, z1}, {x1, y1, z1}, {x0, y1, z1}};
        quad(vertices, {c[4], c[5], c[6], c[7]}, {0, 0, 1}, topUv); // first: drawn with its map
        quad(vertices, {c[3], c[2], c[1], c[0]}, {0, 0, -1}, none);
        quad(vertices, {c[0], c[1], c[5], c[4]}, {0, -1, 0}, none);
        quad(vertices, {c[1], c[2], c[6], c[5]}, {1, 0, 0}, none);
        quad(vertices, {c[2], c[3], c[7], c[6]}, {0, 1, 0}, none);
        quad(vertices, {c[3], c[0], c[4], c[7]}, {-1, 0, 0}, none);
        for (auto [i, j] : {std::pair{0, 1},
                            {1, 2},
                            {2, 3},
                            {3, 0},
                            {4, 5},
                            {5, 6},
                            {6, 7},
                            {7, 4},
                            {0, 4},
                            {1, 5},
                            {2, 6},
                            {3, 7}}) {
            vertex(vertices, c[i], {0, 0, 1}, 0, 0);
            vertex(vertices, c[j], {0, 0, 1}, 0, 0);
        }
        std::unique_ptr<QOpenGLTexture> texture;
        if (b.hasHeat) { // rows from the south edge up, as the texture coordinates run
            const QImage rgba = b.heat.convertToFormat(QImage::Format_RGBA8888).mirrored();
            texture = std::make_unique<QOpenGLTexture>(QOpenGLTexture::Target2D);
            texture->setSize(rgba.width(), rgba.height());
            texture->setFormat(QOpenGLTexture::RGBA8_UNorm);
            texture->allocateStorage();
            texture->setData(QOpenGLTexture::RGBA, QOpenGLTexture::UInt8, rgba.constBits());
            texture->setMinMagFilters(QOpenGLTexture::Nearest, QOpenGLTexture::Nearest);
            texture->setWrapMode(QOpenGLTexture::ClampToEdge);
        }
        textures_.push_back(std::move(texture));
    }
    boxVertices_ = kTriangleVertices;
    boxLines_ = kLineVertices;
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(float)),
                 vertices.data(), GL_STATIC_DRAW);
    const auto stride = static_cast<GLsizei>(kFloatsPerVertex * sizeof(float));
    for (GLuint a = 0; a < 3; ++a) {
        static const int offsets[3] = {0, 3, 6}, sizes[3] = {3, 3, 2};
        glEnableVertexAttribArray(a);
        // With a buffer bound, GL takes the attribute's byte offset in the pointer argument.
        glVertexAttribPointer(a, sizes[a], GL_FLOAT, GL_FALSE, stride,
                              reinterpret_cast<const void*>( // NOLINT(performance-no-int-to-ptr)
                                  offsets[a] * sizeof(float)));
    }
    glBindVertexArray(0);
    geometryDirty_ = false;
}

void StackGLView::paintGL() {
    glClearColor(245 / 255.f, 246 / 255.f, 248 / 255.f, 1);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    if (geometryDirty_)
        uploadGeometry();
    if (!scene_.boxes.empty() && program_->isLinked()) {
        glEnable(GL_DEPTH_TEST);
        glEnable(GL_POLYGON_OFFSET_FILL); // outlines stay in front of the faces they edge
        glPolygonOffset(1, 1);
        program_->bind();
        program_->setUniformValue("viewProjection", viewProjection());
        program_->setUniformValue("heat", 0);
        program_->setUniformValue("fade", stale_ ? 0.5f : 0.f);
        glBindVertexArray(vao_);
        for (std::size_t t = 0; t < scene_.boxes.size(); ++t) {
            const StackBox& b = scene_.boxes[t];
            const GLint first = static_cast<GLint>(t) * (boxVertices_ + boxLines_);
            program_->setUniformValue("colour", b.colour);
            QOpenGLTexture* map = textures_[t].get();
            program_->setUniformValue("textured", map != nullptr);
            program_->setUniformValue("lit", map == nullptr);
            if (map)
                map->bind(0);
            glDrawArrays(GL_TRIANGLES, first, 6); // the top face
            program_->setUniformValue("textured", false);
            program_->setUniformValue("lit", true);
            glDrawArrays(GL_TRIANGLES, first + 6, boxVertices_ - 6);
            const bool picked = static_cast<int>(t) == picked_;
            program_->setUniformValue("lit", false);
            program_->setUniformValue("colour", picked ? QColor(230, 40, 40) : QColor(40, 40, 40));
            glLineWidth(picked ? 3.f : 1.f);
            glDrawArrays(GL_LINES, first + boxVertices_, boxLines_);
        }
        glBindVertexArray(0);
        program_->release();
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_POLYGON_OFFSET_FILL);
    }
    drawLabels();
#ifdef STRATA_HAVE_IMGUI
    if (overlay_) {
        const double seconds = static_cast<double>(frameClock_.restart()) / 1000.0;
        overlay_->beginFrame(size(), devicePixelRatioF(), seconds);
        buildOverlay();
        overlay_->endFrame();
    }
#endif
}

void StackGLView::drawLabels() {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (scene_.boxes.empty()) {
        p.drawText(rect(), Qt::AlignCenter, tr("No stack"));
        return;
    }
    p.setPen(Qt::black);
    for (const StackBox& b : scene_.boxes)
        p.drawText(toWidget(QVector3D(static_cast<float>(b.x1), static_cast<float>(b.y0),
                                      static_cast<float>(b.z1))) +
                       QPointF(6, 0),
                   QString::fromStdString(b.die));
    QString line = tr("Stack %1: %n tier(s)%2", nullptr, static_cast<int>(scene_.boxes.size()))
                       .arg(QString::fromStdString(scene_.stack))
                       .arg(stale_ ? tr(" (results out of date)") : QString());
    if (picked_ >= 0) { // the picked tier's temperatures, as the software view reads them out
        const StackBox& b = scene_.boxes[static_cast<std::size_t>(picked_)];
        line += b.hasHeat ? tr(" — %1 (tier %2): max %3 °C, mean %4 °C")
                                .arg(QString::fromStdString(b.die))
                                .arg(picked_)
                                .arg(b.tmax, 0, 'f', 1)
                                .arg(b.tmean, 0, 'f', 1)
                          : tr(" — %1 (tier %2): not evaluated yet")
                                .arg(QString::fromStdString(b.die))
                                .arg(picked_);
    } else {
        line += tr(" — drag to orbit, wheel to zoom, click a tier");
    }
    p.drawText(QRectF(8, height() - 22, width() - 16, 18), Qt::AlignLeft, line);
    drawStackColourBar(p, scene_, size());
}

#ifdef STRATA_HAVE_IMGUI
void StackGLView::buildOverlay() {
    controls_.clear();
    auto record = [this](const char* label) {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        controls_[QString(label)] = QRectF(QPointF(a.x, a.y), QPointF(b.x, b.y));
    };
    ImGui::SetNextWindowPos(ImVec2(8, 8), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.88f);
    ImGui::Begin("Tune", nullptr,
                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings);
    auto spread = static_cast<float>(spread_);
    if (ImGui::SliderFloat("spread mm", &spread, 0.f, 10.f, "%.1f")) {
        spread_ = spread;
        QTimer::singleShot(0, this, &StackGLView::rebuild);
    }
    record("spread mm");
    ImGui::Separator();
    const Design& d = doc_->design();
    auto ambient = static_cast<float>(d.cooling.ambient_k - 273.15);
    if (ImGui::SliderFloat("ambient C", &ambient, -20.f, 85.f, "%.1f"))
        applyEdit("cooling.ambient_c", ambient);
    record("ambient C");
    if (d.cooling.r_k_w) {
        auto r = static_cast<float>(*d.cooling.r_k_w);
        if (ImGui::SliderFloat("sink K/W", &r, 0.005f, 2.f, "%.3f", ImGuiSliderFlags_Logarithmic))
            applyEdit("cooling.r_k_w", r);
        record("sink K/W");
    } else if (d.cooling.h_w_m2k) {
        auto h = static_cast<float>(*d.cooling.h_w_m2k);
        if (ImGui::SliderFloat("sink h W/m2K", &h, 10.f, 1e6f, "%.0f",
                               ImGuiSliderFlags_Logarithmic))
            applyEdit("cooling.h_w_m2k", h);
        record("sink h W/m2K");
    }
    const Stack* stack = findStack(d, scene_.stack);
    if (stack && picked_ >= 0 && picked_ < static_cast<int>(stack->tiers.size())) {
        const Die& die = stack->tiers[static_cast<std::size_t>(picked_)].die;
        const ResolvedDie r = resolveDie(die, d, doc_->library());
        ImGui::Text("%s (tier %d)", die.id.c_str(), picked_);
        auto watts = static_cast<float>(die.power_w.value_or(r.power_w));
        const float top = std::max(10.f, 2.f * static_cast<float>(std::max(r.power_w, 1.0)));
        if (ImGui::SliderFloat("power W", &watts, 0.f, top, "%.1f"))
            applyEdit("stacks[" + stack->id + "].tiers[" + std::to_string(picked_) +
                          "].die.power_w",
                      watts);
        record("power W");
    } else {
        ImGui::TextDisabled("click a tier to tune its power");
    }
    ImGui::End();
}
#else
void StackGLView::buildOverlay() {}
#endif

void StackGLView::applyEdit(const std::string& path, double value) {
    // After the frame: the edit changes the design, which rebuilds the scene.
    QTimer::singleShot(0, this, [this, path, value] {
        auto* command = new SetPropertyCommand(doc_, path, Value(value));
        if (command->error().empty())
            doc_->undoStack()->push(command); // a drag merges into one undo step
        else
            delete command;
    });
}

QRectF StackGLView::overlayControl(const QString& label) const {
    const auto it = controls_.find(label);
    return it == controls_.end() ? QRectF() : it->second;
}

void StackGLView::mousePressEvent(QMouseEvent* e) {
    if (overlay_) {
        overlay_->mouseMoved(e->position());
        overlay_->mouseButton(e->button() == Qt::LeftButton ? 0 : 1, true);
        if (overlay_->wantsMouse()) {
            dragged_ = true; // the overlay's: no orbit, no pick
            update();
            return;
        }
    }
    last_ = e->position();
    dragged_ = false;
}

void StackGLView::mouseMoveEvent(QMouseEvent* e) {
    if (overlay_) {
        overlay_->mouseMoved(e->position());
        update();
        if (overlay_->wantsMouse())
            return;
    }
    if (!(e->buttons() & Qt::LeftButton))
        return;
    const QPointF d = e->position() - last_;
    if (d.manhattanLength() > 2)
        dragged_ = true;
    last_ = e->position();
    orbit(0.5 * d.x(), 0.5 * d.y());
}

void StackGLView::mouseReleaseEvent(QMouseEvent* e) {
    if (overlay_) {
        overlay_->mouseMoved(e->position());
        overlay_->mouseButton(e->button() == Qt::LeftButton ? 0 : 1, false);
        update();
    }
    if (dragged_)
        return;
    picked_ = tierAt(e->position()).value_or(-1);
    if (picked_ >= 0)
        emit tierPicked(QString::fromStdString(scene_.stack), picked_);
    update();
}

void StackGLView::wheelEvent(QWheelEvent* e) {
    if (overlay_ && overlay_->wantsMouse()) {
        overlay_->wheel(e->angleDelta().y() / 120.0);
        update();
        return;
    }
    camera_.zoomBy(e->angleDelta().y());
    update();
}

} // namespace strata::studio
