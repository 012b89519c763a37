#pragma once
// Progress of one evaluation on standard error (DESIGN.md § CLI: "long work shows a progress bar
// on a terminal and plain lines otherwise"). Quick evaluations print nothing: the bar appears
// after a quarter of a second, a plain line (for CI logs) once a stage has run for a second and
// then every five seconds. The bar is erased when the evaluation ends.
#include "core/progress.h"
#include "eval/pipeline.h"

#include <chrono>
#include <ostream>
#include <string>

namespace strata::cli {

class EvalProgress : public ProgressSink {
public:
    using Clock = std::chrono::steady_clock;
    using Now = Clock::time_point (*)(); // the clock, replaceable for tests
    EvalProgress(std::ostream& err, bool terminal, Now now = &Clock::now);
    ~EvalProgress() override;
    EvalProgress(const EvalProgress&) = delete;
    EvalProgress& operator=(const EvalProgress&) = delete;
    void progress(const std::string& stage, double fraction) override;

private:
    std::ostream& err_;
    bool terminal_;
    Now now_;
    Clock::time_point start_, stageStart_, lastShown_{};
    std::string stage_;
    bool barShown_ = false, shownInStage_ = false;
};

// evaluate() with that progress on `err` (a bar when `err` is a terminal's standard error).
EvalResult evaluateShowingProgress(const EvaluatorRegistry& registry, EvalRequest request,
                                   std::ostream& err);

} // namespace strata::cli
