#include "services/profiles/mysql_profile_store.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/call_deadline.h"
#include "services/common/db/bytes.h"
#include "services/common/db/prepared.h"
#include "services/common/field_violations.h"
#include "services/common/outbox.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/profiles/mysql_rows.h"

namespace jobmatch::profiles {
namespace {

using Rows = std::unique_ptr<sql::ResultSet>;

class MySqlTransaction final : public ProfileTransaction {
 public:
  MySqlTransaction(sql::Connection& conn, const DataProtector& protector)
      : conn_(conn), protector_(protector) {}

  absl::StatusOr<v1::Profile> Load(const std::string& profile_id) override {
    return Guarded([&]() -> absl::StatusOr<v1::Profile> {
      sql::PreparedStatement* st = db::Prepared(
          conn_,
          "SELECT profile_id, proto, sensitive_ct FROM profiles WHERE profile_id = ? FOR UPDATE");
      st->setString(1, profile_id);
      Rows rs(st->executeQuery());
      if (!rs->next()) return absl::NotFoundError(absl::StrCat("no profile ", profile_id));
      return Unseal(*rs, protector_);
    });
  }

  absl::StatusOr<std::optional<std::string>> FindByIdNumber(absl::string_view id) override {
    return Guarded([&]() -> absl::StatusOr<std::optional<std::string>> {
      sql::PreparedStatement* st =
          db::Prepared(conn_, "SELECT profile_id FROM profiles WHERE id_hash = ? FOR UPDATE");
      st->setString(1, protector_.KeyedHash(id));
      Rows rs(st->executeQuery());
      if (!rs->next()) return std::optional<std::string>();
      return std::optional<std::string>(rs->getString("profile_id"));
    });
  }

  absl::Status Insert(const v1::Profile& profile) override {
    return Guarded([&]() -> absl::Status {
      SealedRow row = Seal(profile, protector_);
      sql::PreparedStatement* st = db::Prepared(
          conn_,
          "INSERT INTO profiles (profile_id, id_hash, sensitive_ct, residence_region_code,"
          " hukou_region_code, version, erased, proto) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      BindRow(*st, profile, row);
      st->executeUpdate();
      return absl::OkStatus();
    });
  }

  absl::Status Save(const v1::Profile& profile) override {
    return Guarded([&]() -> absl::Status {
      SealedRow row = Seal(profile, protector_);
      sql::PreparedStatement* st =
          db::Prepared(conn_,
                       "UPDATE profiles SET profile_id = ?, id_hash = ?, sensitive_ct = ?,"
                       " residence_region_code = ?, hukou_region_code = ?, version = ?, erased = ?,"
                       " proto = ? WHERE profile_id = ?");
      BindRow(*st, profile, row);
      st->setString(9, profile.profile_id());
      if (st->executeUpdate() != 1) return absl::NotFoundError("profile vanished");
      return absl::OkStatus();
    });
  }

  absl::StatusOr<std::optional<RequestRecord>> FindRequest(
      absl::string_view method, absl::string_view request_id,
      const google::protobuf::Message& request) override {
    return Guarded([&]() -> absl::StatusOr<std::optional<RequestRecord>> {
      sql::PreparedStatement* st =
          db::Prepared(conn_,
                       "SELECT fingerprint, profile_id, result, outbox_id FROM request_log"
                       " WHERE method = ? AND request_id = ? FOR UPDATE");
      st->setString(1, std::string(method));
      st->setString(2, std::string(request_id));
      Rows rs(st->executeQuery());
      if (!rs->next()) return std::optional<RequestRecord>();
      if (std::string(rs->getString("fingerprint")) != Fingerprint(request)) {
        return InvalidField("request_id", "already used for a different request");
      }
      RequestRecord record{rs->getString("profile_id"), db::ReadBytes(*rs, "result"),
                           rs->getInt64("outbox_id")};
      return std::optional<RequestRecord>(std::move(record));
    });
  }

  absl::Status RecordRequest(absl::string_view method, absl::string_view request_id,
                             const google::protobuf::Message& request,
                             const RequestRecord& record) override {
    absl::Status s = Guarded([&]() -> absl::Status {
      sql::PreparedStatement* st = db::Prepared(
          conn_,
          "INSERT INTO request_log (method, request_id, fingerprint, profile_id, result,"
          " outbox_id) VALUES (?, ?, ?, ?, ?, ?)");
      st->setString(1, std::string(method));
      st->setString(2, std::string(request_id));
      st->setString(3, Fingerprint(request));
      st->setString(4, record.profile_id);
      db::BindBytes(*st, 5, record.result);
      st->setInt64(6, record.outbox_id);
      st->executeUpdate();
      return absl::OkStatus();
    });
    // A concurrent call with the same request_id committed first.
    if (absl::IsAlreadyExists(s)) {
      return absl::AbortedError("a call with this request_id ran concurrently; retry it");
    }
    return s;
  }

  absl::StatusOr<std::optional<FieldRecordOutcome>> ClaimFieldRecord(
      absl::string_view device_id, absl::string_view key) override {
    return Guarded([&]() -> absl::StatusOr<std::optional<FieldRecordOutcome>> {
      try {
        sql::PreparedStatement* claim = db::Prepared(
            conn_,
            "INSERT INTO field_records (device_id, idempotency_key, outcome, profile_id, version)"
            " VALUES (?, ?, 0, '', 0)");
        claim->setString(1, std::string(device_id));
        claim->setString(2, std::string(key));
        claim->executeUpdate();
        return std::optional<FieldRecordOutcome>();
      } catch (const sql::SQLException& e) {
        // A duplicate key: the record was answered before.
        if (!absl::IsAlreadyExists(db::StatusFromSqlException(e))) throw;
      }
      // The row exists, so this lock is on it alone, and the read sees its
      // committed outcome rather than this transaction's snapshot.
      sql::PreparedStatement* st =
          db::Prepared(conn_,
                       "SELECT outcome, profile_id, version FROM field_records"
                       " WHERE device_id = ? AND idempotency_key = ? FOR UPDATE");
      st->setString(1, std::string(device_id));
      st->setString(2, std::string(key));
      Rows rs(st->executeQuery());
      if (!rs->next()) return absl::InternalError("a claimed field record vanished");
      FieldRecordOutcome out{rs->getInt("outcome"), rs->getString("profile_id"),
                             rs->getInt64("version")};
      return std::optional<FieldRecordOutcome>(out);
    });
  }

  absl::Status RecordFieldRecord(absl::string_view device_id, absl::string_view key,
                                 const FieldRecordOutcome& outcome) override {
    return Guarded([&]() -> absl::Status {
      sql::PreparedStatement* st =
          db::Prepared(conn_,
                       "UPDATE field_records SET outcome = ?, profile_id = ?, version = ?"
                       " WHERE device_id = ? AND idempotency_key = ?");
      st->setInt(1, outcome.outcome);
      st->setString(2, outcome.profile_id);
      st->setInt64(3, outcome.version);
      st->setString(4, std::string(device_id));
      st->setString(5, std::string(key));
      if (st->executeUpdate() != 1) return absl::InternalError("field record not claimed");
      return absl::OkStatus();
    });
  }

  absl::Status AddPendingMembership(absl::string_view id,
                                    const v1::KeyGroupMembership& m) override {
    return Guarded([&]() -> absl::Status {
      sql::PreparedStatement* st = db::Prepared(
          conn_, "INSERT INTO pending_key_groups (id_hash, membership_ct) VALUES (?, ?)");
      const std::string hash = protector_.KeyedHash(id);
      st->setString(1, hash);
      db::BindBytes(*st, 2, protector_.Seal(m.SerializeAsString(), PendingMembershipAt(hash)));
      st->executeUpdate();
      return absl::OkStatus();
    });
  }

  absl::StatusOr<std::vector<v1::KeyGroupMembership>> TakePendingMemberships(
      absl::string_view id) override {
    return Guarded([&]() -> absl::StatusOr<std::vector<v1::KeyGroupMembership>> {
      const std::string hash = protector_.KeyedHash(id);
      sql::PreparedStatement* st = db::Prepared(
          conn_,
          "SELECT membership_ct FROM pending_key_groups WHERE id_hash = ? ORDER BY id FOR UPDATE");
      st->setString(1, hash);
      Rows rs(st->executeQuery());
      std::vector<v1::KeyGroupMembership> out;
      while (rs->next()) {
        JM_ASSIGN_OR_RETURN(std::string clear, protector_.Open(db::ReadBytes(*rs, "membership_ct"),
                                                               PendingMembershipAt(hash)));
        if (!out.emplace_back().ParseFromString(clear)) {
          return absl::InternalError("pending membership does not parse");
        }
      }
      sql::PreparedStatement* del =
          db::Prepared(conn_, "DELETE FROM pending_key_groups WHERE id_hash = ?");
      del->setString(1, hash);
      del->executeUpdate();
      return out;
    });
  }

  absl::Status AddVisit(const VisitRecord& visit) override {
    return Guarded([&]() -> absl::Status {
      const v1::VisitNote& n = visit.note;
      sql::PreparedStatement* st = db::Prepared(
          conn_,
          "INSERT INTO visits (profile_id, village_code, wanted_occupation_codes,"
          " wanted_region_codes, available_from, notes, recruiter_id, device_id, capture_time,"
          " wanted_occupation_texts)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?), ?)");
      if (n.profile_id().empty()) {
        st->setNull(1, 0);
      } else {
        st->setString(1, n.profile_id());
      }
      st->setString(2, n.region_code());
      st->setString(3, absl::StrJoin(n.wanted_occupation_codes(), ","));
      st->setString(4, absl::StrJoin(n.wanted_region_codes(), ","));
      // Texts never hold a line break (the shared text check), so one separates them.
      st->setString(10, absl::StrJoin(n.wanted_occupation_texts(), "\n"));
      if (n.has_available_from()) {
        st->setString(5, absl::FormatCivilTime(FromProto(n.available_from())));
      } else {
        st->setNull(5, 0);
      }
      st->setString(6, n.notes());
      st->setString(7, visit.recruiter_id);
      st->setString(8, visit.device_id);
      if (visit.capture_time) {
        st->setString(9,
                      absl::StrCat(visit.capture_time->seconds(), ".",
                                   absl::Dec(visit.capture_time->nanos() / 1000, absl::kZeroPad6)));
      } else {
        st->setNull(9, 0);
      }
      st->executeUpdate();
      return absl::OkStatus();
    });
  }

  absl::Status EraseVisitNotes(const std::string& profile_id) override {
    return Guarded([&]() -> absl::Status {
      sql::PreparedStatement* st =
          db::Prepared(conn_, "UPDATE visits SET notes = '' WHERE profile_id = ?");
      st->setString(1, profile_id);
      st->executeUpdate();
      return absl::OkStatus();
    });
  }

  absl::Status AppendAudit(const AuditEntry& e) override {
    return Guarded([&]() -> absl::Status {
      sql::PreparedStatement* st = db::Prepared(
          conn_,
          "INSERT INTO audit_log (action, caller_role, caller_subject, profile_id, reason)"
          " VALUES (?, ?, ?, ?, ?)");
      st->setString(1, e.action);
      st->setString(2, e.caller_role);
      st->setString(3, e.caller_subject);
      st->setString(4, e.profile_id);
      st->setString(5, e.reason);
      st->executeUpdate();
      return absl::OkStatus();
    });
  }

  absl::Status AppendEvent(const v1::Event& event) override {
    return Guarded([&]() -> absl::Status {
      WriteOutboxEvent(conn_, event);
      return absl::OkStatus();
    });
  }

  absl::StatusOr<int64_t> OutboxPosition() override {
    return Guarded([&]() -> absl::StatusOr<int64_t> { return jobmatch::OutboxHead(conn_); });
  }

 private:
  void BindRow(sql::PreparedStatement& st, const v1::Profile& profile, const SealedRow& row) {
    st.setString(1, profile.profile_id());
    if (row.id_hash) {
      st.setString(2, *row.id_hash);
    } else {
      st.setNull(2, 0);
    }
    if (row.sensitive_ct) {
      db::BindBytes(st, 3, *row.sensitive_ct);
    } else {
      st.setNull(3, 0);
    }
    st.setString(4, profile.residence_region_code());
    st.setString(5, profile.hukou_region_code());
    st.setInt64(6, profile.version());
    st.setInt(7, profile.erased() ? 1 : 0);
    db::BindBytes(st, 8, row.proto);
  }

  // Keyed, because a request may carry a clear ID number.
  std::string Fingerprint(const google::protobuf::Message& request) const {
    std::string bytes;
    request.SerializeToString(&bytes);  // deterministic enough within one build
    return protector_.KeyedHash(bytes);
  }

  sql::Connection& conn_;
  const DataProtector& protector_;
};

}  // namespace

absl::Status MySqlProfileStore::InTransaction(
    const std::function<absl::Status(ProfileTransaction&)>& body) {
  return db_->InTransaction([&](sql::Connection& conn) {
    MySqlTransaction tx(conn, protector_);
    return body(tx);
  });
}

absl::StatusOr<int64_t> MySqlProfileStore::OutboxHead() {
  int64_t head = 0;
  JM_RETURN_IF_ERROR(db_->WithConnection([&](sql::Connection& conn) -> absl::Status {
    head = jobmatch::OutboxHead(conn);
    return absl::OkStatus();
  }));
  return head;
}

absl::StatusOr<v1::Profile> MySqlProfileStore::Get(const std::string& profile_id) {
  absl::StatusOr<v1::Profile> out = absl::NotFoundError("");
  JM_RETURN_IF_ERROR(db_->WithConnection([&](sql::Connection& conn) -> absl::Status {
    sql::PreparedStatement* st = db::Prepared(
        conn, "SELECT profile_id, proto, sensitive_ct FROM profiles WHERE profile_id = ?");
    st->setString(1, profile_id);
    Rows rs(st->executeQuery());
    if (!rs->next()) return absl::NotFoundError(absl::StrCat("no profile ", profile_id));
    out = Unseal(*rs, protector_);
    return out.status();
  }));
  return out;
}

absl::StatusOr<std::vector<ListedProfile>> MySqlProfileStore::List(const ListQuery& query) {
  std::vector<ListedProfile> out;
  JM_RETURN_IF_ERROR(db_->WithConnection([&](sql::Connection& conn) -> absl::Status {
    out.clear();
    std::string sql =
        "SELECT seq, profile_id, proto, sensitive_ct FROM profiles WHERE erased = 0 AND seq > ?";
    if (!query.region_prefix.empty()) {
      sql += " AND (residence_region_code LIKE ? OR hukou_region_code LIKE ?)";
    }
    sql += " ORDER BY seq LIMIT ?";
    sql::PreparedStatement* st = db::Prepared(conn, sql);
    int i = 1;
    st->setInt64(i++, query.after_seq);
    if (!query.region_prefix.empty()) {
      // Region prefixes are digits only (checked by the caller), so no LIKE escaping.
      st->setString(i++, query.region_prefix + "%");
      st->setString(i++, query.region_prefix + "%");
    }
    st->setInt(i++, query.limit);
    Rows rs(st->executeQuery());
    while (rs->next()) {
      JM_ASSIGN_OR_RETURN(v1::Profile p, Unseal(*rs, protector_));
      out.push_back(ListedProfile{rs->getInt64("seq"), std::move(p)});
    }
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace jobmatch::profiles
