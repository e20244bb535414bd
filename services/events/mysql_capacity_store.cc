// MysqlPostCapacityStore: a hire takes one opening in the postings schema and
// appends its event to the feed, in one transaction across both schemas.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include "absl/strings/str_cat.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/common/db/prepared.h"
#include "services/common/field_violations.h"
#include "services/common/proto_time.h"
#include "services/events/applications.h"
#include "services/events/mysql_application_sql.h"
#include "services/events/mysql_attribution.h"
#include "services/events/mysql_feed_sql.h"
#include "services/events/mysql_stores.h"

namespace jobmatch::events {

absl::StatusOr<Accepted> MysqlPostCapacityStore::Hire(const Submission& hire) {
  Accepted out;
  const std::string posts = absl::StrCat("`", postings_, "`.posts");
  absl::Status s = db_.InTransaction([&](sql::Connection& conn) -> absl::Status {
    if (auto retried = internal::Retried(conn, hire)) {
      if (!retried->ok()) return retried->status();
      out = **retried;
      return absl::OkStatus();
    }
    const std::string& post_id = hire.event.post_id();
    const std::string& profile_id = hire.event.profile_id();
    {
      sql::PreparedStatement* st =
          db::Prepared(conn, "SELECT 1 FROM hires WHERE profile_id = ? AND post_id = ?");
      st->setString(1, profile_id);
      st->setString(2, post_id);
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
      if (rs->next()) {
        return absl::AlreadyExistsError(
            absl::StrCat("profile ", profile_id, " was already hired for post ", post_id));
      }
    }
    // Only an applicant still in play is hired, or a placement made on site
    // is recorded (applications.h); the application's row stays locked until
    // the hire commits, so a withdrawal cannot slip in between.
    const std::optional<internal::ApplicationRow> application =
        internal::LockApplication(conn, profile_id, post_id);
    if (!application.has_value() && hire.event.hire().on_site_channel().empty()) {
      sql::PreparedStatement* known =
          db::Prepared(conn, absl::StrCat("SELECT 1 FROM ", posts, " WHERE post_id = ?"));
      known->setString(1, post_id);
      if (!std::unique_ptr<sql::ResultSet>(known->executeQuery())->next()) {
        return absl::NotFoundError(absl::StrCat("post ", post_id, " not found"));
      }
      return absl::FailedPreconditionError(
          absl::StrCat("profile ", profile_id, " has not applied to post ", post_id,
                       ": hire an applicant, or record an on-site placement"));
    }
    if (application.has_value()) {
      absl::StatusOr<v1::ApplicationStatus> hired = NextStatus(application->status, Step::kHire);
      if (!hired.ok()) return internal::AboutApplication(hired.status(), hire.event);
    }
    // The guard in WHERE makes over-hiring impossible however many hires race:
    // the row lock serialises them and each re-checks the committed count.
    // MariaDB assigns SET items left to right, so `state` sees the new count.
    sql::PreparedStatement* take = db::Prepared(
        conn, absl::StrCat("UPDATE ", posts,
                           " SET remaining_openings = remaining_openings - 1,"
                           " state = IF(remaining_openings = 0, ",
                           v1::POST_STATE_FILLED,
                           ", state),"
                           " version = version + 1"
                           " WHERE post_id = ? AND remaining_openings > 0 AND state IN (",
                           v1::POST_STATE_OPEN, ",", v1::POST_STATE_PAUSED, ")"));
    take->setString(1, post_id);
    const bool taken = take->executeUpdate() == 1;

    const std::optional<internal::PostCounts> post = internal::ReadPostCounts(conn, posts, post_id);
    if (!post.has_value()) {
      return absl::NotFoundError(absl::StrCat("post ", post_id, " not found"));
    }
    const int remaining = post->remaining_openings;
    const int state = post->state;
    if (!taken) {
      if (state == v1::POST_STATE_OPEN || state == v1::POST_STATE_PAUSED ||
          state == v1::POST_STATE_FILLED) {
        return absl::FailedPreconditionError(
            absl::StrCat("post ", post_id, " has no opening left"));
      }
      return absl::FailedPreconditionError(absl::StrCat(
          "post ", post_id, " is not open (", v1::PostState_Name(v1::PostState(state)), ")"));
    }

    v1::Event event = hire.event;
    internal::Enrich(conn, {&event});
    if (remaining == 0) {
      // The post's own change goes through the postings outbox like any
      // other post change, so every reader of postings changes sees it.
      internal::WritePostChanged(conn, postings_, event, v1::CHANGE_TYPE_REMOVED, post->version,
                                 v1::POST_STATE_FILLED);
    }
    internal::AppendToFeed(conn, {&event}, {{hire.request_id, hire.request_hash, remaining}});

    // Follow-ups fall due counting from the start date, else from now.
    const absl::Time started = hire.event.hire().has_start_date()
                                   ? FromProto(hire.event.hire().start_date())
                                   : FromProto(event.time());
    sql::PreparedStatement* mark =
        db::Prepared(conn,
                     "INSERT INTO hires (profile_id, post_id, seq, started_at) "
                     "VALUES (?,?,?,TIMESTAMPADD(MICROSECOND, ?, '1970-01-01 00:00:00'))");
    mark->setString(1, profile_id);
    mark->setString(2, post_id);
    mark->setInt64(3, event.cursor());
    mark->setInt64(4, absl::ToUnixMicros(started));
    mark->executeUpdate();
    internal::WriteStep(conn, event, v1::APPLICATION_STATUS_HIRED, application);

    // Counted for every campaign of the post, not only the one the event names.
    const internal::Attribution attribution =
        internal::Attribution::Load(conn, {&event}, stats_key_);
    internal::StatsDelta stats;
    internal::CountEvents(conn, attribution, {&event}, &stats);
    for (const std::string& campaign : attribution.CampaignsOf(event)) {
      sql::PreparedStatement* placed = db::Prepared(
          conn, "INSERT IGNORE INTO placements (campaign_id, profile_id) VALUES (?,?)");
      placed->setString(1, campaign);
      placed->setString(2, profile_id);
      if (placed->executeUpdate() == 1) {
        stats.Add(campaign, attribution.GroupsOf(event), internal::StatsDelta::kPeoplePlaced, 1);
      }
    }
    stats.Write(conn);
    out = Accepted{std::move(event), remaining};
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace jobmatch::events
