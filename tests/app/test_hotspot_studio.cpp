// The HotSpot round trip in the studio: File > Export > HotSpot Model writes the model, and
// Evaluate > Compare with HotSpot shows HotSpot's answer beside Strata's, per die and as maps.
#include "../hotspot_answer.h"
#include "evaluation_runner.h"
#include "hotspot_compare_dialog.h"
#include "interop/hotspot_results.h"
#include "main_window.h"
#include "studio_test_support.h"
#include "thermal_map.h"

#include <QComboBox>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace strata;
using namespace strata::studio;

using strata::studio::test::example;
using strata::studio::test::library;

class TestHotSpotStudio : public QObject {
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
        HotSpotCompareDialog dialog(std::move(cmp), hotspot);
        QCOMPARE(static_cast<std::size_t>(dialog.table()->rowCount()), dies);
        QCOMPARE(dialog.table()->item(0, 2)->text(), QString("56.85")); // 330 K
        QVERIFY(dialog.plot()->field() && dialog.plot()->field()->unit == "K");
        dialog.dieChooser()->setCurrentIndex(1);
        QCOMPARE(QString::fromStdString(dialog.plot()->field()->name),
                 "hotspot.diff." + dialog.table()->item(1, 0)->text());
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
};

QTEST_MAIN(TestHotSpotStudio)
#include "test_hotspot_studio.moc"
