// MysqlNotificationStore: notifications, their delivery log and the
// notifier's feed position in the events schema; post titles from the
// postings schema's posts (the events user may read them).
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/common/db/prepared.h"
#include "services/common/proto_time.h"
#include "services/events/notification_store.h"

namespace jobmatch::events {
namespace {

// Times cross the connection as unix seconds with microseconds, so the
// session's time zone never matters.
double Seconds(absl::Time t) { return absl::ToDoubleSeconds(t - absl::UnixEpoch()); }
absl::Time FromSeconds(double s) { return absl::UnixEpoch() + absl::Seconds(s); }

}  // namespace

absl::StatusOr<int64_t> MysqlNotificationStore::Position() {
  int64_t cursor = 0;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) -> absl::Status {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(
        st->executeQuery("SELECT last_cursor FROM notifier_position WHERE id = 1"));
    if (!rs->next()) return absl::FailedPreconditionError("notifier_position row missing");
    cursor = rs->getInt64(1);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return cursor;
}

absl::Status MysqlNotificationStore::Commit(int64_t from, int64_t to,
                                            const std::vector<NotificationDraft>& drafts,
                                            const std::vector<std::string>& seen_posts) {
  return db_.InTransaction([&](sql::Connection& conn) -> absl::Status {
    {
      std::unique_ptr<sql::Statement> st(conn.createStatement());
      std::unique_ptr<sql::ResultSet> rs(
          st->executeQuery("SELECT last_cursor FROM notifier_position WHERE id = 1 FOR UPDATE"));
      if (!rs->next()) return absl::FailedPreconditionError("notifier_position row missing");
      if (rs->getInt64(1) != from) {
        return absl::AbortedError("the notifier's position moved (another replica)");
      }
    }
    if (!drafts.empty()) {
      sql::PreparedStatement* ins = db::Prepared(
          conn,
          "INSERT IGNORE INTO notifications (profile_id, cause, cause_cursor, kind, post_id, text)"
          " VALUES (?, ?, ?, ?, ?, ?)");
      for (const NotificationDraft& d : drafts) {
        ins->setString(1, d.profile_id);
        ins->setString(2, d.cause);
        ins->setInt64(3, d.cause_cursor);
        ins->setInt(4, d.kind);
        ins->setString(5, d.post_id);
        ins->setString(6, d.text);
        ins->executeUpdate();
      }
    }
    if (!seen_posts.empty()) {
      sql::PreparedStatement* seen =
          db::Prepared(conn, "INSERT IGNORE INTO notified_posts (post_id, seq) VALUES (?, ?)");
      for (const std::string& post : seen_posts) {
        seen->setString(1, post);
        seen->setInt64(2, to);
        seen->executeUpdate();
      }
    }
    sql::PreparedStatement* move =
        db::Prepared(conn, "UPDATE notifier_position SET last_cursor = ? WHERE id = 1");
    move->setInt64(1, to);
    move->executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<bool> MysqlNotificationStore::PostSeen(const std::string& post_id) {
  bool seen = false;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) -> absl::Status {
    sql::PreparedStatement* st =
        db::Prepared(conn, "SELECT 1 FROM notified_posts WHERE post_id = ?");
    st->setString(1, post_id);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    seen = rs->next();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return seen;
}

absl::StatusOr<std::string> MysqlNotificationStore::PostTitle(const std::string& post_id) {
  std::string title;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) -> absl::Status {
    sql::PreparedStatement* st = db::Prepared(
        conn, absl::StrCat("SELECT proto FROM `", postings_, "`.posts WHERE post_id = ?"));
    st->setString(1, post_id);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    if (rs->next() && !rs->isNull(1)) {
      v1::Post post;
      if (post.ParseFromString(rs->getString(1))) title = post.title();
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return title;
}

absl::StatusOr<std::vector<DueNotification>> MysqlNotificationStore::ClaimDue(
    absl::Time now, int limit, absl::Duration lease) {
  std::vector<DueNotification> due;
  absl::Status s = db_.InTransaction([&](sql::Connection& conn) -> absl::Status {
    due.clear();
    // SKIP LOCKED: several delivery workers (replicas) take different rows.
    sql::PreparedStatement* sel = db::Prepared(
        conn, absl::StrCat(
                  "SELECT id, profile_id, kind, text, attempts FROM notifications WHERE state = ",
                  v1::DELIVERY_STATE_PENDING,
                  " AND next_attempt_at <= FROM_UNIXTIME(?) ORDER BY next_attempt_at, id"
                  " LIMIT ? FOR UPDATE SKIP LOCKED"));
    sel->setDouble(1, Seconds(now));
    sel->setInt(2, limit);
    std::unique_ptr<sql::ResultSet> rs(sel->executeQuery());
    while (rs->next()) {
      DueNotification d;
      d.id = rs->getInt64(1);
      d.profile_id = rs->getString(2);
      d.kind = static_cast<v1::NotificationKind>(rs->getInt(3));
      d.text = rs->getString(4);
      d.attempt = rs->getInt(5) + 1;
      due.push_back(std::move(d));
    }
    sql::PreparedStatement* take = db::Prepared(
        conn,
        "UPDATE notifications SET attempts = attempts + 1, next_attempt_at = FROM_UNIXTIME(?)"
        " WHERE id = ?");
    for (const DueNotification& d : due) {
      take->setDouble(1, Seconds(now + lease));
      take->setInt64(2, d.id);
      take->executeUpdate();
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return due;
}

absl::Status MysqlNotificationStore::RecordAttempt(int64_t id, int attempt, bool ok,
                                                   const std::string& error,
                                                   std::optional<absl::Time> retry_at) {
  return db_.InTransaction([&](sql::Connection& conn) -> absl::Status {
    sql::PreparedStatement* log = db::Prepared(
        conn,
        "INSERT IGNORE INTO notification_attempts (notification_id, attempt, ok, error)"
        " VALUES (?, ?, ?, ?)");
    log->setInt64(1, id);
    log->setInt(2, attempt);
    log->setBoolean(3, ok);
    log->setString(4, error.substr(0, 500));
    log->executeUpdate();
    sql::PreparedStatement* up = nullptr;
    if (ok) {
      up = db::Prepared(
          conn, absl::StrCat("UPDATE notifications SET state = ", v1::DELIVERY_STATE_DELIVERED,
                             ", delivered_at = CURRENT_TIMESTAMP(6) WHERE id = ?"));
      up->setInt64(1, id);
    } else if (retry_at.has_value()) {
      up = db::Prepared(conn,
                        "UPDATE notifications SET next_attempt_at = FROM_UNIXTIME(?) WHERE id = ?");
      up->setDouble(1, Seconds(*retry_at));
      up->setInt64(2, id);
    } else {
      up = db::Prepared(conn, absl::StrCat("UPDATE notifications SET state = ",
                                           v1::DELIVERY_STATE_FAILED, " WHERE id = ?"));
      up->setInt64(1, id);
    }
    up->executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<v1::Notification>> MysqlNotificationStore::List(
    const NotificationQuery& q) {
  std::vector<v1::Notification> out;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) -> absl::Status {
    out.clear();
    std::string sql =
        "SELECT id, profile_id, kind, post_id, text, state, attempts, cause_cursor,"
        " UNIX_TIMESTAMP(created_at), UNIX_TIMESTAMP(delivered_at), UNIX_TIMESTAMP(next_attempt_at)"
        " FROM notifications WHERE 1 = 1";
    if (!q.profile_id.empty()) sql += " AND profile_id = ?";
    if (q.state != v1::DELIVERY_STATE_UNSPECIFIED) sql += " AND state = ?";
    if (q.before_id > 0) sql += " AND id < ?";
    sql += " ORDER BY id DESC LIMIT ?";
    sql::PreparedStatement* st = db::Prepared(conn, sql);
    int i = 0;
    if (!q.profile_id.empty()) st->setString(++i, q.profile_id);
    if (q.state != v1::DELIVERY_STATE_UNSPECIFIED) st->setInt(++i, q.state);
    if (q.before_id > 0) st->setInt64(++i, q.before_id);
    st->setInt(++i, q.limit);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    while (rs->next()) {
      v1::Notification n;
      n.set_notification_id(absl::StrCat(rs->getInt64(1)));
      n.set_profile_id(rs->getString(2));
      n.set_kind(static_cast<v1::NotificationKind>(rs->getInt(3)));
      n.set_post_id(rs->getString(4));
      n.set_text(rs->getString(5));
      n.set_state(static_cast<v1::DeliveryState>(rs->getInt(6)));
      n.set_attempts(rs->getInt(7));
      n.set_cause_cursor(rs->getInt64(8));
      *n.mutable_create_time() = ToProto(FromSeconds(rs->getDouble(9)));
      if (!rs->isNull(10)) *n.mutable_deliver_time() = ToProto(FromSeconds(rs->getDouble(10)));
      if (n.state() == v1::DELIVERY_STATE_PENDING) {
        *n.mutable_next_attempt_time() = ToProto(FromSeconds(rs->getDouble(11)));
      }
      out.push_back(std::move(n));
    }
    if (!q.with_attempts || out.empty()) return absl::OkStatus();
    sql::PreparedStatement* at =
        db::Prepared(conn,
                     "SELECT attempt, UNIX_TIMESTAMP(at), ok, error FROM notification_attempts"
                     " WHERE notification_id = ? ORDER BY attempt");
    for (v1::Notification& n : out) {
      at->setInt64(1, std::stoll(n.notification_id()));
      std::unique_ptr<sql::ResultSet> ars(at->executeQuery());
      while (ars->next()) {
        v1::DeliveryAttempt* a = n.add_attempt_log();
        a->set_attempt(ars->getInt(1));
        *a->mutable_time() = ToProto(FromSeconds(ars->getDouble(2)));
        a->set_ok(ars->getBoolean(3));
        a->set_error(ars->getString(4));
      }
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace jobmatch::events
