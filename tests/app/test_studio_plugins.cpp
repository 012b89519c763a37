// Plugins in the studio: the example plugin's evaluator runs in the live evaluation and its
// metrics appear under Results; Help ▸ Plugins names the plugin, its file and its evaluators;
// a plugin that could not be loaded stays listed first in the Issues dock whatever is evaluated.
#include "main_window.h"
#include "plugin/plugin_loader.h"
#include "studio_test_support.h"

#include <QAction>
#include <QFile>
#include <QListWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace strata;
using namespace strata::studio;

class TestStudioPlugins : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        qputenv("STRATA_RECOVERY_DIR", QByteArray("/tmp/strata-test-recovery"));
        QVERIFY(loadPlugin(STRATA_EXAMPLE_PLUGIN).empty());
        QVERIFY(loadPlugin(STRATA_TEST_PLUGIN).empty()); // brings importers
    }

    // File ▸ Import lists each plugin importer; importing gives a new, unsaved design.
    void pluginImportersAreInTheImportMenu() {
        MainWindow window(test::library());
        bool listed = false;
        for (QAction* a : window.findChildren<QAction*>())
            listed = listed || a->text() == "Wrapped test design (plugin faulty)…";
        QVERIFY(listed);
        QTemporaryDir tmp;
        QFile wrapped(tmp.filePath("gpu.wrapped")), design(test::example());
        QVERIFY(wrapped.open(QIODevice::WriteOnly) && design.open(QIODevice::ReadOnly));
        wrapped.write("STRATA-TEST-IMPORT\n" + design.readAll());
        wrapped.close();
        QString message;
        QVERIFY2(window.importWithPluginFile("test-wrapped", wrapped.fileName(), message),
                 qPrintable(message));
        QCOMPARE(window.document()->design().stacks.size(), std::size_t(7));
        QVERIFY(window.document()->isModified() && window.document()->path().isEmpty());
        QVERIFY(!window.importWithPluginFile("test-wrapped", test::example(), message));
        QVERIFY(message.contains("PLG-0010"));
    }

    void pluginMetricsShowUnderResults() {
        MainWindow window(test::library());
        const std::vector<Diagnostic> problems = loadPlugin("/nowhere/missing.so");
        QCOMPARE(problems.size(), std::size_t(1));
        window.setPluginProblems(problems);
        QSignalSpy done(window.runner(), &EvaluationRunner::finished);
        QVERIFY(window.openFile(test::example()));
        QVERIFY(done.wait(120000));
        const Metric* flux = window.runner()->result().metric("power_density.max_block_w_per_cm2");
        QVERIFY(flux && flux->value > 1);
        bool listed = false;
        for (QTableWidget* t : window.findChildren<QTableWidget*>())
            listed = listed ||
                     !t->findItems("power_density.max_block_w_per_cm2", Qt::MatchExactly).isEmpty();
        QVERIFY(listed);
        // The load problem heads the Issues list, above the evaluation's own diagnostics.
        QListWidget* issues = nullptr;
        for (QListWidget* l : window.findChildren<QListWidget*>())
            if (l->count() > 1 && l->item(0)->text().contains("PLG-0001"))
                issues = l;
        QVERIFY(issues);
        QVERIFY(issues->item(0)->text().contains("missing.so"));
        // Help ▸ Plugins.
        const QString text = window.pluginsText();
        QVERIFY(text.contains("example_evaluator") && text.contains("power_density"));
        QVERIFY(text.contains(QString(STRATA_EXAMPLE_PLUGIN).toHtmlEscaped()));
        QVERIFY(text.contains("PLG-0001"));
        QVERIFY(text.contains("imports <b>test-wrapped</b>"));
    }
};

QTEST_MAIN(TestStudioPlugins)
#include "test_studio_plugins.moc"
