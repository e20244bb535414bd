#include "services/common/db/migrations.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/db/prepared.h"

namespace jobmatch::db {
namespace {

std::vector<std::string> SplitStatements(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.substr(0, 2) == "--") continue;
    absl::StrAppend(&current, line, "\n");
    if (!trimmed.empty() && trimmed.back() == ';') {
      out.push_back(current);
      current.clear();
    }
  }
  if (!absl::StripAsciiWhitespace(current).empty()) out.push_back(current);
  return out;
}

}  // namespace

absl::Status ApplyMigrations(Database& db, const std::string& dir) {
  namespace fs = std::filesystem;
  std::map<int, fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    int version = 0;
    if (entry.path().extension() != ".sql" || name.size() < 5 ||
        !absl::SimpleAtoi(name.substr(0, 4), &version)) {
      continue;
    }
    if (!files.emplace(version, entry.path()).second) {
      return absl::FailedPreconditionError(
          absl::StrCat("two migrations numbered ", version, " in ", dir));
    }
  }
  if (ec) return absl::NotFoundError(absl::StrCat("migrations folder ", dir, ": ", ec.message()));

  std::set<int> applied;
  absl::Status s = db.WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    st->execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INT PRIMARY KEY, name VARCHAR(200) NOT NULL,"
        " applied_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT version FROM schema_migrations"));
    while (rs->next()) applied.insert(rs->getInt(1));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;

  for (const auto& [version, path] : files) {
    if (applied.count(version)) continue;
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    // DDL commits implicitly in MariaDB, so a migration is not atomic; the
    // record is written last, and migrations are written to be re-runnable
    // (IF NOT EXISTS) so a failed one can simply be applied again.
    // Copies: a lambda may not capture a structured binding before C++20 (clang).
    const int number = version;
    const std::string name = path.filename().string();
    s = db.WithConnection([&](sql::Connection& conn) {
      std::unique_ptr<sql::Statement> st(conn.createStatement());
      for (const std::string& stmt : SplitStatements(text.str())) st->execute(stmt);
      sql::PreparedStatement* rec =
          db::Prepared(conn, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
      rec->setInt(1, number);
      rec->setString(2, name);
      rec->execute();
      return absl::OkStatus();
    });
    if (!s.ok()) return absl::Status(s.code(), absl::StrCat(path.string(), ": ", s.message()));
  }
  return absl::OkStatus();
}

}  // namespace jobmatch::db
