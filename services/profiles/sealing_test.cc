// Ciphertexts of the profiles schema are bound to their rows: one copied into
// another row does not open there, and rows sealed before binding are refused
// until the one-off re-sealing step binds them (real MariaDB).
#include <cppconn/connection.h>
#include <cppconn/statement.h>

#include "absl/strings/escaping.h"
#include "services/common/crypto/testing/first_format.h"
#include "services/profiles/reseal.h"
#include "services/profiles/testing/service_fixture.h"

namespace jobmatch::profiles {
namespace {

using testing::ProfilesServiceTest;

class SealingTest : public ProfilesServiceTest {
 protected:
  void Exec(const std::string& sql) {
    absl::Status s = db_.db().WithConnection([&](sql::Connection& conn) {
      std::unique_ptr<sql::Statement> st(conn.createStatement());
      st->execute(sql);
      return absl::OkStatus();
    });
    ASSERT_TRUE(s.ok()) << s;
  }
  std::string HexOf(const std::string& sql) { return Query(sql).at(0).at(0); }
  void SetBlob(const std::string& table, const std::string& column, const std::string& where,
               const std::string& bytes) {
    Exec("UPDATE " + table + " SET " + column + " = UNHEX('" + absl::BytesToHexString(bytes) +
         "') WHERE " + where);
  }
  v1::KeyGroupMembership Membership(v1::KeyGroup group) {
    v1::KeyGroupMembership m;
    m.set_group(group);
    return m;
  }
  absl::Status AddPending(const std::string& id, const v1::KeyGroupMembership& m) {
    return store_->InTransaction(
        [&](ProfileTransaction& tx) { return tx.AddPendingMembership(id, m); });
  }
  absl::StatusOr<std::vector<v1::KeyGroupMembership>> TakePending(const std::string& id) {
    absl::StatusOr<std::vector<v1::KeyGroupMembership>> out;
    absl::Status s = store_->InTransaction([&](ProfileTransaction& tx) {
      out = tx.TakePendingMemberships(id);
      return out.status();
    });
    if (!s.ok()) return s;
    return out;
  }
  std::string IdNumber(int seq) { return NewPerson("x", seq).profile().sensitive().id_number(); }
};

TEST_F(SealingTest, SensitiveDataCopiedIntoAnotherProfileDoesNotOpen) {
  const v1::Profile a = Register("r1", 124);
  const v1::Profile b = Register("r2", 136);
  ASSERT_TRUE(store_->Get(b.profile_id()).ok());
  Exec("UPDATE profiles SET sensitive_ct = UNHEX('" +
       HexOf("SELECT HEX(sensitive_ct) FROM profiles WHERE profile_id = '" + a.profile_id() + "'") +
       "') WHERE profile_id = '" + b.profile_id() + "'");
  const absl::StatusOr<v1::Profile> moved = store_->Get(b.profile_id());
  EXPECT_TRUE(absl::IsDataLoss(moved.status())) << moved.status();
  EXPECT_TRUE(store_->Get(a.profile_id()).ok());
  // Through the service too: no answer holds the other person's data.
  v1::GetProfileRequest req;
  req.set_profile_id(b.profile_id());
  v1::GetProfileResponse resp;
  EXPECT_EQ(stub_->GetProfile(As("admin").get(), req, &resp).error_code(),
            grpc::StatusCode::DATA_LOSS);
}

TEST_F(SealingTest, PendingStatusCopiedToAnotherIdNumberDoesNotOpen) {
  const std::string first = IdNumber(201), second = IdNumber(202);
  ASSERT_TRUE(AddPending(first, Membership(v1::KEY_GROUP_LOW_INCOME)).ok());
  ASSERT_TRUE(AddPending(second, Membership(v1::KEY_GROUP_POVERTY_LABOR)).ok());
  // The low-income status of the first person made to look like the second's.
  const std::string low_income =
      HexOf("SELECT HEX(membership_ct) FROM pending_key_groups ORDER BY id LIMIT 1");
  Exec("UPDATE pending_key_groups SET membership_ct = UNHEX('" + low_income +
       "') ORDER BY id DESC LIMIT 1");
  EXPECT_TRUE(absl::IsDataLoss(TakePending(second).status()));
  const auto kept = TakePending(first);
  ASSERT_TRUE(kept.ok()) << kept.status();
  ASSERT_EQ(kept->size(), 1u);
  EXPECT_EQ((*kept)[0].group(), v1::KEY_GROUP_LOW_INCOME);
}

TEST_F(SealingTest, RowsSealedBeforeBindingAreRefusedUntilResealed) {
  const v1::Profile a = Register("r1", 124);
  const absl::StatusOr<v1::Profile> clear = store_->Get(a.profile_id());
  ASSERT_TRUE(clear.ok()) << clear.status();
  SetBlob("profiles", "sensitive_ct", "profile_id = '" + a.profile_id() + "'",
          jobmatch::testing::FirstFormatSeal(key_hex_, clear->sensitive().SerializeAsString()));
  const std::string pending_id = IdNumber(301);
  ASSERT_TRUE(AddPending(pending_id, Membership(v1::KEY_GROUP_DISABLED)).ok());
  SetBlob("pending_key_groups", "membership_ct", "1 = 1",
          jobmatch::testing::FirstFormatSeal(
              key_hex_, Membership(v1::KEY_GROUP_DISABLED).SerializeAsString()));
  EXPECT_TRUE(absl::IsDataLoss(store_->Get(a.profile_id()).status()));

  const DataProtector key = *DataProtector::FromHex(KeyUse::kProfileFields, key_hex_);
  absl::StatusOr<ResealCounts> counts = ResealUnbound(db_.db(), key);
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->profiles, 1);
  EXPECT_EQ(counts->pending, 1);
  const absl::StatusOr<v1::Profile> after = store_->Get(a.profile_id());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->sensitive().SerializeAsString(), clear->sensitive().SerializeAsString());

  // Bound rows are left alone: a second run changes nothing.
  counts = ResealUnbound(db_.db(), key);
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->profiles + counts->pending, 0);
  const auto pending = TakePending(pending_id);
  ASSERT_TRUE(pending.ok()) << pending.status();
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].group(), v1::KEY_GROUP_DISABLED);
}

// Under another key a row opens neither way: the step stops and writes nothing.
TEST_F(SealingTest, ResealingUnderAnotherKeyFailsAndWritesNothing) {
  const v1::Profile a = Register("r1", 124);
  const std::string before =
      HexOf("SELECT HEX(sensitive_ct) FROM profiles WHERE profile_id = '" + a.profile_id() + "'");
  const absl::StatusOr<ResealCounts> counts =
      ResealUnbound(db_.db(), DataProtector::Random(KeyUse::kProfileFields));
  EXPECT_TRUE(absl::IsDataLoss(counts.status())) << counts.status();
  EXPECT_EQ(
      HexOf("SELECT HEX(sensitive_ct) FROM profiles WHERE profile_id = '" + a.profile_id() + "'"),
      before);
}

}  // namespace
}  // namespace jobmatch::profiles
