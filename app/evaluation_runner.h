#pragma once
// Live evaluation (DESIGN.md § GUI): after an edit, and a short pause, the pipeline runs on a copy
// of the design in a worker thread; a newer edit cancels the running evaluation; results come
// back on the GUI thread with the time taken. "Evaluate now" runs at the full thermal resolution
// the user chose (default: 32 cells across the largest die); live evaluations at the coarse one.
#include "eval/evaluator.h"
#include "eval/registry.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

namespace strata::studio {

class Document;

class EvaluationRunner : public QObject {
    Q_OBJECT
public:
    explicit EvaluationRunner(Document* doc, QObject* parent = nullptr);
    ~EvaluationRunner() override;

    bool autoEvaluate() const { return auto_; }
    void setAutoEvaluate(bool on);
    const EvalResult& result() const { return result_; }
    bool isStale() const { return stale_; }
    bool isRunning() const { return running_; }

    // Starts an evaluation now at a thermal resolution (coarse, default, fine or a cell count).
    void evaluateAt(const std::string& resolution);
    // The resolution of "Evaluate now" (live evaluations after edits stay coarse).
    void setFullResolution(const std::string& resolution) { full_ = resolution; }
    const std::string& fullResolution() const { return full_; }
    // The thermal resolution result() was computed at.
    const std::string& resultResolution() const { return resultResolution_; }
    // Starts an evaluation at the full resolution that also simulates the power trace in the CSV
    // file `trace` in `steps` time steps from `start` ("ambient" or "steady",
    // thermal/transient.h); an edit cancels it like any other evaluation.
    // interval_s: a HotSpot trace's sampling interval (0: the trace holds its times).
    void evaluateTransient(const std::string& trace, int steps, const std::string& start,
                           double interval_s = 0);
    // Evaluator options for every evaluation (Evaluate ▸ Options: cost.yield_model=murphy, ...);
    // changing them re-evaluates like an edit (unless `reevaluate` is false, at start-up).
    // Thermal options are the runner's own.
    void setUserOptions(const std::map<std::string, std::string>& options, bool reevaluate = true);
    const std::map<std::string, std::string>& userOptions() const { return userOptions_; }
    // Another design evaluated as result() was (the user's options, the thermal grid of
    // result()), without touching result(): a baseline to compare against. It runs on a worker
    // thread of its own (a fine grid takes seconds); `progress` and then `done` are called on this
    // object's thread, `done` also when cancelled through the returned token (result.cancelled).
    std::shared_ptr<CancelToken> evaluateOther(const Design& design,
                                               std::function<void(const QString&, double)> progress,
                                               std::function<void(EvalResult)> done);
    // The trace file whose transient result() holds (empty: none was asked for).
    const std::string& resultTrace() const { return resultTrace_; }

public slots:
    void evaluateNow();  // at fullResolution()
    void scheduleLive(); // debounced, coarse resolution
    void stop();         // cancels the running evaluation; stopped() follows, result() stays

signals:
    void started();
    void finished(double seconds); // result() is the new result
    void stopped();                // the running evaluation was cancelled before its end
    void staleChanged(bool stale);
    // Of the running evaluation: an evaluator or stage ("thermal transient") and how far it is.
    void progress(const QString& stage, double fraction);
    // After an evaluation, the session's thermal solver has learnt the response of `held` of the
    // design's `sources` heat sources (thermal/source_learning.h): a power edit of those is then
    // re-evaluated without a thermal solve. `fits`: whether their responses fit in the memory
    // learning may use (else none were learnt; fewer than all otherwise means a solve failed).
    void sourcesLearnt(int held, int sources, bool fits);

private:
    void stopWorker();
    void stopOtherWorker(); // evaluateOther's
    struct TransientRequest {
        std::string trace, start;
        int steps = 0;
        double interval_s = 0;
    };
    void start(const std::string& resolution, const TransientRequest& transient);

    Document* doc_;
    std::map<std::string, std::string> userOptions_;
    EvaluatorRegistry registry_;
    QTimer debounce_;
    bool auto_ = true, stale_ = true, running_ = false;
    std::uint64_t generation_ = 0;
    std::shared_ptr<CancelToken> cancel_;
    std::thread worker_;
    std::shared_ptr<CancelToken> otherCancel_; // evaluateOther's
    std::thread otherWorker_;
    EvalResult result_;
    std::string full_ = "default", resultResolution_, resultTrace_;
};

} // namespace strata::studio
