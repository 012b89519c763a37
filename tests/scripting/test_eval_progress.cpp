// strata-cli's evaluation progress (scripting/cli/eval_progress.h) on a clock the test moves:
// quick work prints nothing; in a log a stage that runs on gets a line after a second and then
// one every five seconds; on a terminal a bar is redrawn in place and erased at the end.
#include "cli/eval_progress.h"

#include <QTest>

#include <sstream>

using namespace strata::cli;

namespace {
EvalProgress::Clock::time_point fakeNow;
EvalProgress::Clock::time_point now() {
    return fakeNow;
}
void advance(double seconds) {
    fakeNow += std::chrono::duration_cast<EvalProgress::Clock::duration>(
        std::chrono::duration<double>(seconds));
}
int lines(const std::string& s) {
    return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}
} // namespace

class TestEvalProgress : public QObject {
    Q_OBJECT
private slots:
    void quickWorkPrintsNothing() {
        std::ostringstream err;
        {
            EvalProgress p(err, false, &now);
            for (const char* stage : {"perf", "power", "thermal", "cost"}) {
                p.progress(stage, 0);
                advance(0.2);
                p.progress(stage, 1);
            }
        }
        QCOMPARE(err.str(), std::string());
    }

    void aLongStageGetsPlainLines() {
        std::ostringstream err;
        EvalProgress p(err, false, &now);
        p.progress("thermal transient", 0);
        for (int step = 1; step <= 100; ++step) { // 0.2 s a step: 20 s in all
            advance(0.2);
            p.progress("thermal transient", step / 100.0);
        }
        // A line at 1 s, then every 5 s: 1, 6, 11, 16.
        QCOMPARE(lines(err.str()), 4);
        QVERIFY(err.str().rfind("evaluating: thermal transient 5 % (1 s)\n", 0) == 0);
        QVERIFY(err.str().find('\r') == std::string::npos); // no control characters in a log
    }

    void aTerminalGetsABarThatIsErased() {
        std::ostringstream err;
        {
            EvalProgress p(err, true, &now);
            p.progress("thermal", 0);
            advance(0.1);
            p.progress("thermal", 0.1);
            QCOMPARE(err.str(), std::string()); // not yet: it may be over in a moment
            advance(0.5);
            p.progress("thermal", 0.5);
            QVERIFY(err.str().find("[############            ]  50 %  thermal") !=
                    std::string::npos);
        }
        QVERIFY(err.str().size() > 8);
        QCOMPARE(err.str().substr(err.str().size() - 4), std::string("\r\033[K"));
        QCOMPARE(lines(err.str()), 0);
    }
};

QTEST_GUILESS_MAIN(TestEvalProgress)
#include "test_eval_progress.moc"
