// strata-cli as a user runs it: exit codes, help, lists, JSON output and the corrupt corpus.
#include "cli_run.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void versionAndHelp() {
        Run v = cli({"--version"});
        QCOMPARE(v.exit, 0);
        QVERIFY(v.out.startsWith("strata-cli "));
        Run h = cli({"--help"});
        QCOMPARE(h.exit, 0);
        QVERIFY(h.out.contains("validate") && h.out.contains("eval") && h.out.contains("list"));
        for (const char* verb : {"validate", "eval", "list", "export", "compare", "diff"}) {
            Run vh = cli({verb, "--help"});
            QCOMPARE(vh.exit, 0);
            QVERIFY2(vh.out.startsWith("Usage: strata-cli " + QString(verb)), qPrintable(vh.out));
            QCOMPARE(cli({"help", verb}).out, vh.out);
        }
        QCOMPARE(cli({}).exit, 2);
        QCOMPARE(cli({"frobnicate"}).exit, 2);
        QCOMPARE(cli({"validate", "--bogus", example("gpu-2.5d")}).exit, 2);
        QCOMPARE(cli({"validate"}).exit, 2);
    }
    void validatesTheExamples() {
        Run r = cli(
            {"validate", example("gpu-2.5d"), example("chiplet-mcm"), example("sram-on-logic-3d")});
        QCOMPARE(r.exit, 0);
        QCOMPARE(r.out.count(": valid"), 3);
    }
    void designRuleViolationExitsOne() {
        QTemporaryDir dir;
        QFile in(example("chiplet-mcm"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray text = in.readAll();
        text.replace("\"x_mm\": 42", "\"x_mm\": 47"); // east chiplet hangs off the 50 mm package
        const QString path = dir.filePath("off.strata.json");
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
        out.close();
        Run r = cli({"validate", path});
        QCOMPARE(r.exit, 1);
        QVERIFY(r.out.contains("DRC-0001"));
        QVERIFY(r.out.contains(path + ":/stacks/3"));
        QCOMPARE(cli({"eval", path}).exit, 1);
        QCOMPARE(cli({"validate", path, example("gpu-2.5d")}).exit, 1);
    }
    void evalPrintsATableAndWritesJson() {
        QTemporaryDir dir;
        const QString json = dir.filePath("result.json");
        Run r = cli({"eval", example("gpu-2.5d"), "--json", json});
        QCOMPARE(r.exit, 0);
        QVERIFY(r.out.contains("[cost]"));
        QVERIFY(r.out.contains("cost.package_usd"));
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(doc["format"].toString(), QString("strata-eval"));
        bool found = false;
        for (const auto& m : doc["metrics"].toArray())
            if (m.toObject()["name"].toString() == "cost.package_usd") {
                found = true;
                QVERIFY(m.toObject()["value"].toDouble() > 0);
                QCOMPARE(m.toObject()["unit"].toString(), QString("USD"));
            }
        QVERIFY(found);
        Run stdoutJson = cli({"eval", example("chiplet-mcm"), "--json", "-"});
        QCOMPARE(stdoutJson.exit, 0);
        QVERIFY(QJsonDocument::fromJson(stdoutJson.out.toUtf8()).isObject());
    }
    void evalOptionsAndOnly() {
        Run murphy = cli({"eval", example("chiplet-mcm"), "--option", "cost.yield_model=murphy"});
        Run nb = cli({"eval", example("chiplet-mcm")});
        QCOMPARE(murphy.exit, 0);
        QVERIFY(murphy.out != nb.out);
        QCOMPARE(cli({"eval", example("chiplet-mcm"), "--option", "cost.yield_model=wishful"}).exit,
                 1);
        QCOMPARE(cli({"eval", example("chiplet-mcm"), "--option", "novalue"}).exit, 2);
        QCOMPARE(cli({"eval", example("chiplet-mcm"), "--only", "cost"}).exit, 0);
        QCOMPARE(cli({"eval", example("chiplet-mcm"), "--only", "warp"}).exit, 2);
        QCOMPARE(cli({"eval", example("chiplet-mcm"), example("gpu-2.5d")}).exit, 2);
    }
    void listsTheLibrary() {
        for (const char* what : {"components", "materials", "technologies", "phys", "bonds",
                                 "memories", "packages", "workloads"}) {
            Run r = cli({"list", what});
            QCOMPARE(r.exit, 0);
            QVERIFY2(r.out.contains("source:"), what);
        }
        Run e = cli({"list", "evaluators"});
        QCOMPARE(e.exit, 0);
        QVERIFY(e.out.contains("cost") && e.out.contains("thermal") && e.out.contains("perf"));
        QVERIFY(cli({"list", "workloads"}).out.contains("mixtral-8x7b"));
        QCOMPARE(cli({"list", "spaceships"}).exit, 2);
    }
    void userLibraryFolderIsUsed() {
        QTemporaryDir dir;
        QFile f(dir.filePath("extra.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "strata-library", "schema": 1, "materials": [
            {"id": "mold", "name": "Mold compound X", "k_w_mk": 0.9, "cv_j_m3k": 1.8e6, "source": "datasheet"}]})");
        f.close();
        Run r = cli({"list", "materials", "--library", dir.path()});
        QCOMPARE(r.exit, 0);
        QVERIFY(r.out.contains("Mold compound X"));
        QFile bad(dir.filePath("broken.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"format\": \"strata-library\", ");
        bad.close();
        Run b = cli({"list", "materials", "--library", dir.path()});
        QCOMPARE(b.exit, 2);
        QVERIFY(b.err.contains("broken.json"));
    }
    void corruptCorpusExitsTwoWithFileAndPointer_data() {
        QTest::addColumn<QString>("path");
        const QDir dir(source("tests/data/corrupt"));
        for (const QString& name :
             dir.entryList({"*.strata.json"}, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot))
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }
    void corruptCorpusExitsTwoWithFileAndPointer() {
        QFETCH(QString, path);
        for (const char* verb : {"validate", "eval"}) {
            Run r = cli({verb, path});
            QVERIFY2(!r.crashed, "crashed or hung");
            QCOMPARE(r.exit, 2);
            const QString all = r.out + r.err;
            QVERIFY2(all.contains(path + ":/") || all.contains(path + ": "), qPrintable(all));
            QVERIFY2(all.contains("error "), qPrintable(all));
        }
    }
    void thermalMapsAndTransient() {
        QTemporaryDir dir;
        Run r = cli({"eval", example("chiplet-mcm"), "--only", "thermal", "--resolution", "coarse",
                     "--maps", dir.filePath("maps")});
        QCOMPARE(r.exit, 0);
        QVERIFY(r.out.contains("thermal.tj_max_c"));
        for (const char* die : {"io0", "cc_north", "cc_south", "cc_east", "cc_west"}) {
            QFile png(dir.filePath(QString("maps/%1.png").arg(die)));
            QVERIFY2(png.open(QIODevice::ReadOnly), die);
            QCOMPARE(png.read(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
            QFile csv(dir.filePath(QString("maps/%1.csv").arg(die)));
            QVERIFY(csv.open(QIODevice::ReadOnly));
            QVERIFY(csv.readLine().startsWith("y_mm\\x_mm,"));
        }
        for (const char* axis : {"x", "y"}) { // the assembly cut through the hotspot
            QFile csv(dir.filePath(QString("maps/section.%1.csv").arg(axis)));
            QVERIFY2(csv.open(QIODevice::ReadOnly), axis);
            QVERIFY(csv.readLine().startsWith(QString("z_mm\\%1_mm,").arg(axis).toUtf8()));
            QVERIFY(QFile::exists(dir.filePath(QString("maps/section.%1.png").arg(axis))));
        }
        QFile trace(dir.filePath("trace.csv"));
        QVERIFY(trace.open(QIODevice::WriteOnly));
        trace.write("time_s,cc_north.cores,io0.fabric\n0,60,20\n0.05,5,20\n0.1,60,20\n");
        trace.close();
        Run t =
            cli({"eval", example("chiplet-mcm"), "--only", "thermal", "--resolution", "coarse",
                 "--transient", trace.fileName(), "--steps", "20", "--maps", dir.filePath("maps")});
        QCOMPARE(t.exit, 0);
        QVERIFY(t.out.contains("thermal.transient.peak_c"));
        QFile peakMap(dir.filePath("maps/cc_north.transient_peak.png")); // where it got hottest
        QVERIFY(peakMap.open(QIODevice::ReadOnly));
        QCOMPARE(peakMap.read(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
        // The start (t = 0, at ambient) and one row per step.
        auto seriesRows = [&] {
            QFile series(dir.filePath("maps/transient.csv"));
            QStringList rows;
            if (series.open(QIODevice::ReadOnly))
                rows = QString::fromUtf8(series.readAll()).split('\n', Qt::SkipEmptyParts);
            return rows;
        };
        QStringList rows = seriesRows();
        QCOMPARE(rows.size(), 22);
        QVERIFY(rows[0].startsWith("time_s,io0.fabric_c,"));
        const QStringList atStart = rows[1].split(',');
        QCOMPARE(atStart[0], QString("0"));
        for (const QString& v : atStart.mid(1)) // every block at ambient (the design's 45 °C)
            QCOMPARE(v, QString("45"));
        // From the steady state of the first row (the design's own powers here): the first row
        // holds the steady block temperatures the same run prints.
        Run steady = cli({"eval", example("chiplet-mcm"), "--only", "thermal", "--resolution",
                          "coarse", "--transient", trace.fileName(), "--steps", "20",
                          "--transient-start", "steady", "--maps", dir.filePath("maps")});
        QCOMPARE(steady.exit, 0);
        rows = seriesRows();
        QCOMPARE(rows.size(), 22);
        const QStringList header = rows[0].split(','), start = rows[1].split(',');
        const int cores = static_cast<int>(header.indexOf("cc_north.cores_c"));
        QVERIFY(cores > 0);
        const QRegularExpression metric(R"(thermal\.block\.cc_north\.cores\.max_c\s+([0-9.]+))");
        const QRegularExpressionMatch m = metric.match(steady.out);
        QVERIFY(m.hasMatch());
        QVERIFY2(std::fabs(start[cores].toDouble() - m.captured(1).toDouble()) < 0.01,
                 qPrintable(start[cores] + " vs " + m.captured(1)));
        Run wrongStart =
            cli({"eval", example("chiplet-mcm"), "--only", "thermal", "--resolution", "coarse",
                 "--transient", trace.fileName(), "--transient-start", "warm"});
        QCOMPARE(wrongStart.exit, 2);
        QVERIFY(wrongStart.out.contains("THM-0022") && wrongStart.out.contains("\"warm\""));
        QVERIFY(trace.open(QIODevice::WriteOnly));
        trace.write("time_s,cc_north.warp\n0,1\n1,1\n");
        trace.close();
        Run bad = cli({"eval", example("chiplet-mcm"), "--only", "thermal", "--resolution",
                       "coarse", "--transient", trace.fileName()});
        QCOMPARE(bad.exit, 2);
        QVERIFY(bad.out.contains(trace.fileName() + ":line 2") ||
                bad.out.contains(trace.fileName()));
        QVERIFY(bad.out.contains("unknown block"));
        QCOMPARE(
            cli({"eval", example("chiplet-mcm"), "--only", "thermal", "--resolution", "zillion"})
                .exit,
            2);
        // HotSpot's .ptrace, with its sampling interval: 3 rows of 0.05 s end at 0.15 s.
        QFile ptrace(dir.filePath("gcc.ptrace"));
        QVERIFY(ptrace.open(QIODevice::WriteOnly));
        ptrace.write("cc_north.cores\tfabric\n60 20\n5 20\n60 20\n");
        ptrace.close();
        Run hot = cli({"eval", example("chiplet-mcm"), "--only", "thermal", "--resolution",
                       "coarse", "--transient", ptrace.fileName(), "--trace-interval", "0.05",
                       "--steps", "15", "--maps", dir.filePath("maps")});
        QCOMPARE(hot.exit, 0);
        rows = seriesRows();
        QCOMPARE(rows.size(), 17); // header, the start, 15 steps
        QVERIFY(std::fabs(rows.last().split(',')[0].toDouble() - 0.15) < 1e-12);
        Run noInterval = cli({"eval", example("chiplet-mcm"), "--only", "thermal", "--resolution",
                              "coarse", "--transient", ptrace.fileName()});
        QCOMPARE(noInterval.exit, 2);
        QVERIFY(noInterval.out.contains("THM-0020") && noInterval.out.contains("-sampling_intvl"));
        Run zero = cli({"eval", example("chiplet-mcm"), "--only", "thermal", "--resolution",
                        "coarse", "--transient", ptrace.fileName(), "--trace-interval", "0"});
        QCOMPARE(zero.exit, 2);
        QVERIFY(zero.out.contains("THM-0023"));
    }
    void evalPerfPrintsPhasesAndTopOperators() {
        Run r = cli({"eval", example("gpu-2.5d"), "--only", "perf"});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("perf.tpot_s") && r.out.contains("perf.ttft_s"), qPrintable(r.out));
        QVERIFY(r.out.contains("prefill: top operators") &&
                r.out.contains("decode: top operators"));
        QVERIFY(r.out.contains("ffn_up"));
        const QString json = QDir(QDir::tempPath()).filePath("strata_perf_eval.json");
        QCOMPARE(cli({"eval", example("gpu-2.5d"), "--only", "perf", "--json", json}).exit, 0);
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("\"perf.operators\""));
    }
    void sizeFindsTheSmallestSystemOrSaysWhyNot() {
        Run r = cli({"size", "--workload", "llama-3-70b", "--chiplet", "gpu-large",
                     "--target-tokens-per-s", "500"});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("Smallest system:"), qPrintable(r.out + r.err));
        // An unreachable target is refused with the best that was found.
        Run tight = cli({"size", "--workload", "llama-3-70b", "--chiplet", "gpu-large",
                         "--target-ttft-s", "0.00001", "--max-dies", "64"});
        QCOMPARE(tight.exit, 1);
        QVERIFY2(tight.out.contains("No number of dies"), qPrintable(tight.out));
        QCOMPARE(cli({"size", "--workload", "gpt-5", "--chiplet", "gpu-large",
                      "--target-tokens-per-s", "1"})
                     .exit,
                 2);
        QCOMPARE(cli({"size", "--workload", "llama-3-8b", "--chiplet", "hbm3-stack",
                      "--target-tokens-per-s", "1"})
                     .exit,
                 2);
        QCOMPARE(cli({"size", "--workload", "llama-3-8b", "--chiplet", "gpu-large",
                      "--target-tokens-per-s", "-3"})
                     .exit,
                 2);
    }
    void checkGatesOnRulesAndWritesJUnit() {
        QTemporaryDir tmp;
        const QString junit = tmp.filePath("check.xml"), json = tmp.filePath("check.json");
        Run ok =
            cli({"check", example("gpu-2.5d"), "--rules", source("projects/gpu-2.5d/rules.json"),
                 "--junit", junit, "--json", json, "--resolution", "coarse"});
        QCOMPARE(ok.exit, 0);
        QVERIFY(ok.out.contains("PASS  junction"));
        QFile xml(junit);
        QVERIFY(xml.open(QIODevice::ReadOnly));
        QXmlStreamReader reader(&xml);
        int cases = 0, failures = 0;
        while (!reader.atEnd()) {
            reader.readNext();
            if (reader.isStartElement() && reader.name() == QLatin1String("testcase"))
                ++cases;
            if (reader.isStartElement() && reader.name() == QLatin1String("failure"))
                ++failures;
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QCOMPARE(cases, 7); // six in rules.json, one in the design
        QCOMPARE(failures, 0);
        // An error rule that fails exits 1 and names the measured value.
        const QString strict = tmp.filePath("strict.json");
        QFile f(strict);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "strata-rules", "schema": 1, "rules": [
            {"id": "cold", "metric": "thermal.tj_max_c", "comparison": "<", "threshold": 30},
            {"id": "ghost", "metric": "no.such.metric", "comparison": ">", "threshold": 1,
             "severity": "warning"}]})");
        f.close();
        Run bad = cli({"check", example("gpu-2.5d"), "--rules", strict, "--junit", junit,
                       "--resolution", "coarse"});
        QCOMPARE(bad.exit, 1);
        QVERIFY(bad.out.contains("FAIL  cold") && bad.out.contains("no.such.metric not produced"));
        // A malformed rules file is bad input with file and pointer.
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "strata-rules", "rules": [{"metric": "x", "comparison": "~"}]})");
        f.close();
        Run broken = cli({"check", example("gpu-2.5d"), "--rules", strict});
        QCOMPARE(broken.exit, 2);
        QVERIFY2(broken.err.contains("/rules/0/comparison") &&
                     broken.err.contains("/rules/0/threshold"),
                 qPrintable(broken.err));
    }
    // --plugin (any verb): the example plugin's evaluator is listed, evaluated and gated on like a
    // built-in; a file that is not a plugin is bad input naming the file.
    void pluginsAddEvaluators() {
        const QString plugin = STRATA_EXAMPLE_PLUGIN;
        Run list = cli({"--plugin", plugin, "list", "evaluators"});
        QCOMPARE(list.exit, 0);
        QVERIFY2(list.out.contains("power_density") &&
                     list.out.contains("[plugin example_evaluator 1.0.0]"),
                 qPrintable(list.out));
        Run plugins = cli({"list", "plugins", "--plugin=" + plugin});
        QCOMPARE(plugins.exit, 0);
        QVERIFY(plugins.out.contains("example_evaluator 1.0.0") && plugins.out.contains(plugin));
        Run eval = cli({"eval", example("gpu-2.5d"), "--plugin", plugin, "--only",
                        "perf,power,power_density"});
        QCOMPARE(eval.exit, 0);
        QVERIFY2(eval.out.contains("power_density.die.gpu0.w_per_cm2"), qPrintable(eval.out));
        QTemporaryDir tmp;
        const QString rules = tmp.filePath("flux.json");
        QFile f(rules);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "strata-rules", "schema": 1, "rules": [
            {"id": "flux", "metric": "power_density.max_block_w_per_cm2", "comparison": "<=",
             "threshold": 1}]})");
        f.close();
        Run gate = cli({"check", example("gpu-2.5d"), "--rules", rules, "--plugin", plugin,
                        "--resolution", "coarse"});
        QCOMPARE(gate.exit, 1);
        QVERIFY2(gate.out.contains("FAIL  flux"), qPrintable(gate.out));
        // The same from a plugin folder in $STRATA_PLUGIN_PATH.
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("STRATA_PLUGIN_PATH", QFileInfo(plugin).absolutePath());
        p.setProcessEnvironment(env);
        p.start(STRATA_CLI_PATH, {"list", "plugins"});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).contains("example_evaluator"));
        Run notPlugin = cli({"list", "evaluators", "--plugin", source("README.md")});
        QCOMPARE(notPlugin.exit, 2);
        QVERIFY2(notPlugin.err.contains("README.md") && notPlugin.err.contains("PLG-0001"),
                 qPrintable(notPlugin.err));
        Run missingValue = cli({"list", "evaluators", "--plugin"});
        QCOMPARE(missingValue.exit, 2);
        QVERIFY(missingValue.err.contains("--plugin needs a file"));
    }

    // import --format: a plugin's importer; the design it returns is written and validates.
    void importsWithAPluginsImporter() {
        QTemporaryDir tmp;
        QFile wrapped(tmp.filePath("gpu.wrapped"));
        QFile example_(example("gpu-2.5d"));
        QVERIFY(wrapped.open(QIODevice::WriteOnly) && example_.open(QIODevice::ReadOnly));
        wrapped.write("STRATA-TEST-IMPORT\n" + example_.readAll());
        wrapped.close();
        const QString out = tmp.filePath("gpu.strata.json");
        Run ok = cli({"import", "--format", "test-wrapped", wrapped.fileName(), "--out", out,
                      "--plugin", STRATA_TEST_PLUGIN});
        QVERIFY2(ok.exit == 0, qPrintable(ok.err));
        QVERIFY(ok.out.contains("Wrote") && QFile::exists(out));
        QCOMPARE(cli({"validate", out}).exit, 0);
        Run unknown = cli({"import", "--format", "gds", wrapped.fileName(), "--out",
                           tmp.filePath("x.strata.json"), "--plugin", STRATA_TEST_PLUGIN});
        QCOMPARE(unknown.exit, 2);
        QVERIFY2(unknown.err.contains("PLG-0010") && unknown.err.contains("test-wrapped"),
                 qPrintable(unknown.err));
        QVERIFY(!QFile::exists(tmp.filePath("x.strata.json")));
        Run listed = cli({"list", "plugins", "--plugin", STRATA_TEST_PLUGIN});
        QVERIFY(listed.out.contains("imports: test-wrapped (*.wrapped)"));
        // The same from Lua: strata.import(format, path), beside the script.
        QFile script(tmp.filePath("import.lua"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("local d = strata.import('test-wrapped', 'gpu.wrapped')\n"
                     "print(d:get('stacks[0].tiers[0].die.type'))\n"
                     "local ok, err = pcall(strata.import, 'gds', 'gpu.wrapped')\n"
                     "assert(not ok and err:find('PLG%-0010') and err:find('gpu.wrapped'), err)\n");
        script.close();
        Run lua = cli({"run", script.fileName(), "--plugin", STRATA_TEST_PLUGIN});
        QVERIFY2(lua.exit == 0, qPrintable(lua.err));
        QCOMPARE(lua.out.trimmed(), QString("gpu-large"));
    }

    // explain: a code's meaning and remedy (any case), the whole list, an unknown code.
    void diffShowsDesignAndMetricChangesAndGates() {
        QTemporaryDir dir;
        QFile in(example("chiplet-mcm"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray original = in.readAll();
        // Worse cooling only: the ambient 10 K up. Temperatures and leakage rise, the die costs
        // and the link figures stay; nothing else of the design differs.
        QByteArray text = original;
        QVERIFY(text.contains("\"ambient_c\": 45"));
        text.replace("\"ambient_c\": 45", "\"ambient_c\": 55");
        const QString after = dir.filePath("warmer.strata.json");
        QFile out(after);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
        out.close();
        const QString json = dir.filePath("diff.json");
        Run r = cli({"diff", example("chiplet-mcm"), after, "--json", json});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("Design changes (1):\n  cooling.ambient_c: 45 -> 55\n"),
                 qPrintable(r.out));
        QVERIFY(QRegularExpression("thermal\\.tj_max_c .* worse\\n").match(r.out).hasMatch());
        QVERIFY(!r.out.contains("cost.package_usd")); // unchanged rows are counted, not listed
        QVERIFY(!r.out.contains("thermal.die."));     // per-object rows only with --all
        QFile jf(json);
        QVERIFY(jf.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(jf.readAll()).object();
        QCOMPARE(doc["format"].toString(), QString("strata-diff"));
        QCOMPARE(doc["design_changes"].toArray().size(), 1);
        double tjBefore = 0, tjAfter = 0;
        for (const QJsonValue& m : doc["metrics"].toArray())
            if (m["name"].toString() == "thermal.tj_max_c") {
                tjBefore = m["before"].toDouble();
                tjAfter = m["after"].toDouble();
                QCOMPARE(m["verdict"].toString(), QString("worse"));
                QCOMPARE(m["delta"].toDouble(), tjAfter - tjBefore);
            }
        // Conduction is linear: 10 K more ambient is 10 K more everywhere, plus what the extra
        // leakage adds (a little, never negative).
        QVERIFY2(tjAfter - tjBefore >= 10 - 1e-6 && tjAfter - tjBefore < 12,
                 qPrintable(QString::number(tjAfter - tjBefore)));

        // Against a saved evaluation, as CI keeps one: same numbers, design changes unknown.
        const QString base = dir.filePath("base.json");
        QCOMPARE(cli({"eval", example("chiplet-mcm"), "--json", base}).exit, 0);
        Run saved = cli({"diff", base, after, "--all"});
        QCOMPARE(saved.exit, 0);
        QVERIFY(saved.out.contains("Design changes: not known"));
        QVERIFY(saved.out.contains("thermal.die."));
        QCOMPARE(cli({"diff", base, base}).out.count(" -> "), 0);

        // The gate: warmer by more than 5 % fails (exit 1) and names the metric; 50 % passes.
        // As JUnit XML for CI: a test case per gated metric, Tj's failed.
        const QString junit = dir.filePath("gate.xml");
        Run gate =
            cli({"diff", example("chiplet-mcm"), after, "--max-worse", "5", "--junit", junit});
        QCOMPARE(gate.exit, 1);
        QVERIFY2(gate.err.contains("thermal.tj_max_c got worse by +10 (+12.2 %)"),
                 qPrintable(gate.err));
        QFile xml(junit);
        QVERIFY(xml.open(QIODevice::ReadOnly));
        const QString report = QString::fromUtf8(xml.readAll());
        QVERIFY2(report.contains("name=\"thermal.tj_max_c\" time=\"0\">\n      <failure") &&
                     report.contains("name=\"cost.package_usd\" time=\"0\"/>"),
                 qPrintable(report));
        QCOMPARE(cli({"diff", example("chiplet-mcm"), after, "--junit", junit}).exit, 2);
        QCOMPARE(cli({"diff", after, example("chiplet-mcm"), "--max-worse", "5"}).exit, 0);
        // Only thermal on one side: the others are not compared rather than "removed".
        Run only = cli({"diff", base, after, "--only", "thermal", "--max-worse", "50"});
        QCOMPARE(only.exit, 0);
        QVERIFY2(only.out.contains("Not compared (not evaluated on both sides): bandwidth cost "
                                   "perf power reliability"),
                 qPrintable(only.out));

        // Bad input: a damaged evaluation names the file and pointer; one file is a usage error.
        const QString bad = dir.filePath("bad.json");
        QFile bf(bad);
        QVERIFY(bf.open(QIODevice::WriteOnly));
        bf.write(R"({"format": "strata-eval", "metrics": [{"name": "x", "value": "hot"}]})");
        bf.close();
        Run broken = cli({"diff", bad, after});
        QCOMPARE(broken.exit, 2);
        QVERIFY2(broken.err.contains(bad + ":/metrics/0/value: error IO-0007"),
                 qPrintable(broken.err));
        QCOMPARE(cli({"diff", after}).exit, 2);
        QCOMPARE(cli({"diff", base, after, "--max-worse", "-3"}).exit, 2);
    }
    void explainsDiagnosticCodes() {
        Run one = cli({"explain", "thm-0005"});
        QCOMPARE(one.exit, 0);
        QVERIFY2(one.out.startsWith("THM-0005 — No path to ambient\n") &&
                     one.out.contains("cooling.h_w_m2k"),
                 qPrintable(one.out));
        Run all = cli({"explain"});
        QCOMPARE(all.exit, 0);
        QVERIFY(all.out.count('\n') > 100 && all.out.contains("PLG-0003"));
        Run unknown = cli({"explain", "XYZ-0042"});
        QCOMPARE(unknown.exit, 2);
        QVERIFY(unknown.err.contains("no diagnostic XYZ-0042"));
    }

    void missingFileExitsTwo() {
        Run r = cli({"validate", "/nonexistent/x.strata.json"});
        QCOMPARE(r.exit, 2);
        QVERIFY(r.out.contains("/nonexistent/x.strata.json") && r.out.contains("no such file"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
