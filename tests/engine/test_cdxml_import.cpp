// A chiplet part in OCP's CDXML becomes a library entry the library loads: the part's footprint,
// thickness and bumps (bond technology from the pins' mech_type, else from the pitch) as a
// purchased chiplet type, which a new stack starts on; what CDXML does not carry is said; bad
// files are refused with the file, the line and what was expected.
#include "interop/cdxml_import.h"
#include "library/library_loader.h"
#include "model/first_bond.h"
#include "model/validate.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace strata;

namespace {

std::string write(const QTemporaryDir& dir, const std::string& name, const std::string& text) {
    return test::writeFile(dir.path().toStdString(), name, text);
}

// A wafer-level part laid out as the schema's own example (ODSA-CDXML BQ27426YZFT.xml): sizes
// in µm without a unit, its diameter and ball height as min and max only, one pin listed twice.
// `io` replaces the mech/io block, `mech` the pins' mech_type.
std::string part(const std::string& io = "<io><pitch><typ>500</typ></pitch><diameter><min>250"
                                         "</min><max>300</max></diameter><thickness><min>150</min>"
                                         "<max>350</max></thickness><count><pop>9</pop></count>"
                                         "</io>",
                 const std::string& mech = "Solder Ball") {
    auto pin = [&](const char* n, const char* kind, int x, int y) {
        return std::string("<pin><pnum>") + n + "</pnum><pname>P" + n + "</pname><sig_type>" +
               kind + "</sig_type><mech_type>" + mech + "</mech_type><position><x>" +
               std::to_string(x) + "</x><y>" + std::to_string(y) + "</y></position></pin>\n";
    };
    return "<?xml version=\"1.0\"?>\n<cdxml>\n<id>U100540</id>\n<mpn>BQ27426</mpn>\n"
           "<opn>BQ27426YZFT</opn>\n<version>1.0</version>\n<date>2022-10-16</date>\n"
           "<mech>\n<width><min>1550</min><typ>1580</typ><max>1610</max></width>\n"
           "<length><min>1590</min><typ>1620</typ><max>1651</max></length>\n"
           "<thickness><typ>625</typ><max>625</max></thickness>\n" +
           io + "\n</mech>\n<io>\n" + pin("A1", "Digital Output", -500, 500) +
           pin("A1", "Digital Output", -500, 500) + pin("B2", "Ground", 0, 0) +
           pin("B3", "Power", 500, 0) + "</io>\n</cdxml>\n";
}

// The part's library entry, loaded after the shipped library as a user folder's would be (into
// `lib`, which holds no other import of it).
const ChipletType* loaded(const CdxmlImport& r, Library& lib) {
    std::vector<Diagnostic> problems;
    loadLibraryText(r.text, "cdxml", lib, problems);
    for (const Diagnostic& p : problems)
        if (p.severity == Severity::Error)
            return nullptr;
    return lib.chiplet(r.id);
}

bool said(const CdxmlImport& r, const std::string& text) {
    for (const Diagnostic& n : r.notes)
        if (n.code == "IO-0032" && n.message.find(text) != std::string::npos)
            return true;
    return false;
}

std::string refusal(const QTemporaryDir& dir, const std::string& text,
                    const CdxmlOptions& options = {}) {
    const CdxmlImport r =
        importCdxmlPart(write(dir, "bad.xml", text), test::shippedLibrary(), options);
    if (r.ok || r.notes.empty() || r.notes[0].code != "IO-0031")
        return "(not refused)";
    return (r.notes[0].pointer.empty() ? "" : r.notes[0].pointer + ": ") + r.notes[0].message;
}

} // namespace

class TestCdxmlImport : public QObject {
    Q_OBJECT
private slots:
    void aPartBecomesALibraryChipletType() {
        QTemporaryDir dir;
        CdxmlOptions options;
        options.power_w = 0.05;
        options.unit_usd = 1.2;
        const CdxmlImport r =
            importCdxmlPart(write(dir, "bq.xml", part()), test::shippedLibrary(), options);
        QVERIFY2(r.ok, r.notes.empty() ? "" : r.notes[0].message.c_str());
        QCOMPARE(r.id, std::string("cdxml-bq27426"));
        Library lib = test::shippedLibrary();
        const ChipletType* c = loaded(r, lib);
        QVERIFY(c);
        QCOMPARE(c->width_m, 1.58e-3);
        QCOMPARE(c->height_m, 1.62e-3);
        QCOMPARE(c->thickness_m, 625e-6);
        QVERIFY(c->purchased);
        QCOMPARE(c->kind, std::string("io"));
        QCOMPARE(c->power_w, 0.05);
        QCOMPARE(c->unit_usd.value_or(0), 1.2);
        // Solder balls at 500 µm: C4; the diameter and height between their min and max.
        QVERIFY(c->bumps);
        QCOMPARE(c->bumps->bond, std::string("c4"));
        QCOMPARE(c->bumps->pitch_m, 500e-6);
        QCOMPARE(c->bumps->diameter_m, 275e-6);
        QCOMPARE(c->bumps->height_m, 250e-6);
        QCOMPARE(c->bumps->count, 9);
        QVERIFY(c->provenance.source.find("mpn BQ27426, opn BQ27426YZFT") != std::string::npos);
        QVERIFY(said(r, "middle of min 250 and max 300"));
        QVERIFY(said(r, "1 pin(s) listed again"));
        QVERIFY(said(r, "power_w is the 0.05 W given"));
        QVERIFY(!said(r, "no price"));
        QVERIFY(said(importCdxmlPart(write(dir, "bq2.xml", part()), test::shippedLibrary()),
                     "CDXML carries no price: cost evaluation asks for unit_usd (COST-0002)"));
        // A stack of it starts on its own balls, and the design validates (C4 at 500 µm).
        Design d = test::loadExample("chiplet-mcm");
        Stack s;
        s.id = "gauge";
        s.x_m = 1e-3, s.y_m = 1e-3;
        Tier t;
        t.die.id = "gauge";
        t.die.type = r.id;
        t.bond = firstBondOf(c);
        QCOMPARE(t.bond.type, std::string("c4"));
        QCOMPARE(t.bond.pitch_m, 500e-6);
        QCOMPARE(t.bond.thickness_m, 250e-6);
        s.tiers.push_back(t);
        d.stacks.push_back(s);
        for (const Diagnostic& v : validate(d, lib))
            QVERIFY2(!(v.code == "DRC-0005" || v.code.rfind("MDL", 0) == 0) ||
                         v.severity != Severity::Error,
                     (v.code + ": " + v.message).c_str());
        // Without bumps, the default a stack of any other type starts on.
        QCOMPARE(firstBondOf(lib.chiplet("gpu-large")).type, Bond{}.type);
    }

    void theBondFollowsMechTypeElseThePitch() {
        QTemporaryDir dir;
        const std::string pitch80 = "<io><pitch><typ>80</typ></pitch><diameter><typ>40</typ>"
                                    "</diameter><thickness><typ>60</typ></thickness></io>";
        // Copper pillars named by the pins.
        CdxmlImport r = importCdxmlPart(write(dir, "a.xml", part(pitch80, "Cu Pillar")),
                                        test::shippedLibrary());
        Library lib = test::shippedLibrary();
        QVERIFY(r.ok && loaded(r, lib));
        QCOMPARE(lib.chiplet(r.id)->bumps->bond, std::string("copper_pillar"));
        // Pins of no known type: the narrowest die-on-carrier range holding 80 µm (copper
        // pillars, 40-150 µm; C4 starts at 100), said.
        r = importCdxmlPart(write(dir, "b.xml", part(pitch80, "Pad")), test::shippedLibrary());
        lib = test::shippedLibrary();
        QVERIFY(r.ok && loaded(r, lib));
        QCOMPARE(lib.chiplet(r.id)->bumps->bond, std::string("copper_pillar"));
        QVERIFY(said(r, "80 µm pitch makes them Copper pillar"));
        // A pitch no die-on-carrier bond is made at (5 µm): no bumps, said.
        r = importCdxmlPart(write(dir, "c.xml",
                                  part("<io><pitch><typ>5</typ></pitch><diameter><typ>2</typ>"
                                       "</diameter></io>",
                                       "Pad")),
                            test::shippedLibrary());
        lib = test::shippedLibrary();
        QVERIFY(r.ok && loaded(r, lib));
        QVERIFY(!lib.chiplet(r.id)->bumps);
        QVERIFY(said(r, "no die-on-carrier bond of the library is made at 5 µm pitch"));
        // Sizes in mm; a pin 2 mm from the centre of a 1.58 mm part is outside it, said.
        std::string mm = part();
        mm.replace(mm.find("<typ>1580</typ>"), 15, "<typ>1.58</typ><unit>mm</unit>");
        mm.replace(mm.find("<x>500</x>"), 10, "<x>2000</x>");
        r = importCdxmlPart(write(dir, "d.xml", mm), test::shippedLibrary());
        lib = test::shippedLibrary();
        QVERIFY2(r.ok && loaded(r, lib), r.notes.empty() ? "" : r.notes[0].message.c_str());
        QCOMPARE(lib.chiplet(r.id)->width_m, 1.58e-3);
        QVERIFY(said(r, "1 pin(s) lie outside the part's outline"));
    }

    void badPartsAreRefusedWithTheLine() {
        QTemporaryDir dir;
        QVERIFY(refusal(dir, "<cdxml><mpn>X</mpn>").find("line 1: not valid XML") == 0);
        QCOMPARE(refusal(dir, "<?xml version=\"1.0\"?>\n<part/>\n"),
                 std::string("line 2: expected a CDXML part: a <cdxml> root element (found "
                             "<part>)"));
        std::string noMpn = part();
        noMpn.replace(noMpn.find("<mpn>BQ27426</mpn>"), 18, "");
        QVERIFY(refusal(dir, noMpn).find("cdxml/mpn: missing") != std::string::npos);
        std::string noWidth = part();
        noWidth.replace(noWidth.find("<width>"), 7, "<breadth>");
        noWidth.replace(noWidth.find("</width>"), 8, "</breadth>");
        QCOMPARE(refusal(dir, noWidth),
                 std::string("line 8: cdxml/mech/width: missing (give typ, or min and max)"));
        std::string flat = part();
        flat.replace(flat.find("<typ>625</typ><max>625</max>"), 28, "<typ>0</typ>");
        QVERIFY(refusal(dir, flat).find("cdxml/mech/thickness: 0 µm, expected > 0") !=
                std::string::npos);
        std::string furlong = part();
        furlong.replace(furlong.find("<typ>1580</typ>"), 15, "<typ>1</typ><unit>furlong</unit>");
        QVERIFY(refusal(dir, furlong).find("cdxml/mech/width/unit: \"furlong\" is none of um") !=
                std::string::npos);
        std::string huge = part();
        huge.replace(huge.find("<typ>1580</typ>"), 15, "<typ>200</typ><unit>mm</unit>");
        QVERIFY(refusal(dir, huge).find("at most 100 mm") != std::string::npos);
        std::string word = part();
        word.replace(word.find("<typ>1580</typ>"), 15, "<typ>wide</typ>");
        QVERIFY(refusal(dir, word).find("cdxml/mech/width/typ: expected a number, found "
                                        "\"wide\"") != std::string::npos);
        std::string many = part();
        many.replace(many.find("<pop>9</pop>"), 12, "<pop>1e12</pop>");
        QVERIFY(refusal(dir, many).find("count/pop: expected a whole number of connections") !=
                std::string::npos);
        CdxmlOptions gpu;
        gpu.kind = "gpu";
        QVERIFY(refusal(dir, part(), gpu).find("kind \"gpu\": expected one of") !=
                std::string::npos);
        QVERIFY(importCdxmlPart(dir.filePath("missing.xml").toStdString(), test::shippedLibrary())
                    .notes[0]
                    .message.find("cannot be read") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestCdxmlImport)
#include "test_cdxml_import.moc"
