// strata-cli's exchange with other tools as a user runs it: HotSpot and 3D-ICE models and their
// answers compared, the floorplan as SVG, 3Dblox and IHP .chiplet assemblies out and back, the
// hand-off script.
#include "../hotspot_answer.h"
#include "../threedice_answer.h"
#include "cli_run.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class TestCliExchange : public QObject {
    Q_OBJECT
private slots:
    void exportsAndImportsIhpChiplet() {
        QTemporaryDir dir;
        const QString chiplet = dir.filePath("mcm.chiplet"),
                      back = dir.filePath("back.strata.json");
        Run e = cli({"export", example("chiplet-mcm"), "--chiplet", chiplet});
        QCOMPARE(e.exit, 0);
        QVERIFY2(e.out.contains("(6 components)"), qPrintable(e.out));
        QFile f(chiplet);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY(text.contains("format_version: \"1.0\"") && text.contains("strata_type:"));
        Run i = cli({"import", "--chiplet", chiplet, "--out", back});
        QCOMPARE(i.exit, 0);
        QVERIFY2(i.out.contains("5 stacks, 5 dies"), qPrintable(i.out));
        QVERIFY(i.err.contains("IO-0029")); // what was guessed, said
        // The same stacks: diff finds nothing changed under them.
        Run d = cli({"diff", example("chiplet-mcm"), back, "--only", "cost"});
        QCOMPARE(d.exit, 0);
        QVERIFY2(!d.out.contains("  stacks["), qPrintable(d.out));
        // Kept unless --force; refusals name the file and line, nothing written.
        QCOMPARE(cli({"import", "--chiplet", chiplet, "--out", back}).exit, 2);
        const QString bad = dir.filePath("bad.chiplet");
        QFile b(bad);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("format_version: '1.0'\nassembly: {name: x, units: mm}\n");
        b.close();
        Run r = cli({"import", "--chiplet", bad, "--out", dir.filePath("no.strata.json")});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(bad + ":line 2: error IO-0028: assembly.units: expected um"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(dir.filePath("no.strata.json")));
        QCOMPARE(cli({"import", "--chiplet", chiplet, "--3dblox", "x.3dbx", "--out", "y"}).exit, 2);
    }
    void importsACdxmlPartIntoALibrary() {
        // A CDXML part becomes a library file; in a library folder it is a chiplet type.
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath("lib"));
        const QString part = dir.filePath("gauge.xml"), entry = dir.filePath("lib/gauge.json");
        QFile p(part);
        QVERIFY(p.open(QIODevice::WriteOnly));
        p.write("<?xml version=\"1.0\"?>\n<cdxml><mpn>GAUGE-1</mpn><mech>"
                "<width><typ>2000</typ></width><length><typ>3000</typ></length>"
                "<thickness><typ>400</typ></thickness><io><pitch><typ>400</typ></pitch>"
                "<diameter><typ>250</typ></diameter><thickness><typ>200</typ></thickness>"
                "<count><pop>24</pop></count></io></mech></cdxml>\n");
        p.close();
        Run r =
            cli({"import", "--cdxml", part, "--out", entry, "--power-w", "0.5", "--unit-usd", "3"});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("the chiplet type cdxml-gauge-1"), qPrintable(r.out));
        QVERIFY2(r.err.contains("IO-0032"), qPrintable(r.err)); // the bond from the pitch, said
        Run l = cli({"list", "components", "--library", dir.filePath("lib")});
        QCOMPARE(l.exit, 0);
        QVERIFY2(l.out.contains("cdxml-gauge-1    GAUGE-1 — CDXML part — io, 2 × 3 mm, 0.5 W, "
                                "purchased at 3 USD, on c4 at 400 µm pitch"),
                 qPrintable(l.out));
        // Kept unless --force; a bad part is refused with its line, nothing written.
        QCOMPARE(cli({"import", "--cdxml", part, "--out", entry}).exit, 2);
        QVERIFY(p.open(QIODevice::WriteOnly));
        p.write("<?xml version=\"1.0\"?>\n<cdxml>\n<mpn>GAUGE-1</mpn>\n<mech/>\n</cdxml>\n");
        p.close();
        r = cli({"import", "--cdxml", part, "--out", dir.filePath("no.json")});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(part + ":line 4: error IO-0031: cdxml/mech/width: missing"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(dir.filePath("no.json")));
        QCOMPARE(cli({"import", "--cdxml", part, "--out", "x.json", "--power-w", "lots"}).exit, 2);
        QCOMPARE(cli({"import", "--cdxml", part, "--out", "x.json", "--unit-usd", "-"}).exit, 2);
        QCOMPARE(cli({"import", "--chiplet", "a.chiplet", "--out", "x", "--kind", "io"}).exit, 2);
    }

    void exportsHotSpotInputs() {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/hotspot";
        Run r = cli(
            {"export", example("sram-on-logic-3d"), "--hotspot", dir, "--resolution", "coarse"});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("run them with"), qPrintable(r.out));
        QVERIFY(r.err.contains("IO-0021")); // what HotSpot models differently is said
        for (const char* f : {"design.lcf", "design.ptrace", "design.config", "design.materials",
                              "design_L0.flp", "run.sh"})
            QVERIFY2(QFile::exists(dir + "/" + f), f);
        QFile trace(dir + "/design.ptrace");
        QVERIFY(trace.open(QIODevice::ReadOnly));
        QVERIFY(trace.readLine().contains("logic0.")); // the logic die's blocks by name
        // HotSpot's answer set beside Strata's: missing until HotSpot ran, then a table per die.
        const QStringList compare = {
            "compare", example("sram-on-logic-3d"), "--hotspot", dir, "--resolution", "coarse"};
        Run none = cli(compare);
        QCOMPARE(none.exit, 2);
        QVERIFY2(none.err.contains("design.grid.steady") && none.err.contains("run.sh"),
                 qPrintable(none.err));
        QVERIFY(strata::test::writeUniformHotSpotAnswer(dir, "design", 400.0)); // as if HotSpot ran
        Run cmp = cli(compare + QStringList{"--maps", tmp.path() + "/diff"});
        QCOMPARE(cmp.exit, 0);
        QVERIFY2(cmp.out.contains("logic0") && cmp.out.contains("126.85"), qPrintable(cmp.out));
        QVERIFY(QFile::exists(tmp.path() + "/diff/hotspot.diff.logic0.png"));
        // A transient: the trace's rows at one interval, and HotSpot's transient in run.sh.
        const QString tdir = tmp.path() + "/transient";
        Run t = cli({"export", example("gpu-2.5d"), "--hotspot", tdir, "--resolution", "coarse",
                     "--transient", source("projects/gpu-2.5d/llm-serving.trace.csv")});
        QCOMPARE(t.exit, 0);
        QFile tconfig(tdir + "/design.config"), trun(tdir + "/run.sh");
        QVERIFY(tconfig.open(QIODevice::ReadOnly) && trun.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(tconfig.readAll()).contains("-sampling_intvl 0.6\n"));
        QVERIFY(QString::fromUtf8(trun.readAll()).contains("-o design.ttrace"));
        QVERIFY(strata::test::writeRisingHotSpotTtrace(tdir, "design", 300, 13)); // as if it ran
        Run ct = cli({"compare", example("gpu-2.5d"), "--hotspot", tdir, "--resolution", "coarse",
                      "--transient", source("projects/gpu-2.5d/llm-serving.trace.csv")});
        QCOMPARE(ct.exit, 0);
        QVERIFY2(ct.out.contains("HotSpot") && ct.out.contains("38.85"), qPrintable(ct.out));
        Run badTrace = cli({"export", example("gpu-2.5d"), "--hotspot", tmp.path() + "/bt",
                            "--transient", tmp.path() + "/none.csv"});
        QCOMPARE(badTrace.exit, 2);
        QVERIFY(badTrace.err.contains("none.csv") && !QFile::exists(tmp.path() + "/bt"));
        // Bad input writes nothing and exits 2.
        const QString bad = tmp.path() + "/bad";
        Run b = cli({"export", example("gpu-2.5d"), "--hotspot", bad, "--resolution", "3"});
        QCOMPARE(b.exit, 2);
        QVERIFY(b.err.contains("THM-0006") && b.err.contains("nothing written"));
        QVERIFY(!QFile::exists(bad));
        QCOMPARE(cli({"export", example("gpu-2.5d")}).exit, 2); // no format given
    }
    void exportsThreeDiceInputs() {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/3dice";
        Run r =
            cli({"export", example("sram-on-logic-3d"), "--3dice", dir, "--resolution", "coarse"});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("3D-ICE files") && r.out.contains("run them with"),
                 qPrintable(r.out));
        QVERIFY(r.err.contains("IO-0021")); // the uniform grid and the near-insulator are said
        for (const char* f : {"design.stk", "run.sh"})
            QVERIFY2(QFile::exists(dir + "/" + f), f);
        QFile stk(dir + "/design.stk");
        QVERIFY(stk.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(stk.readAll());
        QVERIFY(text.contains("top heat sink") && text.contains("Tmap ("));
        const QStringList compare = {
            "compare", example("sram-on-logic-3d"), "--3dice", dir, "--resolution", "coarse"};
        Run none = cli(compare);
        QCOMPARE(none.exit, 2);
        QVERIFY2(none.err.contains(".tmap") && none.err.contains("run.sh"), qPrintable(none.err));
        QVERIFY(strata::test::writeUniformThreeDiceAnswer(dir, "design", 400.0)); // as if it ran
        Run cmp = cli(compare + QStringList{"--maps", tmp.path() + "/diff"});
        QCOMPARE(cmp.exit, 0);
        QVERIFY2(cmp.out.contains("3D-ICE") && cmp.out.contains("logic0") &&
                     cmp.out.contains("126.85"),
                 qPrintable(cmp.out));
        QVERIFY(QFile::exists(tmp.path() + "/diff/3dice.diff.logic0.png"));
        // Another resolution than the export's: said, exit 2.
        Run other = cli({"compare", example("sram-on-logic-3d"), "--3dice", dir});
        QCOMPARE(other.exit, 2);
        QVERIFY2(other.err.contains("same resolution"), qPrintable(other.err));
        // One tool at a time.
        QCOMPARE(cli({"export", example("gpu-2.5d"), "--3dice", dir, "--hotspot", dir}).exit, 2);
        // A transient: a second stack description with the trace's slots, run by run.sh.
        const QString tdir = tmp.path() + "/t";
        Run transient =
            cli({"export", example("gpu-2.5d"), "--3dice", tdir, "--resolution", "coarse",
                 "--transient", source("projects/gpu-2.5d/llm-serving.trace.csv")});
        QCOMPARE(transient.exit, 0);
        QFile tstk(tdir + "/design_transient.stk"), trun(tdir + "/run.sh");
        QVERIFY(tstk.open(QIODevice::ReadOnly) && trun.open(QIODevice::ReadOnly));
        const QString ttext = QString::fromUtf8(tstk.readAll());
        QVERIFY2(ttext.contains("transient step 0.06, slot 0.6 ;") && ttext.contains("Tflp ("),
                 qPrintable(ttext.right(400)));
        QVERIFY(QString::fromUtf8(trun.readAll()).contains("3D-ICE-Emulator design_transient.stk"));
        // Its block maxima beside Strata's transient: the llm-serving trace is 13 intervals of 0.6
        // s.
        const QStringList compareTransient = {
            "compare",      example("gpu-2.5d"),
            "--3dice",      tdir,
            "--resolution", "coarse",
            "--transient",  source("projects/gpu-2.5d/llm-serving.trace.csv")};
        Run missing = cli(compareTransient);
        QCOMPARE(missing.exit, 2);
        QVERIFY2(missing.err.contains(".tflp"), qPrintable(missing.err));
        QVERIFY(strata::test::writeRisingThreeDiceTflp(tdir, "design", 300, 13, 0.6));
        Run ct = cli(compareTransient);
        QCOMPARE(ct.exit, 0);
        QVERIFY2(ct.out.contains("13 intervals of 0.6 s") && ct.out.contains("gpu0.") &&
                     ct.out.contains("38.85"), // 300 + 12 K, the last row
                 qPrintable(ct.out));
    }
    // export --svg: the floorplan drawing (its content: test_floorplan_svg).
    void exportsFloorplanSvg() {
        QTemporaryDir tmp;
        const QString out = tmp.path() + "/gpu.svg";
        Run r = cli({"export", example("gpu-2.5d"), "--svg", out});
        QCOMPARE(r.exit, 0);
        QFile svg(out);
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray text = svg.readAll();
        QVERIFY(text.startsWith("<svg") && text.contains("data-id=\"gpu0\""));
        QCOMPARE(cli({"export", example("gpu-2.5d"), "--svg", out, "--resolution", "fine"}).exit,
                 2);
        Run nowhere =
            cli({"export", example("gpu-2.5d"), "--svg", tmp.path() + "/no/such/dir.svg"});
        QCOMPARE(nowhere.exit, 2);
        QVERIFY2(nowhere.err.contains("dir.svg"), qPrintable(nowhere.err));
    }
    // The example's hand-off script (its README): 3Dblox and SVG out, the 3Dblox back in, the
    // same Tj.
    void handOffScriptRoundTrips() {
        QTemporaryDir tmp;
        Run r = cli({"run", source("projects/sram-on-logic-3d/hand_off.lua"), tmp.path()});
        QCOMPARE(r.exit, 0);
        const QRegularExpression tj("Tj ([0-9.]+) C before, ([0-9.]+) C after");
        const QRegularExpressionMatch m = tj.match(r.out);
        QVERIFY2(m.hasMatch(), qPrintable(r.out + r.err));
        QCOMPARE(m.captured(1), m.captured(2));
        for (const char* f : {"sram-on-logic.3dbx", "sram-on-logic.3dbv", "floorplan.svg"})
            QVERIFY2(QFile::exists(tmp.path() + "/" + f), f);
    }
    // export --3dblox: the assembly for OpenROAD (the files' content: test_threedblox_export).
    void exportsThreeDBloxAssembly() {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/blox";
        Run r = cli({"export", example("sram-on-logic-3d"), "--3dblox", dir});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("3 3Dblox files") && r.out.contains("5 chiplets") &&
                     r.out.contains("openroad -exit check.tcl"),
                 qPrintable(r.out));
        QVERIFY(r.err.contains("IO-0025")); // what 3Dblox does not carry
        for (const char* f : {"design.3dbv", "design.3dbx", "check.tcl"})
            QVERIFY2(QFile::exists(dir + "/" + f), f);
        QFile dbx(dir + "/design.3dbx");
        QVERIFY(dbx.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(dbx.readAll());
        QVERIFY(text.contains("    - design.3dbv") && text.contains("orient: MZ_R180"));
        // The thermal options do not apply; a design that cannot be exported writes nothing.
        Run res = cli({"export", example("gpu-2.5d"), "--3dblox", dir, "--resolution", "fine"});
        QCOMPARE(res.exit, 2);
        QVERIFY2(res.err.contains("--resolution is for the thermal exports"), qPrintable(res.err));
        QCOMPARE(cli({"export", example("gpu-2.5d"), "--3dblox", dir, "--3dice", dir}).exit, 2);
        QFile design(example("gpu-2.5d"));
        QVERIFY(design.open(QIODevice::ReadOnly));
        QString json = QString::fromUtf8(design.readAll());
        json.replace("\"gpu-large\"", "\"no-such-chiplet\"");
        const QString broken = tmp.path() + "/broken.strata.json";
        QFile out(broken);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(json.toUtf8());
        out.close();
        Run refused = cli({"export", broken, "--3dblox", tmp.path() + "/none"});
        QCOMPARE(refused.exit, 2);
        QVERIFY2(refused.err.contains("nothing written") && refused.err.contains("no-such-chiplet"),
                 qPrintable(refused.err));
        QVERIFY(!QFile::exists(tmp.path() + "/none"));
        // import: the assembly back as a new design that evaluates; an existing file is kept.
        const QString back = tmp.path() + "/back.strata.json";
        Run imported = cli({"import", "--3dblox", dir + "/design.3dbx", "--out", back});
        QCOMPARE(imported.exit, 0);
        QVERIFY2(imported.out.contains("2 stacks, 3 dies") && imported.err.contains("IO-0027"),
                 qPrintable(imported.out + imported.err));
        QCOMPARE(cli({"eval", back, "--only", "thermal"}).exit, 0);
        Run again = cli({"import", "--3dblox", dir + "/design.3dbx", "--out", back});
        QCOMPARE(again.exit, 2);
        QVERIFY2(again.err.contains("--force"), qPrintable(again.err));
        QCOMPARE(cli({"import", "--3dblox", dir + "/design.3dbx", "--out", back, "--force"}).exit,
                 0);
        QFile bad(tmp.path() + "/bad.3dbx");
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("Header:\n  unit: micron\nChipletInst:\n  a: {reference: Nothing}\n");
        bad.close();
        Run refusedImport = cli({"import", "--3dblox", tmp.path() + "/bad.3dbx", "--out",
                                 tmp.path() + "/bad.strata.json"});
        QCOMPARE(refusedImport.exit, 2);
        QVERIFY2(refusedImport.err.contains("bad.3dbx:line 4") &&
                     refusedImport.err.contains("no ChipletDef \"Nothing\"") &&
                     refusedImport.err.contains("nothing written"),
                 qPrintable(refusedImport.err));
        QVERIFY(!QFile::exists(tmp.path() + "/bad.strata.json"));
        QCOMPARE(cli({"import", "--3dblox", dir + "/design.3dbx"}).exit, 2); // no --out
    }
};

QTEST_GUILESS_MAIN(TestCliExchange)
#include "test_cli_exchange.moc"
