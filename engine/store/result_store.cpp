#include "store/result_store.h"

#include "core/build_info.h"
#include "core/csv.h"
#include "model/design_io.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

namespace strata {

namespace {
std::string fnv1a(const std::string& text) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string now() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

// A prepared statement that finalises itself.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("results store: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(s_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& bind(int i, const std::string& v) {
        sqlite3_bind_text(s_, i, v.c_str(), -1, SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int i, double v) {
        sqlite3_bind_double(s_, i, v);
        return *this;
    }
    Statement& bind(int i, std::int64_t v) {
        sqlite3_bind_int64(s_, i, v);
        return *this;
    }
    bool step() {
        const int rc = sqlite3_step(s_);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            throw std::runtime_error(std::string("results store: ") +
                                     sqlite3_errmsg(sqlite3_db_handle(s_)));
        return rc == SQLITE_ROW;
    }
    std::string text(int c) {
        const auto* t = sqlite3_column_text(s_, c);
        return t ? reinterpret_cast<const char*>(t) : "";
    }
    double number(int c) { return sqlite3_column_double(s_, c); }
    std::int64_t integer(int c) { return sqlite3_column_int64(s_, c); }

private:
    sqlite3_stmt* s_ = nullptr;
};

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, script TEXT, args TEXT,
  started TEXT, finished TEXT, status TEXT);
CREATE TABLE IF NOT EXISTS designs (hash TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS evaluations (id INTEGER PRIMARY KEY, run_id INTEGER,
  design_hash TEXT NOT NULL REFERENCES designs(hash), options_hash TEXT NOT NULL,
  engine_version TEXT NOT NULL, status TEXT NOT NULL, error TEXT, wall_s REAL, created TEXT,
  UNIQUE (design_hash, options_hash, engine_version));
CREATE TABLE IF NOT EXISTS parameters (evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
  path TEXT NOT NULL, value TEXT, PRIMARY KEY (evaluation_id, path));
CREATE TABLE IF NOT EXISTS metrics (evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
  name TEXT NOT NULL, value REAL, unit TEXT, PRIMARY KEY (evaluation_id, name));
CREATE INDEX IF NOT EXISTS metrics_by_name ON metrics(name);
)sql";
} // namespace

std::string designHash(const Design& design) {
    return fnv1a(designToJsonText(design));
}

std::string textHash(const std::string& text) {
    return fnv1a(text);
}

std::string optionsHash(const EvalOptions& options) {
    std::string text;
    for (const auto& [k, v] : options.values)
        text += k + "=" + v + ";";
    text += "|only:";
    std::set<std::string> only(options.only.begin(), options.only.end());
    for (const std::string& o : only)
        text += o + ",";
    return fnv1a(text);
}

std::unique_ptr<ResultStore> ResultStore::open(const std::string& path, std::string& error) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        error = path + ": cannot open the results store: " + sqlite3_errmsg(db);
        sqlite3_close(db);
        return nullptr;
    }
    sqlite3_busy_timeout(db, 10000);
    std::unique_ptr<ResultStore> store(new ResultStore(db));
    try {
        store->exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
        const int version = store->schemaVersion();
        if (version > kSchemaVersion) {
            error = path + ": results store schema " + std::to_string(version) +
                    " is newer than this build reads (" + std::to_string(kSchemaVersion) + ")";
            return nullptr;
        }
        if (version < 1) { // migration 0 -> 1: create everything
            store->exec("BEGIN IMMEDIATE;");
            store->exec(kSchemaV1);
            store->exec("PRAGMA user_version=1; COMMIT;");
        }
    } catch (const std::exception& e) {
        error = path + ": " + e.what();
        return nullptr;
    }
    return store;
}

ResultStore::~ResultStore() {
    sqlite3_close(db_);
}

void ResultStore::exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
        const std::string text = msg ? msg : "unknown error";
        sqlite3_free(msg);
        throw std::runtime_error("results store: " + text);
    }
}

int ResultStore::schemaVersion() {
    Statement s(db_, "PRAGMA user_version");
    return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

std::int64_t ResultStore::beginRun(const std::string& script, const std::string& args) {
    const std::lock_guard lock(mutex_);
    Statement s(db_, "INSERT INTO runs(script, args, started, status) VALUES(?, ?, ?, 'running')");
    s.bind(1, script).bind(2, args).bind(3, now()).step();
    return sqlite3_last_insert_rowid(db_);
}

void ResultStore::endRun(std::int64_t run, const std::string& status) {
    const std::lock_guard lock(mutex_);
    Statement s(db_, "UPDATE runs SET finished = ?, status = ? WHERE id = ?");
    s.bind(1, now()).bind(2, status).bind(3, run).step();
}

std::optional<StoredEvaluation> ResultStore::find(const std::string& designKey,
                                                  const std::string& optionsHash) {
    const std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT id, status, error FROM evaluations WHERE design_hash = ? AND "
                     "options_hash = ? AND engine_version = ?");
    s.bind(1, designKey).bind(2, optionsHash).bind(3, std::string(kVersion));
    if (!s.step())
        return std::nullopt;
    StoredEvaluation e{s.integer(0), s.text(1), s.text(2), {}};
    Statement m(db_, "SELECT name, value, unit FROM metrics WHERE evaluation_id = ?");
    m.bind(1, e.id);
    while (m.step())
        e.metrics.push_back({m.text(0), m.number(1), m.text(2)});
    return e;
}

std::int64_t ResultStore::record(std::int64_t run, const std::string& designKey,
                                 const Design& design, const std::string& optionsHash,
                                 const std::vector<std::pair<std::string, std::string>>& parameters,
                                 const std::string& status, const std::string& error,
                                 double wallSeconds, const std::vector<Metric>& metrics) {
    const std::lock_guard lock(mutex_);
    exec("BEGIN IMMEDIATE;");
    try {
        Statement d(db_, "INSERT OR IGNORE INTO designs(hash, json) VALUES(?, ?)");
        d.bind(1, designKey).bind(2, designToJsonText(design)).step();
        Statement old(db_, "SELECT id FROM evaluations WHERE design_hash = ? AND "
                           "options_hash = ? AND engine_version = ?");
        old.bind(1, designKey).bind(2, optionsHash).bind(3, std::string(kVersion));
        std::int64_t id = 0;
        if (old.step()) { // the same point again: replace its outcome
            id = old.integer(0);
            for (const char* sql : {"DELETE FROM parameters WHERE evaluation_id = ?",
                                    "DELETE FROM metrics WHERE evaluation_id = ?"}) {
                Statement del(db_, sql);
                del.bind(1, id).step();
            }
            Statement up(db_, "UPDATE evaluations SET run_id = ?, status = ?, error = ?, "
                              "wall_s = ?, created = ? WHERE id = ?");
            up.bind(1, run).bind(2, status).bind(3, error).bind(4, wallSeconds).bind(5, now());
            up.bind(6, id).step();
        } else {
            Statement e(db_, "INSERT INTO evaluations(run_id, design_hash, options_hash, "
                             "engine_version, status, error, wall_s, created) "
                             "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
            e.bind(1, run).bind(2, designKey).bind(3, optionsHash).bind(4, std::string(kVersion));
            e.bind(5, status).bind(6, error).bind(7, wallSeconds).bind(8, now()).step();
            id = sqlite3_last_insert_rowid(db_);
        }
        for (const auto& [path, value] : parameters) {
            Statement p(db_, "INSERT OR REPLACE INTO parameters VALUES(?, ?, ?)");
            p.bind(1, id).bind(2, path).bind(3, value).step();
        }
        for (const Metric& m : metrics) {
            Statement s(db_, "INSERT OR REPLACE INTO metrics VALUES(?, ?, ?, ?)");
            s.bind(1, id).bind(2, m.name).bind(3, m.value).bind(4, m.unit).step();
        }
        exec("COMMIT;");
        return id;
    } catch (...) {
        exec("ROLLBACK;");
        throw;
    }
}

ResultStore::QueryResult ResultStore::query(const std::string& sql) {
    const std::lock_guard lock(mutex_);
    QueryResult r;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
        r.error = sqlite3_errmsg(db_);
        return r;
    }
    for (int c = 0; c < sqlite3_column_count(s); ++c)
        r.columns.push_back(sqlite3_column_name(s, c));
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int c = 0; c < sqlite3_column_count(s); ++c) {
            const auto* t = sqlite3_column_text(s, c);
            row.push_back(t ? reinterpret_cast<const char*>(t) : "");
        }
        r.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE)
        r.error = sqlite3_errmsg(db_);
    sqlite3_finalize(s);
    return r;
}

EvaluationTable ResultStore::table() {
    ResultStore& store = *this;
    EvaluationTable w;
    std::map<std::int64_t, std::size_t> at;
    for (const auto& r :
         store.query("SELECT id, status, error FROM evaluations ORDER BY id").rows) {
        at[std::stoll(r[0])] = w.rows.size();
        w.rows.push_back({std::stoll(r[0]), r[1], r[2], {}, {}});
    }
    std::set<std::string> params, metrics;
    for (const auto& r : store.query("SELECT evaluation_id, path, value FROM parameters").rows)
        if (at.count(std::stoll(r[0]))) {
            w.rows[at[std::stoll(r[0])]].params[r[1]] = r[2];
            params.insert(r[1]);
        }
    for (const auto& r : store.query("SELECT evaluation_id, name, value FROM metrics").rows)
        if (at.count(std::stoll(r[0]))) {
            w.rows[at[std::stoll(r[0])]].metrics[r[1]] = std::stod(r[2]);
            metrics.insert(r[1]);
        }
    w.params.assign(params.begin(), params.end());
    w.metrics.assign(metrics.begin(), metrics.end());
    return w;
}

std::optional<Design> ResultStore::designOf(std::int64_t evaluation, std::string& error) {
    std::string json;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        Statement st(db_, "SELECT d.json FROM evaluations e JOIN designs d ON d.hash = "
                          "e.design_hash WHERE e.id = ?");
        st.bind(1, evaluation);
        if (!st.step()) {
            error = "no evaluation " + std::to_string(evaluation) + " in the store";
            return std::nullopt;
        }
        json = st.text(0);
    }
    DesignLoad load = parseDesign(json, "evaluation " + std::to_string(evaluation));
    if (!load.ok()) {
        error = load.diagnostics.empty() ? "unreadable design" : format(load.diagnostics.front());
        return std::nullopt;
    }
    return std::move(*load.design);
}

std::string ResultStore::exportCsv() {
    const EvaluationTable w = table();
    std::ostringstream out;
    out.precision(10);
    const auto quoted = csvQuoted;
    out << "evaluation,status,error";
    for (const auto& p : w.params)
        out << "," << quoted(p);
    for (const auto& m : w.metrics)
        out << "," << quoted(m);
    out << "\n";
    for (const auto& r : w.rows) {
        out << r.id << "," << r.status << "," << quoted(r.error);
        for (const auto& p : w.params)
            out << "," << (r.params.count(p) ? quoted(r.params.at(p)) : "");
        for (const auto& m : w.metrics) {
            out << ",";
            if (r.metrics.count(m))
                out << r.metrics.at(m);
        }
        out << "\n";
    }
    return out.str();
}

std::string ResultStore::exportJson() {
    const EvaluationTable w = table();
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& r : w.rows)
        j.push_back({{"evaluation", r.id},
                     {"status", r.status},
                     {"error", r.error},
                     {"parameters", r.params},
                     {"metrics", r.metrics}});
    return j.dump(2) + "\n";
}

} // namespace strata
