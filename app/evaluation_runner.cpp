#include "evaluation_runner.h"

#include "document.h"
#include "eval/builtin.h"
#include "eval/pipeline.h"

#include <QMetaObject>

#include <chrono>

namespace strata::studio {

EvaluationRunner::EvaluationRunner(Document* doc, QObject* parent) : QObject(parent), doc_(doc) {
    registerBuiltinEvaluators(registry_);
    debounce_.setSingleShot(true);
    debounce_.setInterval(300);
    connect(&debounce_, &QTimer::timeout, this, [this] { evaluateAt("coarse"); });
    connect(doc_, &Document::designChanged, this, &EvaluationRunner::scheduleLive);
}

EvaluationRunner::~EvaluationRunner() {
    stopWorker();
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

void EvaluationRunner::stopWorker() {
    if (cancel_)
        cancel_->cancel();
    if (worker_.joinable())
        worker_.join();
}

void EvaluationRunner::evaluateAt(const std::string& resolution) {
    start(resolution, {});
}

void EvaluationRunner::evaluateTransient(const std::string& trace, int steps,
                                         const std::string& start) {
    debounce_.stop();
    this->start(full_, {trace, start, steps});
}

void EvaluationRunner::start(const std::string& resolution, const TransientRequest& transient) {
    stopWorker();
    const std::uint64_t generation = ++generation_;
    cancel_ = std::make_shared<CancelToken>();
    running_ = true;
    emit started();
    auto design = std::make_shared<Design>(doc_->design()); // the worker's own copy
    const Library* library = &doc_->library();
    worker_ =
        std::thread([this, design, library, resolution, transient, generation, cancel = cancel_] {
            const auto t0 = std::chrono::steady_clock::now();
            EvalOptions options;
            options.values["thermal.resolution"] = resolution;
            // Live re-evaluation after each edit: an edit that changes only powers reuses the last
            // steady thermal solver (results within the solver tolerance of a fresh evaluation).
            options.values["thermal.solver_reuse"] = "session";
            if (!transient.trace.empty()) {
                options.values["thermal.transient_trace"] = transient.trace;
                options.values["thermal.transient_steps"] = std::to_string(transient.steps);
                options.values["thermal.transient_start"] = transient.start;
            }
            EvalResult r = evaluate(registry_, {*design, *library, options, nullptr, cancel.get()});
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            QMetaObject::invokeMethod(
                this,
                [this, r = std::move(r), seconds, generation, resolution,
                 trace = transient.trace]() mutable {
                    if (generation != generation_ || r.cancelled)
                        return; // superseded by a newer edit
                    running_ = false;
                    result_ = std::move(r);
                    resultResolution_ = resolution;
                    resultTrace_ = trace;
                    stale_ = false;
                    emit staleChanged(false);
                    emit finished(seconds);
                },
                Qt::QueuedConnection);
        });
}

} // namespace strata::studio
