// MysqlPostingsStore::ImportBatch: the bulk path of ImportPostings. One
// transaction per batch: lock the batch's existing rows by (source,
// external_id), skip rows whose content hash is unchanged, and write the rest
// and their events with multi-row statements.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/db/prepared.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/postings/change_events.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/mysql_util.h"

namespace jobmatch::postings {
namespace {

// What an update needs of a stored row; its proto is not read (most rows of
// a re-import are unchanged, and parsing them would dominate).
struct Existing {
  std::string post_id;
  int openings = 0;
  int remaining_openings = 0;
  v1::PostState state = v1::POST_STATE_UNSPECIFIED;
  int64_t version = 0;
  int64_t create_micros = 0;
  uint64_t content_hash = 0;
};

constexpr size_t kRowsPerStatement = 500;

bool IsLive(v1::PostState s) {
  return s == v1::POST_STATE_DRAFT || s == v1::POST_STATE_OPEN || s == v1::POST_STATE_PAUSED;
}

absl::flat_hash_map<std::string, Existing> LockExisting(sql::Connection& conn,
                                                        const std::string& source,
                                                        const std::vector<ImportRow>& rows) {
  absl::flat_hash_map<std::string, Existing> out;
  std::vector<std::string> marks(rows.size(), "?");
  sql::PreparedStatement* st = db::Prepared(
      conn,
      absl::StrCat(
          "SELECT external_id, post_id, openings, remaining_openings, state, version, create_time, "
          "content_hash FROM posts WHERE source = ? AND external_id IN (",
          absl::StrJoin(marks, ","), ") FOR UPDATE"));
  st->setString(1, source);
  for (size_t i = 0; i < rows.size(); ++i)
    st->setString(static_cast<int>(i + 2), rows[i].post.external_id());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  while (rs->next()) {
    Existing e{rs->getString("post_id").asStdString(),
               rs->getInt("openings"),
               rs->getInt("remaining_openings"),
               static_cast<v1::PostState>(rs->getInt("state")),
               rs->getInt64("version"),
               rs->getInt64("create_time"),
               static_cast<uint64_t>(rs->getInt64("content_hash"))};
    out.emplace(rs->getString("external_id").asStdString(), std::move(e));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<ImportOutcome>> MysqlPostingsStore::ImportBatch(
    const std::string& source, const std::vector<ImportRow>& rows) {
  std::vector<ImportOutcome> outcomes;
  if (rows.empty()) return outcomes;
  last_import_write_micros_ = absl::ToUnixMicros(absl::Now());
  JM_RETURN_IF_ERROR(db_.InTransaction([&](sql::Connection& conn) {
    outcomes.assign(rows.size(), ImportOutcome::kUnchanged);
    // READ COMMITTED: the row locks below without gap locks, so concurrent
    // batches of adjacent new external ids do not deadlock. Rows of one import
    // never share an external id; two imports of one source racing on the same
    // new id are settled by the unique key (the later one updates that row).
    std::unique_ptr<sql::Statement> iso(conn.createStatement());
    iso->execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
    const auto existing = LockExisting(conn, source, rows);
    const auto now = ToProto(absl::Now());
    std::vector<v1::Post> posts;
    std::vector<uint64_t> hashes;
    std::vector<bool> created;
    std::vector<v1::Event> events;
    posts.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      const v1::Post& row = rows[i].post;
      const uint64_t hash = rows[i].content_hash != 0 ? rows[i].content_hash : PostContentHash(row);
      auto it = existing.find(row.external_id());
      if (it != existing.end() && it->second.content_hash == hash) continue;
      // A post staff rejected stays as they left it, reason and all; they may
      // still approve it.
      if (it != existing.end() && it->second.state == v1::POST_STATE_REJECTED) continue;
      v1::Post& p = posts.emplace_back(row);
      hashes.push_back(hash);
      created.push_back(it == existing.end());
      *p.mutable_update_time() = now;
      if (it == existing.end()) {
        outcomes[i] = ImportOutcome::kCreated;
        p.set_post_id(NewId('P'));
        p.set_remaining_openings(p.openings());
        p.set_version(1);
        *p.mutable_create_time() = now;
        events.push_back(PostChanged(p, v1::CHANGE_TYPE_CREATED));
      } else {
        const Existing& old = it->second;
        outcomes[i] = ImportOutcome::kUpdated;
        p.set_post_id(old.post_id);
        p.set_remaining_openings(std::max(0, old.remaining_openings + p.openings() - old.openings));
        p.set_version(old.version + 1);
        *p.mutable_create_time() = ToProto(FromMicros(old.create_micros));
        // A post that staff closed or hires filled stays so; the file cannot reopen it.
        if (!IsLive(old.state)) p.set_state(old.state);
        events.push_back(PostChanged(p, v1::CHANGE_TYPE_UPDATED));
      }
    }
    for (size_t begin = 0; begin < posts.size(); begin += kRowsPerStatement) {
      std::vector<internal::PostWrite> chunk;
      for (size_t i = begin; i < std::min(posts.size(), begin + kRowsPerStatement); ++i) {
        chunk.push_back({&posts[i], hashes[i], created[i]});
      }
      // The search index is the costliest part of a row; the indexer adds it after.
      internal::UpsertPosts(conn, chunk, internal::SearchIndexing::kLater);
    }
    WriteOutboxEvents(conn, events);
    return absl::OkStatus();
  }));
  return outcomes;
}

absl::Time MysqlPostingsStore::LastImportWrite() const {
  const int64_t micros = last_import_write_micros_;
  return micros == INT64_MIN ? absl::InfinitePast() : absl::FromUnixMicros(micros);
}

}  // namespace jobmatch::postings
