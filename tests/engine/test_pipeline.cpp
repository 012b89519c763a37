// Evaluator registry and pipeline: dependency order, cycles, --only, cancellation, non-finite
// metrics, failing evaluators and incoherent designs.
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "test_support.h"
#include "thermal/source_learning.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <stdexcept>

using namespace strata;

namespace {
// A test evaluator that records its order and emits a configurable metric.
class Probe : public Evaluator {
public:
    Probe(std::string id, std::vector<std::string> needs, double value = 1.0, bool fail = false)
        : id_(std::move(id)), needs_(std::move(needs)), value_(value), fail_(fail) {}
    std::string id() const override { return id_; }
    std::string description() const override { return "probe"; }
    std::vector<std::string> needs() const override { return needs_; }
    void evaluate(const EvalContext& ctx, EvalResult& out) const override {
        if (fail_)
            throw std::runtime_error("probe failure");
        double sum = value_;
        for (const auto& n : needs_)
            if (const Metric* m = ctx.upstream.metric(n + ".value"))
                sum += m->value;
        out.add(id_ + ".value", sum, "");
    }

private:
    std::string id_;
    std::vector<std::string> needs_;
    double value_;
    bool fail_;
};

} // namespace

namespace {
// The thermal results of two evaluations of one design agree as two solves to the solver's
// tolerance can (the solver's own counts aside).
bool thermalMetricsAgree(const EvalResult& a, const EvalResult& b) {
    int compared = 0;
    for (const Metric& m : b.metrics) {
        if (m.name.rfind("thermal.", 0) != 0 || m.name.rfind("thermal.solver.", 0) == 0)
            continue;
        const Metric* other = a.metric(m.name);
        if (!other || !(std::fabs(other->value - m.value) <= 1e-7 * std::fabs(m.value) + 1e-9)) {
            qWarning("%s differs", m.name.c_str());
            return false;
        }
        ++compared;
    }
    return compared > 10;
}
} // namespace

class TestPipeline : public QObject {
    Q_OBJECT
    Design d;
private slots:
    void init() { d = test::loadExample("chiplet-mcm"); }

    void ordersByNeedsNotRegistration() {
        EvaluatorRegistry reg;
        reg.add(std::make_unique<Probe>("cost", std::vector<std::string>{"reliability", "perf"}));
        reg.add(std::make_unique<Probe>("reliability", std::vector<std::string>{"thermal"}));
        reg.add(std::make_unique<Probe>("thermal", std::vector<std::string>{"power"}));
        reg.add(std::make_unique<Probe>("power", std::vector<std::string>{"perf"}));
        reg.add(std::make_unique<Probe>("perf", std::vector<std::string>{}));
        EvalResult r = evaluate(reg, {d, test::shippedLibrary(), {}, nullptr, nullptr});
        QCOMPARE(r.evaluated,
                 (std::vector<std::string>{"perf", "power", "thermal", "reliability", "cost"}));
        // Each probe adds 1 to what it needs: perf 1, power 2, thermal 3, reliability 4, cost
        // 4+1+1.
        QCOMPARE(r.metric("cost.value")->value, 6.0);
    }
    void refusesDuplicateIds() {
        EvaluatorRegistry reg;
        QVERIFY(reg.add(std::make_unique<Probe>("a", std::vector<std::string>{})).empty());
        QVERIFY(!reg.add(std::make_unique<Probe>("a", std::vector<std::string>{})).empty());
    }
    void reportsCyclesAndUnknownNeeds() {
        EvaluatorRegistry reg;
        reg.add(std::make_unique<Probe>("a", std::vector<std::string>{"b"}));
        reg.add(std::make_unique<Probe>("b", std::vector<std::string>{"a"}));
        reg.add(std::make_unique<Probe>("c", std::vector<std::string>{"nowhere"}));
        EvalResult r = evaluate(reg, {d, test::shippedLibrary(), {}, nullptr, nullptr});
        QVERIFY(test::hasCode(r.diagnostics, "EVL-0003"));
        QVERIFY(test::hasCode(r.diagnostics, "EVL-0002"));
        QCOMPARE(r.evaluated, std::vector<std::string>{"c"});
        QVERIFY(std::find(r.not_evaluated.begin(), r.not_evaluated.end(), "a") !=
                r.not_evaluated.end());
    }
    void onlyRunsTheSelectionAndMarksTheRest() {
        EvaluatorRegistry reg;
        reg.add(std::make_unique<Probe>("perf", std::vector<std::string>{}));
        reg.add(std::make_unique<Probe>("power", std::vector<std::string>{"perf"}));
        EvalOptions opts;
        opts.only = {"power"};
        EvalResult r = evaluate(reg, {d, test::shippedLibrary(), opts, nullptr, nullptr});
        QCOMPARE(r.evaluated, std::vector<std::string>{"power"});
        QCOMPARE(r.not_evaluated, std::vector<std::string>{"perf"});
        QVERIFY(test::hasCode(r.diagnostics, "EVL-0004")); // power ran without perf, and says so
        QCOMPARE(r.metric("power.value")->value, 1.0);
        opts.only = {"nonsense"};
        QVERIFY(test::hasCode(
            evaluate(reg, {d, test::shippedLibrary(), opts, nullptr, nullptr}).diagnostics,
            "EVL-0006"));
    }
    void nonFiniteMetricsBecomeDiagnostics() {
        EvaluatorRegistry reg;
        reg.add(std::make_unique<Probe>("nan", std::vector<std::string>{}, std::nan("")));
        reg.add(std::make_unique<Probe>("inf", std::vector<std::string>{}, HUGE_VAL));
        reg.add(std::make_unique<Probe>("ok", std::vector<std::string>{}, 2.0));
        EvalResult r = evaluate(reg, {d, test::shippedLibrary(), {}, nullptr, nullptr});
        QVERIFY(!r.metric("nan.value"));
        QVERIFY(!r.metric("inf.value"));
        QCOMPARE(r.metric("ok.value")->value, 2.0);
        QCOMPARE(std::count_if(r.diagnostics.begin(), r.diagnostics.end(),
                               [](const Diagnostic& x) { return x.code == "EVL-0001"; }),
                 2L);
    }
    void failingEvaluatorIsContained() {
        EvaluatorRegistry reg;
        reg.add(std::make_unique<Probe>("bad", std::vector<std::string>{}, 1.0, true));
        reg.add(std::make_unique<Probe>("good", std::vector<std::string>{}));
        EvalResult r = evaluate(reg, {d, test::shippedLibrary(), {}, nullptr, nullptr});
        QVERIFY(test::hasCode(r.diagnostics, "EVL-0008"));
        QVERIFY(r.metric("good.value"));
    }
    void cancellationStopsBeforeTheNextEvaluator() {
        struct Canceller : ProgressSink {
            CancelToken* token;
            void progress(const std::string& stage, double f) override {
                if (stage == "first" && f >= 1.0)
                    token->cancel();
            }
        };
        EvaluatorRegistry reg;
        reg.add(std::make_unique<Probe>("first", std::vector<std::string>{}));
        reg.add(std::make_unique<Probe>("second", std::vector<std::string>{}));
        CancelToken token;
        Canceller sink;
        sink.token = &token;
        EvalResult r = evaluate(reg, {d, test::shippedLibrary(), {}, &sink, &token});
        QVERIFY(r.cancelled);
        QCOMPARE(r.evaluated, std::vector<std::string>{"first"});
        QVERIFY(test::hasCode(r.diagnostics, "EVL-0005"));
    }
    void aTransientReportsProgressAndStopsWhenCancelled() {
        // The transient reports its steps as the stage "thermal transient", in order; cancelled
        // half-way, the last evaluator returns early and the whole result says it is incomplete.
        struct HalfWay : ProgressSink {
            CancelToken* token = nullptr;
            std::vector<double> seen;
            void progress(const std::string& stage, double f) override {
                if (stage != "thermal transient")
                    return;
                seen.push_back(f);
                if (token && f >= 0.5)
                    token->cancel();
            }
        };
        const QString trace = QDir::temp().filePath("strata_pipeline_trace.csv");
        {
            QFile f(trace);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("time_s,cc_north.cores\n0,60\n1,5\n2,5\n");
        }
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        EvalOptions opt;
        opt.addOnly("thermal");
        opt.values["thermal.resolution"] = "coarse";
        opt.values["thermal.transient_trace"] = trace.toStdString();
        opt.values["thermal.transient_steps"] = "400";
        HalfWay all;
        const EvalResult whole = evaluate(reg, {d, test::shippedLibrary(), opt, &all, nullptr});
        QVERIFY(!whole.cancelled && whole.series.size() == 14); // one per block
        QVERIFY(all.seen.size() >= 50 && all.seen.back() == 1.0);
        QVERIFY(std::is_sorted(all.seen.begin(), all.seen.end()));
        CancelToken token;
        HalfWay half;
        half.token = &token;
        const EvalResult cut = evaluate(reg, {d, test::shippedLibrary(), opt, &half, &token});
        QVERIFY(cut.cancelled);
        QVERIFY(test::hasCode(cut.diagnostics, "EVL-0005"));
        QVERIFY(cut.series.empty() && !cut.metric("thermal.transient.peak_c"));
        QVERIFY(half.seen.back() >= 0.5 && half.seen.back() < 0.6);
        QFile::remove(trace);
    }
    void incoherentDesignIsNotEvaluated() {
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        d.links[0].to = "ghost";
        EvalResult r = evaluate(reg, {d, test::shippedLibrary(), {}, nullptr, nullptr});
        QVERIFY(r.evaluated.empty());
        QVERIFY(r.metrics.empty());
        QVERIFY(test::hasCode(r.diagnostics, "EVL-0007"));
    }
    void designRuleViolationsStillGetNumbers() {
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        d.stacks[1].x_m = 0.0; // off the package edge: DRC error, but cost still computes
        EvalResult r = evaluate(reg, {d, test::shippedLibrary(), {}, nullptr, nullptr});
        QVERIFY(test::hasCode(r.diagnostics, "DRC-0001"));
        QVERIFY(r.metric("cost.package_usd"));
    }
    void sessionReuseMatchesAFreshEvaluation() {
        // thermal.solver_reuse = session: after a die's power is edited the thermal solver of the
        // previous evaluation is reused; the temperatures equal a fresh evaluation's within the
        // solver tolerance. An unknown value is reported, not guessed.
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        EvalOptions session;
        session.values["thermal.solver_reuse"] = "session";
        evaluate(reg, {d, test::shippedLibrary(), session, nullptr, nullptr});
        Design edited = d;
        Die& die = edited.stacks.front().tiers.front().die;
        die.power_w = die.power_w.value_or(50.0) * 1.3;
        const EvalResult reused =
            evaluate(reg, {edited, test::shippedLibrary(), session, nullptr, nullptr});
        const EvalResult fresh =
            evaluate(reg, {edited, test::shippedLibrary(), {}, nullptr, nullptr});
        QVERIFY(reused.metric("thermal.solver.iterations"));
        QVERIFY(reused.metric("thermal.solver.iterations")->value <
                fresh.metric("thermal.solver.iterations")->value);
        QVERIFY(thermalMetricsAgree(reused, fresh));
        EvalOptions wrong;
        wrong.values["thermal.solver_reuse"] = "forever";
        const EvalResult bad = evaluate(reg, {d, test::shippedLibrary(), wrong, nullptr, nullptr});
        QVERIFY(test::hasCode(bad.diagnostics, "THM-0008"));
        QVERIFY(!bad.metric("thermal.tj_max_c"));
    }
    void sessionSolverLearnsEverySourceBetweenEvaluations() {
        // As the studio does after each evaluation: the session's solver learns each heat
        // source's response; the next edit of a die's power (a direction it has not solved) then
        // needs no thermal CG step, and its temperatures equal a fresh evaluation's.
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        EvalOptions session;
        session.values["thermal.solver_reuse"] = "session";
        session.values["thermal.resolution"] = "coarse";
        const Library& lib = test::shippedLibrary();
        // Nothing evaluated at this resolution in the session yet: nothing to teach.
        evaluate(reg, {d, lib, {}, nullptr, nullptr}); // a per-run solver replaces the session's
        thermal::SourceLearning none = thermal::learnSessionSources(d, lib, "coarse", nullptr);
        QVERIFY(!none.cached && none.held == 0 && none.sources > 2);
        evaluate(reg, {d, lib, session, nullptr, nullptr});
        CancelToken cancelled;
        cancelled.cancel();
        const thermal::SourceLearning stopped =
            thermal::learnSessionSources(d, lib, "coarse", &cancelled);
        QVERIFY(stopped.cached && stopped.held == 0);
        const thermal::SourceLearning learnt =
            thermal::learnSessionSources(d, lib, "coarse", nullptr);
        QVERIFY(learnt.cached && learnt.fits);
        QCOMPARE(learnt.held, learnt.sources);
        // Another grid is another model: the session's solver is not for it.
        QVERIFY(!thermal::learnSessionSources(d, lib, "default", nullptr).cached);
        for (std::size_t edit = 0; edit < 2; ++edit) {
            Design edited = d;
            Die& die = edited.stacks[edit].tiers.front().die;
            die.power_w = die.power_w.value_or(50.0) * (edit ? 0.6 : 1.4);
            const EvalResult reused = evaluate(reg, {edited, lib, session, nullptr, nullptr});
            EvalOptions perRun = session;
            perRun.values.erase("thermal.solver_reuse");
            const EvalResult fresh = evaluate(reg, {edited, lib, perRun, nullptr, nullptr});
            QCOMPARE(reused.metric("thermal.solver.iterations")->value, 0.0);
            QVERIFY(fresh.metric("thermal.solver.iterations")->value > 0);
            QVERIFY(thermalMetricsAgree(reused, fresh));
            d = edited; // the fresh evaluation replaced the session's solver: teach it again
            evaluate(reg, {d, lib, session, nullptr, nullptr});
            QCOMPARE(thermal::learnSessionSources(d, lib, "coarse", nullptr).held, learnt.sources);
        }
    }
    void learnSourcesOptionLearnsAtTheEvaluation() {
        // thermal.learn_sources = true (a sweep's way): the evaluation itself teaches the session's
        // solver every source, so the next power-only evaluation needs no thermal CG step. Bad
        // values are errors; without session reuse it is ignored with a warning.
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        const Library& lib = test::shippedLibrary();
        EvalOptions learn;
        learn.values["thermal.solver_reuse"] = "session";
        learn.values["thermal.resolution"] = "coarse";
        learn.values["thermal.learn_sources"] = "true";
        const Design g = test::loadExample("gpu-2.5d"); // its compute die leaks
        EvalOptions other = learn; // a session solver of another grid: the next one is new
        other.values["thermal.resolution"] = "21";
        evaluate(reg, {g, lib, other, nullptr, nullptr});
        const EvalResult first = evaluate(reg, {g, lib, learn, nullptr, nullptr});
        const Metric* held = first.metric("thermal.solver.sources_learnt");
        QVERIFY(held && held->value > 2);
        Design edited = g; // an HBM stack's power (a given power_w would stop gpu0's leakage)
        Die& die = edited.stacks.back().tiers.front().die;
        die.power_w = die.power_w.value_or(50.0) * 0.7;
        const EvalResult next = evaluate(reg, {edited, lib, learn, nullptr, nullptr});
        QCOMPARE(next.metric("thermal.solver.iterations")->value, 0.0);
        // the leakage loop's solves were projections too
        QVERIFY(first.metric("power.solver.iterations")->value > 0);
        QCOMPARE(next.metric("power.solver.iterations")->value, 0.0);
        EvalOptions perRun = learn;
        perRun.values["thermal.solver_reuse"] = "evaluation";
        const EvalResult fresh = evaluate(reg, {edited, lib, perRun, nullptr, nullptr});
        QVERIFY(thermalMetricsAgree(next, fresh));
        QVERIFY(test::hasCode(fresh.diagnostics, "THM-0025")); // ignored: no session
        QVERIFY(!fresh.metric("thermal.solver.sources_learnt"));
        QVERIFY(fresh.metric("thermal.solver.iterations")->value +
                    fresh.metric("power.solver.iterations")->value >
                0);
        EvalOptions wrong = learn;
        wrong.values["thermal.learn_sources"] = "yes";
        const EvalResult bad = evaluate(reg, {g, lib, wrong, nullptr, nullptr});
        QVERIFY(test::hasCode(bad.diagnostics, "THM-0024"));
        QVERIFY(!bad.metric("thermal.tj_max_c"));
    }
    void resultsAreDeterministic() {
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        EvalResult a = evaluate(reg, {d, test::shippedLibrary(), {}, nullptr, nullptr});
        EvalResult b = evaluate(reg, {d, test::shippedLibrary(), {}, nullptr, nullptr});
        QCOMPARE(a.metrics.size(), b.metrics.size());
        for (std::size_t i = 0; i < a.metrics.size(); ++i) {
            QCOMPARE(a.metrics[i].name, b.metrics[i].name);
            QCOMPARE(a.metrics[i].value, b.metrics[i].value);
        }
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "test_pipeline.moc"
