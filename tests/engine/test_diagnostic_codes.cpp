// The catalogue of diagnostic codes (engine/core/diagnostic_codes.h) against the sources: every
// code a source file reports is in it exactly once, every entry is still reported somewhere, and
// each has a title and help (what `strata-cli explain` prints and the studio shows). Plugins own
// their codes; the plugin header's "XYZ-0001" is an example in a comment.
#include "core/diagnostic_codes.h"

#include <QTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

// code -> first place it is reported ("engine/x.cpp:12")
std::map<std::string, std::string> codesInSources() {
    const std::regex literal(R"re("([A-Z]{2,5}-[0-9]{4})")re");
    const fs::path root(STRATA_SOURCE_DIR);
    const std::set<std::string> skip{"engine/core/diagnostic_codes.cpp",
                                     "engine/plugin/strata_plugin.h"};
    std::map<std::string, std::string> found;
    for (const char* dir : {"engine", "scripting", "app"})
        for (const fs::directory_entry& e : fs::recursive_directory_iterator(root / dir)) {
            const std::string ext = e.path().extension().string();
            const std::string rel = fs::relative(e.path(), root).generic_string();
            if ((ext != ".cpp" && ext != ".h") || skip.count(rel))
                continue;
            std::ifstream in(e.path());
            std::string line;
            for (int n = 1; std::getline(in, line); ++n)
                for (std::sregex_iterator m(line.begin(), line.end(), literal), end; m != end; ++m)
                    found.emplace((*m)[1].str(), rel + ":" + std::to_string(n));
        }
    return found;
}

} // namespace

class TestDiagnosticCodes : public QObject {
    Q_OBJECT
private slots:
    void everyCodeIsCataloguedOnce() {
        const std::map<std::string, std::string> used = codesInSources();
        QVERIFY(used.size() > 100); // the scan found the sources
        std::set<std::string> catalogued;
        std::string previous;
        for (const strata::DiagnosticCode& c : strata::diagnosticCodes()) {
            QVERIFY2(catalogued.insert(c.code).second, c.code); // once
            QVERIFY2(previous < c.code, c.code);                // sorted (the look-up needs it)
            previous = c.code;
            QVERIFY2(std::string(c.title).size() > 3 && std::string(c.help).size() > 10, c.code);
            QVERIFY2(used.count(c.code), (std::string(c.code) + " is no longer reported").c_str());
            QCOMPARE(strata::findDiagnosticCode(c.code), &c);
        }
        for (const auto& [code, where] : used)
            QVERIFY2(
                catalogued.count(code),
                (code + " (" + where + ") is not in engine/core/diagnostic_codes.cpp").c_str());
        QVERIFY(!strata::findDiagnosticCode("THM-9999"));
        QVERIFY(!strata::findDiagnosticCode(""));
    }
};

QTEST_GUILESS_MAIN(TestDiagnosticCodes)
#include "test_diagnostic_codes.moc"
