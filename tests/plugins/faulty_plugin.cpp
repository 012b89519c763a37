// Plugins that break the contract of engine/plugin/strata_plugin.h, one way each (FAULT picks
// it at compile time): the loader and the plugin evaluator must turn every one into a PLG-
// diagnostic and keep going. Built as MODULE libraries by tests/CMakeLists.txt. The usable one
// (1) also brings a chiplet type of its own; 6 brings library entries with errors.
#include "plugin/strata_plugin.h"

#define STRATA_EXPORT extern "C" __attribute__((visibility("default")))

#include <fstream>
#include <sstream>
#include <string>

namespace {

void emitText(strata_emit_fn emit, void* sink, const char* text) {
    emit(sink, text);
}

int fails(const char*, strata_emit_fn emit, void* sink) {
    emitText(emit, sink, "the licence server is not reachable");
    return 1;
}
int garbage(const char*, strata_emit_fn emit, void* sink) {
    emitText(emit, sink, "{\"metrics\": [ not json");
    return 0;
}
// One good metric among a trespassing name, a value in text, a metric without a value and a
// diagnostic of an unknown severity.
int trespass(const char*, strata_emit_fn emit, void* sink) {
    emitText(emit, sink,
             R"({"metrics": [{"name": "thermal.tj_max_c", "value": 20, "unit": "°C"},
                             {"name": "faulty_trespass.text", "value": "12"},
                             {"name": "faulty_trespass.novalue"},
                             {"name": "faulty_trespass.ok", "value": 1.5, "unit": "W"}],
                 "diagnostics": [{"code": "FLT-0001", "severity": "fatal", "message": "x"},
                                 {"code": "FLT-0002", "severity": "warning",
                                  "message": "kept", "objects": ["gpu0"]}]})");
    return 0;
}

#if FAULT == 1 || FAULT == 2
const strata_evaluator_v1 kEvaluators[] = {{"faulty_fails", "fails", "", &fails},
                                           {"faulty_garbage", "answers garbage", "", &garbage},
                                           {"faulty_trespass", "breaks rules", "", &trespass}};
#elif FAULT == 3
const strata_evaluator_v1 kEvaluators[] = {{"thermal", "takes a built-in id", "", &fails}};
#elif FAULT == 5
const strata_evaluator_v1 kEvaluators[] = {{"faulty_nofunction", "no function", "", nullptr}};
#elif FAULT == 6
const strata_evaluator_v1 kEvaluators[] = {{"faulty_library", "fails", "", &fails}};
#endif

#if FAULT != 4
const strata_plugin_v1 kPlugin{"faulty", "0.1", sizeof(kEvaluators) / sizeof(kEvaluators[0]),
                               kEvaluators};
#endif

} // namespace

#if FAULT == 1 || FAULT == 3 || FAULT == 5 || FAULT == 6
// 1: usable; 3: an id that is taken; 5: no function; 6: library entries with errors
STRATA_EXPORT unsigned strata_plugin_abi(void) {
    return STRATA_PLUGIN_ABI;
}
STRATA_EXPORT const strata_plugin_v1* strata_plugin_describe(void) {
    return &kPlugin;
}
#elif FAULT == 2 // built for a future ABI
STRATA_EXPORT unsigned strata_plugin_abi(void) {
    return STRATA_PLUGIN_ABI + 1;
}
STRATA_EXPORT const strata_plugin_v1* strata_plugin_describe(void) {
    return &kPlugin;
}
#elif FAULT == 4 // a shared library, but not a Strata plugin
STRATA_EXPORT int unrelated_function(void) {
    return 42;
}
#endif

#if FAULT == 1 // a chiplet type of its own (a made-up test die: its source says so)
STRATA_EXPORT const char* strata_plugin_library(void) {
    return R"json({"format": "strata-library", "schema": 1, "chiplets": [
        {"id": "plugin-test-die", "name": "Test die from a plugin", "kind": "compute",
         "width_mm": 5, "height_mm": 4, "thickness_um": 150, "node": "n5", "power_w": 20,
         "source": "tests/plugins/faulty_plugin.cpp (a test entry, not a real part)"}]})json";
}
#elif FAULT == 6 // an entry without a source and one on a node nobody has
STRATA_EXPORT const char* strata_plugin_library(void) {
    return R"({"format": "strata-library", "schema": 1, "chiplets": [
        {"id": "no-source-die", "name": "x", "kind": "compute", "width_mm": 5, "height_mm": 4,
         "thickness_um": 150, "node": "n5", "power_w": 20, "source": ""},
        {"id": "odd-node-die", "name": "y", "kind": "compute", "width_mm": 5, "height_mm": 4,
         "thickness_um": 150, "node": "n0.1", "power_w": 20, "source": "test"}]})";
}
#endif

#if FAULT == 1
namespace {
// "test-wrapped": a design file behind a first line "STRATA-TEST-IMPORT"; "test-broken" returns
// something that is not a design file.
int importWrapped(const char* path, strata_emit_fn emit, void* sink) {
    std::ifstream in(path);
    std::string first;
    if (!std::getline(in, first) || first != "STRATA-TEST-IMPORT") {
        emit(sink, "the first line is not STRATA-TEST-IMPORT");
        return 1;
    }
    std::ostringstream rest;
    rest << in.rdbuf();
    emit(sink, rest.str().c_str());
    return 0;
}
int importBroken(const char*, strata_emit_fn emit, void* sink) {
    emit(sink, R"({"format": "not-a-design", "schema": 1})");
    return 0;
}
const strata_importer_v1 kImporters[] = {
    {"test-wrapped", "Wrapped test design", "*.wrapped", &importWrapped},
    {"test-broken", "Broken test importer", "*.txt", &importBroken}};
} // namespace

STRATA_EXPORT const strata_importer_v1* strata_plugin_importers(size_t* count) {
    *count = sizeof(kImporters) / sizeof(kImporters[0]);
    return kImporters;
}
#endif
