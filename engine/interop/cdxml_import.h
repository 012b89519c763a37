#pragma once
// A chiplet part described in OCP's CDXML (formats.md §3; opencomputeproject/ODSA-CDXML
// cdxml.xsd: the part's mechanical envelope, connections and pins) as a Strata library entry: a
// purchased chiplet type with the part's footprint and thickness and, from mech/io, its bumps
// (bond technology, pitch, diameter, height, count), so that a stack of it starts on them.
// Read: id, mpn (required), opn, version, date, authors; mech width (x), length (y), thickness as
// typ (else the middle of min and max, said) in the element's unit (um by default; also µm,
// micron, mm, nm, mil); mech/io pitch, diameter, thickness (the bump height), count/pop; io/pin
// pnum, pname, sig_type, dir, mech_type, position (checked inside the outline).
// The bond technology: the pins' mech_type (solder ball or bump: C4; copper/Cu pillar; micro
// bump; hybrid), else the library's die-on-carrier bond whose pitch range holds the pitch (the
// narrowest), said. Not in CDXML and set from the options (said): the kind (io unless told) and
// the power (0 W unless told) and the price (none unless told); electrical ratings are not needed.
// JEDEC JEP30, which absorbed CDXML, is not read (its schema was not available). Refused (IO-0031,
// with file and line): not XML, another root, no mpn, a missing or non-positive size, an unknown
// unit, a size beyond the library's (100 mm, 5000 µm).
#include "core/diagnostic.h"
#include "library/library.h"

#include <string>
#include <vector>

namespace strata {

struct CdxmlOptions {
    std::string id;          // the library id ("" : from the mpn, "cdxml-<mpn>")
    std::string kind = "io"; // compute, memory, cache, io, nmc
    double power_w = 0;      // typical power
    double unit_usd = 0;     // price per part (0: none given; cost evaluation then asks for one)
};

struct CdxmlImport {
    std::string text;              // a strata-library file holding the part as a chiplet type
    std::string id;                // its id there
    std::vector<Diagnostic> notes; // what was set or assumed (IO-0032), or why not (IO-0031)
    bool ok = false;
};

CdxmlImport importCdxmlPart(const std::string& path, const Library& library,
                            const CdxmlOptions& options = {});

} // namespace strata
