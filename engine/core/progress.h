#pragma once
// Progress and cancellation sinks passed into long-running work (evaluations, sweeps).
// The engine only calls them; the GUI, CLI or Lua decide how to show or trigger them.
#include <atomic>
#include <string>

namespace strata {

class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    // fraction in [0, 1] of the current stage; stage is a short label ("cost", "thermal").
    virtual void progress(const std::string& stage, double fraction) = 0;
};

// Shared flag checked between units of work; setting it asks the work to stop soon.
class CancelToken {
public:
    void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> cancelled_{false};
};

} // namespace strata
