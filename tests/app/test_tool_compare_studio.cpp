// The HotSpot and 3D-ICE round trips in the studio: File > Export > HotSpot Model / 3D-ICE Model
// writes the model, and Evaluate > Compare with HotSpot / 3D-ICE shows the tool's answer beside
// Strata's, per die and as maps; and the 3Dblox assembly out and back in (File > Export / Import).
#include "../hotspot_answer.h"
#include "../threedice_answer.h"
#include "canvas_view.h"
#include "commands.h"
#include "docks.h"
#include "document.h"
#include "evaluation_runner.h"
#include "interop/cdxml_import.h"
#include "interop/hotspot_results.h"
#include "interop/reference_comparison.h"
#include "interop/transient_comparison.h"
#include "main_window.h"
#include "studio_test_support.h"
#include "thermal_map.h"
#include "tool_compare_dialog.h"
#include "transient_compare_dialog.h"

#include <QComboBox>
#include <QFileInfo>
#include <QImage>
#include <QMenu>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace strata;
using namespace strata::studio;

using strata::studio::test::example;
using strata::studio::test::library;

class TestToolCompareStudio : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qputenv("STRATA_RECOVERY_DIR", QByteArray("/tmp/strata-test-recovery")); }
    void modelIsExportedAndHotSpotsAnswerCompared() {
        MainWindow window(library());
        QVERIFY(window.openFile(example()));
        QTemporaryDir tmp;
        QString message;
        const QString hotspot = window.writeHotSpotModel(tmp.path(), message);
        QVERIFY2(!hotspot.isEmpty(), qPrintable(message));
        QVERIFY(message.contains("sh run.sh") && message.contains("IO-0021"));
        const QString base = QFileInfo(window.document()->path()).fileName().section('.', 0, 0);
        QVERIFY(QFile::exists(hotspot + "/" + base + ".lcf") &&
                QFile::exists(hotspot + "/" + base + ".ptrace") &&
                QFile::exists(hotspot + "/run.sh"));
        // HotSpot's answer (here 330 K everywhere, as if HotSpot had run) per die in a table,
        // and each die's difference map.
        QVERIFY(strata::test::writeUniformHotSpotAnswer(hotspot, base, 330.0));
        ThermalComparison cmp = compareWithHotSpot(
            window.document()->design(), window.document()->library(),
            window.runner()->fullResolution(), hotspot.toStdString(), base.toStdString());
        QVERIFY(cmp.ok);
        const std::size_t dies = cmp.dies.size();
        ToolCompareDialog dialog(std::move(cmp), "HotSpot", 0.01, hotspot);
        QCOMPARE(static_cast<std::size_t>(dialog.table()->rowCount()), dies);
        QCOMPARE(dialog.table()->item(0, 2)->text(), QString("56.85")); // 330 K
        QVERIFY(dialog.plot()->field() && dialog.plot()->field()->unit == "K");
        dialog.dieChooser()->setCurrentIndex(1);
        QCOMPARE(QString::fromStdString(dialog.plot()->field()->name),
                 "hotspot.diff." + dialog.table()->item(1, 0)->text());
        QVERIFY(dialog.table()->horizontalHeaderItem(2)->text().startsWith("HotSpot"));
        dialog.resize(700, 650);
        // With the Thermal transient tab's trace: HotSpot's transient input too, and said.
        QTemporaryDir withTrace;
        const QString trace =
            QString(STRATA_SOURCE_DIR) + "/projects/gpu-2.5d/llm-serving.trace.csv";
        const QString transient = window.writeHotSpotModel(withTrace.path(), message, trace);
        QVERIFY2(!transient.isEmpty(), qPrintable(message));
        QVERIFY2(message.contains("transient of llm-serving.trace.csv"), qPrintable(message));
        QFile run(transient + "/run.sh");
        QVERIFY(run.open(QIODevice::ReadOnly));
        QVERIFY2(run.readAll().contains("-grid_transient_file"), "run.sh runs the transient");
        QVERIFY(window.writeHotSpotModel(withTrace.path(), message, withTrace.path() + "/none.csv")
                    .isEmpty());
        QVERIFY2(message.contains("none.csv"), qPrintable(message)); // the trace that is missing
        QVERIFY(
            dialog.grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_hotspot_compare.png"));
    }
    // File > Export > 3Dblox Assembly…: the assembly beside the design's other exports.
    void threeDBloxAssemblyIsExported() {
        MainWindow window(library());
        QVERIFY(window.openFile(example()));
        bool inMenu = false;
        for (QAction* a : window.findChildren<QAction*>())
            inMenu |= a->text().remove('&') == "3Dblox Assembly…" && a->isEnabled();
        QVERIFY(inMenu);
        for (QMenu* m : window.findChildren<QMenu*>())
            if (m->title() == "&Export") {
                m->popup({0, 0});
                QVERIFY(QTest::qWaitForWindowExposed(m));
                QVERIFY(
                    m->grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_export_menu.png"));
                m->hide();
            }
        QTemporaryDir tmp;
        QString message;
        const QString dir = window.writeThreeDBloxAssembly(tmp.path(), message);
        QVERIFY2(dir.endsWith("-3dblox"), qPrintable(message));
        QVERIFY2(message.contains("chiplets") && message.contains("check.tcl") &&
                     message.contains("IO-0025") && !message.contains("run.sh"),
                 qPrintable(message));
        const QString base = QFileInfo(window.document()->path()).fileName().section('.', 0, 0);
        for (const QString& f : {base + ".3dbv", base + ".3dbx", QString("check.tcl")})
            QVERIFY2(QFile::exists(dir + "/" + f), qPrintable(f));
        // File > Import > 3Dblox Assembly…: back as a new, unsaved design of the same stacks.
        const Design before = window.document()->design();
        QFile bad(tmp.path() + "/bad.3dbx");
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("Stack: [1, 2\n");
        bad.close();
        QVERIFY(!window.importThreeDBloxFile(tmp.path() + "/bad.3dbx", message));
        QVERIFY2(message.contains("cannot be imported") && message.contains("IO-0026"),
                 qPrintable(message));
        QVERIFY(window.document()->design() == before); // nothing lost
        QVERIFY2(window.importThreeDBloxFile(dir + "/" + base + ".3dbx", message),
                 qPrintable(message));
        QVERIFY2(message.contains("IO-0027"), qPrintable(message));
        const Design& imported = window.document()->design();
        QCOMPARE(imported.stacks.size(), before.stacks.size());
        QCOMPARE(imported.stacks[0].tiers[0].die.type, before.stacks[0].tiers[0].die.type);
        QVERIFY(window.document()->path().isEmpty() && window.document()->isModified());
        QVERIFY(window.canvas()->renderFloorplan().save(QString(STRATA_TEST_OUTPUT_DIR) +
                                                        "/studio_3dblox_import.png"));
        // File > Export > Floorplan Image: the canvas as PNG, or the drawing to scale as SVG.
        const QString svgPath = tmp.path() + "/floorplan.svg", pngPath = tmp.path() + "/floor.png";
        QVERIFY(window.writeFloorplanImage(svgPath).isEmpty());
        QVERIFY(window.writeFloorplanImage(pngPath).isEmpty());
        QFile svg(svgPath);
        QVERIFY(svg.open(QIODevice::ReadOnly) && svg.readAll().startsWith("<svg"));
        QVERIFY(!QImage(pngPath).isNull());
        QVERIFY(!window.writeFloorplanImage(tmp.path() + "/no/such.svg").isEmpty());
        // A die of no known size: nothing written, and said.
        Design d = window.document()->design();
        d.stacks[0].tiers[0].die.type = "no-such-chiplet";
        window.document()->replaceDesign(d);
        const QString refused = window.writeThreeDBloxAssembly(tmp.path() + "/no", message);
        QVERIFY(refused.isEmpty());
        QVERIFY2(message.contains("Nothing was written"), qPrintable(message));
        QVERIFY(!QFile::exists(tmp.path() + "/no"));
    }
    void chipletAssemblyIsExportedAndImported() {
        // File > Export > IHP .chiplet Assembly… and back through File > Import: the same
        // stacks where they were, as a new unsaved design; a bad file changes nothing.
        MainWindow window(library());
        QVERIFY(window.openFile(example()));
        int inMenus = 0;
        for (QAction* a : window.findChildren<QAction*>())
            inMenus += a->text().remove('&') == "IHP .chiplet Assembly…" && a->isEnabled();
        QCOMPARE(inMenus, 2); // Import and Export
        QTemporaryDir tmp;
        QString message;
        const QString path = tmp.path() + "/gpu.chiplet";
        QCOMPARE(window.writeChipletAssembly(path, message), path);
        QVERIFY2(message.contains("components") && message.contains("IO-0029"),
                 qPrintable(message));
        const Design before = window.document()->design();
        QFile bad(tmp.path() + "/bad.chiplet");
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("format_version: '2.0'\nassembly: {name: x}\n");
        bad.close();
        QVERIFY(!window.importChipletFile(bad.fileName(), message));
        QVERIFY2(message.contains("IO-0028") && message.contains("version 1"), qPrintable(message));
        QVERIFY(window.document()->design() == before); // nothing lost
        QVERIFY2(window.importChipletFile(path, message), qPrintable(message));
        const Design& imported = window.document()->design();
        QCOMPARE(imported.stacks.size(), before.stacks.size());
        for (std::size_t i = 0; i < before.stacks.size(); ++i) {
            QCOMPARE(imported.stacks[i].id, before.stacks[i].id);
            QVERIFY(std::fabs(imported.stacks[i].x_m - before.stacks[i].x_m) < 1e-9);
            QCOMPARE(imported.stacks[i].tiers[0].die.type, before.stacks[i].tiers[0].die.type);
        }
        QVERIFY(window.document()->path().isEmpty() && window.document()->isModified());
        // Opened as a file (strata gpu.chiplet, File > Open): imported the same way, what was
        // guessed in a box that leaves the window working; a bad one refused, nothing lost.
        MainWindow opened(library());
        QVERIFY(opened.openFile(example()));
        QVERIFY(!opened.openFile(bad.fileName()));
        QVERIFY(opened.document()->design() == before);
        QVERIFY(opened.openFile(path));
        QCOMPARE(opened.document()->design().stacks.size(), before.stacks.size());
        QVERIFY(opened.document()->path().isEmpty() && opened.document()->isModified());
        QMessageBox* said = nullptr;
        for (QMessageBox* box : opened.findChildren<QMessageBox*>())
            if (box->windowTitle() == "Imported gpu.chiplet")
                said = box;
        QVERIFY(said && said->text().contains("IO-0029"));
        // A die of no known size: nothing written, and said.
        Design d = imported;
        d.stacks[0].tiers[0].die.type = "no-such-chiplet";
        window.document()->replaceDesign(d);
        QVERIFY(window.writeChipletAssembly(tmp.path() + "/no.chiplet", message).isEmpty());
        QVERIFY(!QFile::exists(tmp.path() + "/no.chiplet"));
    }
    void aCdxmlPartJoinsTheLibrary() {
        // File > Import > CDXML Part into Library…: the part is written to the user's library
        // folder and is in the Library dock at once; a stack of it starts on its own bumps (C4 at
        // 400 µm); importing it again replaces it; a bad part changes nothing.
        QTemporaryDir tmp;
        qputenv("STRATA_LIBRARY_PATH", tmp.filePath("lib").toUtf8());
        MainWindow window(library());
        QVERIFY(window.openFile(example()));
        int inMenus = 0;
        for (QAction* a : window.findChildren<QAction*>())
            inMenus += a->text().remove('&') == "CDXML Part into Library…";
        QCOMPARE(inMenus, 1);
        const QString part = tmp.filePath("gauge.xml");
        QFile p(part);
        QVERIFY(p.open(QIODevice::WriteOnly));
        p.write("<?xml version=\"1.0\"?>\n<cdxml><mpn>GAUGE-1</mpn><mech>"
                "<width><typ>2000</typ></width><length><typ>3000</typ></length>"
                "<thickness><typ>400</typ></thickness><io><pitch><typ>400</typ></pitch>"
                "<diameter><typ>250</typ></diameter><thickness><typ>200</typ></thickness></io>"
                "</mech></cdxml>\n");
        p.close();
        CdxmlOptions options;
        options.power_w = 0.5;
        QString message;
        QVERIFY2(window.importCdxmlPartFile(part, options, message), qPrintable(message));
        QVERIFY2(message.contains("Added GAUGE-1") && message.contains("IO-0032"),
                 qPrintable(message));
        QVERIFY(QFile::exists(tmp.filePath("lib/cdxml-gauge-1.json")));
        const ChipletType* c = window.document()->library().chiplet("cdxml-gauge-1");
        QVERIFY(c && c->power_w == 0.5);
        bool inDock = false;
        for (QTreeWidgetItem* it : window.findChild<LibraryPanel*>()->tree()->findItems(
                 "GAUGE-1", Qt::MatchContains | Qt::MatchRecursive))
            inDock |= it->data(0, Qt::UserRole).toString() == "cdxml-gauge-1" &&
                      it->toolTip(0).contains("bought on c4 at 400 µm pitch");
        QVERIFY(inDock);
        auto* add = new AddDieCommand(window.document(), "cdxml-gauge-1", 1e-3, 1e-3);
        const std::string id = add->stackId();
        window.document()->undoStack()->push(add);
        const Stack* s = findStack(window.document()->design(), id);
        QVERIFY(s);
        QCOMPARE(s->tiers[0].bond.type, std::string("c4"));
        QCOMPARE(s->tiers[0].bond.pitch_m, 400e-6);
        // Again at 1 W: one entry, the new power.
        options.power_w = 1;
        QVERIFY(window.importCdxmlPartFile(part, options, message));
        int entries = 0;
        for (const ChipletType& t : window.document()->library().chiplets)
            entries += t.id == "cdxml-gauge-1";
        QCOMPARE(entries, 1);
        QCOMPARE(window.document()->library().chiplet("cdxml-gauge-1")->power_w, 1.0);
        const std::size_t before = window.document()->library().chiplets.size();
        QVERIFY(p.open(QIODevice::WriteOnly));
        p.write("<part/>\n");
        p.close();
        QVERIFY(!window.importCdxmlPartFile(part, options, message));
        QVERIFY2(message.contains("IO-0031"), qPrintable(message));
        QCOMPARE(window.document()->library().chiplets.size(), before);
        qunsetenv("STRATA_LIBRARY_PATH");
    }

    void threeDiceModelIsExportedAndItsAnswerCompared() {
        MainWindow window(library());
        QVERIFY(window.openFile(example()));
        QTemporaryDir tmp;
        QString message;
        const QString dir = window.writeThreeDiceModel(tmp.path(), message);
        QVERIFY2(!dir.isEmpty(), qPrintable(message));
        QVERIFY2(message.contains("sh run.sh") && message.contains("IO-0021") &&
                     message.contains("3D-ICE 4.0 grid"),
                 qPrintable(message));
        QVERIFY(dir.endsWith("-3dice"));
        const QString base = QFileInfo(window.document()->path()).fileName().section('.', 0, 0);
        QVERIFY(QFile::exists(dir + "/" + base + ".stk") && QFile::exists(dir + "/run.sh"));
        // Before 3D-ICE ran: nothing to compare, and said.
        const ThermalComparison early = window.compareWithTool(MainWindow::Tool::ThreeDice, dir);
        QVERIFY(!early.ok && !early.notes.empty());
        QVERIFY(strata::test::writeUniformThreeDiceAnswer(dir, base, 330.0)); // as if it ran
        ThermalComparison cmp = window.compareWithTool(MainWindow::Tool::ThreeDice, dir);
        QVERIFY2(cmp.ok, cmp.notes.empty() ? "" : cmp.notes[0].message.c_str());
        ToolCompareDialog dialog(std::move(cmp), "3D-ICE", 0.001, dir);
        QCOMPARE(dialog.windowTitle(), QString("3D-ICE and Strata"));
        QVERIFY(dialog.table()->horizontalHeaderItem(2)->text().startsWith("3D-ICE"));
        QCOMPARE(dialog.table()->item(0, 2)->text(), QString("56.85")); // 330 K
        QVERIFY(QString::fromStdString(dialog.plot()->field()->name).startsWith("3dice.diff."));
        dialog.resize(700, 650);
        QVERIFY(dialog.grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_3dice_compare.png"));
        // With the Thermal transient tab's trace: 3D-ICE's transient too, and said.
        QTemporaryDir withTrace;
        const QString trace =
            QString(STRATA_SOURCE_DIR) + "/projects/gpu-2.5d/llm-serving.trace.csv";
        const QString transient = window.writeThreeDiceModel(withTrace.path(), message, trace);
        QVERIFY2(!transient.isEmpty(), qPrintable(message));
        QVERIFY2(message.contains("transient of llm-serving.trace.csv in"), qPrintable(message));
        QVERIFY(QFile::exists(transient + "/" + base + "_transient.stk"));
        // 3D-ICE's transient (as if it ran: 320 + r K in row r) beside Strata's, block by block.
        QVERIFY(strata::test::writeRisingThreeDiceTflp(transient, base, 320, 13, 0.6));
        const TransientComparison t =
            window.compareTransientWithTool(MainWindow::Tool::ThreeDice, transient, trace, 0);
        QVERIFY2(t.ok, t.notes.empty() ? "" : t.notes[0].message.c_str());
        TransientCompareDialog tdialog(t, "3D-ICE", transient);
        QCOMPARE(tdialog.table()->rowCount(), static_cast<int>(t.blocks.size()));
        QCOMPARE(tdialog.table()->item(0, 2)->text(), QString("58.85")); // 332 K, the last row
        QVERIFY(tdialog.grab().save(QString(STRATA_TEST_OUTPUT_DIR) +
                                    "/studio_3dice_transient_compare.png"));
    }
};

QTEST_MAIN(TestToolCompareStudio)
#include "test_tool_compare_studio.moc"
