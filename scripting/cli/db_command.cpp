// strata-cli db: the results store for users without a SQL client — info (schema, runs,
// evaluations, metrics), export (CSV or JSON, one row per evaluation) and query (any SQL).
#include "cli/cli_support.h"
#include "cli/exit_codes.h"
#include "core/atomic_file.h"
#include "store/result_store.h"

#include <filesystem>
#include <ostream>

namespace strata::cli {

int runDb(const std::vector<std::string>& argv, Io io) {
    const Args a = parseArgs(argv, {"csv", "json"}, {"help"});
    if (a.has("help")) {
        io.out << helpText("db");
        return kExitOk;
    }
    if (!a.error.empty())
        return usageError(io, "db", a.error);
    if (a.positional.size() < 2)
        return usageError(io, "db", "expected: db info|export|query FILE.db [SQL]");
    const std::string& verb = a.positional[0];
    const std::string& file = a.positional[1];
    if (!std::filesystem::exists(file))
        return usageError(io, "db", file + ": no such results store");
    std::string err;
    const std::unique_ptr<ResultStore> store = ResultStore::open(file, err);
    if (!store) {
        io.err << "strata-cli db: " << err << "\n";
        return kExitBadInput;
    }
    if (verb == "info") {
        io.out << file << ": schema " << store->schemaVersion() << "\n";
        for (const auto& [label, sql] :
             {std::pair{"runs", "SELECT count(*) FROM runs"},
              {"designs", "SELECT count(*) FROM designs"},
              {"evaluations", "SELECT count(*) FROM evaluations"},
              {"failed", "SELECT count(*) FROM evaluations WHERE status = 'failed'"},
              {"metric rows", "SELECT count(*) FROM metrics"}})
            io.out << "  " << label << ": " << store->query(sql).rows.at(0).at(0) << "\n";
        return kExitOk;
    }
    if (verb == "export") {
        const bool json = !a.value("json").empty();
        const std::string out = json ? a.value("json") : a.value("csv");
        const std::string text = json ? store->exportJson() : store->exportCsv();
        if (out.empty() || out == "-") {
            io.out << text;
            return kExitOk;
        }
        if (const std::string e = writeFileAtomically(out, text); !e.empty()) {
            io.err << "strata-cli db: " << e << "\n";
            return kExitBadInput;
        }
        io.out << "Wrote " << out << "\n";
        return kExitOk;
    }
    if (verb == "query") {
        if (a.positional.size() != 3)
            return usageError(io, "db", "expected: db query FILE.db \"SQL\"");
        const ResultStore::QueryResult r = store->query(a.positional[2]);
        if (!r.error.empty()) {
            io.err << "strata-cli db: " << r.error << "\n";
            return kExitBadInput;
        }
        for (std::size_t c = 0; c < r.columns.size(); ++c)
            io.out << (c ? "\t" : "") << r.columns[c];
        io.out << "\n";
        for (const auto& row : r.rows) {
            for (std::size_t c = 0; c < row.size(); ++c)
                io.out << (c ? "\t" : "") << row[c];
            io.out << "\n";
        }
        return kExitOk;
    }
    return usageError(io, "db",
                      "unknown db command \"" + verb + "\": expected info, export or query");
}

} // namespace strata::cli
