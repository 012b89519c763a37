#pragma once
// The results store (DESIGN.md § Results store): one SQLite file in WAL mode, versioned with
// PRAGMA user_version. Designs are kept by content hash (of their canonical JSON); evaluations
// by (design hash, options hash, engine version), so a point already evaluated is served from
// the store; metrics are rows (evaluation, name, value, unit) that plain SQL can query. Every
// evaluation is written in its own transaction: a killed sweep loses at most the points in
// flight. One connection per object; calls are serialised by an internal mutex so sweep worker
// threads may share it.
#include "eval/evaluator.h"
#include "model/design.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace strata {

struct StoredEvaluation {
    std::int64_t id = 0;
    std::string status; // ok | failed
    std::string error;
    std::vector<Metric> metrics;
};

// Every evaluation as one row: its status, parameters and metrics (the names are the union
// over all rows, sorted; a row without a value has no entry).
struct EvaluationTable {
    std::vector<std::string> params, metrics;
    struct Row {
        std::int64_t id;
        std::string status, error;
        std::map<std::string, std::string> params;
        std::map<std::string, double> metrics;
    };
    std::vector<Row> rows;
};

class ResultStore {
public:
    // Opens or creates the store, migrating older schemas; nullptr and `error` on failure.
    static std::unique_ptr<ResultStore> open(const std::string& path, std::string& error);
    ~ResultStore();
    ResultStore(const ResultStore&) = delete;
    ResultStore& operator=(const ResultStore&) = delete;

    static constexpr int kSchemaVersion = 1;
    int schemaVersion();

    std::int64_t beginRun(const std::string& script, const std::string& args);
    void endRun(std::int64_t run, const std::string& status);

    std::optional<StoredEvaluation> find(const std::string& designKey,
                                         const std::string& optionsHash);
    // Records one evaluation (design under `designKey`, usually designHash(design); parameters,
    // metrics) atomically, replacing an earlier record with the same key; returns its id.
    std::int64_t record(std::int64_t run, const std::string& designKey, const Design& design,
                        const std::string& optionsHash,
                        const std::vector<std::pair<std::string, std::string>>& parameters,
                        const std::string& status, const std::string& error, double wallSeconds,
                        const std::vector<Metric>& metrics);

    struct QueryResult {
        std::vector<std::string> columns;
        std::vector<std::vector<std::string>> rows;
        std::string error;
    };
    QueryResult query(const std::string& sql);

    EvaluationTable table();
    // The design an evaluation was made of; nothing (and `error`) if it cannot be read.
    std::optional<Design> designOf(std::int64_t evaluation, std::string& error);

    // One row per evaluation: status, parameters and metrics as columns.
    std::string exportCsv();
    std::string exportJson();

private:
    explicit ResultStore(sqlite3* db) : db_(db) {}
    void exec(const std::string& sql);
    sqlite3* db_;
    std::mutex mutex_;
};

// Content hashes (64-bit FNV-1a, hex) of a design's canonical JSON, of evaluation options, and
// of any text.
std::string designHash(const Design& design);
std::string textHash(const std::string& text);
std::string optionsHash(const EvalOptions& options);

} // namespace strata
