// The inspector: one edit for a whole selection, choice fields (a tier's gap fill) and a die's
// power map imported from a CSV grid or a HotSpot floorplan, each one undo step.
#include "docks.h"
#include "document.h"
#include "evaluation_runner.h"
#include "power_map_row.h"
#include "studio_test_support.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace strata;
using namespace strata::studio;

using test::baseFootprint;
using test::example;
using test::library;
using test::openedAndEvaluated;

class TestInspector : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qputenv("STRATA_RECOVERY_DIR", QByteArray("/tmp/strata-test-recovery")); }
    void inspectorEditsEveryoneOfAMultiSelection() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        const Design before = doc.design();
        InspectorPanel inspector(&doc);
        doc.setSelection({"hbm_w0", "hbm_w1"}); // same x, different y
        auto* x = inspector.findChild<QLineEdit*>("x_mm");
        auto* y = inspector.findChild<QLineEdit*>("y_mm");
        QVERIFY(x && y);
        QVERIFY(!inspector.findChild<QLineEdit*>("id")); // ids stay unique: not offered
        QVERIFY(y->text().isEmpty() && y->placeholderText() == "(mixed)");
        QCOMPARE(x->text().toDouble(), findStack(before, "hbm_w0")->x_m * 1e3);
        x->setText("3.5");
        emit x->editingFinished();
        QCOMPARE(findStack(doc.design(), "hbm_w0")->x_m, 3.5e-3);
        QCOMPARE(findStack(doc.design(), "hbm_w1")->x_m, 3.5e-3);
        QCOMPARE(doc.undoStack()->count(), 1); // one undo step for both
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
        // A value out of range is refused for all, the field turns red, nothing changes.
        x = inspector.findChild<QLineEdit*>("x_mm");
        x->setText("5000");
        emit x->editingFinished();
        QVERIFY(doc.design() == before);
        QVERIFY(x->styleSheet().contains("fde2e2"));
    }
    // A tier's gap fill is offered with its choices and set as one undo step.
    void inspectorSetsATiersGapFill() {
        Document doc(library());
        QCOMPARE(
            doc.load(QString(STRATA_SOURCE_DIR) + "/projects/sram-on-logic-3d/design.strata.json"),
            QString());
        InspectorPanel inspector(&doc);
        doc.setSelection({"soc"});
        auto* gap = inspector.findChild<QComboBox*>("tiers[1].gap_fill");
        QVERIFY(gap);
        QCOMPARE(gap->currentText(), QString("mold"));
        QCOMPARE(gap->count(), 3);
        gap->setCurrentText("dummy_silicon");
        QCOMPARE(findStack(doc.design(), "soc")->tiers[1].gap_fill, std::string("dummy_silicon"));
        QCOMPARE(doc.undoStack()->count(), 1);
    }
    // A die's power map comes from a CSV grid through the inspector, as one undo step, and the
    // next evaluation heats where the map puts the power.
    void powerMapIsImportedFromCsv() {
        Document doc(library());
        EvaluationRunner runner(&doc);
        QVERIFY(openedAndEvaluated(doc, runner));
        InspectorPanel inspector(&doc);
        doc.setSelection({"gpu"});
        auto* row = inspector.findChild<PowerMapRow*>("tiers[0].die.power_map");
        QVERIFY(row);
        QVERIFY(row->findChild<QLabel*>()->text().startsWith("none"));
        QTemporaryDir dir;
        const QString good = dir.filePath("north.csv"), bad = dir.filePath("bad.csv");
        for (const auto& [path, text] :
             {std::pair{good, "200,200\n0,0\n0,0\n0,0\n"}, std::pair{bad, "1,2\n3,oops\n"}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        const Design before = doc.design();
        const QString error = importPowerMap(&doc, "gpu", 0, bad);
        QVERIFY2(error.contains("bad.csv") && error.contains("line 2, column 2"),
                 qPrintable(error));
        QVERIFY(doc.design() == before);
        QSignalSpy done(&runner, &EvaluationRunner::finished);
        QCOMPARE(importPowerMap(&doc, "gpu", 0, good), QString());
        const auto& map = doc.design().stacks[0].tiers[0].die.power_map;
        QVERIFY(map && map->nx == 2 && map->ny == 4);
        QCOMPARE(map->power_w.back(), 200.0); // the file's first line is the north edge
        row = inspector.findChild<PowerMapRow*>("tiers[0].die.power_map"); // rebuilt
        QCOMPARE(row->findChild<QLabel*>()->text(), QString("2 × 4 cells, 400 W"));
        inspector.resize(420, 900);
        QVERIFY(inspector.grab().save(QString(STRATA_TEST_OUTPUT_DIR) + "/studio_power_map.png"));
        QVERIFY(done.wait(120000));
        const Rect gpu = baseFootprint(doc.design(), "gpu");
        const double y = runner.result().metric("thermal.hotspot_y_mm")->value * 1e-3;
        QVERIFY2(y > gpu.y0 + 0.75 * gpu.height(), qPrintable(QString::number(y))); // north
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
        doc.undoStack()->redo();
        // The row's Clear button (the edit rebuilds the inspector, the button with it).
        row = inspector.findChild<PowerMapRow*>("tiers[0].die.power_map");
        for (QPushButton* b : row->findChildren<QPushButton*>())
            if (b->text() == "Clear") {
                QVERIFY(b->isEnabled());
                b->click();
                break;
            }
        QVERIFY(!doc.design().stacks[0].tiers[0].die.power_map);
        QVERIFY(!clearPowerMap(&doc, "gpu", 0));
        row = inspector.findChild<PowerMapRow*>("tiers[0].die.power_map");
        QVERIFY(row->findChild<QLabel*>()->text().startsWith("none"));
        // A HotSpot floorplan with its trace the same way; without the trace, said and nothing set.
        const QString flp = dir.filePath("chip.flp"), ptrace = dir.filePath("chip.ptrace");
        for (const auto& [path, text] :
             {std::pair{flp, "a 0.004 0.001 0 0\nb 0.004 0.001 0 0.001\n"},
              std::pair{ptrace, "a b\n100 300\n"}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        QVERIFY(importPowerMap(&doc, "gpu", 0, flp).contains("needs its power trace"));
        QVERIFY(!doc.design().stacks[0].tiers[0].die.power_map);
        QCOMPARE(importPowerMap(&doc, "gpu", 0, flp, ptrace), QString());
        // Its 4 x 2 mm outline is stretched over the squarer gpu die: said.
        const QString note = powerMapStretchNote(&doc, "gpu", 0, flp);
        QVERIFY2(note.contains("width / height 2.00") && note.contains("stretched"),
                 qPrintable(note));
        QCOMPARE(powerMapStretchNote(&doc, "gpu", 0, good), QString()); // a CSV grid: nothing
        row = inspector.findChild<PowerMapRow*>("tiers[0].die.power_map");
        QCOMPARE(row->findChild<QLabel*>()->text(), QString("8 × 4 cells, 400 W"));
    }
};

QTEST_MAIN(TestInspector)
#include "test_inspector.moc"
