// Bandwidth: link utilisation = perf traffic / (lanes x rate) by hand, a shoreline overflow and a
// vertical link wider than the bonded overlap can carry both produce named diagnostics.
#include "eval/builtin.h"
#include "eval/pipeline.h"
#include "model/geometry.h"
#include "test_support.h"

#include <QTest>

#include <cmath>

using namespace strata;

namespace {
EvalResult run(const Design& d) {
    EvaluatorRegistry reg;
    registerBuiltinEvaluators(reg);
    EvalOptions o;
    o.only = {"perf", "bandwidth"};
    return evaluate(reg, {d, test::shippedLibrary(), o, nullptr, nullptr});
}
} // namespace

class TestBandwidth : public QObject {
    Q_OBJECT
private slots:
    void utilisationIsTrafficOverCapacity() {
        const Design d = test::loadExample("gpu-2.5d");
        const EvalResult r = run(d);
        const Link& link = d.links[0];
        const double traffic =
            r.metric("perf.decode.link." + link.id + ".bytes_per_s")->value; // steady phase
        const double capacity = link.lanes * link.rate_bps / 8;
        QVERIFY(std::fabs(r.metric("bandwidth.link." + link.id + ".utilization")->value -
                          traffic / capacity) < 1e-12);
        double peak = 0;
        for (const Metric& m : r.metrics)
            if (m.name.find(".peak_utilization") != std::string::npos)
                peak = std::max(peak, m.value);
        QCOMPARE(r.metric("bandwidth.max_utilization")->value, peak);
        QVERIFY(peak > 0 && peak <= 1);
        QVERIFY(test::hasCode(r.diagnostics, "BW-0100"));
    }
    void shorelineOverflowIsReported() {
        Design d = test::loadExample("chiplet-mcm");
        QVERIFY(!test::hasCode(run(d).diagnostics, "BW-0002"));
        d.links[0].lanes = 4096; // 4096 x 16 Gb/s of UCIe-S at 1792 Gb/s/mm: 36.6 mm of edge
        const EvalResult r = run(d);
        QVERIFY(test::hasCode(r.diagnostics, "BW-0002"));
        QVERIFY(r.metric("bandwidth.shoreline." + d.links[0].to + ".used_fraction")->value > 1);
    }
    void verticalLinkLimitedByTheBondedOverlap() {
        Design d = test::loadExample("sram-on-logic-3d");
        const EvalResult ok = run(d);
        QVERIFY(!test::hasCode(ok.diagnostics, "BW-0003"));
        const Stack& soc = d.stacks[0];
        const Library& lib = test::shippedLibrary();
        const Rect lo = tierFootprint(soc, soc.tiers[0], resolveDie(soc.tiers[0].die, d, lib));
        const Rect hi = tierFootprint(soc, soc.tiers[1], resolveDie(soc.tiers[1].die, d, lib));
        const double overlap = (std::min(lo.x1, hi.x1) - std::max(lo.x0, hi.x0)) *
                               (std::min(lo.y1, hi.y1) - std::max(lo.y0, hi.y0));
        const double pitch = soc.tiers[1].bond.pitch_m;
        QVERIFY(std::fabs(ok.metric("bandwidth.link.v_cache.bond_pads")->value -
                          overlap / (pitch * pitch)) < 1e-6);
        d.stacks[0].tiers[1].bond.pitch_m = 400e-6; // a coarse bump pitch cannot carry 4096 lanes
        QVERIFY(test::hasCode(run(d).diagnostics, "BW-0003"));
    }
};

QTEST_APPLESS_MAIN(TestBandwidth)
#include "test_bandwidth.moc"
