#include "lua_console.h"

#include "commands.h"
#include "document.h"
#include "lua/script_runner.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QVBoxLayout>

#include <ostream>
#include <streambuf>

namespace strata::studio {

namespace {
// Sends each finished line of the script's output to the console, on the GUI thread.
class LineSink : public std::streambuf {
public:
    explicit LineSink(std::function<void(QString)> post) : post_(std::move(post)) {}
    ~LineSink() override { flushLine(); }

protected:
    int overflow(int c) override {
        if (c == '\n' || c == '\r')
            flushLine();
        else if (c != EOF)
            line_ += static_cast<char>(c);
        return c;
    }
    int sync() override {
        flushLine();
        return 0;
    }

private:
    void flushLine() {
        if (line_.empty())
            return;
        post_(QString::fromStdString(line_));
        line_.clear();
    }
    std::function<void(QString)> post_;
    std::string line_;
};
} // namespace

LuaConsole::LuaConsole(Document* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    editor_ = new QPlainTextEdit;
    editor_->setFont(mono);
    editor_->setPlaceholderText(
        tr("-- Lua: the open design is `design`; edits become one undo step.\n"
           "design:set(\"stacks[gpu].x_mm\", 30)\n"
           "local r = strata.evaluate(design, {resolution = \"coarse\"})\n"
           "print(r.metrics[\"thermal.tj_max_c\"])"));
    output_ = new QPlainTextEdit;
    output_->setFont(mono);
    output_->setReadOnly(true);
    output_->setMaximumBlockCount(5000);
    run_ = new QPushButton(tr("Run (Ctrl+Return)"));
    stop_ = new QPushButton(tr("Stop"));
    stop_->setEnabled(false);
    status_ = new QLabel;
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_);
    buttons->addWidget(stop_);
    buttons->addWidget(status_, 1);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(editor_);
    split->addWidget(output_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);
    connect(run_, &QPushButton::clicked, this, &LuaConsole::run);
    connect(stop_, &QPushButton::clicked, this, &LuaConsole::stop);
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), editor_);
    connect(shortcut, &QShortcut::activated, this, &LuaConsole::run);
}

LuaConsole::~LuaConsole() {
    if (cancel_)
        cancel_->cancel();
    if (worker_.joinable())
        worker_.join();
}

void LuaConsole::append(const QString& text, bool error) {
    if (error)
        output_->appendHtml("<span style=\"color:#c0392b\">" + text.toHtmlEscaped() + "</span>");
    else
        output_->appendPlainText(text);
}

void LuaConsole::run() {
    if (isRunning() || editor_->toPlainText().trimmed().isEmpty())
        return;
    before_ = doc_->design();
    working_ = std::make_shared<Design>(before_);
    cancel_ = std::make_shared<CancelToken>();
    run_->setEnabled(false);
    stop_->setEnabled(true);
    status_->setText(tr("running…"));
    append(QStringLiteral("> ") + tr("run"));
    const std::string code = editor_->toPlainText().toStdString();
    const std::string dir = doc_->path().isEmpty()
                                ? std::string()
                                : QFileInfo(doc_->path()).absolutePath().toStdString();
    const Library* library = &doc_->library(); // outlives the run: the document owns it
    QPointer<LuaConsole> self(this);
    auto post = [self](QString line) {
        QMetaObject::invokeMethod(
            self, [self, line] { self->append(line); }, Qt::QueuedConnection);
    };
    worker_ = std::thread([self, post, code, dir, library, working = working_, cancel = cancel_] {
        QElapsedTimer t;
        t.start();
        lua::ScriptResult r;
        {
            LineSink sink(post);
            std::ostream out(&sink);
            lua::ScriptLimits limits;
            limits.cancel = cancel.get();
            r = lua::runChunk(code, "console", working, dir, *library, out, limits);
            out.flush();
        }
        const QString error = QString::fromStdString(r.error);
        const bool ok = r.ok;
        const double seconds = static_cast<double>(t.nsecsElapsed()) / 1e9;
        QMetaObject::invokeMethod(
            self,
            [self, ok, error, seconds] {
                self->status_->setText(
                    tr("%1 in %2 s").arg(ok ? tr("done") : tr("failed")).arg(seconds, 0, 'f', 2));
                self->done(ok, error);
            },
            Qt::QueuedConnection);
    });
}

void LuaConsole::stop() {
    if (cancel_)
        cancel_->cancel();
}

void LuaConsole::done(bool ok, const QString& error) {
    if (worker_.joinable())
        worker_.join();
    run_->setEnabled(true);
    stop_->setEnabled(false);
    if (!ok)
        append(error, true);
    if (ok && !(*working_ == before_)) {
        if (doc_->design() == before_) {
            doc_->undoStack()->push(
                new ReplaceDesignCommand(doc_, before_, *working_, tr("Lua script")));
            append(tr("design changed: one undo step (Ctrl+Z takes it back)"));
        } else {
            append(tr("the design was edited while the script ran: the script's changes were "
                      "not applied"),
                   true);
        }
    }
    emit finished(ok);
}

} // namespace strata::studio
