// The corrupt-file corpus through the engine: loading (plus integrity validation) fails with
// diagnostics that name the file, a JSON pointer and what was expected.
#include "model/design_io.h"
#include "model/validate.h"
#include "test_support.h"

#include <QTest>

#include <filesystem>

using namespace strata;

class TestCorrupt : public QObject {
    Q_OBJECT
private slots:
    void corpusIsLargeEnough() {
        int n = 0;
        for (const auto& e :
             std::filesystem::directory_iterator(test::sourcePath("tests/data/corrupt")))
            n += e.path().string().ends_with(".strata.json");
        QVERIFY(n >= 30);
    }
    void everyFileIsRejectedWithFilePointerAndExpectation_data() {
        QTest::addColumn<QString>("path");
        std::vector<std::string> files;
        for (const auto& e :
             std::filesystem::directory_iterator(test::sourcePath("tests/data/corrupt")))
            if (e.path().string().ends_with(".strata.json"))
                files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
            QTest::newRow(std::filesystem::path(f).filename().c_str()) << QString::fromStdString(f);
    }
    void everyFileIsRejectedWithFilePointerAndExpectation() {
        QFETCH(QString, path);
        const std::string file = path.toStdString();
        DesignLoad load = loadDesignFile(file);
        std::vector<Diagnostic> problems;
        for (const Diagnostic& d : load.diagnostics)
            if (d.severity == Severity::Error)
                problems.push_back(d);
        if (load.ok()) // parses, so it must fail integrity validation
            for (Diagnostic d : validate(*load.design, test::shippedLibrary()))
                if (isInputProblem(d)) {
                    d.file = file;
                    problems.push_back(d);
                }
        QVERIFY2(!problems.empty(), "corrupt file accepted");
        for (const Diagnostic& d : problems) {
            const std::string text = format(d);
            QVERIFY2(d.file == file, text.c_str());
            QVERIFY2(!d.pointer.empty() && d.pointer[0] == '/', text.c_str());
            QVERIFY2(d.code.rfind("IO-", 0) == 0 || d.code.rfind("MDL-", 0) == 0, text.c_str());
            const bool saysWhatIsExpected = d.message.find("expected") != std::string::npos ||
                                            d.message.find("must") != std::string::npos ||
                                            d.message.find("unknown") != std::string::npos ||
                                            d.message.find("does not exist") != std::string::npos ||
                                            d.message.find("newer") != std::string::npos ||
                                            d.message.find("duplicate") != std::string::npos ||
                                            d.message.find("itself") != std::string::npos;
            QVERIFY2(saysWhatIsExpected, text.c_str());
        }
    }
    void syntaxErrorsCarryLineColumnAndPointer() {
        DesignLoad l =
            loadDesignFile(test::sourcePath("tests/data/corrupt/07-nan-literal.strata.json"));
        QVERIFY(!l.ok());
        QCOMPARE(l.diagnostics[0].code, std::string("IO-0002"));
        QVERIFY(l.diagnostics[0].message.find("line ") != std::string::npos);
        QVERIFY2(l.diagnostics[0].pointer.find("/stacks/0") == 0, l.diagnostics[0].pointer.c_str());
    }
    void typeErrorsPointAtTheField() {
        DesignLoad l =
            loadDesignFile(test::sourcePath("tests/data/corrupt/14-string-for-number.strata.json"));
        QVERIFY(!l.ok());
        QCOMPARE(l.diagnostics[0].pointer, std::string("/stacks/2/x_mm"));
        QVERIFY(l.diagnostics[0].message.find("number in mm") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestCorrupt)
#include "test_corrupt.moc"
