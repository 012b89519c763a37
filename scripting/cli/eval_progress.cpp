#include "cli/eval_progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace strata::cli {

namespace {
constexpr auto kBarAfter = std::chrono::milliseconds(250);
constexpr auto kBarEvery = std::chrono::milliseconds(100);
constexpr auto kLineAfter = std::chrono::seconds(1);
constexpr auto kLineEvery = std::chrono::seconds(5);
} // namespace

EvalProgress::EvalProgress(std::ostream& err, bool terminal, Now now)
    : err_(err), terminal_(terminal), now_(now), start_(now()), stageStart_(start_) {}

EvalProgress::~EvalProgress() {
    if (barShown_)
        err_ << "\r\033[K" << std::flush; // leave the terminal as it was
}

void EvalProgress::progress(const std::string& stage, double fraction) {
    const Clock::time_point now = now_();
    if (stage != stage_) {
        stage_ = stage;
        stageStart_ = now;
        shownInStage_ = false;
    }
    const double percent = 100 * std::clamp(fraction, 0.0, 1.0);
    const double seconds = std::chrono::duration<double>(now - start_).count();
    char text[160];
    if (terminal_) {
        if (now - start_ < kBarAfter || now - lastShown_ < kBarEvery)
            return;
        constexpr int width = 24;
        const int filled = static_cast<int>(width * percent / 100);
        std::snprintf(text, sizeof text, "\r\033[K[%.*s%*s] %3.0f %%  %s  %.1f s", filled,
                      "########################", width - filled, "", percent, stage.c_str(),
                      seconds);
        err_ << text << std::flush;
        barShown_ = true;
    } else {
        if (now - stageStart_ < kLineAfter || (shownInStage_ && now - lastShown_ < kLineEvery))
            return;
        shownInStage_ = true;
        std::snprintf(text, sizeof text, "evaluating: %s %.0f %% (%.0f s)\n", stage.c_str(),
                      percent, seconds);
        err_ << text << std::flush;
    }
    lastShown_ = now;
}

EvalResult evaluateShowingProgress(const EvaluatorRegistry& registry, EvalRequest request,
                                   std::ostream& err) {
    EvalProgress progress(err, &err == &std::cerr && isatty(STDERR_FILENO) == 1);
    request.progress = &progress;
    return evaluate(registry, request); // the bar is erased before the results are printed
}

} // namespace strata::cli
