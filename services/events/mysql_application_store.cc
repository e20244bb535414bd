// MysqlApplicationStore: the steps of the application pipeline, the undoing
// of a hire, and the two lists; plus the application-row SQL the hire shares
// (mysql_application_sql.h).
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "absl/strings/str_cat.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/common/db/bytes.h"
#include "services/common/db/prepared.h"
#include "services/common/field_violations.h"
#include "services/common/proto_time.h"
#include "services/events/applications.h"
#include "services/events/mysql_application_sql.h"
#include "services/events/mysql_attribution.h"
#include "services/events/mysql_feed_sql.h"
#include "services/events/mysql_stores.h"

namespace jobmatch::events {
namespace internal {

std::optional<ApplicationRow> LockApplication(sql::Connection& conn, const std::string& profile_id,
                                              const std::string& post_id, bool lock) {
  sql::PreparedStatement* st =
      db::Prepared(conn, absl::StrCat("SELECT status, status_before_hire FROM applications"
                                      " WHERE profile_id = ? AND post_id = ?",
                                      lock ? " FOR UPDATE" : ""));
  st->setString(1, profile_id);
  st->setString(2, post_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  ApplicationRow row;
  row.status = v1::ApplicationStatus(rs->getInt(1));
  if (!rs->isNull(2)) row.before_hire = v1::ApplicationStatus(rs->getInt(2));
  return row;
}

void WriteStep(sql::Connection& conn, const v1::Event& event, v1::ApplicationStatus to,
               const std::optional<ApplicationRow>& was) {
  const int64_t at = absl::ToUnixMicros(FromProto(event.time()));
  if (!was.has_value()) {
    // An application, or a placement made on site (a hire with no application).
    const bool hire = event.kind() == v1::EVENT_KIND_HIRE;
    sql::PreparedStatement* st = db::Prepared(
        conn,
        "INSERT INTO applications (profile_id, post_id, seq, status, status_before_hire, channel,"
        " applied_us, updated_us, last_seq) VALUES (?,?,?,?,?,?,?,?,?)");
    st->setString(1, event.profile_id());
    st->setString(2, event.post_id());
    st->setInt64(3, event.cursor());
    st->setInt(4, to);
    if (hire) {
      st->setInt(5, PriorToHire(std::nullopt));
    } else {
      st->setNull(5, 0);
    }
    st->setString(6, hire ? event.hire().on_site_channel() : event.application().channel());
    st->setInt64(7, at);
    st->setInt64(8, at);
    st->setInt64(9, event.cursor());
    st->executeUpdate();
    return;
  }
  std::string set = "status = ?, updated_us = ?, last_seq = ?";
  switch (event.kind()) {
    case v1::EVENT_KIND_INTERVIEW_INVITATION:
      absl::StrAppend(&set, ", interview_at = ", event.interview().interview_time().seconds(),
                      ", interview_place = ", Hex(event.interview().place()),
                      ", proposed_at = NULL");
      break;
    case v1::EVENT_KIND_INVITATION_RESPONSE:
      absl::StrAppend(&set, ", proposed_at = ",
                      event.invitation_response().has_proposed_time()
                          ? absl::StrCat(event.invitation_response().proposed_time().seconds())
                          : "NULL");
      break;
    case v1::EVENT_KIND_HIRE:
      absl::StrAppend(&set, ", status_before_hire = ", was->status);
      break;
    case v1::EVENT_KIND_HIRE_UNDONE:
      absl::StrAppend(&set, ", status_before_hire = NULL");
      break;
    case v1::EVENT_KIND_APPLICATION:
      // Applying again: a fresh application, with nothing of the withdrawn one's interview.
      absl::StrAppend(&set, ", applied_us = ", at,
                      ", channel = ", Hex(event.application().channel()),
                      ", interview_at = NULL, interview_place = ", Hex(""), ", proposed_at = NULL");
      break;
    default:
      break;
  }
  sql::PreparedStatement* st = db::Prepared(
      conn, absl::StrCat("UPDATE applications SET ", set, " WHERE profile_id = ? AND post_id = ?"));
  st->setInt(1, to);
  st->setInt64(2, at);
  st->setInt64(3, event.cursor());
  st->setString(4, event.profile_id());
  st->setString(5, event.post_id());
  st->executeUpdate();
}

absl::Status AboutApplication(const absl::Status& s, const v1::Event& e) {
  return absl::Status(s.code(), absl::StrCat("the application of ", e.profile_id(), " to post ",
                                             e.post_id(), ": ", s.message()));
}

std::optional<PostCounts> ReadPostCounts(sql::Connection& conn, const std::string& posts,
                                         const std::string& post_id) {
  sql::PreparedStatement* read = db::Prepared(
      conn,
      absl::StrCat("SELECT remaining_openings, state, version FROM ", posts, " WHERE post_id = ?"));
  read->setString(1, post_id);
  std::unique_ptr<sql::ResultSet> rs(read->executeQuery());
  if (!rs->next()) return std::nullopt;
  return PostCounts{rs->getInt(1), rs->getInt(2), rs->getInt64(3)};
}

void WritePostChanged(sql::Connection& conn, const std::string& postings, const v1::Event& about,
                      v1::ChangeType change_type, int64_t version, int state) {
  v1::Event changed;
  changed.set_kind(v1::EVENT_KIND_POST_CHANGED);
  changed.set_post_id(about.post_id());
  changed.set_campaign_id(about.campaign_id());
  changed.set_region_code(about.region_code());
  changed.mutable_change()->set_change_type(change_type);
  changed.mutable_change()->set_version(version);
  changed.mutable_change()->set_post_state(state);
  sql::PreparedStatement* ob =
      db::Prepared(conn, absl::StrCat("INSERT INTO `", postings, "`.outbox (event) VALUES (?)"));
  db::BindBytes(*ob, 1, changed.SerializeAsString());
  ob->executeUpdate();
}

}  // namespace internal

namespace {

using internal::AboutApplication;

// An application needs its post OPEN. Read with a shared lock, so that a
// post closing at the same moment waits for this application or is seen closed.
absl::Status RequireOpenPost(sql::Connection& conn, const std::string& posts,
                             const std::string& post_id) {
  sql::PreparedStatement* st = db::Prepared(
      conn, absl::StrCat("SELECT state FROM ", posts, " WHERE post_id = ? LOCK IN SHARE MODE"));
  st->setString(1, post_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return absl::NotFoundError(absl::StrCat("post ", post_id, " not found"));
  const int state = rs->getInt(1);
  if (state != v1::POST_STATE_OPEN) {
    return absl::FailedPreconditionError(
        absl::StrCat("post ", post_id, " is not open for applications (",
                     v1::PostState_Name(v1::PostState(state)), ")"));
  }
  return absl::OkStatus();
}

// The columns both lists read, in this order (see ReadRecord).
constexpr char kListColumns[] =
    "a.profile_id, a.post_id, a.status, a.applied_us, a.updated_us, a.interview_at,"
    " a.interview_place, a.proposed_at, a.channel, a.last_seq, a.seq, p.proto,"
    " COALESCE(f.region_code, ''), COALESCE(f.group_mask, 0)";

v1::ApplicationRecord ReadRecord(sql::ResultSet& rs) {
  v1::ApplicationRecord r;
  r.set_profile_id(rs.getString(1));
  r.set_post_id(rs.getString(2));
  r.set_status(v1::ApplicationStatus(rs.getInt(3)));
  if (rs.getInt64(4) > 0) *r.mutable_applied_time() = ToProto(absl::FromUnixMicros(rs.getInt64(4)));
  if (rs.getInt64(5) > 0) *r.mutable_updated_time() = ToProto(absl::FromUnixMicros(rs.getInt64(5)));
  if (!rs.isNull(6)) r.mutable_interview_time()->set_seconds(rs.getInt64(6));
  r.set_interview_place(rs.getString(7));
  if (!rs.isNull(8)) r.mutable_proposed_time()->set_seconds(rs.getInt64(8));
  r.set_channel(rs.getString(9));
  r.set_last_cursor(rs.getInt64(10));
  if (!rs.isNull(12)) {
    v1::Post post;
    if (post.ParseFromString(db::ReadBytes(rs, 12))) r.set_post_title(post.title());
  }
  r.set_region_code(rs.getString(13));
  const uint32_t mask = static_cast<uint32_t>(rs.getUInt(14));
  for (int g = 1; g < 32; ++g) {
    if ((mask & (1u << g)) && v1::KeyGroup_IsValid(g)) r.add_key_groups(v1::KeyGroup(g));
  }
  return r;
}

}  // namespace

absl::StatusOr<Accepted> MysqlApplicationStore::Advance(const Submission& sub) {
  const std::optional<Step> step = StepOf(sub.event);
  if (!step.has_value() || *step == Step::kHire || *step == Step::kUndoHire) {
    return absl::InternalError("not a pipeline step for Advance");
  }
  Accepted out;
  const std::string posts = absl::StrCat("`", postings_, "`.posts");
  absl::Status s = db_.InTransaction([&](sql::Connection& conn) -> absl::Status {
    if (auto retried = internal::Retried(conn, sub)) {
      if (!retried->ok()) return retried->status();
      out = **retried;
      return absl::OkStatus();
    }
    v1::Event event = sub.event;
    // A new application is read without a lock: FOR UPDATE on a row that is
    // not there locks the gap around it, and concurrent applications'
    // inserts into that gap deadlock each other (a live push brings hundreds
    // at once). Its INSERT below is what serialises a second application of
    // the same person to the same post: ALREADY_EXISTS.
    std::optional<internal::ApplicationRow> was = internal::LockApplication(
        conn, event.profile_id(), event.post_id(), /*lock=*/*step != Step::kApply);
    // Applying again after a withdrawal moves an existing row: lock it (a
    // row that exists locks no gap) and read it again under the lock.
    if (*step == Step::kApply && was.has_value()) {
      was = internal::LockApplication(conn, event.profile_id(), event.post_id(), /*lock=*/true);
    }
    absl::StatusOr<v1::ApplicationStatus> to =
        NextStatus(was ? std::optional(was->status) : std::nullopt, *step);
    if (!to.ok()) return AboutApplication(to.status(), event);
    if (*step == Step::kApply) {
      absl::Status open = RequireOpenPost(conn, posts, event.post_id());
      if (!open.ok()) return open;
    }
    internal::Enrich(conn, {&event});
    internal::AppendToFeed(conn, {&event}, {{sub.request_id, sub.request_hash, -1}});
    internal::WriteStep(conn, event, *to, was);
    internal::StatsDelta stats;
    internal::CountEvents(conn, {&event}, stats_key_, &stats);
    stats.Write(conn);
    out = Accepted{std::move(event), 0};
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<Accepted> MysqlApplicationStore::UndoHire(const Submission& undo) {
  Accepted out;
  const std::string posts = absl::StrCat("`", postings_, "`.posts");
  absl::Status s = db_.InTransaction([&](sql::Connection& conn) -> absl::Status {
    if (auto retried = internal::Retried(conn, undo)) {
      if (!retried->ok()) return retried->status();
      out = **retried;
      return absl::OkStatus();
    }
    v1::Event event = undo.event;
    const std::string& post_id = event.post_id();
    const std::string& profile_id = event.profile_id();
    const std::optional<internal::ApplicationRow> was =
        internal::LockApplication(conn, profile_id, post_id);
    absl::StatusOr<v1::ApplicationStatus> hired =
        NextStatus(was ? std::optional(was->status) : std::nullopt, Step::kUndoHire);
    if (!hired.ok()) return AboutApplication(hired.status(), event);

    // The opening returns, never beyond the post's openings (an employer may
    // have lowered them since); a post the hire filled opens again. MariaDB
    // assigns SET items left to right, so `state` sees the new count.
    sql::PreparedStatement* give = db::Prepared(
        conn,
        absl::StrCat("UPDATE ", posts,
                     " SET remaining_openings = LEAST(openings, remaining_openings + 1),"
                     " state = IF(state = ",
                     v1::POST_STATE_FILLED, " AND remaining_openings > 0, ", v1::POST_STATE_OPEN,
                     ", state), version = version + 1 WHERE post_id = ?"));
    give->setString(1, post_id);
    give->executeUpdate();
    const std::optional<internal::PostCounts> post = internal::ReadPostCounts(conn, posts, post_id);
    if (!post.has_value()) {
      return absl::NotFoundError(absl::StrCat("post ", post_id, " not found"));
    }
    const int remaining = post->remaining_openings;

    internal::Enrich(conn, {&event});
    // The post's change goes through the postings outbox, as the hire that
    // filled it did, so the matcher re-reads the post (openings and state)
    // exactly as it does after any post change.
    internal::WritePostChanged(conn, postings_, event, v1::CHANGE_TYPE_UPDATED, post->version,
                               post->state);

    // The hire is taken back from the day and cells it was counted in: the
    // hire's feed time, or its start when the feed no longer holds it.
    v1::Event counted = event;
    {
      sql::PreparedStatement* when =
          db::Prepared(conn,
                       "SELECT CAST(UNIX_TIMESTAMP(COALESCE(f.created_at, h.started_at)) AS SIGNED)"
                       " FROM hires h LEFT JOIN feed f ON f.seq = h.seq"
                       " WHERE h.profile_id = ? AND h.post_id = ?");
      when->setString(1, profile_id);
      when->setString(2, post_id);
      std::unique_ptr<sql::ResultSet> hired_at(when->executeQuery());
      if (hired_at->next() && !hired_at->isNull(1)) {
        counted.mutable_time()->set_seconds(hired_at->getInt64(1));
        counted.mutable_time()->set_nanos(0);
      }
    }
    internal::AppendToFeed(conn, {&event}, {{undo.request_id, undo.request_hash, remaining}});
    internal::WriteStep(conn, event, PriorToHire(was->before_hire), was);
    // The person may be hired for this post again later.
    sql::PreparedStatement* unmark =
        db::Prepared(conn, "DELETE FROM hires WHERE profile_id = ? AND post_id = ?");
    unmark->setString(1, profile_id);
    unmark->setString(2, post_id);
    unmark->executeUpdate();

    // Every campaign of the post loses the hire, and the placement unless
    // the person holds another hire in that campaign. The groups are the
    // person's as the feed knows them now, which is what the hire counted
    // unless they changed.
    if (!counted.has_time()) *counted.mutable_time() = event.time();
    // One attribution serves both: `counted` differs from `event` only in time.
    const internal::Attribution attribution =
        internal::Attribution::Load(conn, {&event}, stats_key_);
    internal::StatsDelta stats;
    internal::CountEvents(conn, attribution, {&counted}, &stats);
    const uint32_t mask = attribution.GroupsOf(event);
    for (const std::string& campaign : attribution.CampaignsOf(event)) {
      sql::PreparedStatement* other = db::Prepared(
          conn,
          "SELECT 1 FROM hires h WHERE h.profile_id = ? AND (EXISTS (SELECT 1 FROM post_counts c"
          " WHERE c.post_id = h.post_id AND c.campaign_id = ?) OR EXISTS (SELECT 1 FROM"
          " post_facts f WHERE f.post_id = h.post_id AND f.campaign_id = ?)) LIMIT 1");
      other->setString(1, profile_id);
      other->setString(2, campaign);
      other->setString(3, campaign);
      std::unique_ptr<sql::ResultSet> still(other->executeQuery());
      if (still->next()) continue;
      sql::PreparedStatement* unplace =
          db::Prepared(conn, "DELETE FROM placements WHERE campaign_id = ? AND profile_id = ?");
      unplace->setString(1, campaign);
      unplace->setString(2, profile_id);
      if (unplace->executeUpdate() == 1) {
        stats.Add(campaign, mask, internal::StatsDelta::kPeoplePlaced, -1);
      }
    }
    stats.Write(conn);
    out = Accepted{std::move(event), remaining};
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<ApplicationPage> MysqlApplicationStore::ForPerson(const std::string& profile_id,
                                                                 int limit, int64_t before_seq) {
  return ReadPage("a.profile_id = ?", profile_id, limit, before_seq);
}

absl::StatusOr<ApplicationPage> MysqlApplicationStore::ForPost(
    const std::string& post_id, const std::vector<v1::ApplicationStatus>& statuses, int limit,
    int64_t before_seq) {
  std::string where = "a.post_id = ?";
  if (!statuses.empty()) {
    absl::StrAppend(&where, " AND a.status IN (");
    for (size_t i = 0; i < statuses.size(); ++i) {
      absl::StrAppend(&where, i ? "," : "", static_cast<int>(statuses[i]));
    }
    absl::StrAppend(&where, ")");
  }
  return ReadPage(where, post_id, limit, before_seq);
}

absl::StatusOr<ApplicationPage> MysqlApplicationStore::ReadPage(const std::string& where,
                                                                const std::string& key, int limit,
                                                                int64_t before_seq) {
  ApplicationPage page;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) -> absl::Status {
    sql::PreparedStatement* st = db::Prepared(
        conn, absl::StrCat(
                  "SELECT ", kListColumns, " FROM applications a LEFT JOIN `", postings_,
                  "`.posts p ON p.post_id = a.post_id LEFT JOIN profile_facts f ON f.profile_id ="
                  " a.profile_id WHERE ",
                  where, " AND (? = 0 OR a.seq < ?) ORDER BY a.seq DESC LIMIT ?"));
    st->setString(1, key);
    st->setInt64(2, before_seq);
    st->setInt64(3, before_seq);
    st->setInt(4, limit + 1);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    while (rs->next()) {
      if (static_cast<int>(page.items.size()) == limit) {
        // One row more than the page: it starts the next one.
        page.next_before_seq = rs->getInt64(11) + 1;
        break;
      }
      page.items.push_back(ReadRecord(*rs));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return page;
}

}  // namespace jobmatch::events
