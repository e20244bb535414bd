// MysqlPostingsStore: employers, campaigns and the request log.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

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

namespace jobmatch::postings {
namespace {

using Rows = std::unique_ptr<sql::ResultSet>;

void WriteEmployer(sql::Connection& conn, const v1::Employer& e, int64_t version, bool insert) {
  sql::PreparedStatement* st =
      db::Prepared(conn, insert ? "INSERT INTO employers (credit_code, region_code, "
                                  "labor_brand, version, proto, employer_id) "
                                  "VALUES (?, ?, ?, ?, ?, ?)"
                                : "UPDATE employers SET credit_code = ?, region_code = ?, "
                                  "labor_brand = ?, version = ?, proto = ? "
                                  "WHERE employer_id = ?");
  st->setString(1, e.credit_code());
  st->setString(2, e.region_code());
  st->setInt(3, e.labor_brand());
  st->setInt64(4, version);
  db::BindBytes(*st, 5, e.SerializeAsString());
  st->setString(6, e.employer_id());
  st->executeUpdate();
}

void WriteCampaign(sql::Connection& conn, const v1::Campaign& c, int64_t version, bool insert) {
  sql::PreparedStatement* st = db::Prepared(
      conn,
      insert
          ? "INSERT INTO campaigns (kind, window_start, window_end, version, proto, campaign_id) "
            "VALUES (?, ?, ?, ?, ?, ?)"
          : "UPDATE campaigns SET kind = ?, window_start = ?, window_end = ?, version = ?, proto = "
            "? "
            "WHERE campaign_id = ?");
  st->setInt(1, c.kind());
  if (c.window().has_start_time()) {
    st->setInt64(2, ToMicros(FromProto(c.window().start_time())));
  } else {
    st->setNull(2, 0);
  }
  if (c.window().has_end_time()) {
    st->setInt64(3, ToMicros(FromProto(c.window().end_time())));
  } else {
    st->setNull(3, 0);
  }
  st->setInt64(4, version);
  db::BindBytes(*st, 5, c.SerializeAsString());
  st->setString(6, c.campaign_id());
  st->executeUpdate();
}

// Reads one entity's proto and version by id; `lock` adds FOR UPDATE.
template <typename T>
absl::StatusOr<std::pair<T, int64_t>> ReadEntity(sql::Connection& conn, const char* table,
                                                 const char* id_column, const std::string& id,
                                                 bool lock) {
  sql::PreparedStatement* st =
      db::Prepared(conn, absl::StrCat("SELECT version, proto FROM ", table, " WHERE ", id_column,
                                      " = ?", lock ? " FOR UPDATE" : ""));
  st->setString(1, id);
  Rows rs(st->executeQuery());
  if (!rs->next()) return absl::NotFoundError(absl::StrCat("no ", table, " row with id ", id));
  T out;
  if (!out.ParseFromString(db::ReadBytes(*rs, "proto")))
    return absl::InternalError("stored record does not parse");
  return std::make_pair(std::move(out), static_cast<int64_t>(rs->getInt64("version")));
}

// Reads one entity by id outside any transaction, without its version.
template <typename T>
absl::StatusOr<T> GetById(db::Database& db, const char* table, const char* id_column,
                          const std::string& id) {
  absl::StatusOr<std::pair<T, int64_t>> out = absl::InternalError("unset");
  JM_RETURN_IF_ERROR(db.WithConnection([&](sql::Connection& conn) {
    out = ReadEntity<T>(conn, table, id_column, id, false);
    return absl::OkStatus();
  }));
  if (!out.ok()) return out.status();
  return std::move(out->first);
}

}  // namespace

absl::StatusOr<v1::Employer> MysqlPostingsStore::CreateEmployer(const Idempotency& idem,
                                                                v1::Employer employer) {
  return ParseAs<v1::Employer>(
      RunIdempotent(db_, idem, [&](sql::Connection& conn) -> absl::StatusOr<std::string> {
        v1::Employer e = employer;
        e.set_employer_id(NewId('E'));
        *e.mutable_create_time() = ToProto(absl::Now());
        *e.mutable_update_time() = e.create_time();
        sql::PreparedStatement* dup =
            db::Prepared(conn, "SELECT employer_id FROM employers WHERE credit_code = ?");
        dup->setString(1, e.credit_code());
        Rows rs(dup->executeQuery());
        if (rs->next()) {
          return absl::AlreadyExistsError(absl::StrCat("credit code ", e.credit_code(),
                                                       " belongs to employer ",
                                                       rs->getString(1).asStdString()));
        }
        WriteEmployer(conn, e, 1, true);
        WriteOutboxEvent(conn, EmployerChanged(e, 1, v1::CHANGE_TYPE_CREATED));
        return e.SerializeAsString();
      }));
}

absl::StatusOr<v1::Employer> MysqlPostingsStore::GetEmployer(const std::string& employer_id) {
  return GetById<v1::Employer>(db_, "employers", "employer_id", employer_id);
}

absl::StatusOr<v1::Employer> MysqlPostingsStore::UpdateEmployer(
    const Idempotency& idem, const std::string& employer_id, const Mutation<v1::Employer>& mutate) {
  return ParseAs<v1::Employer>(
      RunIdempotent(db_, idem, [&](sql::Connection& conn) -> absl::StatusOr<std::string> {
        JM_ASSIGN_OR_RETURN(auto current, ReadEntity<v1::Employer>(conn, "employers", "employer_id",
                                                                   employer_id, true));
        v1::Employer& e = current.first;
        JM_RETURN_IF_ERROR(mutate(e));
        e.set_employer_id(employer_id);
        *e.mutable_update_time() = ToProto(absl::Now());
        sql::PreparedStatement* dup = db::Prepared(
            conn, "SELECT 1 FROM employers WHERE credit_code = ? AND employer_id <> ?");
        dup->setString(1, e.credit_code());
        dup->setString(2, employer_id);
        Rows rs(dup->executeQuery());
        if (rs->next()) return absl::AlreadyExistsError("credit code belongs to another employer");
        WriteEmployer(conn, e, current.second + 1, false);
        WriteOutboxEvent(conn, EmployerChanged(e, current.second + 1, v1::CHANGE_TYPE_UPDATED));
        return e.SerializeAsString();
      }));
}

absl::StatusOr<Page<v1::Employer>> MysqlPostingsStore::ListEmployers(
    const v1::ListEmployersRequest& filter, int64_t before_seq, int limit) {
  Page<v1::Employer> page;
  JM_RETURN_IF_ERROR(db_.WithConnection([&](sql::Connection& conn) {
    std::string sql = "SELECT seq, proto FROM employers WHERE seq < ? AND region_code LIKE ?";
    if (filter.labor_brand() != 0)
      absl::StrAppend(&sql, " AND labor_brand = ", filter.labor_brand());
    absl::StrAppend(&sql, " ORDER BY seq DESC LIMIT ", limit + 1);
    sql::PreparedStatement* st = db::Prepared(conn, sql);
    st->setInt64(1, before_seq > 0 ? before_seq : INT64_MAX);
    st->setString(2, filter.region_prefix() + "%");  // digits only (validated)
    Rows rs(st->executeQuery());
    int64_t last = 0;
    while (rs->next()) {
      if (static_cast<int>(page.items.size()) == limit) {
        page.last_seq = last;
        break;
      }
      page.items.emplace_back().ParseFromString(db::ReadBytes(*rs, "proto"));
      last = rs->getInt64("seq");
    }
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<v1::Campaign> MysqlPostingsStore::CreateCampaign(const Idempotency& idem,
                                                                v1::Campaign campaign) {
  return ParseAs<v1::Campaign>(
      RunIdempotent(db_, idem, [&](sql::Connection& conn) -> absl::StatusOr<std::string> {
        v1::Campaign c = campaign;
        c.set_campaign_id(NewId('C'));
        *c.mutable_create_time() = ToProto(absl::Now());
        WriteCampaign(conn, c, 1, true);
        WriteOutboxEvent(conn, CampaignChanged(c, 1, v1::CHANGE_TYPE_CREATED));
        return c.SerializeAsString();
      }));
}

absl::StatusOr<v1::Campaign> MysqlPostingsStore::GetCampaign(const std::string& campaign_id) {
  return GetById<v1::Campaign>(db_, "campaigns", "campaign_id", campaign_id);
}

absl::StatusOr<v1::Campaign> MysqlPostingsStore::UpdateCampaign(
    const Idempotency& idem, const std::string& campaign_id, const Mutation<v1::Campaign>& mutate) {
  return ParseAs<v1::Campaign>(
      RunIdempotent(db_, idem, [&](sql::Connection& conn) -> absl::StatusOr<std::string> {
        JM_ASSIGN_OR_RETURN(auto current, ReadEntity<v1::Campaign>(conn, "campaigns", "campaign_id",
                                                                   campaign_id, true));
        v1::Campaign& c = current.first;
        JM_RETURN_IF_ERROR(mutate(c));
        c.set_campaign_id(campaign_id);
        WriteCampaign(conn, c, current.second + 1, false);
        WriteOutboxEvent(conn, CampaignChanged(c, current.second + 1, v1::CHANGE_TYPE_UPDATED));
        return c.SerializeAsString();
      }));
}

absl::StatusOr<Page<v1::Campaign>> MysqlPostingsStore::ListCampaigns(
    const v1::ListCampaignsRequest& filter, int64_t before_seq, int limit) {
  Page<v1::Campaign> page;
  JM_RETURN_IF_ERROR(db_.WithConnection([&](sql::Connection& conn) {
    std::string sql = "SELECT seq, proto FROM campaigns WHERE seq < ?";
    if (filter.kind() != 0) absl::StrAppend(&sql, " AND kind = ", filter.kind());
    if (filter.has_active_at()) {
      const int64_t t = ToMicros(FromProto(filter.active_at()));
      absl::StrAppend(&sql, " AND (window_start IS NULL OR window_start <= ", t,
                      ") AND (window_end IS NULL OR window_end > ", t, ")");
    }
    absl::StrAppend(&sql, " ORDER BY seq DESC LIMIT ", limit + 1);
    sql::PreparedStatement* st = db::Prepared(conn, sql);
    st->setInt64(1, before_seq > 0 ? before_seq : INT64_MAX);
    Rows rs(st->executeQuery());
    int64_t last = 0;
    while (rs->next()) {
      if (static_cast<int>(page.items.size()) == limit) {
        page.last_seq = last;
        break;
      }
      page.items.emplace_back().ParseFromString(db::ReadBytes(*rs, "proto"));
      last = rs->getInt64("seq");
    }
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<int64_t> MysqlPostingsStore::OutboxHead() {
  int64_t head = 0;
  JM_RETURN_IF_ERROR(db_.WithConnection([&](sql::Connection& conn) {
    head = jobmatch::OutboxHead(conn);
    return absl::OkStatus();
  }));
  return head;
}

absl::StatusOr<std::optional<RecordedRequest>> MysqlPostingsStore::LookupRequest(
    const std::string& request_id) {
  std::optional<RecordedRequest> out;
  JM_RETURN_IF_ERROR(db_.WithConnection([&](sql::Connection& conn) {
    sql::PreparedStatement* st =
        db::Prepared(conn, "SELECT request_hash, response FROM request_log WHERE request_id = ?");
    st->setString(1, request_id);
    Rows rs(st->executeQuery());
    if (rs->next())
      out = RecordedRequest{static_cast<uint64_t>(rs->getInt64(1)), db::ReadBytes(*rs, "response")};
    return absl::OkStatus();
  }));
  return out;
}

absl::Status MysqlPostingsStore::RecordRequest(const Idempotency& idem,
                                               const std::string& response) {
  return db_.WithConnection([&](sql::Connection& conn) {
    sql::PreparedStatement* st =
        db::Prepared(conn,
                     "INSERT IGNORE INTO request_log (request_id, method, request_hash, "
                     "response) VALUES (?, ?, ?, ?)");
    st->setString(1, idem.request_id);
    st->setString(2, idem.method);
    st->setInt64(3, static_cast<int64_t>(idem.request_hash));
    db::BindBytes(*st, 4, response);
    st->executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<std::pair<std::string, int>>> MysqlPostingsStore::EmployerBrands(
    const std::vector<std::string>& employer_ids) {
  std::vector<std::pair<std::string, int>> out;
  if (employer_ids.empty()) return out;
  JM_RETURN_IF_ERROR(db_.WithConnection([&](sql::Connection& conn) {
    std::vector<std::string> marks(employer_ids.size(), "?");
    sql::PreparedStatement* st = db::Prepared(
        conn, absl::StrCat("SELECT employer_id, labor_brand FROM employers WHERE employer_id IN (",
                           absl::StrJoin(marks, ","), ")"));
    for (size_t i = 0; i < employer_ids.size(); ++i)
      st->setString(static_cast<int>(i + 1), employer_ids[i]);
    Rows rs(st->executeQuery());
    while (rs->next()) out.emplace_back(rs->getString(1).asStdString(), rs->getInt(2));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<std::string>> MysqlPostingsStore::ExistingCampaigns(
    const std::vector<std::string>& campaign_ids) {
  std::vector<std::string> out;
  if (campaign_ids.empty()) return out;
  JM_RETURN_IF_ERROR(db_.WithConnection([&](sql::Connection& conn) {
    std::vector<std::string> marks(campaign_ids.size(), "?");
    sql::PreparedStatement* st =
        db::Prepared(conn, absl::StrCat("SELECT campaign_id FROM campaigns WHERE campaign_id IN (",
                                        absl::StrJoin(marks, ","), ")"));
    for (size_t i = 0; i < campaign_ids.size(); ++i)
      st->setString(static_cast<int>(i + 1), campaign_ids[i]);
    Rows rs(st->executeQuery());
    while (rs->next()) out.push_back(rs->getString(1).asStdString());
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace jobmatch::postings
