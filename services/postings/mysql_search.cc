// The search index in MariaDB (migration 0009): post_terms holds one row per
// (token, post), keyed in that order, so a search reads a token's posts
// newest first and a page stops after its posts are found, however many
// posts hold the token; post_search keeps each post's tokens, so a change
// removes exactly the rows its old text put there. Single creates and
// updates index in their own transaction; imports queue their posts in
// post_search_pending for MysqlPostingsStore::IndexSearch, the search
// indexer's batch.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/db/bytes.h"
#include "services/common/status_macros.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/mysql_util.h"
#include "services/postings/search_text.h"

namespace jobmatch::postings {

namespace {

// Rows a statement inserts at most: about a megabyte of SQL.
constexpr size_t kTermRowsPerInsert = 20000;
// Posts whose removed tokens one DELETE names.
constexpr size_t kPostsPerDelete = 100;

// Tokens and documents are letters and digits joined by spaces: nothing to
// escape anywhere below.
absl::flat_hash_set<absl::string_view> TokensOf(absl::string_view document) {
  return absl::StrSplit(document, ' ', absl::SkipEmpty());
}

}  // namespace

namespace internal {

void IndexSearchDocuments(sql::Connection& conn, const std::vector<SearchDoc>& docs) {
  if (docs.empty()) return;
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  std::vector<std::string> seqs;
  for (const SearchDoc& d : docs) {
    if (!d.created) seqs.push_back(absl::StrCat(d.seq));
  }
  // The posts' tokens as last indexed: a locking read, so it sees the latest
  // text whatever this transaction's snapshot.
  absl::flat_hash_map<int64_t, std::string> before;
  if (!seqs.empty()) {
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
        absl::StrCat("SELECT post_seq, search_text FROM post_search WHERE post_seq IN (",
                     absl::StrJoin(seqs, ","), ") FOR UPDATE")));
    while (rs->next()) before[rs->getInt64(1)] = rs->getString(2).asStdString();
  }

  // (token, seq) rows to add, sorted so that the inserts walk the key in order;
  // rows to remove, one condition a post; the documents
  // whose text changed (a post closed or re-imported unchanged writes nothing).
  std::vector<std::pair<absl::string_view, int64_t>> added;
  std::vector<std::string> gone;
  std::vector<const SearchDoc*> changed;
  for (const SearchDoc& d : docs) {
    const auto old = before.find(d.seq);
    if (old != before.end() && old->second == d.text) continue;
    changed.push_back(&d);
    const absl::flat_hash_set<absl::string_view> had =
        old == before.end() ? absl::flat_hash_set<absl::string_view>{} : TokensOf(old->second);
    const absl::flat_hash_set<absl::string_view> has = TokensOf(d.text);
    std::vector<std::string> removed;
    for (absl::string_view t : had) {
      if (!has.contains(t)) removed.push_back(TermLiteral(t));
    }
    if (!removed.empty()) {
      gone.push_back(
          absl::StrCat("(post_seq = ", d.seq, " AND term IN (", absl::StrJoin(removed, ","), "))"));
    }
    for (absl::string_view t : has) {
      if (!had.contains(t)) added.push_back({t, d.seq});
    }
  }
  // Few enough posts a statement that the range optimizer keeps to the key
  // (range_optimizer_max_mem_size) rather than scanning the table.
  for (size_t from = 0; from < gone.size(); from += kPostsPerDelete) {
    const size_t to = std::min(gone.size(), from + kPostsPerDelete);
    st->executeUpdate(absl::StrCat("DELETE FROM post_terms WHERE ",
                                   absl::StrJoin(gone.begin() + from, gone.begin() + to, " OR ")));
  }
  std::sort(added.begin(), added.end());
  for (size_t from = 0; from < added.size(); from += kTermRowsPerInsert) {
    std::string sql = "INSERT IGNORE INTO post_terms (term, post_seq) VALUES ";
    const size_t to = std::min(added.size(), from + kTermRowsPerInsert);
    for (size_t i = from; i < to; ++i) {
      absl::StrAppend(&sql, i == from ? "" : ",", "(", TermLiteral(added[i].first), ",",
                      added[i].second, ")");
    }
    st->executeUpdate(sql);
  }

  if (changed.empty()) return;
  std::string sql = "INSERT INTO post_search (post_seq, search_text) VALUES ";
  for (size_t i = 0; i < changed.size(); ++i) {
    absl::StrAppend(&sql, i == 0 ? "" : ",", "(", changed[i]->seq, ",'", changed[i]->text, "')");
  }
  sql += " ON DUPLICATE KEY UPDATE search_text = VALUES(search_text)";
  st->executeUpdate(sql);
}

}  // namespace internal

absl::StatusOr<int> MysqlPostingsStore::IndexSearch(int limit) {
  int indexed = 0;
  JM_RETURN_IF_ERROR(db_.InTransaction([&](sql::Connection& conn) {
    indexed = 0;
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    // Locked, so an import re-queuing one of these posts waits for this
    // batch and queues it again after; SKIP LOCKED lets replicas share.
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(absl::StrCat(
        "SELECT post_id FROM post_search_pending LIMIT ", limit, " FOR UPDATE SKIP LOCKED")));
    std::vector<std::string> ids;
    while (rs->next()) ids.push_back(Quote(conn, rs->getString(1).asStdString()));
    if (ids.empty()) return absl::OkStatus();
    const std::string in = absl::StrCat("(", absl::StrJoin(ids, ","), ")");
    // A locking read: the posts as last committed, held until the text is in.
    std::vector<internal::SearchDoc> docs;
    std::unique_ptr<sql::ResultSet> posts(st->executeQuery(
        absl::StrCat("SELECT seq, proto FROM posts WHERE post_id IN ", in, " LOCK IN SHARE MODE")));
    while (posts->next()) {
      v1::Post p;
      p.ParseFromString(db::ReadBytes(*posts, "proto"));
      docs.push_back({posts->getInt64(1), SearchDocument(p.title(), p.description()), false});
    }
    internal::IndexSearchDocuments(conn, docs);
    st->executeUpdate(absl::StrCat("DELETE FROM post_search_pending WHERE post_id IN ", in));
    indexed = static_cast<int>(ids.size());
    return absl::OkStatus();
  }));
  return indexed;
}

}  // namespace jobmatch::postings
