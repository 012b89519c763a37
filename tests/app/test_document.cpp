// The studio's document and undo commands without a window: every edit is undoable back to the
// identical design, edits of one property merge into one step, moves of one stack merge, a
// deleted stack comes back with its links in their places, the modified state follows the undo
// stack, and a saved design reads back equal.
#include "autosave.h"
#include "clipboard.h"
#include "commands.h"
#include "document.h"
#include "library/library_loader.h"
#include "model/property_path.h"
#include "studio_test_support.h"

#include <QFile>
#include <QMimeData>
#include <QTemporaryDir>
#include <QTest>

using namespace strata;
using namespace strata::studio;

using test::example;
using test::library;

namespace {} // namespace

class TestDocument : public QObject {
    Q_OBJECT
private slots:
    void propertyEditsUndoAndMerge() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        const Design before = doc.design();
        const std::string path = "stacks[gpu].tiers[0].die.frequency_ghz";
        for (double f : {1.5, 1.6, 1.7}) {
            auto* cmd = new SetPropertyCommand(&doc, path, f);
            QVERIFY(cmd->error().empty());
            doc.undoStack()->push(cmd);
        }
        QCOMPARE(doc.undoStack()->count(), 1); // one field, one undo step
        QVERIFY(doc.isModified());
        QCOMPARE(std::get<double>(getProperty(doc.design(), path).value), 1.7);
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
        QVERIFY(!doc.isModified());
        doc.undoStack()->redo();
        QCOMPARE(std::get<double>(getProperty(doc.design(), path).value), 1.7);
        // An invalid value is refused before it reaches the undo stack.
        SetPropertyCommand bad(&doc, path, -3.0);
        QVERIFY(!bad.error().empty());
    }
    void movesMergePerStack() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        const Design before = doc.design();
        doc.undoStack()->push(new MoveStackCommand(&doc, "gpu", 0.030, 0.020));
        doc.undoStack()->push(new MoveStackCommand(&doc, "gpu", 0.031, 0.021));
        doc.undoStack()->push(new MoveStackCommand(&doc, "hbm_w0", 0.008, 0.007));
        QCOMPARE(doc.undoStack()->count(), 2);
        QCOMPARE(findStack(doc.design(), "gpu")->x_m, 0.031);
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
    }
    void deleteAndAddRestoreEverything() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        const Design before = doc.design();
        doc.undoStack()->push(new RemoveStackCommand(&doc, "hbm_w1"));
        QVERIFY(!findStack(doc.design(), "hbm_w1"));
        QCOMPARE(doc.design().links.size(), before.links.size() - 1);
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before); // the link is back in its place
        auto* add = new AddDieCommand(&doc, "hbm3-stack", 0.010, 0.030);
        const std::string id = add->stackId();
        QVERIFY(!findStack(doc.design(), id));
        doc.undoStack()->push(add);
        QVERIFY(findStack(doc.design(), id));
        QVERIFY(id != "hbm3" || !findDie(before, id)); // a fresh id
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
    }
    void saveReadsBackEqual() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        doc.undoStack()->push(new MoveStackCommand(&doc, "gpu", 0.0285, 0.0185));
        QTemporaryDir dir;
        const QString path = dir.filePath("moved.strata.json");
        QCOMPARE(doc.save(path), QString());
        QVERIFY(!doc.isModified());
        Document again(library());
        QCOMPARE(again.load(path), QString());
        QVERIFY(again.design() == doc.design());
        QVERIFY(!again.load(dir.filePath("missing.strata.json")).isEmpty());
        QVERIFY(again.design() == doc.design()); // a failed open loses nothing
    }
    void rotateDuplicateAndTiersUndo() {
        Document doc(library());
        QCOMPARE(
            doc.load(QString(STRATA_SOURCE_DIR) + "/projects/sram-on-logic-3d/design.strata.json"),
            QString());
        const Design before = doc.design();
        const std::string stack = before.stacks[0].id;
        doc.undoStack()->push(new RotateStackCommand(&doc, stack));
        QCOMPARE(findStack(doc.design(), stack)->rotation_deg,
                 (before.stacks[0].rotation_deg + 90) % 360);
        const Design one = fragmentOf(doc.design(), {QString::fromStdString(stack)});
        auto* dup = new PasteCommand(&doc, one.stacks, one.links, 2e-3, 2e-3);
        const std::string copy = dup->stackIds().front().toStdString();
        doc.undoStack()->push(dup);
        const Stack* c = findStack(doc.design(), copy);
        QVERIFY(c && c->tiers.size() == before.stacks[0].tiers.size());
        QVERIFY(c->tiers[1].die.id != before.stacks[0].tiers[1].die.id); // die ids unique
        doc.undoStack()->push(
            new TierCommand(&doc, stack, TierCommand::Kind::Add, 0, "sram-cache-die"));
        QCOMPARE(findStack(doc.design(), stack)->tiers.size(), before.stacks[0].tiers.size() + 1);
        doc.undoStack()->push(new TierCommand(&doc, stack, TierCommand::Kind::MoveUp, 0));
        doc.undoStack()->push(new TierCommand(&doc, stack, TierCommand::Kind::Remove, 0));
        for (int i = 0; i < 5; ++i)
            doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
        for (int i = 0; i < 5; ++i)
            doc.undoStack()->redo();
        for (int i = 0; i < 5; ++i)
            doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
    }
    void copyPasteCarriesLinksWithFreshIds() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        const Design before = doc.design();
        // Copy the GPU and one HBM stack through real mime data, as the clipboard would.
        const QStringList pick{"gpu", QString::fromStdString(before.stacks[1].id)};
        const Design fragment = fragmentOf(before, pick);
        QCOMPARE(fragment.stacks.size(), std::size_t(2));
        QVERIFY(!fragment.links.empty());
        std::unique_ptr<QMimeData> mime(mimeFor(fragment));
        QVERIFY(mime->hasFormat(kStacksMime) && mime->hasText());
        const auto back = fragmentFrom(mime.get());
        QVERIFY(back && back->stacks == fragment.stacks && back->links == fragment.links);
        QMimeData junk;
        junk.setText("not a design");
        QVERIFY(!fragmentFrom(&junk));

        auto* paste = new PasteCommand(&doc, back->stacks, back->links, 2e-3, 2e-3);
        const QStringList ids = paste->stackIds();
        doc.undoStack()->push(paste);
        QCOMPARE(doc.design().stacks.size(), before.stacks.size() + 2);
        QCOMPARE(doc.design().links.size(), before.links.size() + fragment.links.size());
        for (const QString& id : ids) {
            QVERIFY(!findStack(before, id.toStdString()));
            const Stack* s = findStack(doc.design(), id.toStdString());
            QVERIFY(s && !findDie(before, s->tiers[0].die.id));
        }
        const Link& pasted = doc.design().links.back(); // between the pasted dies only
        QVERIFY(findDie(doc.design(), pasted.from) && !findDie(before, pasted.from));
        QVERIFY(!findDie(before, pasted.to));
        QVERIFY(doc.validation().empty() ||
                std::none_of(doc.validation().begin(), doc.validation().end(),
                             [](const Diagnostic& d) { return d.code == "MDL-0003"; }));
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
    }
    void connectAndDisconnectUndo() {
        Document doc(library());
        QCOMPARE(doc.load(example()), QString());
        const Design before = doc.design();
        const std::string gpuDie = before.stacks[0].tiers[0].die.id;
        const std::string hbmDie = before.stacks[1].tiers[0].die.id;
        auto* connect = new ConnectCommand(&doc, gpuDie, hbmDie);
        QCOMPARE(connect->link().phy, std::string("hbm")); // a memory part: its PHY and bus
        QCOMPARE(connect->link().lanes, 1024);
        doc.undoStack()->push(connect);
        QCOMPARE(doc.design().links.size(), before.links.size() + 1);
        const std::string first = before.links.front().id;
        doc.undoStack()->push(new DisconnectCommand(&doc, first));
        QVERIFY(std::none_of(doc.design().links.begin(), doc.design().links.end(),
                             [&](const Link& l) { return l.id == first; }));
        doc.undoStack()->undo();
        QCOMPARE(doc.design().links.front().id, first); // back at its place
        doc.undoStack()->undo();
        QVERIFY(doc.design() == before);
        // Two compute dies get a UCIe-A module at its top rate.
        const ConnectCommand logic(&doc, gpuDie, gpuDie);
        QCOMPARE(logic.link().phy, std::string("ucie_a"));
        QCOMPARE(logic.link().lanes, 64);
    }
    void autosaveAndRestoreRoundTrip() {
        QTemporaryDir recovery, work;
        qputenv("STRATA_RECOVERY_DIR", recovery.path().toLocal8Bit());
        const QString path = work.filePath("design.strata.json");
        QVERIFY(QFile::copy(example(), path));
        Document doc(library());
        QCOMPARE(doc.load(path), QString());
        Autosave autosave(&doc);
        autosave.saveNow(); // nothing to save while clean
        QVERIFY(Autosave::pending().isEmpty());
        doc.undoStack()->push(new MoveStackCommand(&doc, "gpu", 0.029, 0.019));
        autosave.saveNow();
        QCOMPARE(Autosave::pending().size(), 1);
        // A new session restores the unsaved work on the original path, still unsaved.
        Document next(library());
        QCOMPARE(Autosave::restore(next, Autosave::pending().front()), QString());
        QVERIFY(next.design() == doc.design());
        QCOMPARE(next.path(), path);
        QVERIFY(next.isModified());
        QVERIFY(Autosave::pending().isEmpty());
        // Saving removes the recovery file.
        autosave.saveNow();
        QCOMPARE(Autosave::pending().size(), 1);
        QCOMPARE(doc.save(path), QString());
        QVERIFY(Autosave::pending().isEmpty());
    }
};

QTEST_MAIN(TestDocument)
#include "test_document.moc"
