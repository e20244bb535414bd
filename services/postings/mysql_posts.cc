// MysqlPostingsStore: posts — rows, create, get, update and keyset listing.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>

#include <algorithm>
#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/db/bytes.h"
#include "services/common/db/prepared.h"
#include "services/common/field_violations.h"
#include "services/common/outbox.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/postings/change_events.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/mysql_util.h"
#include "services/postings/occupation_coding.h"
#include "services/postings/page_token.h"
#include "services/postings/screening.h"
#include "services/postings/search_text.h"

namespace jobmatch::postings {
namespace {

using Rows = std::unique_ptr<sql::ResultSet>;

std::string TimeOrNull(bool has, const google::protobuf::Timestamp& ts) {
  return has ? absl::StrCat(ToMicros(FromProto(ts))) : "NULL";
}

// One row of the posts INSERT as SQL text. Text rather than a prepared
// statement: Connector/C++ sends each bound blob in its own packet, which
// made bulk writes several times slower.
void AppendPostRow(sql::Connection& conn, const v1::Post& p, uint64_t content_hash,
                   std::string& sql) {
  int mask = 0;
  for (int g : p.target_groups()) mask |= 1 << g;
  absl::StrAppend(&sql, "(", Quote(conn, p.post_id()), ",", Quote(conn, p.employer_id()), ",",
                  Quote(conn, p.occupation_code()), ",", Quote(conn, p.region_code()), ",",
                  p.openings(), ",", p.remaining_openings(), ",", p.state(), ",", p.version(), ",",
                  p.labor_brand(), ",", mask, ",", SalaryKeyOf(p.salary()), ",");
  absl::StrAppend(&sql, TimeOrNull(p.validity().has_start_time(), p.validity().start_time()), ",",
                  TimeOrNull(p.validity().has_end_time(), p.validity().end_time()), ",",
                  Quote(conn, p.source(), true), ",", Quote(conn, p.external_id(), true), ",",
                  static_cast<int64_t>(content_hash), ",", ToMicros(FromProto(p.create_time())),
                  ",", ToMicros(FromProto(p.update_time())), ",");
  const v1::OccupationCoding& c = p.occupation_coding();
  absl::StrAppend(&sql, c.confidence(), ",", c.needs_review() ? 1 : 0, ",", Quote(conn, c.method()),
                  ",", Quote(conn, c.reviewed_by(), true), ",",
                  TimeOrNull(c.has_review_time(), c.review_time()), ",");
  const v1::PostModeration& m = p.moderation();
  absl::StrAppend(&sql, ScreeningMask(m.flags()), ",", m.decision(), ",",
                  Quote(conn, m.reason(), true), ",", Quote(conn, m.reviewed_by(), true), ",",
                  TimeOrNull(m.has_review_time(), m.review_time()), ",X'",
                  absl::BytesToHexString(p.SerializeAsString()), "')");
}

// Adds a violation for each campaign id of `post` that does not exist.
void CheckCampaigns(sql::Connection& conn, const v1::Post& post, FieldViolations& v) {
  for (int i = 0; i < post.campaign_ids_size(); ++i) {
    sql::PreparedStatement* st =
        db::Prepared(conn, "SELECT 1 FROM campaigns WHERE campaign_id = ? LOCK IN SHARE MODE");
    st->setString(1, post.campaign_ids(i));
    Rows rs(st->executeQuery());
    if (!rs->next()) v.Add(absl::StrCat("campaign_ids[", i, "]"), "no such campaign");
  }
}

}  // namespace

namespace internal {

namespace {

// Replaces the post_campaigns rows of `posts` (just written, so their seq is
// found by post_id): one DELETE for the posts that existed before and one
// INSERT ... SELECT for every membership.
void WritePostCampaigns(sql::Connection& conn, const std::vector<PostWrite>& posts) {
  std::vector<std::string> existed;
  std::map<std::string, std::vector<std::string>>
      by_campaign;  // ordered: the same lock order in every writer
  for (const PostWrite& w : posts) {
    std::string id = Quote(conn, w.post->post_id());
    for (const std::string& c : w.post->campaign_ids()) by_campaign[c].push_back(id);
    if (!w.created) existed.push_back(std::move(id));
  }
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  if (!existed.empty()) {
    st->executeUpdate(absl::StrCat(
        "DELETE FROM post_campaigns WHERE post_seq IN (SELECT seq FROM posts WHERE post_id IN (",
        absl::StrJoin(existed, ","), "))"));
  }
  if (by_campaign.empty()) return;
  std::string sql = "INSERT INTO post_campaigns (campaign_id, post_seq) ";
  bool first = true;
  for (const auto& [campaign, ids] : by_campaign) {
    absl::StrAppend(&sql, first ? "" : " UNION ALL ", "SELECT ", Quote(conn, campaign),
                    ", seq FROM posts WHERE post_id IN (", absl::StrJoin(ids, ","), ")");
    first = false;
  }
  st->executeUpdate(sql);
}

// Brings post_search up to date for `posts` (just written), now or through
// post_search_pending (see migration 0004).
void WritePostSearch(sql::Connection& conn, const std::vector<PostWrite>& posts,
                     SearchIndexing when) {
  std::vector<std::string> ids;
  ids.reserve(posts.size());
  for (const PostWrite& w : posts) ids.push_back(Quote(conn, w.post->post_id()));
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  if (when == SearchIndexing::kLater) {
    st->executeUpdate(absl::StrCat("INSERT IGNORE INTO post_search_pending (post_id) VALUES (",
                                   absl::StrJoin(ids, "),("), ")"));
    return;
  }
  std::map<std::string, const PostWrite*> by_id;
  for (const PostWrite& w : posts) by_id[w.post->post_id()] = &w;
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(absl::StrCat(
      "SELECT seq, post_id FROM posts WHERE post_id IN (", absl::StrJoin(ids, ","), ")")));
  std::vector<SearchDoc> docs;
  while (rs->next()) {
    const PostWrite& w = *by_id.at(rs->getString(2).asStdString());
    docs.push_back(
        {rs->getInt64(1), SearchDocument(w.post->title(), w.post->description()), w.created});
  }
  IndexSearchDocuments(conn, docs);
}

// Brings review_queue up to date for `posts` (just written): the rows of
// posts that existed are replaced, and posts needing review are (re)queued
// under their seq with their normalised title. Nothing is written for new
// posts that need no review, the bulk of an import.
void WriteReviewQueue(sql::Connection& conn, const std::vector<PostWrite>& posts) {
  std::vector<std::string> existed;
  std::string queued;
  for (const PostWrite& w : posts) {
    if (!w.created) existed.push_back(Quote(conn, w.post->post_id()));
    if (!AwaitsReview(*w.post)) continue;
    const bool first = queued.empty();
    absl::StrAppend(&queued, first ? "SELECT " : " UNION ALL SELECT ",
                    Quote(conn, w.post->post_id()), first ? " AS id, " : ", ",
                    Quote(conn, LessonKey(*w.post)), first ? " AS title" : "");
  }
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  if (!existed.empty()) {
    st->executeUpdate(absl::StrCat(
        "DELETE FROM review_queue WHERE post_seq IN (SELECT seq FROM posts WHERE post_id IN (",
        absl::StrJoin(existed, ","), "))"));
  }
  if (queued.empty()) return;
  st->executeUpdate(
      absl::StrCat("INSERT INTO review_queue (post_seq, review_title) SELECT p.seq, q.title FROM (",
                   queued, ") q JOIN posts p ON p.post_id = q.id"));
}

}  // namespace

void UpsertPosts(sql::Connection& conn, const std::vector<PostWrite>& posts,
                 SearchIndexing search) {
  if (posts.empty()) return;
  std::string sql =
      "INSERT INTO posts (post_id, employer_id, occupation_code, region_code, openings, "
      "remaining_openings, "
      "state, version, labor_brand, target_mask, salary_key, valid_from, valid_until, source, "
      "external_id, content_hash, create_time, update_time, coding_confidence, needs_review, "
      "coding_method, "
      "reviewed_by, review_time, screening_flags, moderation_decision, moderation_reason, "
      "moderated_by, moderation_time, proto) VALUES ";
  sql.reserve(posts.size() * 2500);
  for (size_t i = 0; i < posts.size(); ++i) {
    if (i > 0) sql.push_back(',');
    AppendPostRow(conn, *posts[i].post, posts[i].content_hash, sql);
  }
  sql +=
      " ON DUPLICATE KEY UPDATE employer_id = VALUES(employer_id), occupation_code = "
      "VALUES(occupation_code), "
      "region_code = VALUES(region_code), openings = VALUES(openings), "
      "remaining_openings = VALUES(remaining_openings), state = VALUES(state), version = "
      "VALUES(version), "
      "labor_brand = VALUES(labor_brand), target_mask = VALUES(target_mask), "
      "salary_key = VALUES(salary_key), valid_from = VALUES(valid_from), "
      "valid_until = VALUES(valid_until), content_hash = VALUES(content_hash), "
      "update_time = VALUES(update_time), coding_confidence = VALUES(coding_confidence), "
      "needs_review = VALUES(needs_review), coding_method = VALUES(coding_method), "
      "reviewed_by = VALUES(reviewed_by), review_time = VALUES(review_time), "
      "screening_flags = VALUES(screening_flags), moderation_decision = "
      "VALUES(moderation_decision), moderation_reason = VALUES(moderation_reason), "
      "moderated_by = VALUES(moderated_by), moderation_time = VALUES(moderation_time), "
      "proto = VALUES(proto)";
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  st->executeUpdate(sql);
  WritePostCampaigns(conn, posts);
  WritePostSearch(conn, posts, search);
  WriteReviewQueue(conn, posts);
}

absl::StatusOr<PostPage> ReadPostPage(db::Database& db, const std::string& sql, int64_t first,
                                      const std::vector<SqlArg>& args, int limit) {
  PostPage page;
  JM_RETURN_IF_ERROR(db.WithConnection([&](sql::Connection& conn) {
    sql::PreparedStatement* st = db::Prepared(conn, sql);
    int i = 1;
    st->setInt64(i++, first);
    for (const SqlArg& arg : args) {
      if (const int64_t* n = std::get_if<int64_t>(&arg)) {
        st->setInt64(i++, *n);
      } else {
        st->setString(i++, std::get<std::string>(arg));
      }
    }
    st->setInt(i, limit + 1);
    Rows rs(st->executeQuery());
    int64_t last = 0;
    while (rs->next()) {
      if (static_cast<int>(page.items.size()) == limit) {
        page.last_seq = last;
        break;
      }
      page.items.push_back(PostFromRow(*rs));
      last = rs->getInt64("seq");
    }
    return absl::OkStatus();
  }));
  return page;
}

v1::Post PostFromRow(sql::ResultSet& rs) {
  v1::Post p;
  p.ParseFromString(db::ReadBytes(rs, "proto"));
  p.set_post_id(rs.getString("post_id"));
  p.set_openings(rs.getInt("openings"));
  p.set_remaining_openings(rs.getInt("remaining_openings"));
  p.set_state(static_cast<v1::PostState>(rs.getInt("state")));
  p.set_version(rs.getInt64("version"));
  *p.mutable_update_time() = ToProto(FromMicros(rs.getInt64("update_time")));
  return p;
}

}  // namespace internal

absl::StatusOr<v1::Post> MysqlPostingsStore::CreatePost(const Idempotency& idem, v1::Post post) {
  return ParseAs<
      v1::Post>(RunIdempotent(db_, idem, [&](sql::Connection& conn) -> absl::StatusOr<std::string> {
    v1::Post p = post;
    FieldViolations v("post");
    sql::PreparedStatement* emp = db::Prepared(
        conn, "SELECT labor_brand FROM employers WHERE employer_id = ? LOCK IN SHARE MODE");
    emp->setString(1, p.employer_id());
    Rows er(emp->executeQuery());
    if (!er->next()) {
      v.Add("employer_id", "no such employer");
    } else if (p.labor_brand() == v1::LABOR_BRAND_UNSPECIFIED) {
      p.set_labor_brand(static_cast<v1::LaborBrand>(er->getInt(1)));
    }
    CheckCampaigns(conn, p, v);
    JM_RETURN_IF_ERROR(v.ToStatus());
    if (!p.external_id().empty()) {
      sql::PreparedStatement* dup =
          db::Prepared(conn, "SELECT post_id FROM posts WHERE source = ? AND external_id = ?");
      dup->setString(1, p.source());
      dup->setString(2, p.external_id());
      Rows rs(dup->executeQuery());
      if (rs->next()) {
        return absl::AlreadyExistsError(absl::StrCat("post ", rs->getString(1).asStdString(),
                                                     " already has source ", p.source(),
                                                     " and external id ", p.external_id()));
      }
    }
    p.set_post_id(NewId('P'));
    p.set_remaining_openings(p.openings());
    p.set_version(1);
    *p.mutable_create_time() = ToProto(absl::Now());
    *p.mutable_update_time() = p.create_time();
    internal::UpsertPosts(conn, {{&p, PostContentHash(p), true}}, internal::SearchIndexing::kNow);
    WriteOutboxEvent(conn, PostChanged(p, v1::CHANGE_TYPE_CREATED));
    return p.SerializeAsString();
  }));
}

absl::StatusOr<v1::Post> MysqlPostingsStore::GetPost(const std::string& post_id) {
  std::optional<v1::Post> post;
  JM_RETURN_IF_ERROR(db_.WithConnection([&](sql::Connection& conn) {
    sql::PreparedStatement* st = db::Prepared(
        conn, absl::StrCat("SELECT ", internal::kPostColumns, " FROM posts WHERE post_id = ?"));
    st->setString(1, post_id);
    Rows rs(st->executeQuery());
    if (rs->next()) post = internal::PostFromRow(*rs);
    return absl::OkStatus();
  }));
  if (!post) return absl::NotFoundError(absl::StrCat("no post ", post_id));
  return *std::move(post);
}

absl::StatusOr<v1::Post> MysqlPostingsStore::UpdatePost(const Idempotency& idem,
                                                        const std::string& post_id,
                                                        const Mutation<v1::Post>& mutate) {
  return ParseAs<
      v1::Post>(RunIdempotent(db_, idem, [&](sql::Connection& conn) -> absl::StatusOr<std::string> {
    sql::PreparedStatement* st =
        db::Prepared(conn, absl::StrCat("SELECT ", internal::kPostColumns,
                                        " FROM posts WHERE post_id = ? FOR UPDATE"));
    st->setString(1, post_id);
    Rows rs(st->executeQuery());
    if (!rs->next()) return absl::NotFoundError(absl::StrCat("no post ", post_id));
    v1::Post p = internal::PostFromRow(*rs);
    const v1::Post before = p;
    JM_RETURN_IF_ERROR(mutate(p));
    p.set_post_id(post_id);
    if (p.openings() != before.openings()) {
      p.set_remaining_openings(
          std::max(0, before.remaining_openings() + p.openings() - before.openings()));
    } else {
      p.set_remaining_openings(before.remaining_openings());
    }
    if (!std::equal(p.campaign_ids().begin(), p.campaign_ids().end(), before.campaign_ids().begin(),
                    before.campaign_ids().end())) {
      FieldViolations v("post");
      CheckCampaigns(conn, p, v);
      JM_RETURN_IF_ERROR(v.ToStatus());
    }
    p.set_version(before.version() + 1);
    *p.mutable_create_time() = before.create_time();
    *p.mutable_update_time() = ToProto(absl::Now());
    internal::UpsertPosts(conn, {{&p, PostContentHash(p), false}}, internal::SearchIndexing::kNow);
    WriteOutboxEvent(conn, PostChanged(p, v1::CHANGE_TYPE_UPDATED));
    return p.SerializeAsString();
  }));
}

absl::StatusOr<size_t> MysqlPostingsStore::RarestTerm(const std::vector<std::string>& terms) {
  if (terms.size() == 1) return 0;
  // Counting stops at kEnough: past that a token is common, and which common
  // token leads matters little, since the page fills early either way.
  constexpr int kEnough = 1000;
  const std::string count = absl::StrCat(
      "(SELECT COUNT(*) FROM (SELECT 1 FROM post_terms WHERE term = ? LIMIT ", kEnough, ") c)");
  const std::vector<std::string> counts(terms.size(), count);
  size_t rarest = 0;
  JM_RETURN_IF_ERROR(db_.WithConnection([&](sql::Connection& conn) {
    sql::PreparedStatement* st =
        db::Prepared(conn, absl::StrCat("SELECT ", absl::StrJoin(counts, ",")));
    for (size_t i = 0; i < terms.size(); ++i)
      st->setString(static_cast<int>(i + 1), TermKey(terms[i]));
    Rows rs(st->executeQuery());
    rs->next();
    for (size_t i = 1; i < terms.size(); ++i) {
      if (rs->getInt64(i + 1) < rs->getInt64(rarest + 1)) rarest = i;
    }
    return absl::OkStatus();
  }));
  return rarest;
}

absl::StatusOr<PostPage> MysqlPostingsStore::ListPosts(const PostQuery& q) {
  const v1::PostFilter& f = q.filter;
  // Every page reads one key newest first, so that it stops after `limit`
  // matches: a search its rarest token's post_terms rows (term, post_seq), a
  // campaign's listing post_campaigns' (campaign_id, post_seq), any other
  // listing posts' seq. STRAIGHT_JOIN keeps that table first; the others are
  // joined by unique keys, so each post comes once.
  std::vector<internal::SqlArg> args;  // parameters after the first, in order
  std::string from, where;             // the driving table and joins; its conditions
  std::string key;                     // the post_seq column read newest first
  const std::vector<std::string>& terms = q.search.terms;
  if (!terms.empty()) {
    JM_ASSIGN_OR_RETURN(const size_t lead, RarestTerm(terms));
    key = "d.post_seq";
    from = "post_terms d";
    where = "d.term = ?";
    args.push_back(TermKey(terms[lead]));
    for (size_t i = 0; i < terms.size(); ++i) {
      if (i == lead) continue;
      absl::StrAppend(&from, " JOIN post_terms t", i, " ON t", i, ".post_seq = d.post_seq");
      absl::StrAppend(&where, " AND t", i, ".term = ?");
      args.push_back(TermKey(terms[i]));
    }
    if (!f.campaign_id().empty()) from += " JOIN post_campaigns pc ON pc.post_seq = d.post_seq";
    from += " JOIN posts ON posts.seq = d.post_seq";
  } else if (!f.campaign_id().empty()) {
    key = "pc.post_seq";
    from = "post_campaigns pc JOIN posts ON posts.seq = pc.post_seq";
  } else {
    key = "posts.seq";
    from = "posts";
  }
  if (!q.search.prefixes.empty())
    absl::StrAppend(&from, " JOIN post_search s ON s.post_seq = ", key);
  std::string sql = absl::StrCat("SELECT STRAIGHT_JOIN ", internal::kPostColumns, " FROM ", from,
                                 " WHERE ", key, " < ?");
  if (!where.empty()) absl::StrAppend(&sql, " AND ", where);  // its terms lead `args`
  if (!f.campaign_id().empty()) {
    sql += " AND pc.campaign_id = ?";
    args.push_back(f.campaign_id());
  }
  // A lone character: some token of the post starts with it (tokens are
  // letters and digits, so the pattern needs no escaping).
  for (const std::string& prefix : q.search.prefixes) {
    sql += " AND CONCAT(' ', s.search_text) LIKE ?";
    args.push_back(absl::StrCat("% ", prefix, "%"));
  }
  if (!f.employer_id().empty()) {
    sql += " AND employer_id = ?";
    args.push_back(f.employer_id());
  }
  if (!f.region_prefix().empty()) {
    sql += " AND region_code LIKE ?";
    args.push_back(f.region_prefix() + "%");
  }
  if (!f.occupation_prefix().empty()) {
    // "6-18" must match 6-18-02-04 but not 6-180-...: whole segments only.
    std::string prefix = f.occupation_prefix();
    while (!prefix.empty() && prefix.back() == '-') prefix.pop_back();
    sql += " AND (occupation_code = ? OR occupation_code LIKE ?)";
    args.push_back(prefix);
    args.push_back(prefix + "-%");
  }
  if (f.target_group() != 0) {
    sql += " AND (target_mask & ?) <> 0";
    args.push_back(int64_t{1} << f.target_group());
  }
  if (f.labor_brand() != 0) {
    sql += " AND labor_brand = ?";
    args.push_back(static_cast<int64_t>(f.labor_brand()));
  }
  if (f.salary_floor() > 0) {
    sql += " AND salary_key >= ?";
    args.push_back(int64_t{f.salary_floor()});
  }
  if (f.states_size() == 0) {
    absl::StrAppend(&sql, " AND state = ", v1::POST_STATE_OPEN);
  } else {
    absl::StrAppend(&sql, " AND state IN (", absl::StrJoin(f.states(), ","), ")");
  }
  if (f.has_valid_at()) {
    const int64_t t = ToMicros(FromProto(f.valid_at()));
    sql +=
        " AND (valid_from IS NULL OR valid_from <= ?) AND (valid_until IS NULL OR valid_until > ?)";
    args.push_back(t);
    args.push_back(t);
  }
  absl::StrAppend(&sql, " ORDER BY ", key, " DESC LIMIT ?");

  return internal::ReadPostPage(db_, sql, q.before_seq > 0 ? q.before_seq : INT64_MAX, args,
                                q.limit);
}

}  // namespace jobmatch::postings
