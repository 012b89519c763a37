#pragma once
// Lua console (DESIGN.md § GUI): type a script, run it (Ctrl+Return) in a worker thread on a copy
// of the open design, which the script sees as the global `design`; its output streams into the
// pane below, Stop cancels it (between Lua instructions and between sweep points). When it ends,
// its changes to `design` become one undo step; if the design was edited meanwhile they are not
// applied, and the console says so. The sandbox, the `strata` module and the limits are those of
// `strata-cli run` (scripting/lua/script_runner.h).
#include "core/progress.h"
#include "model/design.h"

#include <QWidget>

#include <memory>
#include <thread>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace strata::studio {

class Document;

class LuaConsole : public QWidget {
    Q_OBJECT
public:
    explicit LuaConsole(Document* doc, QWidget* parent = nullptr);
    ~LuaConsole() override;

    QPlainTextEdit* editor() { return editor_; }
    QPlainTextEdit* output() { return output_; }
    bool isRunning() const { return worker_.joinable(); }

public slots:
    void run();
    void stop();

signals:
    void finished(bool ok);

private:
    void append(const QString& text, bool error = false); // GUI thread
    void done(bool ok, const QString& error);             // GUI thread

    Document* doc_;
    QPlainTextEdit* editor_;
    QPlainTextEdit* output_;
    QPushButton* run_;
    QPushButton* stop_;
    QLabel* status_;
    std::thread worker_;
    std::shared_ptr<CancelToken> cancel_;
    std::shared_ptr<Design> working_; // the script's `design`
    Design before_;                   // the design when the run started
};

} // namespace strata::studio
