/* The Strata plugin interface (C ABI, version 1): everything a plugin needs, and all it may use.
 *
 * A plugin is a shared library that exports two functions:
 *
 *   unsigned strata_plugin_abi(void);                            returns STRATA_PLUGIN_ABI
 *   const struct strata_plugin_v1* strata_plugin_describe(void); what it offers
 *
 * and may export two optional ones:
 *
 *   const char* strata_plugin_library(void);    component library entries it brings
 *   const struct strata_importer_v1* strata_plugin_importers(size_t* count);  file importers
 *
 * The first returns a library file's JSON ("format": "strata-library", as in assets/components:
 * chiplets, materials, memories, ... each with its "source"). Its entries join the library after
 * the shipped ones and before the user's own folders, so a user entry with the same id wins.
 * The second lists importers: each turns a file of its format into a design, emitting the text of
 * a NAME.strata.json (which Strata then reads and checks like any design file) and returning 0,
 * or emitting a plain-text reason and returning non-zero (`strata-cli import --format NAME`, and
 * File ▸ Import in the studio).
 *
 * Strata calls strata_plugin_abi() first and refuses, with a message, a plugin built for another
 * ABI version; only then does it call strata_plugin_describe(). Data crosses the boundary as JSON
 * text (UTF-8, NUL-terminated), so the interface does not change when Strata's C++ types do and a
 * plugin needs no Strata library to link against: this header is all.
 *
 * Evaluating: Strata calls `evaluate` with a request
 *   {"abi": 1, "evaluator": ID, "design": <the design as in NAME.strata.json>,
 *    "dies": [{"id", "stack", "tier", "chiplet", "kind", "node", "x_min_m", "y_min_m",
 *              "x_max_m", "y_max_m", "thickness_m", "frequency_hz",
 *              "blocks": [{"id", "kind", "x_min_m", "y_min_m", "x_max_m", "y_max_m"}]}],
 *    "metrics": {NAME: {"value": V, "unit": U}, ...}   (what the evaluators it needs produced)
 *    "options": {KEY: VALUE, ...}}                      (the options whose key starts with ID.)
 * where "dies" is every placed die resolved against the library (sizes with overrides applied,
 * footprints on the package plane in metres after the stack's rotation). It answers through
 * `emit` (once) with
 *   {"metrics": [{"name": "ID.something", "value": V, "unit": U}, ...],
 *    "diagnostics": [{"code": "XYZ-0001", "severity": "info|warning|error",
 *                     "message": "...", "objects": [die or block ids]}]}
 * and returns 0; or emits a plain-text reason and returns non-zero. Metric names must start with
 * the evaluator's id and a dot; values must be finite. Strata reports anything else as a
 * diagnostic (PLG-) and keeps going.
 *
 * Rules: `evaluate` may be called from several threads at once (sweeps run points in parallel),
 * so keep no mutable global state; no C++ exception or longjmp may leave it; the strings of the
 * descriptions must live as long as the library is loaded. A plugin that crashes the process
 * cannot be caught: test it with `strata-cli eval --plugin` first. */
#ifndef STRATA_PLUGIN_H
#define STRATA_PLUGIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STRATA_PLUGIN_ABI 1u

/* Receives the answer of one evaluation; `sink` is Strata's, pass it back unchanged. */
typedef void (*strata_emit_fn)(void* sink, const char* text);

struct strata_evaluator_v1 {
    const char* id;          /* stable evaluator id, e.g. "power_density": prefixes its metrics */
    const char* description; /* one line for `strata-cli list evaluators` */
    const char* needs;       /* comma-separated evaluator ids that must run first, or "" */
    int (*evaluate)(const char* request_json, strata_emit_fn emit, void* sink);
};

struct strata_importer_v1 {
    const char* format;      /* short name, e.g. "acme-floorplan": strata-cli import --format */
    const char* description; /* one line, shown in the file dialog */
    const char* extensions;  /* file-dialog patterns, e.g. "*.afp *.acme" */
    int (*import)(const char* path, strata_emit_fn emit, void* sink);
};

struct strata_plugin_v1 {
    const char* name;    /* e.g. "example_evaluator" */
    const char* version; /* the plugin's own version; cached sweep results are keyed by it */
    size_t evaluator_count;
    const struct strata_evaluator_v1* evaluators;
};

#ifdef __cplusplus
}
#endif

#endif /* STRATA_PLUGIN_H */
