#include "evaluation_runner.h"

#include "document.h"
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "thermal/source_learning.h"

#include <QMetaObject>

#include <chrono>
#include <cstdio>
#include <functional>

namespace strata::studio {

namespace {
// Hands the worker's progress to the runner's thread, at most about 20 times a second.
class ForwardedProgress : public ProgressSink {
public:
    explicit ForwardedProgress(std::function<void(const QString&, double)> post)
        : post_(std::move(post)) {}
    void progress(const std::string& stage, double fraction) override {
        const auto now = std::chrono::steady_clock::now();
        if (fraction > 0 && fraction < 1 && now - last_ < std::chrono::milliseconds(50))
            return;
        last_ = now;
        post_(QString::fromStdString(stage), fraction);
    }

private:
    std::function<void(const QString&, double)> post_;
    std::chrono::steady_clock::time_point last_{};
};
} // namespace

EvaluationRunner::EvaluationRunner(Document* doc, QObject* parent) : QObject(parent), doc_(doc) {
    registerAllEvaluators(registry_);
    debounce_.setSingleShot(true);
    debounce_.setInterval(300);
    connect(&debounce_, &QTimer::timeout, this, [this] { evaluateAt("coarse"); });
    connect(doc_, &Document::designChanged, this, &EvaluationRunner::scheduleLive);
}

EvaluationRunner::~EvaluationRunner() {
    stopWorker();
    stopOtherWorker();
}

void EvaluationRunner::setUserOptions(const std::map<std::string, std::string>& options,
                                      bool reevaluate) {
    if (options == userOptions_)
        return;
    userOptions_ = options;
    if (reevaluate)
        scheduleLive();
}

void EvaluationRunner::setAutoEvaluate(bool on) {
    auto_ = on;
    if (on && stale_)
        scheduleLive();
}

void EvaluationRunner::scheduleLive() {
    if (!stale_) {
        stale_ = true;
        emit staleChanged(true);
    }
    if (cancel_)
        cancel_->cancel(); // a newer edit makes the running evaluation pointless
    if (auto_)
        debounce_.start();
}

void EvaluationRunner::evaluateNow() {
    debounce_.stop();
    evaluateAt(full_);
}

void EvaluationRunner::stop() {
    debounce_.stop();
    if (running_ && cancel_)
        cancel_->cancel();
}

void EvaluationRunner::stopWorker() {
    if (cancel_)
        cancel_->cancel();
    if (worker_.joinable())
        worker_.join();
}

void EvaluationRunner::stopOtherWorker() {
    if (otherCancel_)
        otherCancel_->cancel();
    if (otherWorker_.joinable())
        otherWorker_.join();
}

void EvaluationRunner::evaluateAt(const std::string& resolution) {
    start(resolution, {});
}

void EvaluationRunner::evaluateTransient(const std::string& trace, int steps,
                                         const std::string& start, double interval_s) {
    debounce_.stop();
    this->start(full_, {trace, start, steps, interval_s});
}

std::shared_ptr<CancelToken>
EvaluationRunner::evaluateOther(const Design& design,
                                std::function<void(const QString&, double)> progress,
                                std::function<void(EvalResult)> done) {
    stopOtherWorker();
    otherCancel_ = std::make_shared<CancelToken>();
    EvalOptions options;
    options.values = userOptions_;
    options.values["thermal.resolution"] = resultResolution_.empty() ? "coarse" : resultResolution_;
    otherWorker_ =
        std::thread([this, design, library = &doc_->library(), options, cancel = otherCancel_,
                     progress = std::move(progress), done = std::move(done)]() mutable {
            ForwardedProgress forward([this, progress](const QString& stage, double f) {
                QMetaObject::invokeMethod(
                    this, [progress, stage, f] { progress(stage, f); }, Qt::QueuedConnection);
            });
            EvalResult r = evaluate(registry_, {design, *library, options, &forward, cancel.get()});
            QMetaObject::invokeMethod(
                this, [done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); },
                Qt::QueuedConnection);
        });
    return otherCancel_;
}

void EvaluationRunner::start(const std::string& resolution, const TransientRequest& transient) {
    stopWorker();
    const std::uint64_t generation = ++generation_;
    cancel_ = std::make_shared<CancelToken>();
    running_ = true;
    emit started();
    auto design = std::make_shared<Design>(doc_->design()); // the worker's own copy
    const Library* library = &doc_->library();
    worker_ = std::thread([this, design, library, resolution, transient, generation,
                           cancel = cancel_, user = userOptions_] {
        const auto t0 = std::chrono::steady_clock::now();
        EvalOptions options;
        options.values = user; // the thermal options below are the runner's
        options.values["thermal.resolution"] = resolution;
        // Live re-evaluation after each edit: an edit that changes only powers reuses the last
        // steady thermal solver (results within the solver tolerance of a fresh evaluation).
        options.values["thermal.solver_reuse"] = "session";
        if (!transient.trace.empty()) {
            options.values["thermal.transient_trace"] = transient.trace;
            options.values["thermal.transient_steps"] = std::to_string(transient.steps);
            options.values["thermal.transient_start"] = transient.start;
            if (transient.interval_s > 0) {
                char text[32];
                std::snprintf(text, sizeof text, "%.17g", transient.interval_s);
                options.values["thermal.trace_interval_s"] = text;
            }
        }
        ForwardedProgress progress([this, generation](const QString& stage, double f) {
            QMetaObject::invokeMethod(
                this,
                [this, generation, stage, f] {
                    if (generation == generation_)
                        emit this->progress(stage, f);
                },
                Qt::QueuedConnection);
        });
        EvalResult r = evaluate(registry_, {*design, *library, options, &progress, cancel.get()});
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const bool completed = !r.cancelled;
        QMetaObject::invokeMethod(
            this,
            [this, r = std::move(r), seconds, generation, resolution,
             trace = transient.trace]() mutable {
                if (generation != generation_)
                    return;        // superseded by a newer evaluation
                if (r.cancelled) { // stopped, or an edit is about to start a new one
                    running_ = false;
                    emit stopped();
                    return;
                }
                running_ = false;
                result_ = std::move(r);
                resultResolution_ = resolution;
                resultTrace_ = trace;
                stale_ = false;
                emit staleChanged(false);
                emit finished(seconds);
            },
            Qt::QueuedConnection);
        // While the user looks at the result: the session's thermal solver learns each heat
        // source's response, so that the next power edit is a projection, not a solve
        // (thermal/source_learning.h). The next evaluation cancels it before it starts.
        if (!completed)
            return;
        const thermal::SourceLearning l =
            thermal::learnSessionSources(*design, *library, resolution, cancel.get());
        if (l.cached && !cancel->cancelled())
            QMetaObject::invokeMethod(
                this,
                [this, l, generation] {
                    if (generation == generation_)
                        emit sourcesLearnt(l.held, l.sources, l.fits);
                },
                Qt::QueuedConnection);
    });
}

} // namespace strata::studio
