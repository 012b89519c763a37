// The results store and sweeps: schema version and WAL, record / find / replace, a newer schema
// refused, grid and Latin-hypercube sampling, invalid points recorded as failed while the sweep
// goes on, a second run served from the store, and a sweep killed with SIGKILL mid-way leaves a
// consistent database that the next run resumes.
#include "eval/builtin.h"
#include "store/result_store.h"
#include "sweep/bayes.h"
#include "sweep/nsga2.h"
#include "sweep/sweep.h"
#include "test_support.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

using namespace strata;

namespace {
std::string count(ResultStore& s, const std::string& sql) {
    return s.query(sql).rows.at(0).at(0);
}
} // namespace

class TestStoreSweep : public QObject {
    Q_OBJECT
private slots:
    void storeKeepsEvaluationsAndRefusesNewerSchemas() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("r.db").toStdString();
        std::string err;
        auto store = ResultStore::open(path, err);
        QVERIFY2(store, err.c_str());
        QCOMPARE(store->schemaVersion(), ResultStore::kSchemaVersion);
        QCOMPARE(count(*store, "PRAGMA journal_mode"), std::string("wal"));
        const Design d = test::loadExample("gpu-2.5d");
        const std::string key = designHash(d);
        QVERIFY(!store->find(key, "opts"));
        const std::int64_t run = store->beginRun("test", "");
        store->record(run, key, d, "opts", {{"x", "1"}}, "ok", "", 0.5, {{"a.b", 2.0, "W"}});
        store->record(run, key, d, "opts", {{"x", "1"}}, "ok", "", 0.5, {{"a.b", 3.0, "W"}});
        const auto found = store->find(key, "opts");
        QVERIFY(found && found->metrics.size() == 1 && found->metrics[0].value == 3.0);
        QCOMPARE(count(*store, "SELECT count(*) FROM evaluations"), std::string("1"));
        QVERIFY(!store->find(key, "other options"));
        QVERIFY(store->exportCsv().find("a.b") != std::string::npos);
        store->query("PRAGMA user_version = 99");
        store.reset();
        QVERIFY(!ResultStore::open(path, err));
        QVERIFY2(err.find("newer") != std::string::npos, err.c_str());
    }
    void samplersCoverTheirSpace() {
        SweepSpec grid;
        grid.axes = {{"a", {1.0, 2.0, 3.0}, 0, 0, false},
                     {"b", {std::string("x"), std::string("y")}, 0, 0, false}};
        QCOMPARE(samplePoints(grid).size(), std::size_t(6));
        SweepSpec lhs;
        lhs.sampler = "lhs";
        lhs.samples = 10;
        lhs.axes = {{"a", {}, 0, 10, false}, {"b", {}, 1, 1000, true}};
        const auto points = samplePoints(lhs);
        QCOMPARE(points.size(), std::size_t(10));
        std::set<int> binsA, binsB;
        for (const auto& p : points) {
            binsA.insert(static_cast<int>(std::get<double>(p[0]))); // one per unit stratum
            binsB.insert(static_cast<int>(std::floor(std::log10(std::get<double>(p[1])) * 10 / 3)));
        }
        QCOMPARE(binsA.size(), std::size_t(10));
        QCOMPARE(binsB.size(), std::size_t(10)); // log strata
    }
    void sweepRecordsFailuresAndResumes() {
        QTemporaryDir dir;
        std::string err;
        auto store = ResultStore::open(dir.filePath("s.db").toStdString(), err);
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        SweepSpec spec;
        spec.axes = {{"cooling.ambient_c", {25.0, 35.0}, 0, 0, false},
                     {"stacks[gpu].tiers[0].die.frequency_ghz", {1.2, -1.0}, 0, 0, false}};
        spec.parallel = 2;
        spec.options.only = {"cost"};
        const Design d = test::loadExample("gpu-2.5d");
        const auto rows = runSweep(d, test::shippedLibrary(), reg, spec, store.get(), 1);
        QCOMPARE(rows.size(), std::size_t(4));
        int failed = 0;
        for (const SweepRow& r : rows) {
            QVERIFY(!r.cached);
            if (r.status == "failed") {
                ++failed;
                QVERIFY2(r.error.find("frequency_ghz") != std::string::npos, r.error.c_str());
            } else {
                QVERIFY(!r.metrics.empty());
            }
        }
        QCOMPARE(failed, 2);
        const auto again = runSweep(d, test::shippedLibrary(), reg, spec, store.get(), 2);
        QCOMPARE(again.size(), std::size_t(4));
        for (const SweepRow& r : again)
            QVERIFY(r.cached);
        QCOMPARE(count(*store, "SELECT count(*) FROM evaluations"), std::string("4"));
    }
    void killedSweepLeavesAConsistentStoreAndResumes() {
        QTemporaryDir dir;
        QFile::copy(
            QString::fromStdString(test::sourcePath("projects/chiplet-mcm/design.strata.json")),
            dir.filePath("d.strata.json"));
        QFile script(dir.filePath("sweep.lua"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("local rows = strata.sweep{design = strata.load('d.strata.json'),\n"
                     "  store = strata.store('k.db'), only = 'thermal', resolution = 'coarse',\n"
                     "  axes = {{path = 'cooling.ambient_c', from = 20, to = 50, steps = 40}}}\n"
                     "local cached = 0\n"
                     "for _, r in ipairs(rows) do if r.cached then cached = cached + 1 end end\n"
                     "print('done', #rows, 'cached', cached)\n");
        script.close();
        QProcess p;
        p.setWorkingDirectory(dir.path());
        p.start(STRATA_CLI_PATH, {"run", "sweep.lua"});
        QVERIFY(p.waitForStarted());
        // Wait until some points are in the store, then kill the process outright.
        const std::string db = dir.filePath("k.db").toStdString();
        int recorded = 0;
        for (int i = 0; i < 600 && recorded < 3; ++i) {
            QTest::qWait(50);
            std::string err;
            if (auto s = ResultStore::open(db, err))
                recorded = std::stoi(count(*s, "SELECT count(*) FROM evaluations"));
        }
        QVERIFY(recorded >= 3);
        p.kill(); // SIGKILL
        p.waitForFinished();
        std::string err;
        {
            auto s = ResultStore::open(db, err);
            QVERIFY2(s, err.c_str());
            QCOMPARE(count(*s, "PRAGMA integrity_check"), std::string("ok"));
            recorded = std::stoi(count(*s, "SELECT count(*) FROM evaluations"));
            QVERIFY(recorded < 40);
            // Every recorded evaluation is complete: its metrics are there.
            QCOMPARE(count(*s, "SELECT count(*) FROM evaluations e WHERE NOT EXISTS "
                               "(SELECT 1 FROM metrics m WHERE m.evaluation_id = e.id)"),
                     std::string("0"));
        }
        QProcess again;
        again.setWorkingDirectory(dir.path());
        again.start(STRATA_CLI_PATH, {"run", "sweep.lua"});
        QVERIFY(again.waitForFinished(120000));
        QCOMPARE(again.exitCode(), 0);
        const QString out = QString::fromUtf8(again.readAllStandardOutput());
        QVERIFY2(out.contains(QString("done\t40\tcached\t%1").arg(recorded)), qPrintable(out));
    }
    void paretoFrontMatchesBruteForce() {
        // 200 random points in 3 objectives: a point is on the front iff no other point is at
        // least as good in every objective and better in one (checked pairwise here).
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> u(0, 1);
        std::vector<Fitness> pts(200);
        for (Fitness& f : pts)
            f.objectives = {u(rng), u(rng), std::round(4 * u(rng))}; // ties in the third
        std::vector<std::size_t> expected;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            bool dominated = false;
            for (std::size_t j = 0; j < pts.size() && !dominated; ++j) {
                bool noWorse = true, better = false;
                for (std::size_t k = 0; k < 3; ++k) {
                    noWorse &= pts[j].objectives[k] <= pts[i].objectives[k];
                    better |= pts[j].objectives[k] < pts[i].objectives[k];
                }
                dominated = noWorse && better;
            }
            if (!dominated)
                expected.push_back(i);
        }
        std::vector<std::size_t> front = paretoFront(pts);
        std::sort(front.begin(), front.end());
        QCOMPARE(front, expected);
        QVERIFY(front.size() > 3 && front.size() < pts.size());
        QVERIFY(paretoFront({}).empty());
    }
    void nsga2FindsTheZdt1Front() {
        // ZDT1 (Zitzler, Deb, Thiele 2000): the Pareto front is f2 = 1 - sqrt(f1), f1 in [0, 1].
        const int dims = 5;
        const BatchFitness zdt1 = [](const std::vector<std::vector<double>>& genomes) {
            std::vector<Fitness> out;
            for (const auto& x : genomes) {
                double g = 0;
                for (std::size_t i = 1; i < x.size(); ++i)
                    g += x[i];
                g = 1 + 9 * g / (x.size() - 1);
                out.push_back({{x[0], g * (1 - std::sqrt(x[0] / g))}, 0});
            }
            return out;
        };
        Nsga2Options o;
        o.population = 40;
        o.generations = 80;
        const Nsga2Result r = nsga2(dims, zdt1, o);
        QVERIFY(r.front.size() >= 20);
        double gap = 0, lo = 1, hi = 0;
        for (std::size_t i : r.front) {
            const double f1 = r.fitness[i].objectives[0], f2 = r.fitness[i].objectives[1];
            gap += std::fabs(f2 - (1 - std::sqrt(f1)));
            lo = std::min(lo, f1);
            hi = std::max(hi, f1);
        }
        gap /= static_cast<double>(r.front.size());
        QVERIFY2(gap < 0.05, qPrintable(QString::number(gap)));
        QVERIFY(hi - lo > 0.8); // spread along the whole front
    }
    void nsga2RespectsConstraints() {
        // Minimise x and y subject to x + y >= 1: the front is the segment x + y = 1.
        const BatchFitness f = [](const std::vector<std::vector<double>>& genomes) {
            std::vector<Fitness> out;
            for (const auto& g : genomes)
                out.push_back({{g[0], g[1]}, std::max(0.0, 1 - g[0] - g[1])});
            return out;
        };
        Nsga2Options o;
        o.population = 30;
        o.generations = 40;
        const Nsga2Result r = nsga2(2, f, o);
        QVERIFY(!r.front.empty());
        for (std::size_t i : r.front) {
            QCOMPARE(r.fitness[i].violation, 0.0);
            QVERIFY(r.genomes[i][0] + r.genomes[i][1] < 1.05);
        }
    }
    void optimizeADesign() {
        // Lower ambient and a larger batch help both; the optimiser must find the corner while
        // keeping the junction under 60 °C.
        EvaluatorRegistry reg;
        registerBuiltinEvaluators(reg);
        OptimizeSpec spec;
        spec.sweep.axes = {{"cooling.ambient_c", {}, 20, 60, false},
                           {"workload.decode_batch",
                            {std::int64_t(1), std::int64_t(4), std::int64_t(16)},
                            0,
                            0,
                            false}};
        spec.sweep.options.only = {"perf", "power", "thermal"};
        spec.sweep.options.values["thermal.resolution"] = "coarse";
        spec.sweep.parallel = 2;
        spec.objectives = {{"perf.tokens_per_s", true}, {"power.total_w", false}};
        spec.constraints = {{"thermal.tj_max_c", std::nullopt, 60.0}};
        spec.nsga.population = 8;
        spec.nsga.generations = 2;
        const OptimizeResult r = optimizeDesign(test::loadExample("gpu-2.5d"),
                                                test::shippedLibrary(), reg, spec, nullptr, 0);
        QCOMPARE(r.evaluated.size(), std::size_t(24));
        QVERIFY(!r.front.empty());
        for (std::size_t i : r.front)
            for (const Metric& m : r.evaluated[i].metrics)
                if (m.name == "thermal.tj_max_c")
                    QVERIFY(m.value <= 60);
    }
    void bayesianOptimisationBeatsRandomSearchOnBranin() {
        // Branin on [-5, 10] x [0, 15]: global minimum 0.397887 (three minima).
        auto branin = [](double u, double v) {
            const double x = -5 + 15 * u, y = 15 * v, pi = 3.14159265358979323846;
            const double b = 5.1 / (4 * pi * pi), c = 5 / pi, t = 1 / (8 * pi);
            return std::pow(y - b * x * x + c * x - 6, 2) + 10 * (1 - t) * std::cos(x) + 10;
        };
        const BatchFitness f = [&](const std::vector<std::vector<double>>& g) {
            std::vector<Fitness> out;
            for (const auto& x : g)
                out.push_back({{branin(x[0], x[1])}, 0, 0});
            return out;
        };
        BayesOptions o;
        o.initial = 8;
        o.iterations = 22;
        const BayesResult r = bayesOptimize(2, f, o);
        QCOMPARE(r.genomes.size(), std::size_t(30));
        QVERIFY(r.best);
        const double bo = r.fitness[*r.best].objectives[0];
        // Random search with the same 30 evaluations, median of 11 seeds.
        std::vector<double> random;
        for (unsigned seed = 1; seed <= 11; ++seed) {
            std::mt19937_64 rng(seed);
            std::uniform_real_distribution<double> u(0, 1);
            double best = 1e9;
            for (int i = 0; i < 30; ++i)
                best = std::min(best, branin(u(rng), u(rng)));
            random.push_back(best);
        }
        std::sort(random.begin(), random.end());
        qInfo("Branin after 30 evaluations: BO %.4f, random search median %.4f (optimum 0.3979)",
              bo, random[5]);
        QVERIFY(bo < random[5]);
        QVERIFY(bo < 1.0);
    }
    void bayesianOptimisationRespectsConstraints() {
        // Minimise (x - 0.2)^2 + (y - 0.2)^2 subject to x + y >= 0.8: optimum 0.08 at (0.4, 0.4).
        const BatchFitness f = [](const std::vector<std::vector<double>>& g) {
            std::vector<Fitness> out;
            for (const auto& x : g)
                out.push_back({{std::pow(x[0] - 0.2, 2) + std::pow(x[1] - 0.2, 2)},
                               std::max(0.0, 0.8 - x[0] - x[1]),
                               0.8 - x[0] - x[1]});
            return out;
        };
        BayesOptions o;
        o.initial = 8;
        o.iterations = 32;
        const BayesResult r = bayesOptimize(2, f, o);
        QVERIFY(r.best);
        QCOMPARE(r.fitness[*r.best].violation, 0.0);
        // Within 40 % of the optimum 0.08 (which lies on the constraint) in 40 evaluations.
        QVERIFY2(r.fitness[*r.best].objectives[0] < 0.112,
                 qPrintable(QString::number(r.fitness[*r.best].objectives[0])));
    }
};

QTEST_APPLESS_MAIN(TestStoreSweep)
#include "test_store_sweep.moc"
